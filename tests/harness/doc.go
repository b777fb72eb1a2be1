// Package harness runs privatepull programs and components under Pulumi's
// mocks and records every registration (inputs, parent, dependencies, options)
// so that tests can assert on them. It simulates both `pulumi preview`
// (unknown ids and computed outputs) and `pulumi up` (ARM-like ids and
// computed outputs that Azure would return).
package harness
