package tests

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/privatepull/privatepull/components"
	"github.com/privatepull/privatepull/tests/harness"
)

func networkArgs() *networkSpec {
	return &networkSpec{
		PrivateNetworkArgs: components.PrivateNetworkArgs{
			Location:            "koreacentral",
			ResourceGroupName:   pulumi.String("rg-test"),
			CreateResourceGroup: true,
			VnetName:            "vnet-test",
			VnetAddressSpace:    "10.0.0.0/16",
			ContainerAppsSubnet: &components.SubnetSpec{Name: "snet-aca", AddressPrefix: "10.0.0.0/23",
				Delegation: components.DelegationContainerApps},
			PrivateEndpointSubnet: components.SubnetSpec{Name: "snet-pe", AddressPrefix: "10.0.2.0/24"},
			Tags:                  map[string]string{"env": "test"},
		},
		RegistryDNSZones: []components.RegistryDNSZoneSpec{{Key: "acr", LinkStackVnet: true}},
		Cloud:            components.CloudPublic,
	}
}

// dnsProgram registers PrivateDnsZones "net" alone, on the known resource
// group rg-test and VNet vnet-test: its checks run before registration.
func dnsProgram(spec *networkSpec) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		_, err := components.NewPrivateDnsZones(ctx, "net", &components.PrivateDnsZonesArgs{
			ResourceGroupName: pulumi.String("rg-test"), VnetID: pulumi.String(vnetID),
			RegistryDNSZones: spec.RegistryDNSZones, AllowUnlinkedRegistryDNSZones: spec.AllowUnlinkedRegistryDNSZones,
			WebAppDNSZone: spec.WebAppDNSZone, Cloud: spec.Cloud,
		})
		return err
	}
}

func TestPrivateNetworkRegistersTheSeedNetwork(t *testing.T) {
	modes(t, func(t *testing.T, preview bool) {
		m := run(t, preview, networkProgram(networkArgs()))
		for _, kind := range []string{"PrivateNetwork", "PrivateDnsZones"} {
			component, ok := m.Component("net", kind)
			require.True(t, ok, kind)
			assert.False(t, component.Custom)
		}

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

		assert.True(t, link.DependsOn("net-rg"), "the zone's resource group is the network's")
		for name, kind := range map[string]string{"net-rg": "PrivateNetwork", "net-vnet": "PrivateNetwork",
			"net-snet-aca": "PrivateNetwork", "net-snet-pe": "PrivateNetwork", "net-acr-zone": "PrivateDnsZones",
			"net-acr-zone-link": "PrivateDnsZones"} {
			assert.Equal(t, "net", get(t, m, name).Parent, "%s must be parented to the component", name)
			assert.Contains(t, get(t, m, name).ParentURN, "privatepull:index:"+kind+"::net", name)
		}
		assert.Len(t, m.Registrations(), 8)
	})
}

func TestPrivateNetworkUsesExistingResourceGroup(t *testing.T) {
	args := networkArgs()
	args.CreateResourceGroup = false
	args.ResourceGroupName = pulumi.String("rg-shared")
	m := run(t, false, networkProgram(args))
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
		m := run(t, false, networkProgram(args))
		require.Equal(t, zone, get(t, m, "net-acr-zone").Plain("privateZoneName"), string(cloud))
	}
}

// TestDNSZonesRecognizeTheStackVnet: the zones know the stack's VNet from
// vnetId, so they refuse to link it twice: before anything is registered
// when the id is known, and (composed with the network, whose VNet id is an
// output) once it resolves, before any zone or link is created.
func TestDNSZonesRecognizeTheStackVnet(t *testing.T) {
	args := networkArgs()
	args.RegistryDNSZones[0].LinkVnetIDs = []string{vnetID}
	want := "registry DNS zone 0 links VNet " + vnetID + " twice"
	expectFailure(t, dnsProgram(args), `PrivateDnsZones "net": `+want)

	m, err := harness.Run(networkProgram(args), harness.Options{})
	require.ErrorContains(t, err, want)
	for _, name := range []string{"net-acr-zone", "net-acr-zone-link"} {
		_, created := m.Get(name)
		assert.False(t, created, "%s waits for the check", name)
	}
}

// TestDNSZonesNeedTheVnetTheyLink: a zone that links the stack's VNet needs
// vnetId, and a vnetName that names another VNet is refused.
func TestDNSZonesNeedTheVnetTheyLink(t *testing.T) {
	expectFailure(t, func(ctx *pulumi.Context) error {
		_, err := components.NewPrivateDnsZones(ctx, "net", &components.PrivateDnsZonesArgs{
			ResourceGroupName: pulumi.String("rg-test"),
			RegistryDNSZones:  []components.RegistryDNSZoneSpec{{Key: "acr", LinkStackVnet: true}},
		})
		return err
	}, "VnetID is required: a zone links the stack's VNet")
	expectFailure(t, func(ctx *pulumi.Context) error {
		_, err := components.NewPrivateDnsZones(ctx, "net", &components.PrivateDnsZonesArgs{
			ResourceGroupName: pulumi.String("rg-test"), VnetID: pulumi.String(vnetID), VnetName: "vnet-other",
			RegistryDNSZones: []components.RegistryDNSZoneSpec{{Key: "acr", LinkStackVnet: true}},
		})
		return err
	}, `VnetName "vnet-other" is not the name of VnetID`)
}
