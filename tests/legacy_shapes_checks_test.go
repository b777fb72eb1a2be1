//lint:file-ignore SA1019 these tests exercise the deprecated pre-split shapes on purpose

package tests

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/privatepull/privatepull/components"
	"github.com/privatepull/privatepull/tests/harness"
)

// TestLegacyShapesNeedNoAlias: what the deprecated inputs create is the old
// component's own child again, so it carries no alias to another parent
// (only the split components' moved children do; the azure-native SDK's
// own aliases, to the types of other API versions, stay).
func TestLegacyShapesNeedNoAlias(t *testing.T) {
	for _, program := range legacyPrograms() {
		m := run(t, false, func(ctx *pulumi.Context) error {
			_, err := program.run(ctx)
			return err
		})
		for _, r := range m.Registrations() {
			for _, a := range r.Aliases {
				assert.Empty(t, a.ParentURN+a.URN+a.Name, "%s: %s has an alias to another parent or name", program.name, r.Name)
			}
		}
	}
}

// runOutputs runs a program under mocks in update mode and returns its
// outputs, resolved.
func runOutputs(t *testing.T, program func(ctx *pulumi.Context) (pulumi.Map, error)) (*harness.Mocks, *harness.Outputs) {
	t.Helper()
	var out pulumi.Map
	m, err := harness.Run(func(ctx *pulumi.Context) (err error) {
		out, err = program(ctx)
		return err
	}, harness.Options{})
	require.NoError(t, err)
	return m, harness.Collect(out)
}

// TestSplitShapesLeaveTheDeprecatedOutputsEmpty: without the deprecated
// inputs the old outputs exist, with empty values, and no environment
// output but the given id is invented.
func TestSplitShapesLeaveTheDeprecatedOutputsEmpty(t *testing.T) {
	m, outputs := runOutputs(t, func(ctx *pulumi.Context) (pulumi.Map, error) {
		net, err := components.NewPrivateNetwork(ctx, "net", &networkArgs().PrivateNetworkArgs)
		if err != nil {
			return nil, err
		}
		reg, err := components.NewPrivateRegistry(ctx, "acr", &registryArgs().PrivateRegistryArgs)
		if err != nil {
			return nil, err
		}
		apps, err := components.NewContainerAppWorkload(ctx, "aca", &components.ContainerAppWorkloadArgs{
			EnvironmentID: pulumi.String(existingEnvironmentID), Location: "koreacentral",
			ResourceGroupName: pulumi.String("rg-test"), LoginServer: reg.LoginServer,
			PullIdentityID: pulumi.String(uamiID), PullIdentityClientID: pulumi.String(uamiClientID)})
		if err != nil {
			return nil, err
		}
		return pulumi.Map{
			"registryDnsZoneId": net.RegistryDNSZoneID, "registryDnsZoneIds": net.RegistryDNSZoneIDs,
			"registryDnsReady": net.RegistryDNSReady, "webAppDnsZoneId": net.WebAppDNSZoneID,
			"webAppDnsReady": net.WebAppDNSReady, "privateEndpointIds": reg.PrivateEndpointIDs,
			"primaryEndpointAddresses": reg.PrimaryEndpointAddresses, "pullReady": reg.PullReady,
			"cacheRuleIds": reg.CacheRuleIDs, "agentPoolName": reg.AgentPoolName,
			"environmentId": apps.EnvironmentID, "defaultDomain": apps.DefaultDomain, "staticIp": apps.StaticIP,
			"logAnalyticsWorkspaceId": apps.LogAnalyticsWorkspaceID, "logAnalyticsCustomerId": apps.LogAnalyticsCustomerID,
		}, nil
	})
	want := map[string]any{
		"registryDnsZoneId": "", "registryDnsZoneIds": []string{}, "registryDnsReady": "", "webAppDnsZoneId": "",
		"webAppDnsReady": "", "privateEndpointIds": []string{}, "primaryEndpointAddresses": map[string]string{},
		"pullReady": "", "cacheRuleIds": map[string]string{}, "agentPoolName": "",
		"environmentId": existingEnvironmentID, "defaultDomain": "", "staticIp": "", "logAnalyticsWorkspaceId": "",
		"logAnalyticsCustomerId": "",
	}
	for name, value := range want {
		got, known := outputs.Get(name)
		require.True(t, known, name)
		assert.Equal(t, value, got, name)
	}
	for _, token := range []string{tokPrivateZone, tokPrivateEP, tokEnvironment} {
		assert.Empty(t, m.OfType(token), "the split shapes create no %s here", token)
	}
}

// legacyWorkload is a ContainerAppWorkload "aca" with the pull inputs set and
// edit applied: the environment inputs are the test's.
func legacyWorkload(edit func(*components.ContainerAppWorkloadArgs)) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		args := &components.ContainerAppWorkloadArgs{Location: "koreacentral", ResourceGroupName: pulumi.String("rg-test"),
			LoginServer: pulumi.String("acrtest01.azurecr.io"), PullIdentityID: pulumi.String(uamiID),
			PullIdentityClientID: pulumi.String(uamiClientID)}
		edit(args)
		_, err := components.NewContainerAppWorkload(ctx, "aca", args)
		return err
	}
}

