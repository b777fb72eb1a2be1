package main

import (
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"

	pschema "github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The component reference (docs/components.md, linked from the README) lives
// between these markers and is generated from the schema.
const (
	referenceDoc = "../docs/components.md"
	beginMarker  = "<!-- BEGIN component reference: generated from the schema by `go test . -update` in provider/; do not edit -->"
	endMarker    = "<!-- END component reference -->"
)

// components in the reference's order.
var readmeOrder = []string{"PrivateNetwork", "PrivateDnsZones", "PrivateRegistry", "RegistryEndpoints", "RegistryImages",
	"PullIdentity", "ContainerAppsEnvironment", "ContainerAppWorkload", "WebAppWorkload", "FunctionStorage",
	"FunctionAppWorkload"}

// TestReadmeReference keeps the component reference (docs/components.md) equal
// to what the schema says; -update rewrites the part between the markers.
func TestReadmeReference(t *testing.T) {
	want := renderReference(schema(t))
	raw, err := os.ReadFile(referenceDoc)
	require.NoError(t, err)
	text := string(raw)
	begin, end := strings.Index(text, beginMarker), strings.Index(text, endMarker)
	require.True(t, begin >= 0 && end > begin, "docs/components.md needs the markers %q and %q", beginMarker, endMarker)
	current := text[begin+len(beginMarker) : end]
	if *update && current != want {
		text = text[:begin+len(beginMarker)] + want + text[end:]
		require.NoError(t, os.WriteFile(referenceDoc, []byte(text), 0o644))
		current = want
	}
	assert.Equal(t, want, current, "docs/components.md's component reference is stale: `go test . -update` in provider/")
}

// renderReference writes the inputs and outputs of every component and the
// fields of every object type, in Markdown.
func renderReference(spec pschema.PackageSpec) string {
	var b strings.Builder
	b.WriteString("\n| component | inputs | outputs |\n|---|---|---|\n")
	for _, kind := range readmeOrder {
		r := spec.Resources["privatepull:index:"+kind]
		outputs := make([]string, 0, len(r.Properties))
		for _, name := range sortedNames(r.Properties) {
			outputs = append(outputs, "`"+name+"`"+deprecated(r.Properties[name]))
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s |\n", kind, fields(r.InputProperties, r.RequiredInputs),
			strings.Join(outputs, ", "))
	}
	b.WriteString("\n| object | fields |\n|---|---|\n")
	for _, tok := range sortedNames(spec.Types) {
		ty := spec.Types[tok].ObjectTypeSpec
		fmt.Fprintf(&b, "| `%s` | %s |\n", strings.TrimPrefix(tok, "privatepull:index:"), fields(ty.Properties, ty.Required))
	}
	return b.String()
}

// fields lists properties, required ones first: **required**, *may be an
// output* (not plain), type after the name unless it is a string, then
// (secret) and (deprecated) where they apply.
func fields(props map[string]pschema.PropertySpec, required []string) string {
	isRequired := map[string]bool{}
	for _, r := range required {
		isRequired[r] = true
	}
	names := sortedNames(props)
	sort.SliceStable(names, func(i, j int) bool { return isRequired[names[i]] && !isRequired[names[j]] })
	out := make([]string, 0, len(names))
	for _, name := range names {
		p := props[name]
		s := "`" + name + "`"
		if !p.Plain {
			s = "*" + s + "*"
		}
		if isRequired[name] {
			s = "**" + s + "**"
		}
		t := p.TypeSpec
		t.Plain = p.Plain
		if t := typeName(t); t != "string" {
			s += " " + t
		}
		if p.Secret {
			s += " (secret)"
		}
		out = append(out, s+deprecated(p))
	}
	return strings.Join(out, ", ")
}

// deprecated marks a deprecated property in the reference.
func deprecated(p pschema.PropertySpec) string {
	if p.DeprecationMessage != "" {
		return " (deprecated)"
	}
	return ""
}

// typeName is a short type: string, integer, SubnetSpec, string[], {string};
// *string*[] for a plain list whose elements may be outputs.
func typeName(ts pschema.TypeSpec) string {
	switch {
	case ts.Ref != "":
		return ts.Ref[strings.LastIndex(ts.Ref, ":")+1:]
	case ts.Type == "array" && ts.Plain && !ts.Items.Plain:
		return "*" + typeName(*ts.Items) + "*[]"
	case ts.Type == "array":
		return typeName(*ts.Items) + "[]"
	case ts.Type == "object" && ts.AdditionalProperties != nil:
		return "{" + typeName(*ts.AdditionalProperties) + "}"
	}
	return ts.Type
}

// sortedNames returns a map's keys in order.
func sortedNames[V any](m map[string]V) []string {
	names := make([]string, 0, len(m))
	for n := range m {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}
