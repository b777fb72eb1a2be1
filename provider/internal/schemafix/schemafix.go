// Package schemafix post-processes the schema pulumi-go-provider's infer
// serves for components:
//
//   - descriptions from the Go doc comments (infer reads none), and the
//     deprecation message of every property whose comment deprecates it;
//   - `plain` on every property, list item and map value whose Go type is
//     not a pulumi.Input. infer v1.5.0 marks only top-level scalars plain, so
//     the SDKs would let a consumer pass an output for a list of apps or a
//     nested name, and Construct would then fail with "expected destination
//     type to implement pulumi.Input or pulumi.Output".
package schemafix

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"

	p "github.com/pulumi/pulumi-go-provider"
	pschema "github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/privatepull/privatepull/provider/internal/godoc"
)

// Component names a served component's token and Go types.
type Component struct {
	// Token is the component's type token, e.g. privatepull:index:PrivateNetwork.
	Token string
	// Args is the component's Args struct type.
	Args reflect.Type
	// Outputs is the component struct type (its tagged fields are the outputs).
	Outputs reflect.Type
}

// Wrap returns prov with GetSchema patched. module is the token prefix of
// nested types ("privatepull:index:"); docs are the components' doc comments.
func Wrap(prov p.Provider, module string, docs map[string]godoc.TypeDoc, comps ...Component) p.Provider {
	inner := prov.GetSchema
	prov.GetSchema = func(ctx context.Context, req p.GetSchemaRequest) (p.GetSchemaResponse, error) {
		resp, err := inner(ctx, req)
		if err != nil {
			return resp, err
		}
		var spec pschema.PackageSpec
		if err := json.Unmarshal([]byte(resp.Schema), &spec); err != nil {
			return resp, fmt.Errorf("read the inferred schema: %w", err)
		}
		f := fixer{spec: &spec, module: module, docs: docs, seen: map[reflect.Type]bool{}}
		for _, c := range comps {
			f.component(c)
		}
		b, err := json.Marshal(spec)
		if err != nil {
			return resp, fmt.Errorf("write the schema: %w", err)
		}
		return p.GetSchemaResponse{Schema: string(b)}, nil
	}
	return prov
}

// fixer patches one schema.
type fixer struct {
	spec   *pschema.PackageSpec
	module string
	docs   map[string]godoc.TypeDoc
	seen   map[reflect.Type]bool
}

// component describes a resource and its properties and marks its plain inputs.
func (f fixer) component(c Component) {
	r, ok := f.spec.Resources[c.Token]
	if !ok {
		return
	}
	out, args := deref(c.Outputs), deref(c.Args)
	if r.Description == "" {
		r.Description = f.docs[out.Name()].Doc
	}
	describe(r.Properties, f.docs[out.Name()])
	describe(r.InputProperties, f.docs[args.Name()])
	f.markPlain(r.InputProperties, args)
	f.spec.Resources[c.Token] = r
}

// deref strips pointers from a type.
func deref(t reflect.Type) reflect.Type {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t
}

// describe fills empty property descriptions from a type's field docs, and
// the deprecation message of a property whose doc comment deprecates it:
// its "Deprecated: " paragraph, without the prefix.
func describe(props map[string]pschema.PropertySpec, td godoc.TypeDoc) {
	for name, ps := range props {
		if ps.Description == "" && td.Fields[name] != "" {
			ps.Description = td.Fields[name]
		}
		if notice, deprecated := strings.CutPrefix(ps.Description, godoc.DeprecatedPrefix); deprecated && ps.DeprecationMessage == "" {
			ps.DeprecationMessage, _, _ = strings.Cut(notice, "\n\n")
		}
		props[name] = ps
	}
}

var inputType = reflect.TypeFor[pulumi.Input]()

// isInput reports whether a Go type accepts outputs (a pulumi.Input).
func isInput(t reflect.Type) bool {
	return t.Implements(inputType)
}

// markPlain sets plain on the properties of struct type t whose Go field is
// not a pulumi.Input, on their list items and map values likewise, and
// recurses into the nested object types.
func (f fixer) markPlain(props map[string]pschema.PropertySpec, t reflect.Type) {
	for _, field := range reflect.VisibleFields(t) {
		name := strings.Split(field.Tag.Get("pulumi"), ",")[0]
		ps, ok := props[name]
		if !ok || isInput(field.Type) {
			continue
		}
		ps.Plain = true
		elem := deref(field.Type)
		if k := elem.Kind(); k == reflect.Slice || k == reflect.Map {
			elem = elem.Elem()
			inner := ps.Items
			if k == reflect.Map {
				inner = ps.AdditionalProperties
			}
			if inner != nil && !isInput(elem) {
				inner.Plain = true
			}
			elem = deref(elem)
		}
		props[name] = ps
		if elem.Kind() == reflect.Struct && !isInput(elem) {
			f.nested(elem)
		}
	}
}

// nested describes a nested object type and marks its plain properties, once.
func (f fixer) nested(t reflect.Type) {
	if f.seen[t] {
		return
	}
	f.seen[t] = true
	tok := f.module + t.Name()
	ts, ok := f.spec.Types[tok]
	if !ok {
		return
	}
	if ts.Description == "" {
		ts.Description = f.docs[t.Name()].Doc
	}
	describe(ts.Properties, f.docs[t.Name()])
	f.markPlain(ts.Properties, t)
	f.spec.Types[tok] = ts
}
