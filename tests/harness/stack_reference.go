package harness

import (
	"fmt"
	"sort"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// StackReferenceType is the type token of a StackReference read.
const StackReferenceType = "pulumi:pulumi:StackReference"

// StackReference is what the mocks answer when the program reads another
// stack's outputs (a StackReference), as the engine does: its state holds
// `outputs` (secret ones wrapped as secrets) and `secretOutputNames`.
type StackReference struct {
	// Outputs are the referenced stack's outputs as plain Go values (maps,
	// lists, strings, numbers, booleans).
	Outputs map[string]any
	// SecretOutputs names the outputs the referenced stack exports as secrets.
	SecretOutputs []string
	// Unknown answers without outputs: in a preview they are then unknown.
	Unknown bool
}

// stackReferenceState returns the state of a read of the stack named id.
func (m *Mocks) stackReferenceState(id string) (resource.PropertyMap, error) {
	ref, ok := m.StackReferences[id]
	if !ok {
		return nil, fmt.Errorf("unknown stack %q: no stack of that name on the backend", id)
	}
	state := resource.PropertyMap{"name": resource.NewProperty(id)}
	if ref.Unknown {
		return state, nil
	}
	secret := map[string]bool{}
	names := []any{}
	for _, n := range ref.SecretOutputs {
		secret[n] = true
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool { return names[i].(string) < names[j].(string) })
	outputs := resource.PropertyMap{}
	for k, v := range ref.Outputs {
		value := resource.NewPropertyValue(v)
		if secret[k] {
			value = resource.MakeSecret(value)
		}
		outputs[resource.PropertyKey(k)] = value
	}
	state["outputs"] = resource.NewProperty(outputs)
	state["secretOutputNames"] = resource.NewPropertyValue(names)
	return state, nil
}
