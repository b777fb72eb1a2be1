package tests

import (
	"fmt"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/privatepull/privatepull/components"
	"github.com/privatepull/privatepull/tests/harness"
)

const (
	tokStorageAccount = "azure-native:storage/v20230501:StorageAccount"
	storageAccount    = "stfunctest01"
)

var storageAccountID = fakeID("Microsoft.Storage/storageAccounts/" + storageAccount)

// storageArgs is a FunctionStorage in the test VNet's private-endpoint subnet.
func storageArgs() *components.FunctionStorageArgs {
	return &components.FunctionStorageArgs{
		AccountName: storageAccount, Location: "koreacentral", ResourceGroupName: pulumi.String("rg-test"),
		PrivateEndpointSubnetID: pulumi.String(peSubnetID), VnetID: pulumi.String(vnetID),
		Tags: map[string]string{"env": "test"},
	}
}

// storageProgram registers a FunctionStorage "func" and hands it to inspect.
func storageProgram(args *components.FunctionStorageArgs, inspect func(*components.FunctionStorage)) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		s, err := components.NewFunctionStorage(ctx, "func", args)
		if err == nil && inspect != nil {
			inspect(s)
		}
		return err
	}
}

// storageOutputs runs a FunctionStorage in update mode and returns its
// outputs by name.
func storageOutputs(t *testing.T, args *components.FunctionStorageArgs, opts harness.Options) (*harness.Mocks, *harness.Outputs) {
	t.Helper()
	var outs *harness.Outputs
	m, err := harness.Run(storageProgram(args, func(s *components.FunctionStorage) {
		outs = harness.Collect(pulumi.Map{
			"id": s.StorageAccountID, "name": s.StorageAccountName, "hosts": s.ServiceHostNames,
			"endpoints": s.PrivateEndpointIDs, "zones": s.DNSZoneIDs, "linked": s.LinkedVnetIDs,
			"addresses": s.ExpectedAddresses, "ready": s.DNSReady,
		})
	}), opts)
	require.NoError(t, err)
	return m, outs
}

func TestFunctionStorageAccountIsKeylessAndPrivate(t *testing.T) {
	modes(t, func(t *testing.T, preview bool) {
		m := run(t, preview, storageProgram(storageArgs(), nil))
		assert.Equal(t, "privatepull:index:FunctionStorage", get(t, m, "func").Type)
		account := get(t, m, "func-account")
		assert.Equal(t, tokStorageAccount, account.Type)
		assert.Equal(t, "func", account.Parent)
		assert.Equal(t, map[string]any{
			"accountName": storageAccount, "resourceGroupName": "rg-test", "location": "koreacentral",
			"kind": "StorageV2", "sku": map[string]any{"name": "Standard_LRS"},
			"allowSharedKeyAccess": false, "defaultToOAuthAuthentication": true,
			"publicNetworkAccess": "Disabled", "minimumTlsVersion": "TLS1_2",
			"enableHttpsTrafficOnly": true, "allowBlobPublicAccess": false,
			"networkRuleSet": map[string]any{"defaultAction": "Deny", "bypass": "AzureServices"},
			"tags":           map[string]any{"env": "test"},
		}, account.Plain(""), "exactly the keyless, private account: nothing else is sent")
	})
}

