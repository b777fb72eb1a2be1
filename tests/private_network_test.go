package tests

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/privatepull/privatepull/components"
	"github.com/privatepull/privatepull/tests/harness"
)

func networkArgs() *components.PrivateNetworkArgs {
	return &components.PrivateNetworkArgs{
		Location:            "koreacentral",
		ResourceGroupName:   pulumi.String("rg-test"),
		CreateResourceGroup: true,
		VnetName:            "vnet-test",
		VnetAddressSpace:    "10.0.0.0/16",
		ContainerAppsSubnet: &components.SubnetSpec{Name: "snet-aca", AddressPrefix: "10.0.0.0/23",
			Delegation: components.DelegationContainerApps},
		PrivateEndpointSubnet: components.SubnetSpec{Name: "snet-pe", AddressPrefix: "10.0.2.0/24"},
		RegistryDNSZones:      []components.RegistryDNSZoneSpec{{Key: "acr", LinkStackVnet: true}},
		SubscriptionID:        harness.Subscription,
		Cloud:                 components.CloudPublic,
		Tags:                  map[string]string{"env": "test"},
	}
}

func TestPrivateNetworkRegistersTheSeedNetwork(t *testing.T) {
	modes(t, func(t *testing.T, preview bool) {
		m := run(t, preview, func(ctx *pulumi.Context) error {
			_, err := components.NewPrivateNetwork(ctx, "net", networkArgs())
			return err
		})
		component := get(t, m, "net")
		assert.Equal(t, "privatepull:index:PrivateNetwork", component.Type)
		assert.False(t, component.Custom)

		rg := get(t, m, "net-rg")
		assert.Equal(t, tokResourceGroup, rg.Type)
		assert.Equal(t, "rg-test", rg.Plain("resourceGroupName"))
		assert.Equal(t, "koreacentral", rg.Plain("location"))
		assert.Equal(t, map[string]any{"env": "test"}, rg.Plain("tags"))

		vnet := get(t, m, "net-vnet")
		assert.Equal(t, tokVnet, vnet.Type)
		assert.Equal(t, "vnet-test", vnet.Plain("virtualNetworkName"))
		assert.Equal(t, []any{"10.0.0.0/16"}, vnet.Plain("addressSpace.addressPrefixes"))
		assert.Equal(t, "koreacentral", vnet.Plain("location"))

		aca := get(t, m, "net-snet-aca")
		assert.Equal(t, tokSubnet, aca.Type)
		assert.Equal(t, "snet-aca", aca.Plain("subnetName"))
		assert.Equal(t, "10.0.0.0/23", aca.Plain("addressPrefix"))
		assert.Equal(t, []any{map[string]any{
			"name": "Microsoft.App.environments", "serviceName": "Microsoft.App/environments",
		}}, aca.Plain("delegations"), "the environment's subnet is delegated (workload-profiles environment)")

		pe := get(t, m, "net-snet-pe")
		assert.Equal(t, "snet-pe", pe.Plain("subnetName"))
		assert.Equal(t, "10.0.2.0/24", pe.Plain("addressPrefix"))
		assert.Equal(t, "Disabled", pe.Plain("privateEndpointNetworkPolicies"))
		assert.True(t, pe.DependsOn("net-snet-aca"), "subnets of one VNet are created one after another")

		zone := get(t, m, "net-acr-zone")
		assert.Equal(t, tokPrivateZone, zone.Type)
		assert.Equal(t, "privatelink.azurecr.io", zone.Plain("privateZoneName"))
		assert.Equal(t, "global", zone.Plain("location"))

		link := get(t, m, "net-acr-zone-link")
		assert.Equal(t, tokVnetLink, link.Type)
		assert.Equal(t, false, link.Plain("registrationEnabled"))
		assert.Equal(t, "global", link.Plain("location"))
		assert.Equal(t, "link-acr-vnet-test", link.Plain("virtualNetworkLinkName"))
		assert.True(t, link.DependsOn("net-vnet"))
		assert.True(t, link.DependsOn("net-acr-zone"))
		if !preview {
			assert.Equal(t, "privatelink.azurecr.io", link.Plain("privateZoneName"))
			assert.Equal(t, fakeID("Microsoft.Network/virtualNetworks/vnet-test"), link.Plain("virtualNetwork.id"))
			assert.Equal(t, "rg-test", vnet.Plain("resourceGroupName"))
			assert.Equal(t, "vnet-test", pe.Plain("virtualNetworkName"))
		}

		for _, name := range []string{"net-rg", "net-vnet", "net-snet-aca", "net-snet-pe", "net-acr-zone", "net-acr-zone-link"} {
			assert.Equal(t, "net", get(t, m, name).Parent, "%s must be parented to the component", name)
		}
		assert.Len(t, m.Registrations(), 7)
	})
}

func TestPrivateNetworkUsesExistingResourceGroup(t *testing.T) {
	args := networkArgs()
	args.CreateResourceGroup = false
	args.ResourceGroupName = pulumi.String("rg-shared")
	m := run(t, false, func(ctx *pulumi.Context) error {
		_, err := components.NewPrivateNetwork(ctx, "net", args)
		return err
	})
	assert.Empty(t, m.OfType(tokResourceGroup), "an existing resource group must not be created")
	assert.Equal(t, "rg-shared", get(t, m, "net-vnet").Plain("resourceGroupName"))
	assert.Equal(t, "rg-shared", get(t, m, "net-acr-zone").Plain("resourceGroupName"))
}

func TestPrivateNetworkZoneFollowsCloud(t *testing.T) {
	for cloud, zone := range map[components.Cloud]string{
		components.CloudPublic:       "privatelink.azurecr.io",
		components.CloudUSGovernment: "privatelink.azurecr.us",
		components.CloudChina:        "privatelink.azurecr.cn",
	} {
		args := networkArgs()
		args.Cloud = cloud
		m := run(t, false, func(ctx *pulumi.Context) error {
			_, err := components.NewPrivateNetwork(ctx, "net", args)
			return err
		})
		require.Equal(t, zone, get(t, m, "net-acr-zone").Plain("privateZoneName"), string(cloud))
	}
}

// TestPrivateNetworkReadsTheSubscriptionWhenNotGiven: without SubscriptionID
// the component asks the provider (getClientConfig), so it still recognises
// its own VNet's id in a link list and refuses to link it twice.
func TestPrivateNetworkReadsTheSubscriptionWhenNotGiven(t *testing.T) {
	args := networkArgs()
	args.SubscriptionID = ""
	args.RegistryDNSZones[0].LinkVnetIDs = []string{fakeID("Microsoft.Network/virtualNetworks/vnet-test")}
	expectFailure(t, func(ctx *pulumi.Context) error {
		_, err := components.NewPrivateNetwork(ctx, "net", args)
		return err
	}, "registry DNS zone 0 links VNet "+fakeID("Microsoft.Network/virtualNetworks/vnet-test")+" twice")
}
