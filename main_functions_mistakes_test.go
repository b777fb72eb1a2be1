package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/privatepull/privatepull/tests/harness"
)

// functionApps is a functionApps value with one entry made of fields.
func functionApps(fields string) string {
	return `[{"image":"samples/functions-dotnet8-quickstart","workerRuntime":"dotnet-isolated"` + fields + `}]`
}

// TestFunctionAppMistakesFailBeforeAnyResource: each mistake in the function
// app keys fails preview and up naming its key and the rule, with nothing
// registered.
func TestFunctionAppMistakesFailBeforeAnyResource(t *testing.T) {
	const fa = "privatepull:functionApps"
	assertMistakesRegisterNothing(t, []configMistake{
		{"unknown plan", map[string]string{fa: functionApps(`,"plan":"consumption"`)},
			`privatepull:functionApps[0].plan: "consumption" is not elastic (an Elastic Premium plan of the stack's own, privatepull:functionsElasticPlan) or appService`},
		{"App Service SKU for the elastic plan", map[string]string{fa: functionApps(`,"plan":"elastic"`),
			"privatepull:functionsElasticPlan": `{"sku":"P1v3"}`},
			`privatepull:functionsElasticPlan.sku: "P1v3" is a Dedicated App Service plan SKU, not Elastic Premium: run the app on the stack's App Service plan (plan appService) or use EP1, EP2 or EP3`},
		{"Flex Consumption", map[string]string{fa: functionApps(""), "privatepull:functionsElasticPlan": `{"sku":"FC1"}`},
			`privatepull:functionsElasticPlan.sku: "FC1" is not an Elastic Premium SKU (want EP1, EP2 or EP3, any case): Consumption (Y1) and Flex Consumption (FC1) run no custom containers over VNet integration`},
		{"Elastic Premium SKU for the Dedicated plan", map[string]string{"privatepull:appServicePlanSku": "EP1"},
			`privatepull:appServicePlanSku: "EP1" is a Functions/Logic Apps SKU; use an App Service plan SKU such as P1v3`},
		{"idle Elastic Premium plan", map[string]string{"privatepull:functionsElasticPlan": `{"sku":"EP2"}`},
			"privatepull:functionsElasticPlan: is set, but no privatepull:functionApps entry runs on plan elastic: an idle Elastic Premium plan still bills its instances"},
		{"plan key without function apps", map[string]string{fa: "[]", "privatepull:functionsStorageSku": "Standard_ZRS"},
			"privatepull:functionsStorageSku: configures the function apps, but privatepull:functionApps lists none"},
		{"too many workers", map[string]string{fa: functionApps(""), "privatepull:functionsElasticPlan": `{"maximumElasticWorkerCount":101}`},
			"privatepull:functionsElasticPlan.maximumElasticWorkerCount: 101 is not 1-100"},
		{"integration subnet too small for the scale-out", map[string]string{fa: functionApps(""),
			"privatepull:functionsElasticPlan": `{"maximumElasticWorkerCount":30}`},
			"privatepull:functionsElasticPlan.maximumElasticWorkerCount: 31 instances (the Elastic Premium plan's 30 and the App Service plan's 1) need 62 addresses in 10.0.3.0/26 (privatepull:appServiceSubnetCidr), which has 59 usable"},
		{"scale limit beyond the plan's", map[string]string{fa: functionApps(`,"functionAppScaleLimit":25`)},
			"privatepull:functionApps[0].functionAppScaleLimit: 25 is not 1-20: an app cannot scale beyond its plan's privatepull:functionsElasticPlan.maximumElasticWorkerCount"},
		{"always-ready beyond the limit", map[string]string{fa: functionApps(`,"functionAppScaleLimit":3,"minimumElasticInstanceCount":4`)},
			"privatepull:functionApps[0].minimumElasticInstanceCount: 4 is not 0-3"},
		{"elastic scale on the Dedicated plan", map[string]string{fa: functionApps(`,"plan":"appService","minimumElasticInstanceCount":1`)},
			"privatepull:functionApps[0].minimumElasticInstanceCount: applies to plan elastic only"},
		{"credential pull", map[string]string{fa: functionApps(`,"pullAuth":"credentials"`)},
			`privatepull:functionApps[0].pullAuth: "credentials" is not userAssigned or systemAssigned: a function app's host storage is keyless`},
		{"content share", map[string]string{fa: functionApps(`,"appSettings":{"WEBSITE_CONTENTSHARE":"func"}`)},
			"privatepull:functionApps[0].appSettings: WEBSITE_CONTENTSHARE needs a storage account key, and the host storage is keyless"},
		{"storage connection string", map[string]string{fa: functionApps(`,"appSettings":{"AzureWebJobsStorage":"UseDevelopmentStorage=true"}`)},
			"privatepull:functionApps[0].appSettings: AzureWebJobsStorage needs a storage account key"},
		{"managed setting", map[string]string{fa: functionApps(`,"appSettings":{"FUNCTIONS_EXTENSION_VERSION":"~3"}`)},
			"privatepull:functionApps[0].appSettings: FUNCTIONS_EXTENSION_VERSION is managed by privatepull"},
		{"no worker runtime", map[string]string{fa: `[{"image":"samples/functions-dotnet8-quickstart"}]`},
			`privatepull:functionApps[0].workerRuntime: is required: FUNCTIONS_WORKER_RUNTIME tells the Functions host which language worker to start`},
		{"worker runtime", map[string]string{fa: functionApps(`,"workerRuntime":"ruby"`)},
			`privatepull:functionApps[0].workerRuntime: "ruby" is not one of dotnet-isolated, dotnet, node, python, java, powershell, custom`},
		{"site name of the web app", map[string]string{fa: functionApps(`,"name":"` + devSite + `"`)},
			`privatepull:functionApps[0].name: "` + devSite + `" is already used by privatepull:webApps[0].name; site names must be unique`},
		{"image with a host", map[string]string{fa: `[{"image":"mcr.microsoft.com/azure-functions/dotnet"}]`},
			`privatepull:functionApps[0].image: "mcr.microsoft.com/azure-functions/dotnet" looks like it names a registry host`},
		{"storage name with capitals", map[string]string{"privatepull:functionsStorageAccountName": "StFunc01"},
			`privatepull:functionsStorageAccountName: "StFunc01" breaks the storage account naming rule: 3-24 lowercase letters and digits`},
		{"premium storage", map[string]string{"privatepull:functionsStorageSku": "Premium_LRS"},
			`privatepull:functionsStorageSku: sku "Premium_LRS" is not one of Standard_LRS, Standard_ZRS`},
		{"storage name and id", map[string]string{"privatepull:functionsStorageAccountName": "stfunc01",
			"privatepull:functionsStorageAccountId": devID("Microsoft.Storage/storageAccounts/stshared01")},
			"privatepull:functionsStorageAccountName: names an account to create, but privatepull:functionsStorageAccountId uses an existing one"},
		{"storage id of another type", map[string]string{"privatepull:functionsStorageAccountId": devVnet},
			"privatepull:functionsStorageAccountId: \"" + devVnet + "\" is a Microsoft.Network/virtualNetworks id, not a Microsoft.Storage/storageAccounts id"},
		{"hub storage zones, one left out", map[string]string{"privatepull:functionsStorageDnsZoneIds": `{"blob":"` +
			hubStorageZone("blob") + `","table":"` + hubStorageZone("table") + `"}`},
			"privatepull:functionsStorageDnsZoneIds: gives zones for blob, table but not for queue: give all three (blob, queue and table) or none"},
		{"hub storage zone of another service", map[string]string{"privatepull:functionsStorageDnsZoneIds": `{"blob":"` +
			hubStorageZone("table") + `","queue":"` + hubStorageZone("queue") + `","table":"` + hubStorageZone("table") + `"}`},
			`privatepull:functionsStorageDnsZoneIds.blob: the zone is named "privatelink.table.core.windows.net"; the blob endpoint's records must be in privatelink.blob.core.windows.net`},
		{"hub storage zones unlinked, unacknowledged", spokeWithHubStorageZones(map[string]string{
			"privatepull:linkVnetToFunctionsStorageDnsZones": "false"}),
			"privatepull:linkVnetToFunctionsStorageDnsZones: leaves the zones of privatepull:functionsStorageDnsZoneIds linked to no VNet of the stack"},
		{"private-endpoint subnet without room for the storage", map[string]string{"privatepull:privateEndpointSubnetCidr": "10.0.2.0/29"},
			"privatepull:privateEndpointSubnetCidr: 10.0.2.0/29 has 3 usable addresses but its private endpoints need 5"},
	})
}

