package harness

import (
	"context"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/internals"
)

// Outputs holds a program's outputs for inspection after the run.
type Outputs struct {
	outputs map[string]pulumi.Output
}

// Collect keeps the outputs; read them with Get once RunErr has returned.
func Collect(outputs pulumi.Map) *Outputs {
	o := &Outputs{outputs: map[string]pulumi.Output{}}
	for name, value := range outputs {
		o.outputs[name] = pulumi.ToOutput(value)
	}
	return o
}

// Resolved is the settled state of one output.
type Resolved struct {
	// Value is the output's value (nil when unknown).
	Value any
	// Known is false when the value is unknown (preview).
	Known bool
	// Secret is true when the output is a secret.
	Secret bool
}

// Resolve awaits an output (at most ten seconds, so a test never hangs).
func (o *Outputs) Resolve(name string) (Resolved, bool) {
	out, ok := o.outputs[name]
	if !ok {
		return Resolved{}, false
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	r, err := internals.UnsafeAwaitOutput(ctx, out)
	if err != nil {
		return Resolved{}, false
	}
	return Resolved{Value: r.Value, Known: r.Known, Secret: r.Secret}, true
}

// Get returns the value of a known output; false when it is unknown or absent.
func (o *Outputs) Get(name string) (any, bool) {
	r, ok := o.Resolve(name)
	if !ok || !r.Known {
		return nil, false
	}
	return r.Value, true
}

// Known returns every output whose value is known, by name: e.g. a platform
// stack's outputs, to answer an app stack's StackReference with.
func (o *Outputs) Known() map[string]any {
	known := map[string]any{}
	for name := range o.outputs {
		if v, ok := o.Get(name); ok {
			known[name] = v
		}
	}
	return known
}