// TestWorkloadNeedsExactlyOneEnvironment: environmentId, or the deprecated
// environmentName with infrastructureSubnetId; both, neither or half of the
// deprecated pair is refused before anything is registered.
func TestWorkloadNeedsExactlyOneEnvironment(t *testing.T) {
	subnet := pulumi.String(fakeID("Microsoft.Network/virtualNetworks/vnet-test/subnets/snet-aca"))
	for name, c := range map[string]struct {
		edit    func(*components.ContainerAppWorkloadArgs)
		message string
	}{
		"both": {func(a *components.ContainerAppWorkloadArgs) {
			a.EnvironmentID, a.EnvironmentName, a.InfrastructureSubnetID = pulumi.String(existingEnvironmentID), "cae-test", subnet
		}, `ContainerAppWorkload "aca": environmentId and the deprecated environment inputs (environmentName, ` +
			`infrastructureSubnetId, internal, vnetId, workloadProfiles, logAnalyticsWorkspaceId, logAnalyticsWorkspaceName) exclude each other`},
		"id and a workspace": {func(a *components.ContainerAppWorkloadArgs) {
			a.EnvironmentID, a.LogAnalyticsWorkspaceName = pulumi.String(existingEnvironmentID), "log-test"
		}, "exclude each other"},
		"neither": {func(*components.ContainerAppWorkloadArgs) {},
			"environmentId is required (e.g. ContainerAppsEnvironment's environmentId), or, deprecated, environmentName and infrastructureSubnetId both"},
		"name only": {func(a *components.ContainerAppWorkloadArgs) { a.EnvironmentName = "cae-test" }, "environmentId is required"},
		"subnet only": {func(a *components.ContainerAppWorkloadArgs) { a.InfrastructureSubnetID = subnet },
			"environmentId is required"},
		"internal without vnet": {func(a *components.ContainerAppWorkloadArgs) {
			a.EnvironmentName, a.InfrastructureSubnetID, a.Internal = "cae-test", subnet, true
		}, "environmentName (deprecated: compose ContainerAppsEnvironment instead): an internal environment needs VnetID for its DNS zone"},
	} {
		t.Run(name, func(t *testing.T) { expectFailure(t, legacyWorkload(c.edit), c.message) })
	}
}

// TestDeprecatedInputsAreCheckedBeforeRegistering: the deprecated inputs
// are checked as the split components check theirs, before anything is
// registered, and their settings are refused without them.
func TestDeprecatedInputsAreCheckedBeforeRegistering(t *testing.T) {
	network := func(edit func(*components.PrivateNetworkArgs)) pulumi.RunFunc {
		return func(ctx *pulumi.Context) error {
			args := networkArgs().PrivateNetworkArgs
			edit(&args)
			_, err := components.NewPrivateNetwork(ctx, "net", &args)
			return err
		}
	}
	registry := func(edit func(*components.PrivateRegistryArgs)) pulumi.RunFunc {
		return func(ctx *pulumi.Context) error {
			args := registryArgs().PrivateRegistryArgs
			edit(&args)
			_, err := components.NewPrivateRegistry(ctx, "acr", &args)
			return err
		}
	}
	for name, c := range map[string]struct {
		program pulumi.RunFunc
		message string
	}{
		"cloud without zones": {network(func(a *components.PrivateNetworkArgs) { a.Cloud = components.CloudChina }),
			`PrivateNetwork "net": allowUnlinkedRegistryDnsZones, subscriptionId, providerSettings and cloud go with registryDnsZones (deprecated): set them on PrivateDnsZones instead`},
		"web zone without registry zones": {network(func(a *components.PrivateNetworkArgs) { a.WebAppDNSZone = true }),
			`PrivateNetwork "net": registryDnsZones (deprecated: compose PrivateDnsZones instead): RegistryDNSZones needs at least one zone`},
		"stack vnet linked twice": {network(func(a *components.PrivateNetworkArgs) {
			a.RegistryDNSZones = []components.RegistryDNSZoneSpec{{Key: "acr", LinkStackVnet: true,
				LinkVnetIDs: []string{fakeID("Microsoft.Network/virtualNetworks/vnet-test")}}}
		}), "registry DNS zone 0 links VNet " + fakeID("Microsoft.Network/virtualNetworks/vnet-test") + " twice"},
		"static IPs missing a member": {registry(func(a *components.PrivateRegistryArgs) {
			a.PrivateEndpoints = []components.RegistryEndpointSpec{{Name: "pe-acr", SubnetID: pulumi.String("s"),
				DNSZoneID: pulumi.String("z"), StaticIPs: map[string]string{"registry": "10.0.2.10"}}}
		}), `PrivateRegistry "acr": privateEndpoints (deprecated: compose RegistryEndpoints instead): private endpoint pe-acr: static IPs miss member registry_data_koreacentral`},
		"cache rule with an unknown credential set": {registry(func(a *components.PrivateRegistryArgs) {
			a.CacheRules = []components.CacheRuleSpec{{Name: "cache-x", Source: "docker.io/library/x", Target: "x",
				CredentialSet: "missing"}}
		}), `cache rule cache-x names credential set "missing", which is not in CredentialSets`},
	} {
		t.Run(name, func(t *testing.T) { expectFailure(t, c.program, c.message) })
	}
}

// TestLegacyNetworkReadsTheSubscriptionOnlyForItsDNSCheck: the deprecated
// DNS inputs on a VNet the network creates ask getClientConfig for the
// subscription (the layout check compares the VNet's id with further VNets);
// the split shape asks nothing.
func TestLegacyNetworkReadsTheSubscriptionOnlyForItsDNSCheck(t *testing.T) {
	m := run(t, false, func(ctx *pulumi.Context) error {
		args := networkArgs().PrivateNetworkArgs
		_, err := components.NewPrivateNetwork(ctx, "net", &args)
		return err
	})
	assert.Empty(t, m.Calls())
	m = run(t, false, func(ctx *pulumi.Context) error {
		_, err := legacyDeferredNetwork(ctx)
		return err
	})
	assert.Equal(t, []string{"azure-native:authorization:getClientConfig"}, m.Calls())
}
