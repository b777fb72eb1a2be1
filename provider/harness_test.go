package main

import (
	"encoding/json"
	"flag"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/blang/semver"
	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi-go-provider/integration"
	pschema "github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	presource "github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite testdata/schema.json and docs_gen.go")

// subscription is the subscription of the fake ids.
const subscription = "0b1f6471-1bf0-4dda-aec3-111122223333"

// consumer is the URN prefix of the consumer program's own resources: what
// a TypeScript or YAML program registers next to the components.
const consumer = "urn:pulumi:dev::consumer::"

// registration is one child registration as the mock monitor saw it.
type registration struct {
	Type, Name string
	// Parent is the logical name of the parent.
	Parent string
	Custom bool
	// Deps are the URNs of the registration's dependencies, sorted.
	Deps []string
	// PropDeps maps an input to the URNs it depends on.
	PropDeps map[string][]string
	// AliasParents are the old parents the registration's aliases name.
	AliasParents []string
	Inputs       property.Map
	// Done is when the mock answered: the resource "exists" from then on.
	Done time.Time
}

// dependsOn reports whether the registration depends on the URN (or a URN
// ending in ::name).
func (r registration) dependsOn(urnOrName string) bool {
	for _, d := range r.Deps {
		if d == urnOrName || strings.HasSuffix(d, "::"+urnOrName) {
			return true
		}
	}
	return false
}

// input returns an input at a dotted path (array indexes as numbers) as a
// plain Go value; nil when absent.
func (r registration) input(path string) any {
	v := property.New(r.Inputs)
	for _, key := range strings.Split(path, ".") {
		switch {
		case v.IsMap():
			v = v.AsMap().Get(key)
		case v.IsArray():
			i := 0
			for _, c := range key {
				i = i*10 + int(c-'0')
			}
			if i >= v.AsArray().Len() {
				return nil
			}
			v = v.AsArray().Get(i)
		default:
			return nil
		}
	}
	return plain(v)
}

// plain converts a property value to Go values; unknowns become "<unknown>".
func plain(v property.Value) any {
	switch {
	case v.IsComputed():
		return "<unknown>"
	case v.IsNull():
		return nil
	case v.IsMap():
		out := map[string]any{}
		for k, e := range v.AsMap().All {
			out[k] = plain(e)
		}
		return out
	case v.IsArray():
		out := []any{}
		for _, e := range v.AsArray().All {
			out = append(out, plain(e))
		}
		return out
	case v.IsString():
		return v.AsString()
	case v.IsNumber():
		return v.AsNumber()
	case v.IsBool():
		return v.AsBool()
	default:
		return v.GoString()
	}
}

// recorder is a mock resource monitor that records registrations and plays
// the engine: in update mode an id and the inputs plus what Azure computes,
// in preview mode no id and the inputs only.
type recorder struct {
	mu      sync.Mutex
	preview bool
	regs    map[string]registration
	// slow delays the answer to these registrations (by logical name).
	slow map[string]time.Duration
}

// computed adds the outputs Azure computes that the components read.
func computed(typ, name string, inputs property.Map) property.Map {
	state := inputs.AsMap()
	set := func(k, v string) { state[k] = property.New(v) }
	str := func(k string) string {
		if v := inputs.Get(k); v.IsString() {
			return v.AsString()
		}
		return ""
	}
	kind := typ[strings.LastIndex(typ, ":")+1:]
	if n := str(strings.ToLower(kind[:1]) + kind[1:] + "Name"); n != "" {
		set("name", n)
	}
	switch kind {
	case "Registry":
		set("loginServer", strings.ToLower(str("registryName"))+".azurecr.io")
	case "UserAssignedIdentity":
		set("clientId", "client-"+name)
		set("principalId", "principal-"+name)
	case "ManagedEnvironment":
		set("defaultDomain", "happy.koreacentral.azurecontainerapps.io")
		set("staticIp", "10.0.1.250")
	case "WebApp":
		set("name", str("name"))
		set("defaultHostName", str("name")+".azurewebsites.net")
	case "AppServicePlan":
		set("name", str("name"))
	}
	return property.NewMap(state)
}

// monitor returns the mock monitor.
func (r *recorder) monitor() *integration.MockResourceMonitor {
	return &integration.MockResourceMonitor{
		CallF: func(a integration.MockCallArgs) (property.Map, error) {
			return property.NewMap(map[string]property.Value{
				"subscriptionId": property.New(subscription), "tenantId": property.New("tenant"),
				"clientId": property.New("client"), "objectId": property.New("object"),
			}), nil
		},
		NewResourceF: func(a integration.MockResourceArgs) (string, property.Map, error) {
			rpc := a.RegisterRPC
			reg := registration{Type: string(a.TypeToken), Name: a.Name, Custom: a.Custom, Inputs: a.Inputs,
				Parent: nameOf(rpc.GetParent()), PropDeps: map[string][]string{}}
			reg.Deps = append(reg.Deps, rpc.GetDependencies()...)
			sort.Strings(reg.Deps)
			for k, v := range rpc.GetPropertyDependencies() {
				reg.PropDeps[k] = v.GetUrns()
			}
			for _, alias := range rpc.GetAliases() {
				if parent := alias.GetSpec().GetParentUrn(); parent != "" {
					reg.AliasParents = append(reg.AliasParents, parent)
				}
			}
			if d := r.slow[a.Name]; d > 0 {
				time.Sleep(d)
			}
			reg.Done = time.Now()
			r.mu.Lock()
			r.regs[a.Name] = reg
			r.mu.Unlock()
			if !a.Custom {
				return "", a.Inputs, nil
			}
			if r.preview {
				return "", knownOnly(a.Inputs), nil
			}
			return fakeID(reg.Type, a.Name, a.Inputs), computed(reg.Type, a.Name, a.Inputs), nil
		},
	}
}

// fakeID is the id of a created resource: /subscriptions/<sub>/fake/<name>,
// or a well-formed ARM id for the resources whose id a component checks when
// another one consumes it (an environment's id in ContainerAppWorkload).
func fakeID(typ, name string, inputs property.Map) string {
	if strings.HasSuffix(typ, ":ManagedEnvironment") {
		return "/subscriptions/" + subscription + "/resourceGroups/" + inputs.Get("resourceGroupName").AsString() +
			"/providers/Microsoft.App/managedEnvironments/" + inputs.Get("environmentName").AsString()
	}
	return "/subscriptions/" + subscription + "/fake/" + name
}

// knownOnly is what the engine answers in a preview of a new resource: the
// inputs that are known (a secret without a value cannot be sent back).
func knownOnly(inputs property.Map) property.Map {
	known := map[string]property.Value{}
	for k, v := range inputs.All {
		if !v.Secret() && !containsUnknowns(v) {
			known[k] = v
		}
	}
	return property.NewMap(known)
}

// containsUnknowns reports whether a value is or holds an unknown.
func containsUnknowns(v property.Value) bool {
	switch {
	case v.IsComputed():
		return true
	case v.IsMap():
		for _, e := range v.AsMap().All {
			if containsUnknowns(e) || e.Secret() {
				return true
			}
		}
	case v.IsArray():
		for _, e := range v.AsArray().All {
			if containsUnknowns(e) || e.Secret() {
				return true
			}
		}
	}
	return false
}

// get returns a registration or fails the test.
func (r *recorder) get(t *testing.T, name string) registration {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	reg, ok := r.regs[name]
	require.Truef(t, ok, "no resource named %q was registered (got %v)", name, r.namesLocked())
	return reg
}

// has reports whether a resource of that name was registered.
func (r *recorder) has(name string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	_, ok := r.regs[name]
	return ok
}

// namesLocked lists the registered names, sorted; r.mu must be held.
func (r *recorder) namesLocked() []string {
	names := make([]string, 0, len(r.regs))
	for n := range r.regs {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// nameOf is the logical name at the end of a URN ("" for none).
func nameOf(urn string) string {
	if i := strings.LastIndex(urn, "::"); i >= 0 {
		return urn[i+2:]
	}
	return urn
}

// newServer serves the provider in-process with the recorder as the monitor.
func newServer(t *testing.T, preview bool) (integration.Server, *recorder) {
	t.Helper()
	prov, err := Provider()
	require.NoError(t, err)
	rec := &recorder{preview: preview, regs: map[string]registration{}, slow: map[string]time.Duration{}}
	s, err := integration.NewServer(t.Context(), "privatepull", semver.MustParse(Version),
		integration.WithProvider(prov), integration.WithMocks(rec.monitor()))
	require.NoError(t, err)
	return s, rec
}

// schema returns the schema the provider serves.
func schema(t *testing.T) pschema.PackageSpec {
	t.Helper()
	s, _ := newServer(t, false)
	resp, err := s.GetSchema(p.GetSchemaRequest{})
	require.NoError(t, err)
	var spec pschema.PackageSpec
	require.NoError(t, json.Unmarshal([]byte(resp.Schema), &spec))
	return spec
}

// construct constructs a component named name of kind (PrivateNetwork...)
// through the provider, as the engine does for a consumer's registration.
func construct(s integration.Server, preview bool, kind, name string, inputs map[string]property.Value,
) (p.ConstructResponse, error) {
	return s.Construct(p.ConstructRequest{
		Urn:    presource.URN(consumer + "privatepull:index:" + kind + "::" + name),
		DryRun: preview, Inputs: property.NewMap(inputs),
	})
}

// out is a value a consumer passes from another resource: known in update,
// unknown in preview, with the resources it comes from as dependencies.
func out(preview bool, value string, from ...string) property.Value {
	v := property.New(value)
	if preview {
		v = property.New(property.Computed)
	}
	urns := make([]presource.URN, len(from))
	for i, u := range from {
		urns[i] = presource.URN(u)
	}
	return v.WithDependencies(urns)
}

// str, num, boolean, list and obj build plain property values.
func str(s string) property.Value   { return property.New(s) }
func num(n float64) property.Value  { return property.New(n) }
func boolean(b bool) property.Value { return property.New(b) }
func list(vs ...property.Value) property.Value {
	return property.New(property.NewArray(vs))
}
func obj(m map[string]property.Value) property.Value { return property.New(property.NewMap(m)) }

// modes runs f in update and in preview mode.
func modes(t *testing.T, f func(t *testing.T, preview bool)) {
	for _, preview := range []bool{false, true} {
		name := map[bool]string{false: "update", true: "preview"}[preview]
		t.Run(name, func(t *testing.T) { f(t, preview) })
	}
}
