package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/privatepull/privatepull/components"
)

// hubStorageZone is the hub's privatelink zone of a storage service.
func hubStorageZone(service string) string {
	return "/subscriptions/9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d/resourceGroups/rg-hub-dns/providers/" +
		"Microsoft.Network/privateDnsZones/privatelink." + service + ".core.windows.net"
}

// spokeWithHubStorageZones is the dev stack as a spoke (existingVnetId, the
// hub's registry zone) whose host storage uses the hub's three zones.
func spokeWithHubStorageZones(extra map[string]string) map[string]string {
	changes := map[string]string{
		"privatepull:existingVnetId":    spokeVnet,
		"privatepull:registryDnsZoneId": hubZone,
		"privatepull:functionsStorageDnsZoneIds": `{"blob":"` + hubStorageZone("blob") + `","queue":"` +
			hubStorageZone("queue") + `","table":"` + hubStorageZone("table") + `"}`,
	}
	for k, v := range extra {
		changes[k] = v
	}
	return changes
}

// TestSpokeFunctionStorageUsesTheHubsZones: with functionsStorageDnsZoneIds
// the stack creates no storage zone, the endpoints' zone groups write to the
// hub's zones, and the spoke VNet is linked to them as to the hub's registry
// zone (default), or not at all when the hub links it
// (linkVnetToFunctionsStorageDnsZones: false, acknowledged by
// registryDnsResolvedElsewhere), in update and preview.
func TestSpokeFunctionStorageUsesTheHubsZones(t *testing.T) {
	cases := map[string]struct {
		extra  map[string]string
		linked []any
	}{
		"linked by the stack": {nil, []any{spokeVnet}},
		"linked by the hub": {map[string]string{"privatepull:linkVnetToFunctionsStorageDnsZones": "false",
			"privatepull:linkVnetToRegistryDnsZone": "false", "privatepull:registryDnsResolvedElsewhere": "true"}, []any{}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			config, secrets := devWith(t, spokeWithHubStorageZones(tc.extra))
			for _, preview := range []bool{false, true} {
				m, outs, err := runConfig(t, config, secrets, preview)
				require.NoError(t, err)
				site := get(t, m, "func-"+devFunction)
				var links []string
				for _, service := range components.FunctionStorageServices {
					_, zone := m.Get("funcstorage-" + service + "-zone")
					assert.False(t, zone, "no %s zone is created: the hub's is used", service)
					group := get(t, m, "funcstorage-"+service+"-pe-dns")
					assert.Equal(t, hubStorageZone(service), group.Plain("privateDnsZoneConfigs[0].privateDnsZoneId"))
					assert.True(t, site.DependsOn("funcstorage-"+service+"-pe-dns"), "the app waits for its records")
					link, linked := m.Get("funcstorage-" + service + "-zone-link")
					if !linked {
						continue
					}
					links = append(links, link.Name)
					assert.Equal(t, "funcstorage-"+service+"-dns-provider", link.Provider)
					assert.Equal(t, "9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d",
						get(t, m, "funcstorage-"+service+"-dns-provider").Plain("subscriptionId"))
					assert.Equal(t, "rg-hub-dns", link.Plain("resourceGroupName"))
					assert.Equal(t, "link-"+service+"-vnet-spoke", link.Plain("virtualNetworkLinkName"))
					assert.Equal(t, spokeVnet, link.Plain("virtualNetwork.id"))
					assert.True(t, site.DependsOn(link.Name), "the app waits for the spoke's link")
				}
				if len(tc.linked) == 0 {
					assert.Empty(t, links, "the hub links the spoke: a second link would fail")
				} else {
					assert.Len(t, links, 3)
				}
				if preview {
					continue
				}
				storage, ok := outs.Get("functionsStorage")
				require.True(t, ok)
				out := asJSON(t, storage).(map[string]any)
				assert.Equal(t, tc.linked, out["linkedVnetIds"])
				for i, service := range components.FunctionStorageServices {
					assert.Equal(t, hubStorageZone(service), out["privateEndpoints"].([]any)[i].(map[string]any)["dnsZoneId"])
				}
			}
		})
	}
}
