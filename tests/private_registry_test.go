package tests

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/privatepull/privatepull/components"
	"github.com/privatepull/privatepull/tests/harness"
)

var (
	peSubnetID = fakeID("Microsoft.Network/virtualNetworks/vnet-test/subnets/snet-pe")
	acrZoneID  = fakeID("Microsoft.Network/privateDnsZones/privatelink.azurecr.io")
	registryID = fakeID("Microsoft.ContainerRegistry/registries/acrtest01")
)

func registryArgs() *registrySpec {
	return &registrySpec{
		PrivateRegistryArgs: components.PrivateRegistryArgs{
			Name:              "acrtest01",
			Location:          "koreacentral",
			ResourceGroupName: pulumi.String("rg-test"),
		},
		PrivateEndpoints: []components.RegistryEndpointSpec{{
			Name: "pe-acr-acrtest01", SubnetID: pulumi.String(peSubnetID), DNSZoneID: pulumi.String(acrZoneID),
		}},
	}
}

func runRegistry(t *testing.T, preview bool, args *registrySpec) (*harness.Mocks, *harness.Outputs) {
	t.Helper()
	var outs *harness.Outputs
	m := run(t, preview, func(ctx *pulumi.Context) error {
		r, err := newRegistry(ctx, args)
		if err != nil {
			return err
		}
		outs = harness.Collect(pulumi.Map{
			"loginServer":           r.registry.LoginServer,
			"registryId":            r.registry.RegistryID,
			"dataEndpointHostNames": r.registry.DataEndpointHostNames,
			"registryReady":         r.registry.RegistryReady,
			"privateEndpointIds":    r.endpoints.PrivateEndpointIDs,
			"cacheRuleIds":          r.images.CacheRuleIDs,
			"agentPoolName":         r.images.AgentPoolName,
		})
		return nil
	})
	return m, outs
}

// endpointsProgram registers RegistryEndpoints "acr" alone, for the known
// registry of registryArgs with args' replicas and endpoints: its checks run
// before registration.
func endpointsProgram(args *registrySpec) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		var replicas []string
		for _, r := range args.Replicas {
			replicas = append(replicas, r.Location)
		}
		_, err := components.NewRegistryEndpoints(ctx, "acr", &components.RegistryEndpointsArgs{
			RegistryID: pulumi.String(registryID), LoginServer: pulumi.String("acrtest01.azurecr.io"),
			ResourceGroupName: pulumi.String("rg-test"), Location: "koreacentral", ReplicaLocations: replicas,
			PrivateEndpoints: args.PrivateEndpoints,
		})
		return err
	}
}

func TestPrivateRegistryIsPremiumPrivateAndPasswordless(t *testing.T) {
	modes(t, func(t *testing.T, preview bool) {
		m, _ := runRegistry(t, preview, registryArgs())
		for _, kind := range []string{"PrivateRegistry", "RegistryEndpoints", "RegistryImages"} {
			_, ok := m.Component("acr", kind)
			assert.True(t, ok, kind)
		}

		reg := get(t, m, "acr-registry")
		require.Equal(t, tokRegistry, reg.Type, "the registry needs a preview API version for azureADAuthenticationAsArmPolicy")
		assert.Equal(t, "acr", reg.Parent)
		assert.Contains(t, reg.ParentURN, "privatepull:index:PrivateRegistry::acr")
		assert.Equal(t, "acrtest01", reg.Plain("registryName"))
		assert.Equal(t, "koreacentral", reg.Plain("location"))
		assert.Equal(t, "Premium", reg.Plain("sku.name"))
		assert.Equal(t, "Disabled", reg.Plain("publicNetworkAccess"))
		assert.Equal(t, true, reg.Plain("dataEndpointEnabled"))
		assert.Equal(t, false, reg.Plain("adminUserEnabled"))
		assert.Equal(t, false, reg.Plain("anonymousPullEnabled"))
		assert.Equal(t, "enabled", reg.Plain("policies.azureADAuthenticationAsArmPolicy.status"))
		assert.Equal(t, "AzureServices", reg.Plain("networkRuleBypassOptions"),
			"set explicitly: artifact cache and az acr import need the trusted-services bypass")
		assert.Equal(t, "Disabled", reg.Plain("zoneRedundancy"), "the legacy property, sent explicitly")
		assert.Nil(t, reg.Plain("networkRuleSet"), "no public allow-list by default")
		assert.Nil(t, reg.Plain("policies.retentionPolicy"))
		assert.False(t, reg.Protect)

		pe := get(t, m, "acr-pe")
		assert.Equal(t, tokPrivateEP, pe.Type)
		assert.Equal(t, "acr", pe.Parent)
		assert.Contains(t, pe.ParentURN, "privatepull:index:RegistryEndpoints::acr")
		assert.Equal(t, "pe-acr-acrtest01", pe.Plain("privateEndpointName"))
		assert.Equal(t, "koreacentral", pe.Plain("location"))
		assert.Equal(t, peSubnetID, pe.Plain("subnet.id"))
		assert.Equal(t, []any{"registry"}, pe.Plain("privateLinkServiceConnections[0].groupIds"))
		assert.Nil(t, pe.Plain("ipConfigurations"), "dynamic IPs unless static IPs are configured")
		assert.True(t, pe.DependsOn("acr-registry"), "the endpoint is gated behind the provisioned registry")
		if !preview {
			assert.Equal(t, registryID, pe.Plain("privateLinkServiceConnections[0].privateLinkServiceId"))
		}

		zg := get(t, m, "acr-pe-dns")
		assert.Equal(t, tokZoneGroup, zg.Type)
		assert.Equal(t, "acr", zg.Parent)
		assert.Contains(t, zg.ParentURN, "privatepull:index:RegistryEndpoints::acr")
		assert.Equal(t, "default", zg.Plain("privateDnsZoneGroupName"))
		assert.Equal(t, acrZoneID, zg.Plain("privateDnsZoneConfigs[0].privateDnsZoneId"))
		assert.True(t, zg.DependsOn("acr-pe"))
		if !preview {
			assert.Equal(t, "pe-acr-acrtest01", zg.Plain("privateEndpointName"))
		}
	})
}

func TestPrivateRegistryOutputs(t *testing.T) {
	_, outs := runRegistry(t, false, registryArgs())
	login, _ := outs.Get("loginServer")
	assert.Equal(t, "acrtest01.azurecr.io", login)
	id, _ := outs.Get("registryId")
	assert.Equal(t, registryID, id)
	hosts, _ := outs.Get("dataEndpointHostNames")
	assert.Equal(t, []string{"acrtest01.koreacentral.data.azurecr.io"}, hosts)
	pes, _ := outs.Get("privateEndpointIds")
	assert.Equal(t, []string{fakeID("Microsoft.Network/privateEndpoints/pe-acr-acrtest01")}, pes)
	ready, _ := outs.Get("registryReady")
	assert.Equal(t, registryID, ready, "the registry, and no replication here")

	_, preview := runRegistry(t, true, registryArgs())
	_, known := preview.Get("loginServer")
	assert.False(t, known, "the login server is unknown until Azure creates the registry")
	_, known = preview.Get("dataEndpointHostNames")
	assert.False(t, known, "data endpoint host names come from the registry's outputs, never from its name")
}

func TestRegistryEndpointsRequireAnEndpoint(t *testing.T) {
	args := registryArgs()
	args.PrivateEndpoints = nil
	expectFailure(t, endpointsProgram(args), `RegistryEndpoints "acr": args with at least one private endpoint are required`)
}
