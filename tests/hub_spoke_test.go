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
	args.RegistryDNSZones[0].ExistingZoneID = pulumi.String(hubZoneID)
	args.RegistryDNSZones[0].LinkVnetIDs = []string{hubVnetID}
	var zoneID *harness.Outputs
	m := run(t, false, func(ctx *pulumi.Context) error {
		n, err := newNetwork(ctx, args)
		if err == nil {
			zoneID = harness.Collect(pulumi.Map{"zone": n.dns.RegistryDNSZoneID})
		}
		return err
	})
	assert.Empty(t, m.OfType(tokPrivateZone), "an existing zone must not be created")
	got, _ := zoneID.Get("zone")
	assert.Equal(t, hubZoneID, got)

	provider := get(t, m, "net-dns-provider")
	assert.Equal(t, "pulumi:providers:azure-native", provider.Type)
	assert.Equal(t, "net", provider.Parent)
	assert.Contains(t, provider.ParentURN, "privatepull:index:PrivateDnsZones::net")
	assert.Contains(t, provider.Aliases, harness.Alias{ParentURN: "urn:pulumi:test::privatepull::privatepull:index:PrivateNetwork::net"},
		"the provider moved out of PrivateNetwork with the zones: links keep their provider")
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
	args.RegistryDNSZones[0].LinkVnetIDs = []string{hubVnetID}
	args.RegistryDNSZones[0].LinkStackVnet = false
	m := run(t, false, networkProgram(args))
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
	args.ExistingVnetID = pulumi.String(byoVnetID)
	args.PrivateEndpointSubnet.ExistingID = pulumi.String(byoPESubID)
	var outs *harness.Outputs
	m := run(t, false, func(ctx *pulumi.Context) error {
		n, err := newNetwork(ctx, args)
		if err == nil {
			outs = harness.Collect(pulumi.Map{"vnet": n.net.VnetID, "pe": n.net.PrivateEndpointSubnetID})
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
	args.ExistingVnetID = pulumi.String(byoPESubID)
	expectFailure(t, networkProgram(args), "is a Microsoft.Network/virtualNetworks/subnets id, not a Microsoft.Network/virtualNetworks id")
}

func TestNoDataEndpointZoneIsEverCreated(t *testing.T) {
	for _, cloud := range components.Clouds() {
		args := networkArgs()
		args.Cloud = cloud
		args.WebAppDNSZone = true
		m := run(t, false, networkProgram(args))
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

// TestExplicitProviderCarriesTheStackSettings: an explicit provider does not
// read the azure-native:* configuration, so the one for the hub zone's
// subscription gets the cloud, tenant, client and OIDC settings, credentials
// as secrets.
func TestExplicitProviderCarriesTheStackSettings(t *testing.T) {
	useOIDC := true
	args := networkArgs()
	args.Cloud = components.CloudUSGovernment
	args.RegistryDNSZones[0].ExistingZoneID = pulumi.String(strings.Replace(hubZoneID, "azurecr.io", "azurecr.us", 1))
	args.ProviderSettings = &components.AzureProviderSettings{
		Environment: "usgovernment", TenantID: harness.TenantID, ClientID: harness.ClientID, UseOIDC: &useOIDC,
		OIDCRequestURL: "https://token.actions.example/oidc", OIDCRequestToken: pulumi.String("request-token-1"),
		ClientSecret: pulumi.String("client-secret-1"), AuxiliaryTenantIDs: []string{"aux-tenant"},
	}
	modes(t, func(t *testing.T, preview bool) {
		m := run(t, preview, networkProgram(args))
		provider := get(t, m, "net-dns-provider")
		assert.Equal(t, hubSub, provider.Plain("subscriptionId"))
		assert.Equal(t, "usgovernment", provider.Plain("environment"), "the zone's links go to the stack's cloud")
		assert.Equal(t, harness.TenantID, provider.Plain("tenantId"))
		assert.Equal(t, harness.ClientID, provider.Plain("clientId"))
		assert.Equal(t, true, provider.Plain("useOidc"))
		assert.Equal(t, "https://token.actions.example/oidc", provider.Plain("oidcRequestUrl"))
		assert.Equal(t, []any{"aux-tenant"}, provider.Plain("auxiliaryTenantIds"))
		for _, secret := range []string{"clientSecret", "oidcRequestToken"} {
			assert.True(t, provider.IsSecret(secret), "%s must stay a secret", secret)
		}
		assert.Equal(t, "client-secret-1", provider.Plain("clientSecret"))
		assert.Empty(t, harness.PlaintextPaths(provider.Inputs, "client-secret-1"))
		assert.Nil(t, provider.Plain("clientCertificatePath"), "unset settings are not sent")
	})
}

// TestEveryEndpointGetsItsOwnZone: the second endpoint's zone is created in a
// resource group of its own (a zone name is unique per resource group) and
// linked only to its VNets; a third uses an existing regional hub zone
// through a provider for that zone's subscription.
func TestEveryEndpointGetsItsOwnZone(t *testing.T) {
	const regionalZoneID = "/subscriptions/" + hubSub + "/resourceGroups/rg-dns-krs/providers/Microsoft.Network/privateDnsZones/privatelink.azurecr.io"
	drVnetID := strings.Replace(hubVnetID, "vnet-hub", "vnet-dr", 1)
	args := networkArgs()
	args.RegistryDNSZones = append(args.RegistryDNSZones,
		components.RegistryDNSZoneSpec{Key: "pe2", ResourceGroupName: "rg-dns-pe2", CreateResourceGroup: true,
			Location: "koreasouth", LinkVnetIDs: []string{drVnetID}},
		components.RegistryDNSZoneSpec{Key: "pe3", ExistingZoneID: pulumi.String(regionalZoneID), LinkVnetIDs: []string{hubVnetID}})
	modes(t, func(t *testing.T, preview bool) {
		var outs *harness.Outputs
		m := run(t, preview, func(ctx *pulumi.Context) error {
			n, err := newNetwork(ctx, args)
			if err == nil {
				outs = harness.Collect(pulumi.Map{"zones": n.dns.RegistryDNSZoneIDs})
			}
			return err
		})
		rg := get(t, m, "net-pe2-zone-rg")
		assert.Equal(t, "rg-dns-pe2", rg.Plain("resourceGroupName"))
		assert.Equal(t, "koreasouth", rg.Plain("location"))
		zone := get(t, m, "net-pe2-zone")
		assert.Equal(t, "privatelink.azurecr.io", zone.Plain("privateZoneName"))
		assert.True(t, zone.DependsOn("net-pe2-zone-rg"))
		link := get(t, m, "net-pe2-zone-link-vnet-dr")
		assert.Equal(t, drVnetID, link.Plain("virtualNetwork.id"))
		assert.True(t, link.DependsOn("net-pe2-zone"))
		_, stackLinked := m.Get("net-pe2-zone-link")
		assert.False(t, stackLinked, "the stack's VNet resolves through the first zone only")

		provider := get(t, m, "net-pe3-dns-provider")
		assert.Equal(t, hubSub, provider.Plain("subscriptionId"))
		hub := get(t, m, "net-pe3-zone-link-vnet-hub")
		assert.Equal(t, "rg-dns-krs", hub.Plain("resourceGroupName"))
		assert.Equal(t, "privatelink.azurecr.io", hub.Plain("privateZoneName"))
		_, created := m.Get("net-pe3-zone")
		assert.False(t, created, "an existing zone is not created")

		if !preview {
			zones, known := outs.Get("zones")
			require.True(t, known)
			assert.Equal(t, []string{acrZoneIDIn("rg-test"), acrZoneIDIn("rg-dns-pe2"), regionalZoneID}, zones)
			assert.Equal(t, "rg-dns-pe2", link.Plain("resourceGroupName"))
		}
	})
}

// TestDNSLayoutsAzureRejectsFailBeforeAnyRegistration covers the layouts a
// library caller could pass: two endpoints in one zone, a VNet linked twice
// or to two zones of the same name, and a zone nothing resolves through.
// With the resource group and the VNet known, PrivateDnsZones rejects them
// before registering anything.
func TestDNSLayoutsAzureRejectsFailBeforeAnyRegistration(t *testing.T) {
	stackVnet := vnetID
	cases := map[string]struct {
		zones []components.RegistryDNSZoneSpec
		want  string
	}{
		"two endpoints, one zone": {[]components.RegistryDNSZoneSpec{
			{Key: "acr", ExistingZoneID: pulumi.String(hubZoneID), LinkStackVnet: true},
			{Key: "pe2", ExistingZoneID: pulumi.String(strings.ToUpper(hubZoneID) + "/"), LinkVnetIDs: []string{hubVnetID}},
		}, "registry DNS zones 0 and 1 are the same zone"},
		"created twice in the stack's group": {[]components.RegistryDNSZoneSpec{
			{Key: "acr", LinkStackVnet: true}, {Key: "pe2", ResourceGroupName: "RG-TEST", LinkVnetIDs: []string{hubVnetID}},
		}, "registry DNS zones 0 and 1 are the same zone"},
		"stack VNet also in the list": {[]components.RegistryDNSZoneSpec{
			{Key: "acr", LinkStackVnet: true, LinkVnetIDs: []string{stackVnet}},
		}, "links VNet " + stackVnet + " twice"},
		"one VNet, two zones": {[]components.RegistryDNSZoneSpec{
			{Key: "acr", LinkStackVnet: true, LinkVnetIDs: []string{hubVnetID}},
			{Key: "pe2", ResourceGroupName: "rg-dns-pe2", LinkVnetIDs: []string{hubVnetID}},
		}, "VNet " + hubVnetID + " is linked to registry DNS zones 0 and 1"},
		"unlinked zone": {[]components.RegistryDNSZoneSpec{
			{Key: "acr", LinkStackVnet: true}, {Key: "pe2", ResourceGroupName: "rg-dns-pe2"},
		}, "registry DNS zone 1 is linked to no VNet"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			args := networkArgs()
			args.RegistryDNSZones = tc.zones
			expectFailure(t, dnsProgram(args), tc.want)
		})
	}
	args := networkArgs()
	args.RegistryDNSZones[0].LinkStackVnet = false
	args.AllowUnlinkedRegistryDNSZones = true
	m := run(t, false, networkProgram(args))
	assert.Empty(t, m.OfType(tokVnetLink), "an acknowledged unlinked zone is accepted")
}

// acrZoneIDIn is the id of a privatelink.azurecr.io zone in a resource group
// of the harness's subscription.
func acrZoneIDIn(rg string) string {
	return "/subscriptions/" + harness.Subscription + "/resourceGroups/" + rg +
		"/providers/Microsoft.Network/privateDnsZones/privatelink.azurecr.io"
}
