package tests

import (
	"errors"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/privatepull/privatepull/components/stackconfig"
)

// storageHubZone is the hub's privatelink zone of a storage service in
// another subscription (suffix: core.windows.net, core.usgovcloudapi.net...).
func storageHubZone(service, suffix string) string {
	return "/subscriptions/" + hubSub + "/resourceGroups/rg-hub-dns/providers/Microsoft.Network/privateDnsZones/" +
		"privatelink." + service + "." + suffix
}

// hubStorageZones is a functionsStorageDnsZoneIds value with the hub's zones
// of the public cloud.
func hubStorageZones() string {
	return `{"blob":"` + storageHubZone("blob", "core.windows.net") + `","queue":"` +
		storageHubZone("queue", "core.windows.net") + `","table":"` + storageHubZone("table", "core.windows.net") + `"}`
}

// withFunctions is a valid configuration with one function app and extra.
func withFunctions(extra map[string]string) map[string]string {
	raw := with(map[string]string{"functionApps": `[{"image":"samples/func","workerRuntime":"dotnet-isolated"}]`})
	for k, v := range extra {
		raw[k] = v
	}
	return raw
}

// parseInItsCloud parses raw with azure-native:environment set to its cloud,
// as a sovereign stack must.
func parseInItsCloud(raw map[string]string) (*stackconfig.Config, error) {
	env := stackconfig.Environment{}
	if cloud := raw["cloud"]; cloud != "" {
		env.AzureNative = map[string]string{"environment": cloud}
	}
	return stackconfig.ParseIn(env, raw, nil)
}

func TestFunctionsStorageDNSZoneMistakesNameKeyAndRule(t *testing.T) {
	const key = "privatepull:functionsStorageDnsZoneIds"
	public := func(service string) string { return storageHubZone(service, "core.windows.net") }
	cases := []struct {
		name string
		raw  map[string]string
		want string
	}{
		{"id of another type", withFunctions(map[string]string{"functionsStorageDnsZoneIds": `{"blob":"` + hubVnetID +
			`","queue":"` + public("queue") + `","table":"` + public("table") + `"}`}),
			key + `.blob: "` + hubVnetID + `" is a Microsoft.Network/virtualNetworks id, not a Microsoft.Network/privateDnsZones id`},
		{"zone of another service", withFunctions(map[string]string{"functionsStorageDnsZoneIds": `{"blob":"` +
			public("queue") + `","queue":"` + public("queue") + `","table":"` + public("table") + `"}`}),
			key + `.blob: the zone is named "privatelink.queue.core.windows.net"; the blob endpoint's records must be in ` +
				`privatelink.blob.core.windows.net (public cloud)`},
		{"zone of another cloud", withFunctions(map[string]string{"cloud": "usgovernment", "location": "usgovvirginia",
			"functionsStorageDnsZoneIds": `{"blob":"` + storageHubZone("blob", "core.usgovcloudapi.net") + `","queue":"` +
				public("queue") + `","table":"` + storageHubZone("table", "core.usgovcloudapi.net") + `"}`}),
			key + `.queue: the zone is named "privatelink.queue.core.windows.net"; the queue endpoint's records must be ` +
				`in privatelink.queue.core.usgovcloudapi.net (usgovernment cloud), the zone Azure resolves ` +
				`<account>.queue.core.usgovcloudapi.net through`},
		{"registry zone", withFunctions(map[string]string{"functionsStorageDnsZoneIds": `{"blob":"` + hubZoneID +
			`","queue":"` + public("queue") + `","table":"` + public("table") + `"}`}),
			key + `.blob: the zone is named "privatelink.azurecr.io"; the blob endpoint's records must be in ` +
				`privatelink.blob.core.windows.net`},
		{"misspelt service", withFunctions(map[string]string{"functionsStorageDnsZoneIds": `{"blbo":"` + public("blob") +
			`","queue":"` + public("queue") + `","table":"` + public("table") + `"}`}),
			key + ".blbo: is not a storage service (did you mean blob?); only blob, queue and table take a zone"},
		{"file zone", withFunctions(map[string]string{"functionsStorageDnsZoneIds": `{"file":"` + public("file") + `"}`}),
			key + ".file: privatepull creates no file endpoint: the keyless host storage has no Azure Files content share"},
		{"two of three", withFunctions(map[string]string{"functionsStorageDnsZoneIds": `{"blob":"` + public("blob") +
			`","queue":"` + public("queue") + `"}`}),
			key + ": gives zones for blob, queue but not for table: give all three (blob, queue and table) or none. " +
				"The Functions host uses all three services; for one left out privatepull would create its own " +
				"privatelink.table.core.windows.net zone and link the stack's VNet to it, which Azure refuses on a VNet " +
				"already linked to the hub's zone of that name"},
		{"not an object", withFunctions(map[string]string{"functionsStorageDnsZoneIds": `["` + public("blob") + `"]`}),
			key + ": cannot read the value"},
		{"misspelt key", withFunctions(map[string]string{"functionsStorageDnsZoneId": hubStorageZones()}),
			"privatepull:functionsStorageDnsZoneId: is not a privatepull setting (did you mean " + key + "?)"},
		{"unlinked without acknowledgement", withFunctions(map[string]string{"functionsStorageDnsZoneIds": hubStorageZones(),
			"linkVnetToFunctionsStorageDnsZones": "false"}),
			"privatepull:linkVnetToFunctionsStorageDnsZones: leaves the zones of " + key + " linked to no VNet of the " +
				"stack, so nothing the stack owns resolves the host storage through them; keep it true, or set " +
				"privatepull:registryDnsResolvedElsewhere: true"},
		{"link switch without existing zones", withFunctions(map[string]string{"linkVnetToFunctionsStorageDnsZones": "false"}),
			"privatepull:linkVnetToFunctionsStorageDnsZones: applies to the zones of " + key + " only, which is not set: " +
				"the storage zones privatepull creates are always linked to the stack's VNet"},
		{"zones without function apps", with(map[string]string{"functionsStorageDnsZoneIds": hubStorageZones()}),
			key + ": configures the function apps, but privatepull:functionApps lists none: remove it or add function apps"},
		{"link switch without function apps", with(map[string]string{"linkVnetToFunctionsStorageDnsZones": "false"}),
			"privatepull:linkVnetToFunctionsStorageDnsZones: configures the function apps, but privatepull:functionApps lists none"},
		{"link switch not a boolean", withFunctions(map[string]string{"functionsStorageDnsZoneIds": hubStorageZones(),
			"linkVnetToFunctionsStorageDnsZones": "no"}),
			`privatepull:linkVnetToFunctionsStorageDnsZones: "no" is not a boolean`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := parseInItsCloud(tc.raw)
			require.Error(t, err)
			var cfgErr *stackconfig.Error
			require.True(t, errors.As(err, &cfgErr))
			assert.Contains(t, err.Error(), tc.want)
			assert.Len(t, cfgErr.Problems, 1, "only the mistake is reported: %v", cfgErr.Problems)
		})
	}
}

