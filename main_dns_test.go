package main

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/privatepull/privatepull/tests/harness"
)

const krsVnetID = "/subscriptions/6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f/resourceGroups/rg-shop-prod-krs" +
	"/providers/Microsoft.Network/virtualNetworks/vnet-shop-prod-krs"

// assertProdEndpointsHaveTheirOwnZones checks prod's second region done
// right: each registry endpoint writes to a zone of its own, and each zone is
// linked only to the VNets that use its endpoint.
func assertProdEndpointsHaveTheirOwnZones(t *testing.T, m *harness.Mocks, preview bool) {
	t.Helper()
	assert.Equal(t, []string{"network-acr-zone", "network-pe2-zone"},
		registryZoneParts(m, "azure-native:network:PrivateZone"))
	home, dr := get(t, m, "network-acr-zone"), get(t, m, "network-pe2-zone")
	assert.Equal(t, "privatelink.azurecr.io", home.Plain("privateZoneName"))
	assert.Equal(t, "privatelink.azurecr.io", dr.Plain("privateZoneName"))
	rg := get(t, m, "network-pe2-zone-rg")
	assert.Equal(t, "rg-dns-pe-acr-acrshopprod01-krs", rg.Plain("resourceGroupName"),
		"a zone name is unique per resource group: the second zone gets its own")
	assert.Equal(t, "koreasouth", rg.Plain("location"))
	assert.True(t, dr.DependsOn("network-pe2-zone-rg"))

	links := registryZoneParts(m, "azure-native:network:VirtualNetworkLink")
	assert.Equal(t, []string{"network-acr-zone-link", "network-pe2-zone-link-vnet-shop-prod-krs"}, links,
		"the home VNet links to the home zone only, the koreasouth VNet to its own zone only")
	drLink := get(t, m, "network-pe2-zone-link-vnet-shop-prod-krs")
	assert.Equal(t, krsVnetID, drLink.Plain("virtualNetwork.id"))
	assert.Equal(t, false, drLink.Plain("registrationEnabled"))

	if preview {
		return
	}
	assert.Equal(t, "rg-shop-prod", home.Plain("resourceGroupName"))
	assert.Equal(t, "rg-dns-pe-acr-acrshopprod01-krs", drLink.Plain("resourceGroupName"))
	assert.Equal(t, "privatelink.azurecr.io", drLink.Plain("privateZoneName"))
	zoneID := func(rg string) string {
		return "/subscriptions/" + harness.Subscription + "/resourceGroups/" + rg +
			"/providers/Microsoft.Network/privateDnsZones/privatelink.azurecr.io"
	}
	assert.Equal(t, zoneID("rg-shop-prod"), get(t, m, "acr-pe-dns").Plain("privateDnsZoneConfigs[0].privateDnsZoneId"))
	assert.Equal(t, zoneID("rg-dns-pe-acr-acrshopprod01-krs"),
		get(t, m, "acr-pe2-dns").Plain("privateDnsZoneConfigs[0].privateDnsZoneId"))
}

// registryZoneParts lists the PrivateNetwork's registrations of a type (the
// internal environment's own zone and link are not the registry's).
func registryZoneParts(m *harness.Mocks, token string) []string {
	out := []string{}
	for _, r := range m.OfType(token) {
		if r.Parent == "network" {
			out = append(out, r.Name)
		}
	}
	return out
}
