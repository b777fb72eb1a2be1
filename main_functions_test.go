package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/privatepull/privatepull/components"
	"github.com/privatepull/privatepull/tests/harness"
)

// devID is a resource id in the dev stack's resource group.
func devID(rest string) string {
	return "/subscriptions/" + harness.Subscription + "/resourceGroups/rg-myapp/providers/" + rest
}

// dependsTransitively reports whether the registration named from waits,
// directly or through other registrations, for the one named on.
func dependsTransitively(m *harness.Mocks, from, on string) bool {
	seen := map[string]bool{}
	var walk func(name string) bool
	walk = func(name string) bool {
		if seen[name] {
			return false
		}
		seen[name] = true
		for _, r := range m.Registrations() {
			if r.Name != name {
				continue
			}
			for _, dep := range r.Dependencies {
				if dep == on || walk(dep) {
					return true
				}
			}
		}
		return false
	}
	return walk(from)
}

func TestDevFunctionAppRunsOnTheStacksPlan(t *testing.T) {
	for _, preview := range []bool{false, true} {
		m, outs := runStack(t, "dev", preview)
		site := get(t, m, "func-"+devFunction)
		assert.Equal(t, "func", site.Parent)
		assert.Equal(t, devFunction, site.Plain("name"), "the global site name is derived: no edit before the first up")
		assert.Equal(t, "functionapp,linux,container", site.Plain("kind"))
		assert.Equal(t, true, site.Plain("reserved"))
		assert.Equal(t, true, site.Plain("vnetImagePullEnabled"))
		assert.Equal(t, "UserAssigned", site.Plain("identity.type"))
		_, ownPlan := m.Get("func-plan")
		assert.False(t, ownPlan, "dev's function app runs on the stack's App Service plan")
		for _, dep := range []string{"web-plan", "network-snet-app", "pull-acrpull", "pull-acrpull-reader", "acr-pe-dns", "network-acr-zone-link",
			"acr-cache-cache-samples-functions-dotnet8-quickstart", "func-storage-blob", "func-storage-queue",
			"func-storage-table", "func-storage-propagation", "funcstorage-blob-pe-dns", "funcstorage-queue-pe-dns",
			"funcstorage-table-pe-dns", "funcstorage-blob-zone-link", "funcstorage-queue-zone-link",
			"funcstorage-table-zone-link"} {
			assert.True(t, site.DependsOn(dep), "the function app must wait for %s; got %v", dep, site.Dependencies)
		}
		assert.Equal(t, "300s", get(t, m, "func-storage-propagation").Plain("createDuration"))
		account := get(t, m, "funcstorage-account")
		assert.Equal(t, devStorage, account.Plain("accountName"), "the global account name is derived")
		assert.Equal(t, false, account.Plain("allowSharedKeyAccess"))
		assert.Equal(t, "Disabled", account.Plain("publicNetworkAccess"))
		assert.Equal(t, map[string]any{"name": "Standard_LRS"}, account.Plain("sku"))
		assert.Equal(t, "10.0.3.0/26", get(t, m, "network-snet-app").Plain("addressPrefix"))
		assert.Empty(t, harness.StorageKeyUses(m.Registrations()), "no key anywhere")
		if preview {
			continue
		}
		assert.Equal(t, devID("Microsoft.Web/serverfarms/asp-myapp"), site.Plain("serverFarmId"))
		assert.Equal(t, "DOCKER|"+devLogin+"/samples/functions-dotnet8-quickstart:1.0",
			site.Plain("siteConfig.linuxFxVersion"))
		assert.Equal(t, true, site.Plain("siteConfig.alwaysOn"))
		clientID, _ := outs.Get("identityClientId")
		principalID, _ := outs.Get("identityPrincipalId")
		assert.Equal(t, clientID, site.Plain("siteConfig.acrUserManagedIdentityID"))
		assert.Equal(t, []any{
			map[string]any{"name": "WEBSITES_ENABLE_APP_SERVICE_STORAGE", "value": "false"},
			map[string]any{"name": "FUNCTIONS_EXTENSION_VERSION", "value": "~4"},
			map[string]any{"name": "FUNCTIONS_WORKER_RUNTIME", "value": "dotnet-isolated"},
			map[string]any{"name": "DOCKER_REGISTRY_SERVER_URL", "value": "https://" + devLogin},
			map[string]any{"name": "AzureWebJobsStorage__accountName", "value": devStorage},
			map[string]any{"name": "AzureWebJobsStorage__credential", "value": "managedidentity"},
			map[string]any{"name": "AzureWebJobsStorage__clientId", "value": clientID},
			map[string]any{"name": "WEBSITE_PULL_IMAGE_OVER_VNET", "value": "true"},
		}, site.Plain("siteConfig.appSettings"), "exactly these, in this order: no key, no content share")
		storageID := devID("Microsoft.Storage/storageAccounts/" + devStorage)
		for suffix, roleID := range map[string]string{"storage-blob": components.StorageBlobDataOwnerRoleID,
			"storage-queue": components.StorageQueueDataContributorRoleID,
			"storage-table": components.StorageTableDataContributorRoleID} {
			grant := get(t, m, "func-"+suffix)
			definition := "/subscriptions/" + harness.Subscription + "/providers/Microsoft.Authorization/roleDefinitions/" + roleID
			assert.Equal(t, storageID, grant.Plain("scope"))
			assert.Equal(t, principalID, grant.Plain("principalId"))
			assert.Equal(t, definition, grant.Plain("roleDefinitionId"))
			assert.Equal(t, components.RoleAssignmentName(storageID, principalID.(string), definition),
				grant.Plain("roleAssignmentName"))
		}

		apps, ok := outs.Get("functionApps")
		require.True(t, ok)
		assert.Equal(t, asJSON(t, map[string]any{devFunction: map[string]any{
			"id":                  devID("Microsoft.Web/sites/" + devFunction),
			"plan":                "appService",
			"pullAuth":            "userAssigned",
			"image":               devLogin + "/samples/functions-dotnet8-quickstart:1.0",
			"integrationSubnetId": devID("Microsoft.Network/virtualNetworks/vnet-myapp/subnets/snet-app"),
			"storageAccountId":    storageID,
		}}), asJSON(t, apps))
		storage, ok := outs.Get("functionsStorage")
		require.True(t, ok)
		endpoints := []any{}
		hosts := map[string]any{}
		for _, service := range components.FunctionStorageServices {
			endpoints = append(endpoints, map[string]any{"service": service,
				"id":        devID("Microsoft.Network/privateEndpoints/pe-" + service + "-" + devStorage),
				"dnsZoneId": devID("Microsoft.Network/privateDnsZones/privatelink." + service + ".core.windows.net")})
			hosts[service] = devStorage + "." + service + ".core.windows.net"
		}
		assert.Equal(t, asJSON(t, map[string]any{
			"id":               storageID,
			"name":             devStorage,
			"privateEndpoints": endpoints,
			"linkedVnetIds":    []any{devID("Microsoft.Network/virtualNetworks/vnet-myapp")},
			"serviceHostNames": hosts,
		}), asJSON(t, storage), "the outputs contract verify reads")
	}
}

