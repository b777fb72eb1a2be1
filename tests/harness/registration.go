package harness

import (
	"fmt"
	"sort"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// Registration is one RegisterResource call the program made.
type Registration struct {
	// Type is the type token, e.g. azure-native:network:PrivateEndpoint.
	Type string
	// Name is the logical name.
	Name string
	// URN is the resource's URN.
	URN string
	// Custom is false for component resources.
	Custom bool
	// Parent is the logical name of the parent ("" for the stack).
	Parent string
	// ParentURN is the parent's URN.
	ParentURN string
	// Provider is the logical name of the explicit provider the resource
	// is registered with ("" for the default provider).
	Provider string
	// Aliases are the aliases the registration carries, as the engine
	// receives them (alias specs).
	Aliases []Alias
	// Dependencies are the logical names of the explicit dependsOn resources
	// plus those inferred from inputs, as the engine receives them.
	Dependencies []string
	// PropertyDependencies maps an input to the logical names it depends on.
	PropertyDependencies map[string][]string
	// Protect is the protect option.
	Protect bool
	// ReplaceOnChanges are the properties whose change replaces the resource.
	ReplaceOnChanges []string
	// CustomTimeouts are the customTimeouts option ("" where unset).
	CustomTimeouts Timeouts
	// ReadID is the id of an existing resource the program reads (a
	// resource Get); "" for a registration.
	ReadID string
	// Inputs are the inputs, secrets and unknowns preserved.
	Inputs resource.PropertyMap
}

// Alias is one alias of a registration: a full URN, or a spec whose empty
// fields default to the registration's own.
type Alias struct {
	// URN is the alias's full URN ("" for a spec).
	URN string
	// Name and Type are the spec's old name and type ("" = unchanged).
	Name, Type string
	// ParentURN is the spec's old parent ("" = unchanged).
	ParentURN string
}

// Timeouts are a registration's custom create, update and delete timeouts,
// as Go duration strings (e.g. "30m").
type Timeouts struct {
	// Create is the create timeout.
	Create string
	// Update is the update timeout.
	Update string
	// Delete is the delete timeout.
	Delete string
}

// NameOf returns the logical name at the end of a URN.
func NameOf(urn string) string {
	if i := strings.LastIndex(urn, "::"); i >= 0 {
		return urn[i+2:]
	}
	return urn
}

// Input returns the input at a property path such as
// "configuration.registries[0].server". Secrets are unwrapped at every level:
// the SDK marks a whole object secret when any field inside it is.
func (r Registration) Input(path string) (resource.PropertyValue, bool) {
	v, _, ok := r.walk(path)
	return v, ok
}

// IsSecret reports whether the input at path, or an object around it, is
// marked secret.
func (r Registration) IsSecret(path string) bool {
	_, secret, ok := r.walk(path)
	return ok && secret
}

func (r Registration) walk(path string) (resource.PropertyValue, bool, bool) {
	p, err := resource.ParsePropertyPath(path)
	if err != nil {
		panic(fmt.Sprintf("bad property path %q: %v", path, err))
	}
	v := resource.NewProperty(r.Inputs)
	secret := false
	unwrap := func() {
		for v.IsSecret() {
			secret = true
			v = v.SecretValue().Element
		}
	}
	for _, element := range p {
		unwrap()
		switch key := element.(type) {
		case string:
			if !v.IsObject() {
				return resource.PropertyValue{}, secret, false
			}
			next, ok := v.ObjectValue()[resource.PropertyKey(key)]
			if !ok {
				return resource.PropertyValue{}, secret, false
			}
			v = next
		case int:
			if !v.IsArray() || key >= len(v.ArrayValue()) {
				return resource.PropertyValue{}, secret, false
			}
			v = v.ArrayValue()[key]
		}
	}
	unwrap()
	return v, secret, true
}

// Plain returns the input at path ("" for all inputs) as plain Go values
// (maps, slices, strings, float64, bool); unknown values become the string
// "<unknown>" and secrets are unwrapped.
func (r Registration) Plain(path string) any {
	if path == "" {
		return plain(resource.NewProperty(r.Inputs))
	}
	v, ok := r.Input(path)
	if !ok {
		return nil
	}
	return plain(v)
}

func plain(v resource.PropertyValue) any {
	switch {
	case v.IsSecret():
		return plain(v.SecretValue().Element)
	case v.IsComputed() || (v.IsOutput() && !v.OutputValue().Known):
		return "<unknown>"
	case v.IsOutput():
		return plain(v.OutputValue().Element)
	case v.IsObject():
		out := map[string]any{}
		for k, e := range v.ObjectValue() {
			out[string(k)] = plain(e)
		}
		return out
	case v.IsArray():
		out := []any{}
		for _, e := range v.ArrayValue() {
			out = append(out, plain(e))
		}
		return out
	default:
		return v.V
	}
}

// DependsOn reports whether the registration lists name among its dependencies.
func (r Registration) DependsOn(name string) bool {
	for _, d := range r.Dependencies {
		if d == name {
			return true
		}
	}
	return false
}

func sortedNames(urns []string) []string {
	out := make([]string, 0, len(urns))
	for _, u := range urns {
		out = append(out, NameOf(u))
	}
	sort.Strings(out)
	return out
}
