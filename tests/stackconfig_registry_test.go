package tests

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/privatepull/privatepull/components/stackconfig"
)

const (
	drVnet      = `/subscriptions/6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f/resourceGroups/rg-dr/providers/Microsoft.Network/virtualNetworks/vnet-dr`
	otherSubnet = drVnet + `/subnets/snet-pe`
)

func geo(extra map[string]string) map[string]string {
	raw := with(map[string]string{"replicas": `[{"location":"koreasouth"}]`})
	for k, v := range extra {
		raw[k] = v
	}
	return raw
}

func TestRegistryValidation(t *testing.T) {
	allMembers := `"registry":"10.0.2.10","registry_data_koreacentral":"10.0.2.11","registry_data_koreasouth":"10.0.2.12"`
	cases := []struct {
		name string
		raw  map[string]string
		want string
	}{
		{"static ip misses member", geo(map[string]string{"registryPrivateEndpoints": `[{"name":"pe-a","staticIps":{"registry":"10.0.2.10","registry_data_koreacentral":"10.0.2.11"}}]`}),
			"privatepull:registryPrivateEndpoints[0].staticIps: misses member registry_data_koreasouth: a registry endpoint with static IPs needs one per member (registry, registry_data_koreacentral, registry_data_koreasouth)"},
		{"static ip unknown member", geo(map[string]string{"registryPrivateEndpoints": `[{"name":"pe-a","staticIps":{` + allMembers + `,"registry_data_westeurope":"10.0.2.13"}}]`}),
			"privatepull:registryPrivateEndpoints[0].staticIps: registry_data_westeurope is not a member of this registry"},
		{"static ip outside subnet", geo(map[string]string{"registryPrivateEndpoints": `[{"name":"pe-a","staticIps":{"registry":"10.0.3.10","registry_data_koreacentral":"10.0.2.11","registry_data_koreasouth":"10.0.2.12"}}]`}),
			"privatepull:registryPrivateEndpoints[0].staticIps: registry: 10.0.3.10 is outside its subnet 10.0.2.0/24"},
		{"static ip reserved", geo(map[string]string{"registryPrivateEndpoints": `[{"name":"pe-a","staticIps":{"registry":"10.0.2.1","registry_data_koreacentral":"10.0.2.11","registry_data_koreasouth":"10.0.2.12"}}]`}),
			"privatepull:registryPrivateEndpoints[0].staticIps: registry: 10.0.2.1 is reserved by Azure"},
		{"static ip repeated", geo(map[string]string{"registryPrivateEndpoints": `[{"name":"pe-a","staticIps":{"registry":"10.0.2.10","registry_data_koreacentral":"10.0.2.10","registry_data_koreasouth":"10.0.2.12"}}]`}),
			"10.0.2.10 is already given to privatepull:registryPrivateEndpoints[0].staticIps.registry"},
		{"static ip repeated across endpoints", geo(map[string]string{"registryPrivateEndpoints": `[{"name":"pe-a","staticIps":{` + allMembers + `}},{"name":"pe-b","staticIps":{"registry":"10.0.2.12","registry_data_koreacentral":"10.0.2.20","registry_data_koreasouth":"10.0.2.21"}}]`}),
			"privatepull:registryPrivateEndpoints[1].staticIps: registry: 10.0.2.12 is already given to"},
		{"static ip not an ip", geo(map[string]string{"registryPrivateEndpoints": `[{"name":"pe-a","staticIps":{"registry":"ten","registry_data_koreacentral":"10.0.2.11","registry_data_koreasouth":"10.0.2.12"}}]`}),
			"privatepull:registryPrivateEndpoints[0].staticIps: registry: \"ten\" is not an IPv4 address"},
		{"static ip outside other subnet", geo(map[string]string{"registryPrivateEndpoints": `[{"name":"pe-b","location":"koreasouth","subnetId":"` + otherSubnet + `","subnetCidr":"10.21.2.0/28","staticIps":{"registry":"10.21.3.4","registry_data_koreacentral":"10.21.2.5","registry_data_koreasouth":"10.21.2.6"}}]`}),
			"registry: 10.21.3.4 is outside its subnet 10.21.2.0/28"},
		{"subnet capacity", geo(map[string]string{"privateEndpointSubnetCidr": "10.0.2.0/28", "registryPrivateEndpoints": `[{"name":"pe-a"},{"name":"pe-b"},{"name":"pe-c"},{"name":"pe-d"}]`}),
			"privatepull:privateEndpointSubnetCidr: 10.0.2.0/28 has 11 usable addresses but its private endpoints need 12: each registry endpoint takes one IP for the login server and one per region (2 regions), so each replica takes one more IP in every private-endpoint subnet"},
		{"other subnet capacity", with(map[string]string{"replicas": `[{"location":"koreasouth"},{"location":"japaneast"},{"location":"japanwest"},{"location":"eastasia"},{"location":"southeastasia"},{"location":"australiaeast"},{"location":"centralindia"},{"location":"westeurope"},{"location":"northeurope"},{"location":"eastus"},{"location":"westus"}]`, "registryPrivateEndpoints": `[{"name":"pe-b","location":"koreasouth","subnetId":"` + otherSubnet + `","subnetCidr":"10.21.2.0/28"}]`}),
			"privatepull:registryPrivateEndpoints[0].subnetCidr: 10.21.2.0/28 has 11 usable addresses but its private endpoints need 13"},
		{"subnet cidr without subnet id", with(map[string]string{"registryPrivateEndpoints": `[{"name":"pe-a","subnetCidr":"10.0.2.0/24"}]`}),
			"privatepull:registryPrivateEndpoints[0].subnetCidr: is only for endpoints with a subnetId"},
		{"endpoint subnet id type", with(map[string]string{"registryPrivateEndpoints": `[{"name":"pe-a","subnetId":"/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v"}]`}),
			"privatepull:registryPrivateEndpoints[0].subnetId: \"/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v\" is a Microsoft.Network/virtualNetworks id, not a Microsoft.Network/virtualNetworks/subnets id"},
		{"endpoint duplicate", with(map[string]string{"registryPrivateEndpoints": `[{"name":"pe-a"},{"name":"PE-A"}]`}),
			"privatepull:registryPrivateEndpoints[1].name: \"PE-A\" is already used by privatepull:registryPrivateEndpoints[0].name"},
		{"replica is home", with(map[string]string{"replicas": `[{"location":"koreacentral"}]`}),
			"privatepull:replicas[0].location: \"koreacentral\" is the registry's home region"},
		{"replica twice", with(map[string]string{"replicas": `[{"location":"koreasouth"},{"location":"koreasouth"}]`}),
			"privatepull:replicas[1].location: \"koreasouth\" is listed twice"},
		{"replica zone redundancy", with(map[string]string{"replicas": `[{"location":"koreasouth","zoneRedundancy":"yes"}]`}),
			"privatepull:replicas[0].zoneRedundancy: \"yes\" must be Enabled, Disabled or omitted"},
		{"zone id type", with(map[string]string{"registryDnsZoneId": otherSubnet}),
			"privatepull:registryDnsZoneId: \"" + otherSubnet + "\" is a Microsoft.Network/virtualNetworks/subnets id"},
		{"data zone", with(map[string]string{"registryDnsZoneId": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/privateDnsZones/koreacentral.data.privatelink.azurecr.io"}),
			"privatepull:registryDnsZoneId: \"koreacentral.data.privatelink.azurecr.io\" is a data-endpoint zone"},
		{"zone of other cloud", with(map[string]string{"cloud": "usgovernment", "registryDnsZoneId": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/privateDnsZones/privatelink.azurecr.io"}),
			"privatepull:registryDnsZoneId: the zone is named \"privatelink.azurecr.io\"; the registry's records must be in privatelink.azurecr.us (usgovernment cloud)"},
		{"link vnet id", with(map[string]string{"registryDnsZoneLinkVnetIds": `["vnet-hub"]`}),
			"privatepull:registryDnsZoneLinkVnetIds[0]: \"vnet-hub\" is not an ARM resource id"},
		{"existing subnet without vnet", with(map[string]string{"existingPrivateEndpointSubnetId": otherSubnet}),
			"privatepull:existingPrivateEndpointSubnetId: needs privatepull:existingVnetId"},
		{"existing subnet in another vnet", with(map[string]string{"existingVnetId": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet-spoke", "existingPrivateEndpointSubnetId": otherSubnet}),
			"privatepull:existingPrivateEndpointSubnetId: the subnet is in VNet \"vnet-dr\", not in privatepull:existingVnetId (\"vnet-spoke\")"},
		{"existing vnet type", with(map[string]string{"existingVnetId": otherSubnet}),
			"privatepull:existingVnetId: \"" + otherSubnet + "\" is a Microsoft.Network/virtualNetworks/subnets id"},
		{"private allow-list", with(map[string]string{"registryAllowedIpRanges": `["10.1.2.3"]`}),
			"privatepull:registryAllowedIpRanges[0]: \"10.1.2.3\" is not a public IPv4 address"},
		{"bad allow-list", with(map[string]string{"registryAllowedIpRanges": `["my laptop"]`}),
			"privatepull:registryAllowedIpRanges[0]: \"my laptop\" is not an IPv4 address or CIDR"},
		{"too many endpoints", with(map[string]string{"privateEndpointSubnetCidr": "10.0.0.0/16", "vnetCidr": "10.0.0.0/8",
			"containerAppsSubnetCidr": "10.1.0.0/23", "registryPrivateEndpoints": manyEndpoints(201)}),
			"privatepull:registryPrivateEndpoints: 201 endpoints exceed the registry's limit of 200 private endpoints"},
		{"app subnet is pe subnet", with(map[string]string{"webApps": web(`"name":"web-a"`),
			"existingVnetId":                  "/subscriptions/s/resourceGroups/rg-dr/providers/Microsoft.Network/virtualNetworks/vnet-dr",
			"existingPrivateEndpointSubnetId": otherSubnet, "existingAppServiceSubnetId": otherSubnet}),
			"privatepull:existingAppServiceSubnetId: is the subnet privatepull:existingPrivateEndpointSubnetId gives to private endpoints: App Service VNet integration needs a subnet of its own (delegated to Microsoft.Web/serverFarms)"},
		{"retention", with(map[string]string{"untaggedRetentionDays": "400"}),
			"privatepull:untaggedRetentionDays: 400 must be between 0 (off) and 365"},
		{"domain name label scope", with(map[string]string{"registryDomainNameLabelScope": "tenant"}),
			"privatepull:registryDomainNameLabelScope: \"tenant\" is not a domain-name-label scope (want Unsecure, TenantReuse, " +
				"SubscriptionReuse, ResourceGroupReuse, NoReuse); it is fixed when the registry is created: a change replaces " +
				"the registry (and privatepull:protectRegistry refuses that)"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := stackconfig.Parse(tc.raw, nil)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

func TestValidGeoConfiguration(t *testing.T) {
	cfg, err := stackconfig.Parse(geo(map[string]string{
		"registryPrivateEndpoints": `[{"name":"pe-a","staticIps":{"registry":"10.0.2.10","registry_data_koreacentral":"10.0.2.11","registry_data_koreasouth":"10.0.2.12"}},` +
			`{"name":"pe-b","location":"koreasouth","subnetId":"` + otherSubnet + `","linkVnetIds":["` + drVnet + `"]}]`,
		"registryAllowedIpRanges":      `["203.0.113.7","198.51.100.0/24"]`,
		"protectRegistry":              "true",
		"untaggedRetentionDays":        "7",
		"registryDomainNameLabelScope": "TenantReuse",
	}), nil)
	require.NoError(t, err)
	assert.Equal(t, "TenantReuse", cfg.RegistryArgs(nil).DomainNameLabelScope)
	assert.Equal(t, []string{"koreacentral", "koreasouth"}, cfg.Regions())
	assert.True(t, *cfg.Replicas[0].RegionEndpointEnabled, "replicas route traffic by default")
	assert.Equal(t, "koreacentral", cfg.Endpoints()[0].Location, "endpoints default to the home region")
	assert.True(t, cfg.ProtectRegistry)
	assert.Equal(t, 7, cfg.UntaggedRetentionDays)
	assert.Equal(t, "Disabled", cfg.Replicas[0].ZoneRedundancy, "sent explicitly: the azure-native default")
	assert.Equal(t, "rg-dns-pe-b", cfg.Endpoints()[1].DNSZoneResourceGroupName, "the second endpoint's zone gets its own group")
}

func TestBringYourOwnNetworkSkipsCIDRChecks(t *testing.T) {
	vnet := "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet-dr"
	_, err := stackconfig.Parse(with(map[string]string{
		"existingVnetId":                  vnet,
		"existingPrivateEndpointSubnetId": otherSubnet,
		"vnetCidr":                        "10.99.0.0/16", // unknown for an existing VNet: not checked against subnets
		"containerAppsSubnetCidr":         "10.21.0.0/23",
	}), nil)
	require.NoError(t, err)
}

func TestDefaultEndpoint(t *testing.T) {
	cfg, err := stackconfig.Parse(with(map[string]string{"registryName": "AcrTest01"}), nil)
	require.NoError(t, err)
	assert.Equal(t, []stackconfig.RegistryPrivateEndpoint{{Name: "pe-acr-acrtest01", Location: "koreacentral"}}, cfg.Endpoints())
}

// manyEndpoints returns a registryPrivateEndpoints value with n entries.
func manyEndpoints(n int) string {
	entries := make([]string, n)
	for i := range entries {
		entries[i] = fmt.Sprintf(`{"name":"pe-%d"}`, i)
	}
	return "[" + strings.Join(entries, ",") + "]"
}
