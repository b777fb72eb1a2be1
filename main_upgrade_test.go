package main

import (
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/privatepull/privatepull/tests/harness"
)

// movedFrom maps each component that took over children of another to that
// component's kind: both have the same name in the program.
var movedFrom = map[string]string{
	"PrivateDnsZones":          "PrivateNetwork",
	"RegistryEndpoints":        "PrivateRegistry",
	"RegistryImages":           "PrivateRegistry",
	"ContainerAppsEnvironment": "ContainerAppWorkload",
}

// TestMovedChildrenKeepTheirURNs: a stack deployed before the split upgrades
// without replacing anything. Every child that moved keeps its logical name
// (the names each stack registered before the split, pinned here) and
// carries exactly one alias to another parent (azure-native's own aliases
// name other API versions of the type), the old component's URN: same
// name, old type. Children that did not move carry none.
func TestMovedChildrenKeepTheirURNs(t *testing.T) {
	moved := map[string][]string{
		"dev": {"aca-env", "aca-logs", "aca-logs-workspace", "acr-cache-cache-privatepull-probe",
			"acr-cache-cache-samples-aci-helloworld", "acr-cache-cache-samples-containerapps-helloworld",
			// Added with the shop team (after the split): a new child of a
			// moved component carries the alias too, which matches nothing.
			"acr-cache-cache-shop-aci-helloworld", "acr-cache-cache-shop-containerapps-helloworld",
			// Added with the function app (after the split), likewise.
			"acr-cache-cache-samples-functions-dotnet8-quickstart", "acr-pe",
			"acr-pe-dns", "network-acr-zone", "network-acr-zone-link"},
		"prod": {"aca-env", "aca-env-wildcard", "aca-env-zone", "aca-env-zone-link", "aca-logs", "aca-logs-workspace",
			"acr-pe", "acr-pe-dns", "acr-pe2", "acr-pe2-dns", "network-acr-zone", "network-acr-zone-link",
			"network-pe2-zone", "network-pe2-zone-link-vnet-shop-prod-krs", "network-pe2-zone-rg"},
	}
	for _, stack := range []string{"dev", "prod"} {
		for _, preview := range []bool{false, true} {
			m, _ := runStack(t, stack, preview)
			got := []string{}
			sort.Strings(moved[stack])
			for _, r := range m.Registrations() {
				kind := componentKind(r.ParentURN)
				old, wasMoved := movedFrom[kind]
				if !wasMoved {
					assert.Empty(t, parentAliases(r), "%s did not move", r.Name)
					continue
				}
				got = append(got, r.Name)
				want := "urn:pulumi:" + stack + "::" + harness.Project + "::privatepull:index:" + old + "::" +
					harness.NameOf(r.ParentURN)
				assert.Equal(t, []string{want}, parentAliases(r), "%s (%s)", r.Name, kind)
			}
			sort.Strings(got)
			assert.Equal(t, moved[stack], got, "%s: the moved children keep their names", stack)
		}
	}
}

// componentKind is the component type of a parent URN ("" for the stack).
func componentKind(parentURN string) string {
	parts := strings.Split(parentURN, "::")
	if len(parts) < 4 {
		return ""
	}
	types := strings.Split(parts[2], "$")
	return strings.TrimPrefix(types[len(types)-1], "privatepull:index:")
}

// parentAliases are the old parents a registration's aliases name.
func parentAliases(r harness.Registration) []string {
	var out []string
	for _, a := range r.Aliases {
		if a.ParentURN != "" || a.URN != "" {
			out = append(out, a.ParentURN+a.URN)
		}
	}
	return out
}
