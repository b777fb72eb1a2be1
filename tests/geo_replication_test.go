package tests

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/privatepull/privatepull/components"
	"github.com/privatepull/privatepull/tests/harness"
)

var drSubnetID = "/subscriptions/" + "6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f" +
	"/resourceGroups/rg-dr/providers/Microsoft.Network/virtualNetworks/vnet-dr/subnets/snet-pe"

// geoRegistryArgs: two replicas, two endpoints (one with static IPs, one in
// another region's VNet).
func geoRegistryArgs() *registrySpec {
	args := registryArgs()
	args.Replicas = []components.ReplicaSpec{
		{Location: "koreasouth", RegionEndpointEnabled: true},
		{Location: "japaneast", RegionEndpointEnabled: false, ZoneRedundancy: "Enabled"},
	}
	args.PrivateEndpoints[0].StaticIPs = map[string]string{
		"registry": "10.0.2.10", "registry_data_koreacentral": "10.0.2.11",
		"registry_data_koreasouth": "10.0.2.12", "registry_data_japaneast": "10.0.2.13",
	}
	args.PrivateEndpoints = append(args.PrivateEndpoints, components.RegistryEndpointSpec{
		Name: "pe-acr-acrtest01-dr", Location: "koreasouth", SubnetID: pulumi.String(drSubnetID),
		DNSZoneID: pulumi.String(acrZoneID),
	})
	return args
}

func TestReplicationsAreRegistered(t *testing.T) {
	modes(t, func(t *testing.T, preview bool) {
		m, outs := runRegistry(t, preview, geoRegistryArgs())
		ks := get(t, m, "acr-replica-koreasouth")
		assert.Equal(t, tokReplication, ks.Type)
		assert.Equal(t, "acr", ks.Parent)
		assert.Equal(t, "koreasouth", ks.Plain("replicationName"))
		assert.Equal(t, "koreasouth", ks.Plain("location"))
		assert.Equal(t, true, ks.Plain("regionEndpointEnabled"))
		assert.True(t, ks.DependsOn("acr-registry"))
		je := get(t, m, "acr-replica-japaneast")
		assert.Equal(t, false, je.Plain("regionEndpointEnabled"))
		assert.Equal(t, "Enabled", je.Plain("zoneRedundancy"))
		assert.Equal(t, "Disabled", ks.Plain("zoneRedundancy"), "unset is sent explicitly as the azure-native default")
		// Zone redundancy cannot change after creation: a change must show as
		// a replacement in `pulumi preview`, not an update ARM rejects.
		for _, replica := range []string{"acr-replica-koreasouth", "acr-replica-japaneast"} {
			assert.Equal(t, []string{"zoneRedundancy"}, get(t, m, replica).ReplaceOnChanges, replica)
		}
		hosts, known := outs.Get("dataEndpointHostNames")
		if preview {
			assert.False(t, known, "the data endpoints come from the registry's outputs")
			return
		}
		assert.Equal(t, "acrtest01", ks.Plain("registryName"))
		// The registry reports its home region's data endpoint; the replicas'
		// (created after it) carry the login server's label.
		assert.Equal(t, []string{"acrtest01.koreacentral.data.azurecr.io", "acrtest01.koreasouth.data.azurecr.io",
			"acrtest01.japaneast.data.azurecr.io"}, hosts)
	})
}

// TestEveryEndpointIsGatedBehindRegistryAndReplications proves the design
// card's gating from the dependencies the engine receives: every endpoint
// depends explicitly on the registry and every replication (Gate), and on
// the registry's registryReady (which resolves once they all exist).
func TestEveryEndpointIsGatedBehindRegistryAndReplications(t *testing.T) {
	modes(t, func(t *testing.T, preview bool) {
		var outs *harness.Outputs
		m := run(t, preview, func(ctx *pulumi.Context) error {
			r, err := newRegistry(ctx, geoRegistryArgs())
			if err == nil {
				outs = harness.Collect(pulumi.Map{"ready": r.registry.RegistryReady})
			}
			return err
		})
		endpoints := m.OfType(tokPrivateEP)
		require.Len(t, endpoints, 2)
		for _, pe := range endpoints {
			for _, gate := range []string{"acr-registry", "acr-replica-koreasouth", "acr-replica-japaneast"} {
				assert.True(t, pe.DependsOn(gate), "%s must depend on %s; got %v", pe.Name, gate, pe.Dependencies)
			}
		}
		// The replications are not inputs of the endpoint: the edge is an explicit dependsOn.
		for _, deps := range get(t, m, "acr-pe").PropertyDependencies {
			assert.NotContains(t, deps, "acr-replica-koreasouth")
		}
		if !preview {
			ready, _ := outs.Get("ready")
			assert.Equal(t, registryID+","+registryID+"/replications/koreasouth,"+registryID+"/replications/japaneast", ready)
		}
	})
}