func TestFunctionStorageHasAnEndpointZoneAndLinkPerService(t *testing.T) {
	modes(t, func(t *testing.T, preview bool) {
		m := run(t, preview, storageProgram(storageArgs(), nil))
		assert.Equal(t, []string{"func-blob-pe", "func-queue-pe", "func-table-pe"}, namesOf(m.OfType(tokPrivateEP)),
			"blob, queue and table only: no file endpoint, the content share is not used")
		assert.Equal(t, []string{"func-blob-zone", "func-queue-zone", "func-table-zone"}, namesOf(m.OfType(tokPrivateZone)))
		for _, service := range components.FunctionStorageServices {
			zone := get(t, m, "func-"+service+"-zone")
			assert.Equal(t, "func", zone.Parent)
			assert.Equal(t, "privatelink."+service+".core.windows.net", zone.Plain("privateZoneName"))
			assert.Equal(t, "rg-test", zone.Plain("resourceGroupName"))
			assert.Equal(t, "global", zone.Plain("location"))

			link := get(t, m, "func-"+service+"-zone-link")
			assert.Equal(t, "link-"+service+"-vnet-test", link.Plain("virtualNetworkLinkName"))
			assert.Equal(t, false, link.Plain("registrationEnabled"))
			assert.Equal(t, vnetID, link.Plain("virtualNetwork.id"))
			assert.True(t, link.DependsOn("func-"+service+"-zone"))

			pe := get(t, m, "func-"+service+"-pe")
			assert.Equal(t, "func", pe.Parent)
			assert.Equal(t, "pe-"+service+"-"+storageAccount, pe.Plain("privateEndpointName"))
			assert.Equal(t, "pe-"+service+"-"+storageAccount+"-nic", pe.Plain("customNetworkInterfaceName"))
			assert.Equal(t, peSubnetID, pe.Plain("subnet.id"))
			assert.Equal(t, []any{service}, pe.Plain("privateLinkServiceConnections[0].groupIds"))
			// Its only dependencies are the account and the subnet's and VNet's
			// producers (here: none, they are plain ids): nothing of the
			// registry's (main_functions_test.go checks that on the stacks).
			assert.Equal(t, []string{"func-account"}, pe.Dependencies)

			group := get(t, m, "func-"+service+"-pe-dns")
			assert.Equal(t, "default", group.Plain("privateDnsZoneGroupName"))
			assert.Equal(t, service, group.Plain("privateDnsZoneConfigs[0].name"))
			assert.True(t, group.DependsOn("func-"+service+"-zone"))
			assert.True(t, group.DependsOn("func-"+service+"-pe"))
			if !preview {
				assert.Equal(t, storageAccountID, pe.Plain("privateLinkServiceConnections[0].privateLinkServiceId"))
				assert.Equal(t, fakeID("Microsoft.Network/privateDnsZones/privatelink."+service+".core.windows.net"),
					group.Plain("privateDnsZoneConfigs[0].privateDnsZoneId"))
			}
		}
	})
}

func TestFunctionStorageOutputsComeFromTheAccountAndRecords(t *testing.T) {
	_, outs := storageOutputs(t, storageArgs(), harness.Options{})
	value := func(name string) any {
		v, ok := outs.Get(name)
		require.True(t, ok, name)
		return v
	}
	assert.Equal(t, storageAccountID, value("id"))
	assert.Equal(t, storageAccount, value("name"))
	hosts := map[string]string{}
	addresses := map[string]string{}
	endpoints, zones := map[string]string{}, map[string]string{}
	for _, service := range components.FunctionStorageServices {
		host := storageAccount + "." + service + ".core.windows.net"
		hosts[service], addresses[host] = host, harness.StorageEndpointIP(service)
		endpoints[service] = fakeID("Microsoft.Network/privateEndpoints/pe-" + service + "-" + storageAccount)
		zones[service] = fakeID("Microsoft.Network/privateDnsZones/privatelink." + service + ".core.windows.net")
	}
	assert.Equal(t, hosts, value("hosts"))
	assert.Equal(t, endpoints, value("endpoints"))
	assert.Equal(t, zones, value("zones"))
	assert.Equal(t, []string{vnetID}, value("linked"))
	assert.Equal(t, addresses, value("addresses"), "each service host resolves to its endpoint's record")
	ready := value("ready").(string)
	for _, service := range components.FunctionStorageServices {
		assert.Contains(t, ready, endpoints[service]+"/privateDnsZoneGroups/default")
		assert.Contains(t, ready, zones[service]+"/virtualNetworkLinks/link-"+service+"-vnet-test")
	}
}