func TestFunctionsStorageDNSZoneProblemsAreListedTogether(t *testing.T) {
	_, err := stackconfig.Parse(withFunctions(map[string]string{
		"functionsStorageDnsZoneIds":         `{"blob":"` + hubVnetID + `","table":"` + storageHubZone("table", "core.windows.net") + `"}`,
		"linkVnetToFunctionsStorageDnsZones": "false",
		"functionsStorageSku":                "Premium_LRS",
	}), nil)
	require.Error(t, err)
	var cfgErr *stackconfig.Error
	require.True(t, errors.As(err, &cfgErr))
	assert.Len(t, cfgErr.Problems, 4, "%v", cfgErr.Problems)
	for _, want := range []string{
		"privatepull:functionsStorageDnsZoneIds.blob: \"" + hubVnetID + "\" is a Microsoft.Network/virtualNetworks id",
		"privatepull:functionsStorageDnsZoneIds: gives zones for blob, table but not for queue",
		"privatepull:linkVnetToFunctionsStorageDnsZones: leaves the zones",
		"privatepull:functionsStorageSku: sku \"Premium_LRS\"",
	} {
		assert.Contains(t, err.Error(), want)
	}
}

func TestFunctionsStorageDNSZoneIDsReachTheComponent(t *testing.T) {
	vnet, subnet := pulumi.String(vnetID), pulumi.String(peSubnetID)
	cases := map[string]struct {
		raw   map[string]string
		zones map[string]string
		link  bool
	}{
		"the stack's own zones": {withFunctions(nil), nil, false},
		"hub zones, linked by default": {withFunctions(map[string]string{"functionsStorageDnsZoneIds": hubStorageZones()}),
			map[string]string{"blob": storageHubZone("blob", "core.windows.net"),
				"queue": storageHubZone("queue", "core.windows.net"), "table": storageHubZone("table", "core.windows.net")}, true},
		"hub zones the hub links": {withFunctions(map[string]string{"functionsStorageDnsZoneIds": hubStorageZones(),
			"linkVnetToFunctionsStorageDnsZones": "false", "linkVnetToRegistryDnsZone": "false",
			"registryDnsResolvedElsewhere": "true"}),
			map[string]string{"blob": storageHubZone("blob", "core.windows.net"),
				"queue": storageHubZone("queue", "core.windows.net"), "table": storageHubZone("table", "core.windows.net")}, false},
		"sovereign hub zones": {withFunctions(map[string]string{"cloud": "usgovernment", "location": "usgovvirginia",
			"functionsStorageDnsZoneIds": `{"blob":"` + storageHubZone("blob", "core.usgovcloudapi.net") + `","queue":"` +
				storageHubZone("queue", "core.usgovcloudapi.net") + `","table":"` + storageHubZone("table", "core.usgovcloudapi.net") + `"}`}),
			map[string]string{"blob": storageHubZone("blob", "core.usgovcloudapi.net"),
				"queue": storageHubZone("queue", "core.usgovcloudapi.net"), "table": storageHubZone("table", "core.usgovcloudapi.net")}, true},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			cfg, err := parseInItsCloud(tc.raw)
			require.NoError(t, err)
			args := cfg.FunctionStorageArgs(pulumi.String("rg-test"), subnet, vnet)
			assert.Equal(t, tc.zones, args.ExistingDNSZoneIDs)
			assert.Equal(t, tc.link, args.LinkVnetToExistingDNSZones)
			require.NotNil(t, args.ProviderSettings, "the links' providers carry the stack's azure-native settings")
			assert.Equal(t, tc.raw["cloud"], args.ProviderSettings.Environment)
		})
	}
}
