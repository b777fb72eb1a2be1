// Package stackconfig reads privatepull's stack configuration once, applies
// defaults and validates all of it before any resource is registered. Every
// error names the config key (privatepull:<key>) and the rule it breaks.
package stackconfig