func TestFunctionStorageHostNamesAreTheAccountsNotBuiltFromItsName(t *testing.T) {
	reported := func(edit func(endpoints resource.PropertyMap)) harness.Options {
		return harness.Options{EditState: func(token string, state resource.PropertyMap) {
			if token != tokStorageAccount {
				return
			}
			endpoints := state["primaryEndpoints"].ObjectValue().Copy()
			edit(endpoints)
			state["primaryEndpoints"] = resource.NewProperty(endpoints)
		}}
	}
	// In preview the account's report is unknown: the hosts are built from
	// its name, so that they (and the probe's settings) are known, and a
	// second preview, which knows the report, shows no change.
	_, outs := storageOutputs(t, storageArgs(), harness.Options{Preview: true})
	hosts, ok := outs.Get("hosts")
	require.True(t, ok, "known in preview")
	assert.Equal(t, storageAccount+".blob.core.windows.net", hosts.(map[string]string)["blob"])

	// A host that is not <name>.blob...: only the account's report gives it.
	_, outs = storageOutputs(t, storageArgs(), reported(func(e resource.PropertyMap) {
		e["blob"] = resource.NewProperty("https://" + storageAccount + "-secondary.blob.core.windows.net/")
		delete(e, "queue")
	}))
	hosts, ok = outs.Get("hosts")
	require.True(t, ok)
	assert.Equal(t, map[string]string{
		"blob":  storageAccount + "-secondary.blob.core.windows.net",
		"queue": storageAccount + ".queue.core.windows.net", // not reported: built from the name
		"table": storageAccount + ".table.core.windows.net",
	}, hosts)

	// Azure DNS zone endpoints are not served by the privatelink zones.
	_, err := harness.Run(storageProgram(storageArgs(), nil), reported(func(e resource.PropertyMap) {
		e["table"] = resource.NewProperty("https://" + storageAccount + ".z12.table.storage.azure.net/")
	}))
	require.ErrorContains(t, err, "the table endpoint "+storageAccount+".z12.table.storage.azure.net is not under "+
		"table.core.windows.net (an account with Azure DNS zone endpoints)")
}

func TestFunctionStorageExistingAccountIsReadNotCreated(t *testing.T) {
	args := storageArgs()
	existing := "/subscriptions/7d2c3b1a-0000-4000-8000-00000000c0de/resourceGroups/rg-shared/providers/" +
		"Microsoft.Storage/storageAccounts/stshared01"
	args.AccountName, args.ExistingAccountID = "", pulumi.String(existing)
	m, outs := storageOutputs(t, args, harness.Options{})
	account := get(t, m, "func-account")
	assert.Equal(t, existing, account.ReadID, "an existing account is read, never registered")
	pe := get(t, m, "func-blob-pe")
	assert.Equal(t, "pe-blob-stshared01", pe.Plain("privateEndpointName"), "endpoints are named after the account")
	assert.Equal(t, existing, pe.Plain("privateLinkServiceConnections[0].privateLinkServiceId"))
	id, _ := outs.Get("id")
	name, _ := outs.Get("name")
	hosts, _ := outs.Get("hosts")
	assert.Equal(t, existing, id)
	assert.Equal(t, "stshared01", name)
	assert.Equal(t, "stshared01.queue.core.windows.net", hosts.(map[string]string)["queue"])
}

// TestFunctionStorageExistingAccountMustBeKeylessAndPrivate: an existing
// account is its owner's, but one a key or the public network can reach
// fails the deployment (in preview too, the read being real, except for a
// setting Azure leaves out: the SDK reports an absent output as unknown in
// a preview), naming each setting, what it is and the command that fixes it.
func TestFunctionStorageExistingAccountMustBeKeylessAndPrivate(t *testing.T) {
	existing := "/subscriptions/7d2c3b1a-0000-4000-8000-00000000c0de/resourceGroups/rg-shared/providers/" +
		"Microsoft.Storage/storageAccounts/stshared01"
	for name, c := range map[string]struct {
		edit  func(state resource.PropertyMap)
		modes []bool
		want  []string
	}{
		"shared keys on": {func(s resource.PropertyMap) { s["allowSharedKeyAccess"] = resource.NewProperty(true) },
			[]bool{false, true}, []string{"allowSharedKeyAccess is not false", "--allow-shared-key-access false"}},
		"shared keys by default (null)": {func(s resource.PropertyMap) { delete(s, "allowSharedKeyAccess") },
			[]bool{false}, []string{"allowSharedKeyAccess is not false"}},
		"public access on": {func(s resource.PropertyMap) { s["publicNetworkAccess"] = resource.NewProperty("Enabled") },
			[]bool{false, true}, []string{"publicNetworkAccess is Enabled, not Disabled", "--public-network-access Disabled"}},
	} {
		for _, preview := range c.modes {
			t.Run(fmt.Sprintf("%s/preview=%v", name, preview), func(t *testing.T) {
				args := storageArgs()
				args.AccountName, args.ExistingAccountID = "", pulumi.String(existing)
				_, err := harness.Run(storageProgram(args, nil), harness.Options{Preview: preview,
					EditState: func(token string, state resource.PropertyMap) {
						if strings.HasSuffix(token, ":StorageAccount") {
							c.edit(state)
						}
					}})
				require.Error(t, err)
				assert.Contains(t, err.Error(), "existing host storage account "+existing+": ")
				for _, want := range c.want {
					assert.Contains(t, err.Error(), want)
				}
			})
		}
	}
}

