package components

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// TypeTokenPrefix is the package and module part of every component type token.
const TypeTokenPrefix = "privatepull:index:"

// typeToken returns the type token of the component named kind.
func typeToken(kind string) string {
	return TypeTokenPrefix + kind
}

// childName prefixes a child's logical name with its component's name, so that
// two instances of a component never collide in the stack.
func childName(component, child string) string {
	return fmt.Sprintf("%s-%s", component, child)
}

// registerComponent registers a component resource of the given kind and
// returns the options its children must use (parented to the component).
func registerComponent(ctx *pulumi.Context, kind, name string, component pulumi.ComponentResource,
	opts ...pulumi.ResourceOption) ([]pulumi.ResourceOption, error) {
	if err := ctx.RegisterComponentResource(typeToken(kind), name, component, opts...); err != nil {
		return nil, fmt.Errorf("register %s %q: %w", kind, name, err)
	}
	return []pulumi.ResourceOption{pulumi.Parent(component)}, nil
}

// withOpts appends extra options to a copy of the child options, so that the
// shared slice is never aliased between children.
func withOpts(base []pulumi.ResourceOption, extra ...pulumi.ResourceOption) []pulumi.ResourceOption {
	out := make([]pulumi.ResourceOption, 0, len(base)+len(extra))
	out = append(out, base...)
	return append(out, extra...)
}

// tagsInput converts plain tags to a pulumi input; nil stays nil so that no
// empty tags object is sent.
func tagsInput(tags map[string]string) pulumi.StringMapInput {
	if len(tags) == 0 {
		return nil
	}
	return pulumi.ToStringMap(tags)
}
