package components

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// legacyParentAlias is the option every child that moved into component from
// a component of type oldKind (with the same name) carries: an alias whose
// parent is component's URN with its type replaced by oldKind's. The child
// keeps its logical name and type, so an existing stack's resource is
// recognised under its new parent and nothing is replaced.
func legacyParentAlias(component pulumi.Resource, oldKind string) pulumi.ResourceOption {
	parent := component.URN().ApplyT(func(urn pulumi.URN) (pulumi.URN, error) {
		return LegacyURN(urn, oldKind)
	}).(pulumi.URNOutput)
	return pulumi.Aliases([]pulumi.Alias{{ParentURN: parent}})
}

// LegacyURN returns a component's URN with its own type (the last element of
// its qualified type: the types of its parents stay) replaced by the type
// token of the component kind oldKind.
func LegacyURN(urn pulumi.URN, oldKind string) (pulumi.URN, error) {
	parts := strings.SplitN(string(urn), "::", 4) // urn:pulumi:<stack>, project, qualified type, name
	if len(parts) != 4 || !strings.HasPrefix(parts[0], "urn:pulumi:") {
		return "", fmt.Errorf("%q is not a resource URN", urn)
	}
	types := strings.Split(parts[2], "$")
	types[len(types)-1] = typeToken(oldKind)
	parts[2] = strings.Join(types, "$")
	return pulumi.URN(strings.Join(parts, "::")), nil
}