// TestFunctionAppsAreRefusedInAppStacks: an app stack owns no network, so it
// cannot give the host storage its private endpoints; the error says so.
func TestFunctionAppsAreRefusedInAppStacks(t *testing.T) {
	m, _, err := runShop(t, harness.StackReference{Outputs: devOutputs(t)},
		map[string]string{"privatepull:functionApps": functionApps("")}, false)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "privatepull:functionApps: only a platform stack may set it: function apps run in "+
		"platform stacks, because their keyless host storage needs private endpoints and DNS zones in the platform's network")
	assert.Empty(t, m.Registrations())
}

// TestFunctionAppCorrectionsDeploy: what the function app rules allow.
func TestFunctionAppCorrectionsDeploy(t *testing.T) {
	cases := map[string]map[string]string{
		"Elastic Premium SKU in lower case": {"privatepull:functionApps": functionApps(""),
			"privatepull:functionsElasticPlan": `{"sku":"ep3","maximumElasticWorkerCount":28}`},
		"system-assigned on the Dedicated plan": {"privatepull:functionApps": functionApps(`,"plan":"appService","pullAuth":"systemAssigned"`)},
		"system-assigned with an ABAC registry": {"privatepull:functionApps": functionApps(`,"pullAuth":"systemAssigned"`),
			"privatepull:registryRoleAssignmentMode": "AbacRepositoryPermissions"},
		"existing host storage": {"privatepull:functionsStorageAccountId": devID("Microsoft.Storage/storageAccounts/stshared01")},
	}
	for name, changes := range cases {
		t.Run(name, func(t *testing.T) {
			config, secrets := devWith(t, changes)
			_, _, err := runConfig(t, config, secrets, false)
			require.NoError(t, err)
		})
	}
}

// TestElasticRoomInAnExistingSubnetIsAWarning: privatepull cannot count an
// existing integration subnet's addresses, so instead of checking the
// Elastic Premium plan's room it says what the subnet needs.
func TestElasticRoomInAnExistingSubnetIsAWarning(t *testing.T) {
	cfg := parseStack(t, "prod", "prod", map[string]string{"existingVnetId": spokeVnet,
		"existingAppServiceSubnetId": spokeVnet + "/subnets/snet-apps"})
	var room []string
	for _, w := range cfg.Warnings {
		if strings.HasPrefix(w, "privatepull:existingAppServiceSubnetId:") {
			room = append(room, w)
		}
	}
	assert.Equal(t, []string{"privatepull:existingAppServiceSubnetId: privatepull cannot count the addresses of an " +
		"existing subnet: 22 instances (the Elastic Premium plan's 20 and the App Service plan's 2) need 44 usable " +
		"addresses in it (every instance takes one, and a scale operation briefly doubles them); make sure it has them"}, room)
	for _, w := range parseStack(t, "prod", "prod", nil).Warnings {
		assert.NotContains(t, w, "cannot count the addresses", "the stack's own subnet is checked, not warned about")
	}
}
