package harness

import (
	"crypto/sha256"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Subscription is the fake subscription id of every mocked resource id.
const Subscription = "0b1f6471-1bf0-4dda-aec3-111122223333"

// Mocks records registrations and plays the provider. NewResource is called
// concurrently by the SDK, so every access goes through the mutex.
type Mocks struct {
	// Preview makes the mocks behave like `pulumi preview` of a new stack:
	// ids and every computed output are unknown.
	Preview bool
	// EditState edits the state reported in update mode (see Options).
	EditState func(token string, state resource.PropertyMap)
	// StackReferences are the stacks the program may read, by name.
	StackReferences map[string]StackReference

	mu    sync.Mutex
	regs  []Registration
	calls []string
}

var _ pulumi.MockResourceMonitor = (*Mocks)(nil)

// NewResource records the registration and returns an id and state.
func (m *Mocks) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	reg := Registration{
		Type:   args.TypeToken,
		Name:   args.Name,
		Custom: args.Custom,
		Inputs: args.Inputs.Copy(),
	}
	if rpc := args.RegisterRPC; rpc != nil {
		reg.Parent, reg.ParentURN = NameOf(rpc.GetParent()), rpc.GetParent()
		if strings.HasSuffix(rpc.GetParent(), "pulumi:pulumi:Stack::"+NameOf(rpc.GetParent())) {
			reg.Parent = ""
		}
		for _, a := range rpc.GetAliases() {
			spec := a.GetSpec()
			reg.Aliases = append(reg.Aliases, Alias{URN: a.GetUrn(), Name: spec.GetName(), Type: spec.GetType(),
				ParentURN: spec.GetParentUrn()})
		}
		reg.Dependencies = sortedNames(rpc.GetDependencies())
		if ref := rpc.GetProvider(); ref != "" && !strings.Contains(ref, "::default") {
			// A provider reference is <provider URN>::<provider id>.
			reg.Provider = NameOf(ref[:strings.LastIndex(ref, "::")])
		}
		reg.Protect = rpc.GetProtect()
		reg.ReplaceOnChanges = rpc.GetReplaceOnChanges()
		if t := rpc.GetCustomTimeouts(); t != nil {
			reg.CustomTimeouts = Timeouts{Create: t.GetCreate(), Update: t.GetUpdate(), Delete: t.GetDelete()}
		}
		reg.PropertyDependencies = map[string][]string{}
		for k, deps := range rpc.GetPropertyDependencies() {
			reg.PropertyDependencies[k] = sortedNames(deps.GetUrns())
		}
	}
	if read := args.ReadRPC; read != nil {
		reg.Parent = NameOf(read.GetParent())
		reg.Custom = true
		reg.ReadID = args.ID
	}
	m.mu.Lock()
	m.regs = append(m.regs, reg)
	m.mu.Unlock()

	if args.ReadRPC != nil && args.TypeToken == StackReferenceType {
		state, err := m.stackReferenceState(args.ID)
		return args.ID, state, err
	}
	if args.ReadRPC != nil {
		// A read (resource Get) happens in preview too: the existing
		// resource's state is known.
		state := withComputedOutputs(args.TypeToken, args.ID, args.Inputs)
		if m.EditState != nil {
			m.EditState(args.TypeToken, state)
		}
		return args.ID, state, nil
	}
	if !args.Custom {
		return "", args.Inputs, nil
	}
	if m.Preview {
		// A preview of a new resource knows its inputs only.
		return "", knownOnly(args.Inputs), nil
	}
	id := armID(args.TypeToken, args.Inputs)
	state := withComputedOutputs(args.TypeToken, id, args.Inputs)
	if shortType(args.TypeToken) == "network:PrivateDnsZoneGroup" {
		m.withZoneGroupRecords(state)
	}
	if m.EditState != nil {
		m.EditState(args.TypeToken, state)
	}
	return id, state, nil
}

// ClientID, ObjectID and TenantID are what the mocked getClientConfig
// returns besides Subscription.
const (
	ClientID = "5f0c8a3e-7b61-4e0b-9c1d-2a3b4c5d6e7f"
	ObjectID = "9e8d7c6b-5a49-4837-a261-5f4e3d2c1b0a"
	TenantID = "72f988bf-86f1-41af-91ab-2d7cd011db47"
)

// Call answers azure-native:authorization:getClientConfig (the one invoke the
// program makes, in preview as in update) and fails every other invoke.
func (m *Mocks) Call(args pulumi.MockCallArgs) (resource.PropertyMap, error) {
	m.mu.Lock()
	m.calls = append(m.calls, args.Token)
	m.mu.Unlock()
	if args.Token == "azure-native:authorization:getClientConfig" {
		return resource.NewPropertyMapFromMap(map[string]interface{}{
			"subscriptionId": Subscription, "tenantId": TenantID, "clientId": ClientID, "objectId": ObjectID,
		}), nil
	}
	return nil, fmt.Errorf("unexpected invoke %s", args.Token)
}

// Calls returns the tokens of every invoke made, in order.
func (m *Mocks) Calls() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]string(nil), m.calls...)
}

// Registrations returns a copy of every registration, in no fixed order.
func (m *Mocks) Registrations() []Registration {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := append([]Registration(nil), m.regs...)
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Get returns the registration with the given logical name.
func (m *Mocks) Get(name string) (Registration, bool) {
	for _, r := range m.Registrations() {
		if r.Name == name {
			return r, true
		}
	}
	return Registration{}, false
}

// Component returns the component of a kind (privatepull:index:<kind>)
// with the given logical name: components of different kinds may share one.
func (m *Mocks) Component(name, kind string) (Registration, bool) {
	for _, r := range m.Registrations() {
		if r.Name == name && r.Type == "privatepull:index:"+kind {
			return r, true
		}
	}
	return Registration{}, false
}

// OfType returns the registrations of a type token, sorted by name.
func (m *Mocks) OfType(token string) []Registration {
	var out []Registration
	for _, r := range m.Registrations() {
		if r.Type == token {
			out = append(out, r)
		}
	}
	return out
}

// str returns a string input or "" when absent or unknown.
func str(inputs resource.PropertyMap, key string) string {
	v, ok := inputs[resource.PropertyKey(key)]
	for ok && v.IsSecret() {
		v = v.SecretValue().Element
	}
	if !ok || !v.IsString() {
		return ""
	}
	return v.StringValue()
}

// FakeGUID derives a stable GUID-shaped string from a seed.
func FakeGUID(seed string) string {
	s := sha256.Sum256([]byte(seed))
	return fmt.Sprintf("%x-%x-%x-%x-%x", s[0:4], s[4:6], s[6:8], s[8:10], s[10:16])
}

// knownOnly drops secrets whose value was unknown (the RPC layer cannot send a
// secret without a value back), so they stay unknown in the program.
func knownOnly(inputs resource.PropertyMap) resource.PropertyMap {
	out := resource.PropertyMap{}
	for k, v := range inputs {
		if v.IsComputed() || (v.IsOutput() && !v.OutputValue().Known) {
			continue
		}
		if v.IsSecret() && (v.SecretValue().Element.IsNull() || v.SecretValue().Element.IsComputed()) {
			continue
		}
		out[k] = v
	}
	return out
}
