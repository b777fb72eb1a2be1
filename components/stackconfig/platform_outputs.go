package stackconfig

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/internals"
)

// platformOutput is one output of the platform stack as the app stack read
// it before registering anything.
type platformOutput struct {
	// present: the platform stack exports it (always assumed when the
	// outputs are unknown, in a preview).
	present bool
	// known: its value is known (false in a preview whose platform outputs
	// are unknown).
	known bool
	// secret: the platform exports it as a secret.
	secret bool
	// value is the plain value when known (maps, lists, strings, numbers).
	value any
	// output is the output itself, passed on when the value is unknown.
	output pulumi.AnyOutput
}

// readPlatformOutputs registers the StackReference (a read of another
// stack's outputs, not an Azure resource) and reads the named outputs
// synchronously: the whole outputs map tells a missing output from an
// unknown one (GetOutput answers unknown for a missing key in a preview).
func readPlatformOutputs(ctx *pulumi.Context, stack string, names []string) (*pulumi.StackReference,
	map[string]platformOutput, error) {
	ref, err := pulumi.NewStackReference(ctx, "platform", &pulumi.StackReferenceArgs{Name: pulumi.String(stack)})
	if err != nil {
		return nil, nil, fmt.Errorf("reference the platform stack %s: %w", stack, err)
	}
	all, err := internals.UnsafeAwaitOutput(ctx.Context(), ref.Outputs)
	if err != nil {
		return nil, nil, fmt.Errorf("read the outputs of the platform stack %s (%s): %w", stack,
			qualified(KeyPlatformStack), err)
	}
	outputs, _ := all.Value.(map[string]any)
	read := map[string]platformOutput{}
	for _, name := range names {
		o := platformOutput{output: ref.Outputs.ApplyT(func(m map[string]any) any { return m[name] }).(pulumi.AnyOutput)}
		if !all.Known {
			o.present = true
			read[name] = o
			continue
		}
		if _, ok := outputs[name]; !ok {
			read[name] = o
			continue
		}
		r, err := internals.UnsafeAwaitOutput(ctx.Context(), ref.GetOutput(pulumi.String(name)))
		if err != nil {
			return nil, nil, fmt.Errorf("read output %s of the platform stack %s: %w", name, stack, err)
		}
		o.present, o.known, o.secret, o.value = true, r.Known, r.Secret, r.Value
		read[name] = o
	}
	return ref, read, nil
}

// at returns the string at a path inside the output's value (e.g. the id
// of one team identity) as an input: plain when known, secret when the
// output is, and derived from the output when it is unknown.
func (o platformOutput) at(path ...string) pulumi.StringInput {
	if !o.known {
		return o.output.ApplyT(func(v any) string { return stringAt(v, path...) }).(pulumi.StringOutput)
	}
	s := pulumi.String(stringAt(o.value, path...))
	if o.secret {
		return pulumi.ToSecret(s).(pulumi.StringOutput)
	}
	return s
}

// input returns the whole output as an input, for the app stack's own
// outputs: plain when known, secret when the platform's is.
func (o platformOutput) input() pulumi.Input {
	switch {
	case !o.known:
		return o.output
	case o.secret:
		return pulumi.ToSecret(pulumi.ToOutput(o.value))
	default:
		return pulumi.ToOutput(o.value)
	}
}

// stringAt returns the string at a path of nested maps ("" when absent or
// not a string).
func stringAt(v any, path ...string) string {
	for _, key := range path {
		m, _ := v.(map[string]any)
		v = m[key]
	}
	s, _ := v.(string)
	return s
}
