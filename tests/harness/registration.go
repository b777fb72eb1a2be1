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
	// Dependencies are the logical names of the explicit dependsOn resources
	// plus those inferred from inputs, as the engine receives them.
	Dependencies []string
	// PropertyDependencies maps an input to the logical names it depends on.
	PropertyDependencies map[string][]string
	// Protect is the protect option.
	Protect bool
	// Inputs are the inputs, secrets and unknowns preserved.
	Inputs resource.PropertyMap
}

// NameOf returns the logical name at the end of a URN.
func NameOf(urn string) string {
	if i := strings.LastIndex(urn, "::"); i >= 0 {
		return urn[i+2:]
	}
	return urn
}

// Input returns the input at a property path such as
// "configuration.registries[0].server"; secrets are unwrapped.
func (r Registration) Input(path string) (resource.PropertyValue, bool) {
	p, err := resource.ParsePropertyPath(path)
	if err != nil {
		panic(fmt.Sprintf("bad property path %q: %v", path, err))
	}
	v, ok := p.Get(resource.NewProperty(r.Inputs))
	for ok && v.IsSecret() {
		v = v.SecretValue().Element
	}
	return v, ok
}

// IsSecret reports whether the input at path is marked secret.
func (r Registration) IsSecret(path string) bool {
	p, err := resource.ParsePropertyPath(path)
	if err != nil {
		panic(fmt.Sprintf("bad property path %q: %v", path, err))
	}
	v, ok := p.Get(resource.NewProperty(r.Inputs))
	return ok && v.IsSecret()
}

// Plain returns the input at path as plain Go values (maps, slices, strings,
// float64, bool); unknown values become the string "<unknown>" and secrets
// are unwrapped.
func (r Registration) Plain(path string) any {
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