func TestFunctionStorageExistingZonesAreUsedUnlinked(t *testing.T) {
	args := storageArgs()
	hub := func(service string) string {
		return "/subscriptions/7d2c3b1a-0000-4000-8000-00000000c0de/resourceGroups/rg-hub-dns/providers/" +
			"Microsoft.Network/privateDnsZones/privatelink." + service + ".core.windows.net"
	}
	args.ExistingDNSZoneIDs = map[string]string{"blob": hub("blob"), "queue": hub("queue"), "table": hub("table")}
	args.VnetID = nil
	m, outs := storageOutputs(t, args, harness.Options{})
	assert.Empty(t, m.OfType(tokPrivateZone), "the hub's zones are used, not created")
	assert.Empty(t, m.OfType(tokVnetLink), "the zone's owner links the VNets that resolve through it")
	assert.Equal(t, hub("queue"), get(t, m, "func-queue-pe-dns").Plain("privateDnsZoneConfigs[0].privateDnsZoneId"))
	linked, _ := outs.Get("linked")
	assert.Equal(t, []string{}, linked)
}

// TestFunctionStorageLinksTheVnetToExistingZonesOnRequest: with
// linkVnetToExistingDnsZones, the VNet is linked to the hub's zones as to an
// existing registry zone: in the zone's resource group, through a provider
// for the zone's subscription that carries the stack's settings; no zone is
// created and the zone groups write to the hub's zones.
func TestFunctionStorageLinksTheVnetToExistingZonesOnRequest(t *testing.T) {
	args := storageArgs()
	args.ExistingDNSZoneIDs = map[string]string{"blob": storageHubZone("blob", "core.windows.net"),
		"queue": storageHubZone("queue", "core.windows.net"), "table": storageHubZone("table", "core.windows.net")}
	args.LinkVnetToExistingDNSZones = true
	args.ProviderSettings = &components.AzureProviderSettings{TenantID: harness.TenantID, ClientID: harness.ClientID}
	modes(t, func(t *testing.T, preview bool) {
		m := run(t, preview, storageProgram(args, nil))
		assert.Empty(t, m.OfType(tokPrivateZone), "the hub's zones are used, not created")
		assert.Equal(t, []string{"func-blob-zone-link", "func-queue-zone-link", "func-table-zone-link"},
			namesOf(m.OfType(tokVnetLink)))
		for _, service := range components.FunctionStorageServices {
			provider := get(t, m, "func-"+service+"-dns-provider")
			assert.Equal(t, "pulumi:providers:azure-native", provider.Type)
			assert.Equal(t, "func", provider.Parent)
			assert.Equal(t, hubSub, provider.Plain("subscriptionId"), "links live in the zone's subscription")
			assert.Equal(t, harness.TenantID, provider.Plain("tenantId"), "the provider carries the stack's settings")

			link := get(t, m, "func-"+service+"-zone-link")
			assert.Equal(t, "func", link.Parent)
			assert.Equal(t, "func-"+service+"-dns-provider", link.Provider)
			assert.Equal(t, "privatelink."+service+".core.windows.net", link.Plain("privateZoneName"))
			assert.Equal(t, "rg-hub-dns", link.Plain("resourceGroupName"))
			assert.Equal(t, "link-"+service+"-vnet-test", link.Plain("virtualNetworkLinkName"))
			assert.Equal(t, false, link.Plain("registrationEnabled"))
			assert.Equal(t, vnetID, link.Plain("virtualNetwork.id"))

			group := get(t, m, "func-"+service+"-pe-dns")
			assert.Equal(t, "", group.Provider, "the endpoints stay in the stack's subscription")
			assert.Equal(t, storageHubZone(service, "core.windows.net"), group.Plain("privateDnsZoneConfigs[0].privateDnsZoneId"))
		}
	})
	_, outs := storageOutputs(t, args, harness.Options{})
	linked, _ := outs.Get("linked")
	assert.Equal(t, []string{vnetID}, linked)
	zones, _ := outs.Get("zones")
	assert.Equal(t, args.ExistingDNSZoneIDs, zones)
	ready, _ := outs.Get("ready")
	for _, service := range components.FunctionStorageServices {
		assert.Contains(t, ready, "link-"+service+"-vnet-test", "dnsReady waits for the links too")
	}
}

