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

const (
	hubSub     = "9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d"
	hubZoneID  = "/subscriptions/" + hubSub + "/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones/privatelink.azurecr.io"
	hubVnetID  = "/subscriptions/" + hubSub + "/resourceGroups/rg-hub/providers/Microsoft.Network/virtualNetworks/vnet-hub"
	byoVnetID  = "/subscriptions/" + harness.Subscription + "/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-spoke"
	byoPESubID = byoVnetID + "/subnets/snet-endpoints"
)

func TestExistingDNSZoneInAnotherSubscription(t *testing.T) {
	args := networkArgs()
	args.ExistingRegistryDNSZoneID = hubZoneID
	args.RegistryDNSZoneLinkVnetIDs = []string{hubVnetID}
	var zoneID *harness.Outputs
	m := run(t, false, func(ctx *pulumi.Context) error {
		n, err := components.NewPrivateNetwork(ctx, "net", args)
		if err == nil {
			zoneID = harness.Collect(pulumi.Map{"zone": n.RegistryDNSZoneID})
		}
		return err
	})
	assert.Empty(t, m.OfType(tokPrivateZone), "an existing zone must not be created")
	got, _ := zoneID.Get("zone")
	assert.Equal(t, hubZoneID, got)

	provider := get(t, m, "net-dns-provider")
	assert.Equal(t, "pulumi:providers:azure-native", provider.Type)
	assert.Equal(t, hubSub, provider.Plain("subscriptionId"), "links live in the zone's subscription")

	spoke := get(t, m, "net-acr-zone-link")
	assert.Equal(t, "privatelink.azurecr.io", spoke.Plain("privateZoneName"))
	assert.Equal(t, "rg-dns", spoke.Plain("resourceGroupName"))
	assert.Equal(t, false, spoke.Plain("registrationEnabled"))
	assert.Equal(t, fakeID("Microsoft.Network/virtualNetworks/vnet-test"), spoke.Plain("virtualNetwork.id"))
	hub := get(t, m, "net-acr-zone-link-vnet-hub")
	assert.Equal(t, hubVnetID, hub.Plain("virtualNetwork.id"))
	assert.Equal(t, "link-acr-vnet-hub", hub.Plain("virtualNetworkLinkName"))
	assert.Equal(t, "rg-dns", hub.Plain("resourceGroupName"))
}

func TestExtraLinksOnCreatedZoneAndSkippedStackLink(t *testing.T) {
	args := networkArgs()
	args.RegistryDNSZoneLinkVnetIDs = []string{hubVnetID}
	args.SkipRegistryDNSZoneLink = true
	m := run(t, false, func(ctx *pulumi.Context) error {
		_, err := components.NewPrivateNetwork(ctx, "net", args)
		return err
	})
	_, stackLink := m.Get("net-acr-zone-link")
	assert.False(t, stackLink)
	hub := get(t, m, "net-acr-zone-link-vnet-hub")
	assert.Equal(t, "privatelink.azurecr.io", hub.Plain("privateZoneName"))
	assert.Equal(t, "rg-test", hub.Plain("resourceGroupName"))
	_, provider := m.Get("net-dns-provider")
	assert.False(t, provider, "no extra provider for a zone the stack creates")
}

func TestBringYourOwnNetwork(t *testing.T) {
	args := networkArgs()
	args.ExistingVnetID = byoVnetID
	args.PrivateEndpointSubnet.ExistingID = byoPESubID
	var outs *harness.Outputs
	m := run(t, false, func(ctx *pulumi.Context) error {
		n, err := components.NewPrivateNetwork(ctx, "net", args)
		if err == nil {
			outs = harness.Collect(pulumi.Map{"vnet": n.VnetID, "pe": n.PrivateEndpointSubnetID})
		}
		return err
	})
	assert.Empty(t, m.OfType(tokVnet), "an existing VNet must not be created")
	_, peSubnet := m.Get("net-snet-pe")
	assert.False(t, peSubnet, "an existing subnet must not be created")
	aca := get(t, m, "net-snet-aca")
	assert.Equal(t, "vnet-spoke", aca.Plain("virtualNetworkName"), "new subnets go into the existing VNet")
	assert.Equal(t, "rg-net", aca.Plain("resourceGroupName"), "in the VNet's resource group")
	link := get(t, m, "net-acr-zone-link")
	assert.Equal(t, byoVnetID, link.Plain("virtualNetwork.id"))
	vnet, _ := outs.Get("vnet")
	assert.Equal(t, byoVnetID, vnet)
	pe, _ := outs.Get("pe")
	assert.Equal(t, byoPESubID, pe)
}

func TestNetworkRejectsIDsOfTheWrongType(t *testing.T) {
	args := networkArgs()
	args.ExistingVnetID = byoPESubID
	expectFailure(t, func(ctx *pulumi.Context) error {
		_, err := components.NewPrivateNetwork(ctx, "net", args)
		return err
	}, "is a Microsoft.Network/virtualNetworks/subnets id, not a Microsoft.Network/virtualNetworks id")
}

func TestNoDataEndpointZoneIsEverCreated(t *testing.T) {
	for _, cloud := range components.Clouds() {
		args := networkArgs()
		args.Cloud = cloud
		args.WebAppDNSZone = true
		m := run(t, false, func(ctx *pulumi.Context) error {
			_, err := components.NewPrivateNetwork(ctx, "net", args)
			return err
		})
		for _, zone := range m.OfType(tokPrivateZone) {
			assert.NotContains(t, zone.Plain("privateZoneName"), ".data.", string(cloud))
		}
		assert.Equal(t, cloud.WebAppPrivateDNSZone(), get(t, m, "net-web-zone").Plain("privateZoneName"))
	}
}

func TestParseResourceID(t *testing.T) {
	id, err := components.ParseResourceID(byoPESubID)
	require.NoError(t, err)
	assert.Equal(t, harness.Subscription, id.Subscription)
	assert.Equal(t, "rg-net", id.ResourceGroup)
	assert.Equal(t, "Microsoft.Network/virtualNetworks/subnets", id.Type())
	assert.Equal(t, "snet-endpoints", id.Name())
	for _, bad := range []string{"", "vnet-spoke", "/subscriptions/x/resourceGroups/rg", strings.TrimSuffix(byoPESubID, "/snet-endpoints")} {
		_, err := components.ParseResourceID(bad)
		assert.Error(t, err, bad)
	}
}
