package main

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// storageURN is the consumer's FunctionStorage, whose outputs feed its
// FunctionAppWorkload.
const storageURN = consumer + "privatepull:index:FunctionStorage::funcstorage"

// storageInputs are a FunctionStorage in the consumer's network (outputs).
func storageInputs(preview bool) map[string]property.Value {
	return map[string]property.Value{
		"accountName":             str("stapp01"),
		"location":                str("koreacentral"),
		"resourceGroupName":       out(preview, rgName, consumerRG),
		"privateEndpointSubnetId": out(preview, peSubnetID, networkURN),
		"vnetId":                  out(preview, vnetID, networkURN),
		"vnetName":                str("vnet-app"),
		"sku":                     str("Standard_ZRS"),
	}
}

// TestConstructFunctionStorage: the keyless account, and per service a
// zone linked to the VNet, an endpoint and its zone group, each waiting
// only for the network it is given (never for a registry).
func TestConstructFunctionStorage(t *testing.T) {
	modes(t, func(t *testing.T, preview bool) {
		s, rec := newServer(t, preview)
		resp, err := construct(s, preview, "FunctionStorage", "funcstorage", storageInputs(preview))
		require.NoError(t, err)
		account := rec.get(t, "funcstorage-account")
		assert.Equal(t, "azure-native:storage/v20230501:StorageAccount", account.Type)
		assert.Equal(t, "funcstorage", account.Parent)
		assert.Equal(t, false, account.input("allowSharedKeyAccess"))
		assert.Equal(t, "Disabled", account.input("publicNetworkAccess"))
		assert.Equal(t, map[string]any{"name": "Standard_ZRS"}, account.input("sku"))
		for _, service := range []string{"blob", "queue", "table"} {
			pe := rec.get(t, "funcstorage-"+service+"-pe")
			if !preview { // in preview the account's id, and so the whole connection list, is unknown
				assert.Equal(t, []any{service}, pe.input("privateLinkServiceConnections.0.groupIds"))
			}
			assert.True(t, pe.dependsOn(networkURN), "%s waits for the subnet", pe.Name)
			link := rec.get(t, "funcstorage-"+service+"-zone-link")
			assert.Equal(t, "link-"+service+"-vnet-app", link.input("virtualNetworkLinkName"), "known in preview")
			rec.get(t, "funcstorage-"+service+"-pe-dns")
		}
		assert.False(t, rec.has("funcstorage-file-pe"), "no content share, no file endpoint")
		if !preview {
			assert.Equal(t, "stapp01", resp.State.Get("storageAccountName").AsString())
			assert.Equal(t, map[string]any{"blob": "stapp01.blob.core.windows.net", "queue": "stapp01.queue.core.windows.net",
				"table": "stapp01.table.core.windows.net"}, plain(resp.State.Get("serviceHostNames")))
		}
	})
	s, rec := newServer(t, false)
	in := storageInputs(false)
	in["accountName"] = str("st-app")
	_, err := construct(s, false, "FunctionStorage", "funcstorage", in)
	require.ErrorContains(t, err, `"st-app" breaks the storage account naming rule`)
	assert.Empty(t, rec.regs)
}

// TestConstructFunctionAppWorkload: an Elastic Premium app waits, across
// the boundary, for the identity's grant, the registry's network and the
// storage's DNS it is given, and for its storage data roles.
func TestConstructFunctionAppWorkload(t *testing.T) {
	storageID := rgID + "/providers/Microsoft.Storage/storageAccounts/stapp01"
	modes(t, func(t *testing.T, preview bool) {
		s, rec := newServer(t, preview)
		resp, err := construct(s, preview, "FunctionAppWorkload", "func", map[string]property.Value{
			"elasticPlan": obj(map[string]property.Value{"name": str("asp-app-ep"), "sku": str("ep1"),
				"maximumElasticWorkerCount": num(20)}),
			"location":                      str("koreacentral"),
			"resourceGroupName":             out(preview, rgName, consumerRG),
			"integrationSubnetId":           out(preview, rgID+"/providers/Microsoft.Network/virtualNetworks/vnet-app/subnets/snet-app", networkURN),
			"loginServer":                   out(preview, "acrapp01.azurecr.io", registryURN),
			"pullIdentityId":                out(preview, rgID+"/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-pull", identityURN),
			"pullIdentityClientId":          out(preview, "client-id", identityURN),
			"pullIdentityPrincipalId":       out(preview, "principal-id", identityURN),
			"pullIdentityGrantId":           out(preview, "grant-id", identityURN),
			"networkReady":                  list(out(preview, "zone-group-id", endpointsURN)),
			"storageAccountId":              out(preview, storageID, storageURN),
			"storageAccountName":            out(preview, "stapp01", storageURN),
			"storageReady":                  list(out(preview, "storage-dns", storageURN)),
			"storagePropagationWaitSeconds": num(300),
			"apps": list(obj(map[string]property.Value{"name": str("func-orders"), "imageRepository": str("funcs/orders"),
				"imageTag": str("1.0.3"), "plan": str("elastic"), "pullAuth": str("userAssigned"), "workerRuntime": str("dotnet-isolated"),
				"functionAppScaleLimit": num(10)})),
		})
		require.NoError(t, err)
		plan := rec.get(t, "func-plan")
		assert.Equal(t, map[string]any{"name": "EP1", "tier": "ElasticPremium", "family": "EP"}, plan.input("sku"))
		assert.Equal(t, "elastic", plan.input("kind"))
		site := rec.get(t, "func-func-orders")
		assert.Equal(t, "functionapp,linux,container", site.input("kind"))
		for _, dep := range []string{identityURN, endpointsURN, storageURN, networkURN} {
			assert.True(t, site.dependsOn(dep), "the app waits for %s; got %v", dep, site.Deps)
		}
		for _, grant := range []string{"func-storage-blob", "func-storage-queue", "func-storage-table"} {
			assert.True(t, rec.get(t, grant).dependsOn(storageURN))
		}
		rec.get(t, "func-storage-propagation")
		if !preview {
			assert.Equal(t, map[string]any{"func-orders": "func-orders.azurewebsites.net"}, plain(resp.State.Get("appHostNames")))
		}
	})
}
