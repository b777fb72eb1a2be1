package tests

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/privatepull/privatepull/components"
	"github.com/privatepull/privatepull/tests/harness"
)

// Type tokens asserted by the tests.
const (
	tokResourceGroup  = "azure-native:resources:ResourceGroup"
	tokVnet           = "azure-native:network:VirtualNetwork"
	tokSubnet         = "azure-native:network:Subnet"
	tokPrivateZone    = "azure-native:network:PrivateZone"
	tokVnetLink       = "azure-native:network:VirtualNetworkLink"
	tokRecordSet      = "azure-native:network:PrivateRecordSet"
	tokPrivateEP      = "azure-native:network:PrivateEndpoint"
	tokZoneGroup      = "azure-native:network:PrivateDnsZoneGroup"
	tokRegistry       = "azure-native:containerregistry/v20241101preview:Registry"
	tokReplication    = "azure-native:containerregistry/v20241101preview:Replication"
	tokIdentity       = "azure-native:managedidentity:UserAssignedIdentity"
	tokRoleAssignment = "azure-native:authorization:RoleAssignment"
	tokEnvironment    = "azure-native:app/v20240301:ManagedEnvironment"
	tokContainerApp   = "azure-native:app/v20240301:ContainerApp"
)

// fakeID is an ARM id in the harness's fake subscription.
func fakeID(rest string) string {
	return "/subscriptions/" + harness.Subscription + "/resourceGroups/rg-test/providers/" + rest
}

// run executes a component program under mocks in update or preview mode and
// fails the test on a program error.
func run(t *testing.T, preview bool, program pulumi.RunFunc) *harness.Mocks {
	t.Helper()
	m, err := harness.Run(program, harness.Options{Preview: preview})
	require.NoError(t, err)
	return m
}

// get returns a registration or fails the test.
func get(t *testing.T, m *harness.Mocks, name string) harness.Registration {
	t.Helper()
	r, ok := m.Get(name)
	require.Truef(t, ok, "no resource named %q was registered", name)
	return r
}

// modes runs a subtest in update and preview mode.
func modes(t *testing.T, f func(t *testing.T, preview bool)) {
	for _, mode := range []struct {
		name    string
		preview bool
	}{{"update", false}, {"preview", true}} {
		t.Run(mode.name, func(t *testing.T) { f(t, mode.preview) })
	}
}

// pullPrerequisites registers what a workload waits for before its first
// pull: a stand-in AcrPull grant ("grant"), the network and its DNS zones
// ("net") and the registry with its endpoints and images ("acr"). It returns
// the grant and the network dependencies (DNS zone groups, cache rules and
// VNet links).
func pullPrerequisites(ctx *pulumi.Context) (pulumi.Resource, []pulumi.Resource, error) {
	grant, err := components.NewAcrPullAssignment(ctx, "grant", components.AcrPullAssignmentArgs{
		RegistryID: pulumi.String(registryID), PrincipalID: pulumi.String("principal-1"),
	})
	if err != nil {
		return nil, nil, err
	}
	net, err := newNetwork(ctx, networkArgs())
	if err != nil {
		return nil, nil, err
	}
	reg, err := newRegistry(ctx, registryArgs())
	if err != nil {
		return nil, nil, err
	}
	return grant, append(reg.pullDependencies(), net.dns.RegistryDNSZoneLinks...), nil
}

// expectFailure runs a program that must fail before registering anything.
func expectFailure(t *testing.T, program pulumi.RunFunc, message string) {
	t.Helper()
	m, err := harness.Run(program, harness.Options{})
	require.ErrorContains(t, err, message)
	require.Empty(t, m.Registrations(), "a rejected component must register nothing")
}

// namesOf returns the logical names of registrations.
func namesOf(regs []harness.Registration) []string {
	out := []string{}
	for _, r := range regs {
		out = append(out, r.Name)
	}
	return out
}

// assertAliasedFrom checks that a registration carries an alias of the
// logical name old (same type and parent), as a spec or a full URN.
func assertAliasedFrom(t *testing.T, r harness.Registration, old string) {
	t.Helper()
	for _, a := range r.Aliases {
		if a.Name == old || strings.HasSuffix(a.URN, "::"+old) {
			return
		}
	}
	assert.Failf(t, "no alias", "%s has no alias of %s: %+v", r.Name, old, r.Aliases)
}