func TestFunctionStorageFollowsTheCloud(t *testing.T) {
	args := storageArgs()
	args.Cloud, args.Location = components.CloudUSGovernment, "usgovvirginia"
	m, outs := storageOutputs(t, args, harness.Options{})
	assert.Equal(t, "privatelink.blob.core.usgovcloudapi.net", get(t, m, "func-blob-zone").Plain("privateZoneName"))
	hosts, ok := outs.Get("hosts")
	require.True(t, ok)
	assert.Equal(t, storageAccount+".table.core.usgovcloudapi.net", hosts.(map[string]string)["table"])
}

func TestFunctionStorageRejectsBadArgsBeforeRegistering(t *testing.T) {
	cases := map[string]struct {
		mutate func(*components.FunctionStorageArgs)
		want   string
	}{
		"name with a hyphen": {func(a *components.FunctionStorageArgs) { a.AccountName = "st-func" },
			`"st-func" breaks the storage account naming rule: 3-24 lowercase letters and digits`},
		"premium SKU": {func(a *components.FunctionStorageArgs) { a.Sku = "Premium_LRS" },
			`sku "Premium_LRS" is not one of Standard_LRS, Standard_ZRS`},
		"SKU of an existing account": {func(a *components.FunctionStorageArgs) {
			a.ExistingAccountID, a.Sku = pulumi.String(storageAccountID), "Standard_ZRS"
		}, "sku must be unset with existingAccountId"},
		"existing id of another type": {func(a *components.FunctionStorageArgs) {
			a.AccountName, a.ExistingAccountID = "", pulumi.String(registryID)
		}, "is a Microsoft.ContainerRegistry/registries id, not a Microsoft.Storage/storageAccounts id"},
		"account name not the existing one's": {func(a *components.FunctionStorageArgs) {
			a.AccountName, a.ExistingAccountID = "stother01", pulumi.String(storageAccountID)
		}, `accountName "stother01" is not the name of existingAccountId`},
		"existing zone of another service": {func(a *components.FunctionStorageArgs) {
			a.ExistingDNSZoneIDs = map[string]string{"blob": fakeID("Microsoft.Network/privateDnsZones/privatelink.queue.core.windows.net")}
		}, "existingDnsZoneIds.blob: zone privatelink.queue.core.windows.net is not privatelink.blob.core.windows.net"},
		"file zone": {func(a *components.FunctionStorageArgs) {
			a.ExistingDNSZoneIDs = map[string]string{"file": fakeID("Microsoft.Network/privateDnsZones/privatelink.file.core.windows.net")}
		}, `existingDnsZoneIds: "file" is not a service the Functions host storage uses`},
		"no VNet for the created zones": {func(a *components.FunctionStorageArgs) { a.VnetID = nil },
			"VnetID is required: the zones the component creates are linked to it"},
		"no VNet to link to the existing zones": {func(a *components.FunctionStorageArgs) {
			a.ExistingDNSZoneIDs = map[string]string{"blob": storageHubZone("blob", "core.windows.net"),
				"queue": storageHubZone("queue", "core.windows.net"), "table": storageHubZone("table", "core.windows.net")}
			a.LinkVnetToExistingDNSZones, a.VnetID = true, nil
		}, "VnetID is required with LinkVnetToExistingDNSZones: it is the VNet linked to the existing zones"},
		"subnet of another type": {func(a *components.FunctionStorageArgs) { a.PrivateEndpointSubnetID = pulumi.String(vnetID) },
			"is a Microsoft.Network/virtualNetworks id, not a Microsoft.Network/virtualNetworks/subnets id"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			args := storageArgs()
			c.mutate(args)
			expectFailure(t, storageProgram(args, nil), c.want)
		})
	}
}