// TestRegistryReadyAloneGatesTheEndpoints: across the language boundary only
// registryReady carries the gate (no Go handles): every endpoint still
// depends on the registry and every replication, in preview too.
func TestRegistryReadyAloneGatesTheEndpoints(t *testing.T) {
	modes(t, func(t *testing.T, preview bool) {
		m := run(t, preview, func(ctx *pulumi.Context) error {
			spec := geoRegistryArgs()
			reg, err := components.NewPrivateRegistry(ctx, "acr", &spec.PrivateRegistryArgs)
			if err != nil {
				return err
			}
			_, err = components.NewRegistryEndpoints(ctx, "acr", &components.RegistryEndpointsArgs{
				RegistryID: pulumi.String(registryID), LoginServer: pulumi.String("acrtest01.azurecr.io"),
				ResourceGroupName: pulumi.String("rg-test"), Location: "koreacentral",
				ReplicaLocations: []string{"koreasouth", "japaneast"}, PrivateEndpoints: spec.PrivateEndpoints,
				RegistryReady: reg.RegistryReady,
			})
			return err
		})
		for _, pe := range m.OfType(tokPrivateEP) {
			for _, gate := range []string{"acr-registry", "acr-replica-koreasouth", "acr-replica-japaneast"} {
				assert.True(t, pe.DependsOn(gate), "%s must depend on %s; got %v", pe.Name, gate, pe.Dependencies)
			}
		}
	})
}

func TestStaticIPsCoverEveryMember(t *testing.T) {
	m, _ := runRegistry(t, false, geoRegistryArgs())
	pe := get(t, m, "acr-pe")
	assert.Equal(t, []any{
		map[string]any{"name": "ipconfig-registry", "groupId": "registry", "memberName": "registry", "privateIPAddress": "10.0.2.10"},
		map[string]any{"name": "ipconfig-registry_data_koreacentral", "groupId": "registry", "memberName": "registry_data_koreacentral", "privateIPAddress": "10.0.2.11"},
		map[string]any{"name": "ipconfig-registry_data_koreasouth", "groupId": "registry", "memberName": "registry_data_koreasouth", "privateIPAddress": "10.0.2.12"},
		map[string]any{"name": "ipconfig-registry_data_japaneast", "groupId": "registry", "memberName": "registry_data_japaneast", "privateIPAddress": "10.0.2.13"},
	}, pe.Plain("ipConfigurations"))

	dr := get(t, m, "acr-pe2")
	assert.Equal(t, "pe-acr-acrtest01-dr", dr.Plain("privateEndpointName"))
	assert.Equal(t, "koreasouth", dr.Plain("location"), "an endpoint lives in its VNet's region")
	assert.Equal(t, drSubnetID, dr.Plain("subnet.id"))
	assert.Equal(t, []any{"registry"}, dr.Plain("privateLinkServiceConnections[0].groupIds"))
	assert.Nil(t, dr.Plain("ipConfigurations"))
	zg := get(t, m, "acr-pe2-dns")
	assert.Equal(t, acrZoneID, zg.Plain("privateDnsZoneConfigs[0].privateDnsZoneId"))
	assert.True(t, zg.DependsOn("acr-pe2"))
}

func TestRegistryMembers(t *testing.T) {
	assert.Equal(t, []string{"registry", "registry_data_koreacentral", "registry_data_koreasouth"},
		components.RegistryMembers([]string{"koreacentral", "koreasouth"}))
}

func TestRegistryProtectRetentionAndAllowList(t *testing.T) {
	args := registryArgs()
	args.Protect = true
	args.UntaggedRetentionDays = 7
	args.AllowedPublicIPRanges = []string{"203.0.113.7", "198.51.100.0/24"}
	m, _ := runRegistry(t, false, args)
	reg := get(t, m, "acr-registry")
	assert.True(t, reg.Protect, "the registry must be protected")
	assert.False(t, get(t, m, "acr-pe").Protect, "only the registry is protected")
	assert.Equal(t, map[string]any{"status": "enabled", "days": float64(7)}, reg.Plain("policies.retentionPolicy"))
	assert.Equal(t, "enabled", reg.Plain("policies.azureADAuthenticationAsArmPolicy.status"))
	assert.Equal(t, "Enabled", reg.Plain("publicNetworkAccess"), "the allow-list needs the public endpoint")
	assert.Equal(t, map[string]any{"defaultAction": "Deny", "ipRules": []any{
		map[string]any{"action": "Allow", "iPAddressOrRange": "203.0.113.7"},
		map[string]any{"action": "Allow", "iPAddressOrRange": "198.51.100.0/24"},
	}}, reg.Plain("networkRuleSet"))
	assert.Equal(t, false, reg.Plain("adminUserEnabled"))
	assert.Equal(t, false, reg.Plain("anonymousPullEnabled"))
}

func TestRegistryRejectsStaticIPsMissingAMember(t *testing.T) {
	args := geoRegistryArgs()
	delete(args.PrivateEndpoints[0].StaticIPs, "registry_data_japaneast")
	expectFailure(t, endpointsProgram(args), "static IPs miss member registry_data_japaneast")

	args = geoRegistryArgs()
	args.PrivateEndpoints[0].StaticIPs["registry_data_westus"] = "10.0.2.14"
	expectFailure(t, endpointsProgram(args), "static IPs name members other than")
}
