package components

import (
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/internals"
)

// knownString returns the value of an input that is a plain pulumi.String:
// known before deployment, as Go callers pass literal values and as the
// component provider passes a value that is neither an output of another
// resource nor a secret. It returns false for nil and for an output, whose
// value is known only once it resolves.
func knownString(in pulumi.StringInput) (string, bool) {
	s, ok := in.(pulumi.String)
	return string(s), ok
}

// isSet reports whether an optional input was given: not nil and not a known
// empty string (Go callers may pass pulumi.String("") for "unset").
func isSet(in pulumi.StringInput) bool {
	if in == nil {
		return false
	}
	s, known := knownString(in)
	return !known || s != ""
}

// allKnown reports whether every input is a known pulumi.String (nil counts
// as known: an unset optional input).
func allKnown(inputs ...pulumi.StringInput) bool {
	for _, in := range inputs {
		if _, known := knownString(in); in != nil && !known {
			return false
		}
	}
	return true
}

// orEmpty returns the input, or a known empty string for nil, so that it can
// take part in pulumi.All.
func orEmpty(in pulumi.StringInput) pulumi.StringInput {
	if in == nil {
		return pulumi.String("")
	}
	return in
}

// prefixed returns prefix+value: a known string when value is known (so a
// name stays known in preview), an output otherwise.
func prefixed(prefix string, value pulumi.StringInput) pulumi.StringInput {
	if s, known := knownString(value); known {
		return pulumi.String(prefix + s)
	}
	return pulumi.Sprintf("%s%s", prefix, value)
}

// readyGate turns "ready" values (ids that resolve only once the resources
// they stand for exist, e.g. PullIdentity's acrPullReadyId) into an output
// that resolves to the resources behind them: a child registered with
// pulumi.DependsOnInputs(gate) waits for every value and records those
// resources as its dependencies. The gate resolves, and is known, even when
// the values are unknown (preview), so the edges are the same in preview and
// update; pulumi.DependsOnInputs on the values themselves would add none in
// preview. A value that fails makes the gate, and the child, fail.
func readyGate(ctx *pulumi.Context, ready []pulumi.StringInput) pulumi.ResourceArrayOutput {
	values := pulumi.StringArray(ready).ToStringArrayOutput()
	out, resolve, reject := ctx.NewOutput()
	go func() {
		result, err := internals.UnsafeAwaitOutput(ctx.Context(), values)
		if err != nil {
			reject(err)
			return
		}
		resolve(result.Dependencies)
	}()
	return out.ApplyT(func(v interface{}) []pulumi.Resource {
		resources, _ := v.([]pulumi.Resource)
		return resources
	}).(pulumi.ResourceArrayOutput)
}

// gated returns the child options of a resource that must wait for the Go
// resource handles deps and for the ready values: handles become an explicit
// DependsOn (as before), ready values a DependsOnInputs gate, added only when
// there are any so that callers who pass none register exactly as before.
func gated(ctx *pulumi.Context, child []pulumi.ResourceOption, deps []pulumi.Resource,
	ready []pulumi.StringInput) []pulumi.ResourceOption {
	opts := withOpts(child, pulumi.DependsOn(deps))
	if len(ready) > 0 {
		opts = append(opts, pulumi.DependsOnInputs(readyGate(ctx, ready)))
	}
	return opts
}

// readyToken returns the ids of custom resources, comma-separated, as one
// string output that resolves only once every one of them exists and carries
// them as dependencies. It is a single string (not a list) so that a consumer
// in any language can put it in a list of ready values next to others,
// e.g. pullReady: [identity.acrPullReadyId, registry.pullReady].
func readyToken(resources []pulumi.Resource) pulumi.StringOutput {
	ids := pulumi.StringArray{}
	for _, r := range resources {
		if c, ok := r.(pulumi.CustomResource); ok {
			ids = append(ids, c.ID().ToStringOutput())
		}
	}
	return ids.ToStringArrayOutput().ApplyT(func(v []string) string {
		return strings.Join(v, ",")
	}).(pulumi.StringOutput)
}

// optionalString returns nil for "" so that unset optional properties are not sent.
func optionalString(s string) pulumi.StringPtrInput {
	if s == "" {
		return nil
	}
	return pulumi.String(s)
}