func TestProdFunctionAppRunsOnItsOwnElasticPremiumPlan(t *testing.T) {
	for _, preview := range []bool{false, true} {
		m, _ := runStack(t, "prod", preview)
		plan := get(t, m, "func-plan")
		assert.Equal(t, "asp-shop-prod-ep", plan.Plain("name"))
		assert.Equal(t, "elastic", plan.Plain("kind"))
		assert.Equal(t, map[string]any{"name": "EP1", "tier": "ElasticPremium", "family": "EP"}, plan.Plain("sku"))
		assert.Equal(t, float64(20), plan.Plain("maximumElasticWorkerCount"))
		site := get(t, m, "func-func-shop-orders-prod01")
		assert.True(t, site.DependsOn("func-plan"))
		assert.False(t, site.DependsOn("web-plan"), "an Elastic Premium app does not wait for the Dedicated plan")
		account := get(t, m, "funcstorage-account")
		assert.Equal(t, "stshopprodfunc01", account.Plain("accountName"))
		assert.Equal(t, map[string]any{"name": "Standard_ZRS"}, account.Plain("sku"))
		assert.Equal(t, "privatelink.blob.core.windows.net", get(t, m, "funcstorage-blob-zone").Plain("privateZoneName"))
		assert.Empty(t, harness.StorageKeyUses(m.Registrations()), "no key anywhere")
		if !preview {
			assert.Equal(t, "/subscriptions/"+harness.Subscription+"/resourceGroups/rg-shop-prod/providers/"+
				"Microsoft.Web/serverfarms/asp-shop-prod-ep", site.Plain("serverFarmId"))
			assert.Equal(t, false, site.Plain("siteConfig.alwaysOn"))
			assert.Equal(t, float64(10), site.Plain("siteConfig.functionAppScaleLimit"))
			assert.Equal(t, float64(2), site.Plain("siteConfig.minimumElasticInstanceCount"))
		}
	}
}

// TestFunctionStorageDoesNotWaitForTheRegistry: the storage path (account,
// endpoints, zones, links, zone groups, data-role grants and their wait)
// starts from the network and the identity, beside the registry chain, so it
// cannot lengthen the critical path.
func TestFunctionStorageDoesNotWaitForTheRegistry(t *testing.T) {
	for _, stack := range []string{"dev", "prod"} {
		m, _ := runStack(t, stack, false)
		var storagePath []string
		for _, r := range m.Registrations() {
			if r.Custom && (strings.HasPrefix(r.Name, "funcstorage-") || strings.HasPrefix(r.Name, "func-storage-")) {
				storagePath = append(storagePath, r.Name)
			}
		}
		require.Len(t, storagePath, 17, "%s: account, 3 zones, links, endpoints, zone groups, 3 grants, 1 wait", stack)
		for _, name := range storagePath {
			for _, registry := range []string{"acr-registry", "acr-pe", "acr-pe-dns", "pull-acrpull"} {
				assert.False(t, dependsTransitively(m, name, registry), "%s: %s waits for %s", stack, name, registry)
			}
		}
		assert.True(t, dependsTransitively(m, "func-storage-blob", "pull-identity"), "the grants follow the identity")
	}
}

// asJSON is v as JSON decodes it, so that outputs of any Go type compare
// with literals.
func asJSON(t *testing.T, v any) any {
	t.Helper()
	data, err := json.Marshal(v)
	require.NoError(t, err)
	var out any
	require.NoError(t, json.Unmarshal(data, &out))
	return out
}

// TestDerivedStorageNameKeepsNineCharactersOfTheBaseName: a long baseName
// with hyphens still gives a valid account name (3-24 lowercase letters and
// digits): its first nine letters and digits, then the stack's suffix.
func TestDerivedStorageNameKeepsNineCharactersOfTheBaseName(t *testing.T) {
	config, secrets := devWith(t, map[string]string{"privatepull:baseName": "shop-orders-eu"})
	m, _, err := runConfig(t, config, secrets, false)
	require.NoError(t, err)
	name := get(t, m, "funcstorage-account").Plain("accountName").(string)
	assert.Equal(t, "stshoporder"+strings.TrimPrefix(devStorage, "stmyapp"), name)
	assert.Len(t, name, 24, "st + 9 + the 13-character suffix: the longest name Azure accepts")
}
