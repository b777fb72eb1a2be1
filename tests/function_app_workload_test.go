package tests

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/privatepull/privatepull/components"
	"github.com/privatepull/privatepull/tests/harness"
)

const (
	uamiPrincipalID = "6b1f0c2d-3e4a-4b5c-8d9e-0f1a2b3c4d5e"
	sleepToken      = "time:index/sleep:Sleep"
)

var dedicatedPlanID = fakeID("Microsoft.Web/serverfarms/asp-test")

// roleDefinition is the full id of a built-in role in the fake subscription.
func roleDefinition(roleID string) string {
	return "/subscriptions/" + harness.Subscription + "/providers/Microsoft.Authorization/roleDefinitions/" + roleID
}

// storageRoles are the host's data roles by the suffix of their grants.
var storageRoles = map[string]string{
	"storage-blob":  components.StorageBlobDataOwnerRoleID,
	"storage-queue": components.StorageQueueDataContributorRoleID,
	"storage-table": components.StorageTableDataContributorRoleID,
}

// functionProgram registers the registry pull prerequisites, a
// FunctionStorage "funcstorage" and a FunctionAppWorkload "func" with the
// given apps, an EP1 plan (when an app uses it) and the Dedicated plan.
func functionProgram(apps []components.FunctionAppSpec, mutate func(*components.FunctionAppWorkloadArgs)) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		_, err := functionWorkload(ctx, apps, mutate)
		return err
	}
}

// functionWorkload registers the pull prerequisites, the host storage and a
// FunctionAppWorkload of apps (args changed by mutate) and returns the
// workload.
func functionWorkload(ctx *pulumi.Context, apps []components.FunctionAppSpec,
	mutate func(*components.FunctionAppWorkloadArgs)) (*components.FunctionAppWorkload, error) {
	grant, network, err := pullPrerequisites(ctx)
	if err != nil {
		return nil, err
	}
	storage, err := components.NewFunctionStorage(ctx, "funcstorage", storageArgs())
	if err != nil {
		return nil, err
	}
	args := &components.FunctionAppWorkloadArgs{
		AppServicePlanID: pulumi.String(dedicatedPlanID), Location: "koreacentral",
		ResourceGroupName: pulumi.String("rg-test"), IntegrationSubnetID: pulumi.String(integrationSubnetID),
		LoginServer: pulumi.String("acrtest01.azurecr.io"), RegistryID: pulumi.String(registryID),
		PullIdentityID: pulumi.String(uamiID), PullIdentityClientID: pulumi.String(uamiClientID),
		PullIdentityPrincipalID: pulumi.String(uamiPrincipalID), PullIdentityGrant: grant,
		NetworkDependencies: network,
		StorageAccountID:    storage.StorageAccountID, StorageAccountName: storage.StorageAccountName,
		StorageServiceHostNames: storage.ServiceHostNames, StorageDependencies: storage.DNSDependencies,
		StoragePropagationWaitSeconds: 300,
		Apps:                          apps,
	}
	for _, app := range apps {
		if app.Plan == components.FunctionPlanElastic {
			args.ElasticPlan = &components.ElasticPlanSpec{Name: "asp-test-ep", Sku: "ep1", MaximumElasticWorkerCount: 20}
		}
	}
	if mutate != nil {
		mutate(args)
	}
	return components.NewFunctionAppWorkload(ctx, "func", args)
}

func functionApp(name string, plan components.FunctionPlan, auth components.PullAuth) components.FunctionAppSpec {
	return components.FunctionAppSpec{Name: name, ImageRepository: "funcs/orders", ImageTag: "1.0.3", Plan: plan,
		WorkerRuntime: "dotnet-isolated", PullAuth: auth, AppSettings: map[string]string{"ORDERS_QUEUE": "orders"}}
}

// storageDNS are the storage path's zone groups and VNet links.
var storageDNS = []string{"funcstorage-blob-pe-dns", "funcstorage-queue-pe-dns", "funcstorage-table-pe-dns",
	"funcstorage-blob-zone-link", "funcstorage-queue-zone-link", "funcstorage-table-zone-link"}

// assertFunctionSite checks what every function site shares: a Linux
// function container, hardened, VNet-integrated, pulling over the VNet with a
// managed identity, after the registry's and the storage's DNS.
func assertFunctionSite(t *testing.T, site harness.Registration) {
	t.Helper()
	assert.Equal(t, tokWebApp, site.Type)
	assert.Equal(t, "func", site.Parent)
	assert.Equal(t, "functionapp,linux,container", site.Plain("kind"))
	assert.Equal(t, true, site.Plain("reserved"))
	assert.Equal(t, true, site.Plain("httpsOnly"))
	assert.Equal(t, integrationSubnetID, site.Plain("virtualNetworkSubnetId"))
	assert.Equal(t, true, site.Plain("vnetRouteAllEnabled"))
	assert.Equal(t, true, site.Plain("vnetImagePullEnabled"))
	assert.Equal(t, "1.2", site.Plain("siteConfig.minTlsVersion"))
	assert.Equal(t, "1.2", site.Plain("siteConfig.scmMinTlsVersion"))
	assert.Equal(t, "Disabled", site.Plain("siteConfig.ftpsState"))
	assert.Equal(t, true, site.Plain("siteConfig.acrUseManagedIdentityCreds"))
	assert.Equal(t, "DOCKER|acrtest01.azurecr.io/funcs/orders:1.0.3", site.Plain("siteConfig.linuxFxVersion"))
	for _, dep := range append([]string{"acr-pe-dns", "net-acr-zone-link"}, storageDNS...) {
		assert.True(t, site.DependsOn(dep), "%s must wait for %s; got %v", site.Name, dep, site.Dependencies)
	}
}

func TestFunctionAppOnItsOwnElasticPremiumPlan(t *testing.T) {
	modes(t, func(t *testing.T, preview bool) {
		app := functionApp("func-orders", components.FunctionPlanElastic, components.PullAuthUserAssigned)
		app.FunctionAppScaleLimit, app.MinimumElasticInstanceCount = 10, 2
		m := run(t, preview, functionProgram([]components.FunctionAppSpec{app}, nil))
		assert.Equal(t, "privatepull:index:FunctionAppWorkload", get(t, m, "func").Type)
		plan := get(t, m, "func-plan")
		assert.Equal(t, tokPlan, plan.Type)
		assert.Equal(t, "func", plan.Parent)
		assert.Equal(t, map[string]any{
			"name": "asp-test-ep", "resourceGroupName": "rg-test", "location": "koreacentral", "kind": "elastic",
			"reserved": true, "maximumElasticWorkerCount": float64(20),
			"sku": map[string]any{"name": "EP1", "tier": "ElasticPremium", "family": "EP"},
			// The SDK's defaults for every plan.
			"hyperV": false, "isXenon": false, "perSiteScaling": false, "zoneRedundant": false,
		}, plan.Plain(""), "an Elastic Premium Linux plan, SKU in Azure's spelling")

		site := get(t, m, "func-func-orders")
		assertFunctionSite(t, site)
		assert.True(t, site.DependsOn("func-plan"))
		assert.Equal(t, false, site.Plain("siteConfig.alwaysOn"), "Elastic Premium keeps its instances itself")
		assert.Equal(t, float64(10), site.Plain("siteConfig.functionAppScaleLimit"))
		assert.Equal(t, float64(2), site.Plain("siteConfig.minimumElasticInstanceCount"))
		if !preview {
			assert.Equal(t, fakeID("Microsoft.Web/serverfarms/asp-test-ep"), site.Plain("serverFarmId"))
		}
	})
}

func TestFunctionAppOnTheStacksDedicatedPlan(t *testing.T) {
	modes(t, func(t *testing.T, preview bool) {
		app := functionApp("func-orders", components.FunctionPlanAppService, components.PullAuthUserAssigned)
		m := run(t, preview, functionProgram([]components.FunctionAppSpec{app}, nil))
		_, created := m.Get("func-plan")
		assert.False(t, created, "no plan of its own: the stack's Dedicated plan hosts it")
		site := get(t, m, "func-func-orders")
		assertFunctionSite(t, site)
		assert.Equal(t, dedicatedPlanID, site.Plain("serverFarmId"))
		assert.Equal(t, true, site.Plain("siteConfig.alwaysOn"), "a Dedicated plan needs alwaysOn for non-HTTP triggers")
		assert.Nil(t, site.Plain("siteConfig.functionAppScaleLimit"))
		assert.Nil(t, site.Plain("siteConfig.minimumElasticInstanceCount"))
	})
}

func TestFunctionAppUserAssignedPullsAndConnectsWithTheIdentity(t *testing.T) {
	modes(t, func(t *testing.T, preview bool) {
		app := functionApp("func-orders", components.FunctionPlanElastic, components.PullAuthUserAssigned)
		m := run(t, preview, functionProgram([]components.FunctionAppSpec{app}, nil))
		site := get(t, m, "func-func-orders")
		assert.Equal(t, "UserAssigned", site.Plain("identity.type"))
		assert.Equal(t, []any{uamiID}, site.Plain("identity.userAssignedIdentities"))
		assert.Equal(t, uamiClientID, site.Plain("siteConfig.acrUserManagedIdentityID"),
			"the CLIENT id, as App Service documents and field deployments validated (docs/functions.md)")
		assert.True(t, site.DependsOn("grant"), "the app waits for the identity's registry grant")
		for suffix, roleID := range storageRoles {
			grant := get(t, m, "func-"+suffix)
			assert.Equal(t, tokRoleAssignment, grant.Type)
			assert.Equal(t, "func", grant.Parent)
			assert.Equal(t, uamiPrincipalID, grant.Plain("principalId"))
			assert.Equal(t, "ServicePrincipal", grant.Plain("principalType"))
			assert.Equal(t, roleDefinition(roleID), grant.Plain("roleDefinitionId"), "known in preview too")
			assert.True(t, grant.DependsOn("funcstorage-account"))
			assert.True(t, site.DependsOn("func-"+suffix), "the app waits for %s", suffix)
			if !preview {
				assert.Equal(t, storageAccountID, grant.Plain("scope"))
				assert.Equal(t, components.RoleAssignmentName(storageAccountID, uamiPrincipalID, roleDefinition(roleID)),
					grant.Plain("roleAssignmentName"))
			}
		}
		wait := get(t, m, "func-storage-propagation")
		assert.Equal(t, sleepToken, wait.Type)
		assert.Equal(t, "300s", wait.Plain("createDuration"))
		for suffix := range storageRoles {
			assert.True(t, wait.DependsOn("func-"+suffix))
		}
		assert.True(t, site.DependsOn("func-storage-propagation"), "the app waits for the grants to propagate")
		assert.Equal(t, []string{"func-storage-blob", "func-storage-queue", "func-storage-table", "grant", "grant-reader"},
			namesOf(m.OfType(tokRoleAssignment)), "one set of storage grants for the identity (and its registry pull pair), no per-app grant")
		if !preview {
			assert.Equal(t, functionAppSettings(map[string]any{"AzureWebJobsStorage__clientId": uamiClientID}),
				settings(t, site), "exactly these: no key, no connection string, no content share")
			assert.Empty(t, harness.StorageKeyUses(m.Registrations()), "no key anywhere")
		}
	})
}

func TestFunctionAppSystemAssignedIsGrantedAfterTheSite(t *testing.T) {
	modes(t, func(t *testing.T, preview bool) {
		app := functionApp("func-audit", components.FunctionPlanAppService, components.PullAuthSystemAssigned)
		m := run(t, preview, functionProgram([]components.FunctionAppSpec{app}, nil))
		site := get(t, m, "func-func-audit")
		assertFunctionSite(t, site)
		assert.Equal(t, "SystemAssigned", site.Plain("identity.type"))
		assert.Nil(t, site.Plain("siteConfig.acrUserManagedIdentityID"), "omitted for the site's own identity")
		assert.False(t, site.DependsOn("grant"))
		_, shared := m.Get("func-storage-blob")
		assert.False(t, shared, "no user-assigned app: the identity gets no storage grants")
		_, waits := m.Get("func-storage-propagation")
		assert.False(t, waits)

		acrPull := get(t, m, "func-func-audit-acrpull")
		assert.True(t, acrPull.DependsOn("func-func-audit"), "the registry grant follows the site, as for web apps")
		assert.Equal(t, acrPullRoleDefinition, acrPull.Plain("roleDefinitionId"))
		for suffix, roleID := range storageRoles {
			grant := get(t, m, "func-func-audit-"+suffix)
			assert.True(t, grant.DependsOn("func-func-audit"))
			assert.Equal(t, roleDefinition(roleID), grant.Plain("roleDefinitionId"))
			assert.Equal(t, "ServicePrincipal", grant.Plain("principalType"))
			if !preview {
				principal := harness.FakeGUID("site-principal:" + fakeID("Microsoft.Web/sites/func-audit"))
				assert.Equal(t, principal, grant.Plain("principalId"))
				assert.Equal(t, storageAccountID, grant.Plain("scope"))
			}
		}
		if !preview {
			assert.Equal(t, functionAppSettings(nil), settings(t, site),
				"exactly these: the site's own identity needs no client id; no key anywhere")
			assert.Empty(t, harness.StorageKeyUses(m.Registrations()), "no key anywhere")
		}
	})
}

func TestFunctionAppOutsideThePublicCloudGetsServiceUris(t *testing.T) {
	app := functionApp("func-orders", components.FunctionPlanElastic, components.PullAuthUserAssigned)
	m := run(t, false, functionProgram([]components.FunctionAppSpec{app}, func(a *components.FunctionAppWorkloadArgs) {
		a.Cloud = components.CloudUSGovernment
		a.StorageServiceHostNames = pulumi.StringMap{"blob": pulumi.String("st1.blob.core.usgovcloudapi.net"),
			"queue": pulumi.String("st1.queue.core.usgovcloudapi.net"), "table": pulumi.String("st1.table.core.usgovcloudapi.net")}
	}))
	s := settings(t, get(t, m, "func-func-orders"))
	assert.Equal(t, "https://st1.blob.core.usgovcloudapi.net", s["AzureWebJobsStorage__blobServiceUri"],
		"__accountName assumes core.windows.net")
	assert.Equal(t, "https://st1.queue.core.usgovcloudapi.net", s["AzureWebJobsStorage__queueServiceUri"])
	assert.Equal(t, "https://st1.table.core.usgovcloudapi.net", s["AzureWebJobsStorage__tableServiceUri"])
}

func TestFunctionAppWorkloadRejectsBadArgsBeforeRegistering(t *testing.T) {
	elastic := func() components.FunctionAppSpec {
		return functionApp("func-orders", components.FunctionPlanElastic, components.PullAuthUserAssigned)
	}
	dedicated := func() components.FunctionAppSpec {
		return functionApp("func-orders", components.FunctionPlanAppService, components.PullAuthUserAssigned)
	}
	cases := map[string]struct {
		app    components.FunctionAppSpec
		mutate func(*components.FunctionAppWorkloadArgs)
		want   string
	}{
		"elastic app without a plan": {elastic(), func(a *components.FunctionAppWorkloadArgs) { a.ElasticPlan = nil },
			"elasticPlan with a name is required: an app runs on plan elastic"},
		"App Service SKU for the elastic plan": {elastic(), func(a *components.FunctionAppWorkloadArgs) { a.ElasticPlan.Sku = "P1v3" },
			`elasticPlan.sku: "P1v3" is a Dedicated App Service plan SKU, not Elastic Premium`},
		"consumption SKU": {elastic(), func(a *components.FunctionAppWorkloadArgs) { a.ElasticPlan.Sku = "Y1" },
			`"Y1" is not an Elastic Premium SKU (want EP1, EP2 or EP3, any case)`},
		"idle elastic plan": {dedicated(), func(a *components.FunctionAppWorkloadArgs) {
			a.ElasticPlan = &components.ElasticPlanSpec{Name: "asp-ep", Sku: "EP1", MaximumElasticWorkerCount: 20}
		}, "elasticPlan is set, but no app runs on it"},
		"dedicated app without a plan": {dedicated(), func(a *components.FunctionAppWorkloadArgs) { a.AppServicePlanID = nil },
			"appServicePlanId is required: an app runs on plan appService"},
		"too many workers": {elastic(), func(a *components.FunctionAppWorkloadArgs) { a.ElasticPlan.MaximumElasticWorkerCount = 101 },
			"elasticPlan.maximumElasticWorkerCount 101 is not 1-100"},
		"scale limit above the plan's": {elastic(), func(a *components.FunctionAppWorkloadArgs) { a.Apps[0].FunctionAppScaleLimit = 21 },
			"functionAppScaleLimit 21 is not 0-20 (the plan's maximumElasticWorkerCount)"},
		"always-ready above the limit": {elastic(), func(a *components.FunctionAppWorkloadArgs) {
			a.Apps[0].FunctionAppScaleLimit, a.Apps[0].MinimumElasticInstanceCount = 4, 5
		}, "minimumElasticInstanceCount 5 is not 0-4"},
		"elastic scale on a dedicated plan": {dedicated(), func(a *components.FunctionAppWorkloadArgs) { a.Apps[0].FunctionAppScaleLimit = 3 },
			"functionAppScaleLimit and minimumElasticInstanceCount apply to plan elastic only"},
		"credentials": {elastic(), func(a *components.FunctionAppWorkloadArgs) { a.Apps[0].PullAuth = components.PullAuthCredentials },
			`pullAuth "credentials" is not userAssigned or systemAssigned`},
		"content share": {elastic(), func(a *components.FunctionAppWorkloadArgs) {
			a.Apps[0].AppSettings = map[string]string{"WEBSITE_CONTENTSHARE": "orders"}
		}, "appSettings: WEBSITE_CONTENTSHARE needs a storage account key, and the host storage is keyless"},
		"connection string": {elastic(), func(a *components.FunctionAppWorkloadArgs) {
			a.Apps[0].AppSettings = map[string]string{"AzureWebJobsStorage": "DefaultEndpointsProtocol=https;AccountName=x"}
		}, "appSettings: AzureWebJobsStorage needs a storage account key"},
		"identity setting": {elastic(), func(a *components.FunctionAppWorkloadArgs) {
			a.Apps[0].AppSettings = map[string]string{"azurewebjobsstorage__accountName": "other"}
		}, "appSettings: azurewebjobsstorage__accountName is managed by privatepull"},
		"runtime setting": {elastic(), func(a *components.FunctionAppWorkloadArgs) {
			a.Apps[0].AppSettings = map[string]string{"FUNCTIONS_EXTENSION_VERSION": "~3"}
		}, "appSettings: FUNCTIONS_EXTENSION_VERSION is managed by privatepull"},
		"worker runtime": {elastic(), func(a *components.FunctionAppWorkloadArgs) { a.Apps[0].WorkerRuntime = "ruby" },
			`workerRuntime "ruby" is not one of dotnet-isolated, dotnet, node`},
		"no worker runtime": {elastic(), func(a *components.FunctionAppWorkloadArgs) { a.Apps[0].WorkerRuntime = "" },
			"workerRuntime is required (FUNCTIONS_WORKER_RUNTIME: one of dotnet-isolated, dotnet, node"},
		"no principal for the storage grants": {elastic(), func(a *components.FunctionAppWorkloadArgs) { a.PullIdentityPrincipalID = nil },
			"PullIdentityPrincipalID and its grant are required"},
		"plan id of another type": {dedicated(), func(a *components.FunctionAppWorkloadArgs) { a.AppServicePlanID = pulumi.String(registryID) },
			"not a Microsoft.Web/serverFarms id"},
		"no storage": {elastic(), func(a *components.FunctionAppWorkloadArgs) { a.StorageAccountID = nil },
			"LoginServer, StorageAccountID and StorageAccountName are required"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			program := func(ctx *pulumi.Context) error {
				args := &components.FunctionAppWorkloadArgs{
					AppServicePlanID: pulumi.String(dedicatedPlanID), Location: "koreacentral",
					ResourceGroupName: pulumi.String("rg-test"), IntegrationSubnetID: pulumi.String(integrationSubnetID),
					LoginServer: pulumi.String("acrtest01.azurecr.io"), RegistryID: pulumi.String(registryID),
					PullIdentityID: pulumi.String(uamiID), PullIdentityClientID: pulumi.String(uamiClientID),
					PullIdentityPrincipalID: pulumi.String(uamiPrincipalID), PullIdentityGrantID: pulumi.String("grant-id"),
					StorageAccountID: pulumi.String(storageAccountID), StorageAccountName: pulumi.String(storageAccount),
					Apps: []components.FunctionAppSpec{c.app},
				}
				if c.app.Plan == components.FunctionPlanElastic {
					args.ElasticPlan = &components.ElasticPlanSpec{Name: "asp-ep", Sku: "EP1", MaximumElasticWorkerCount: 20}
				}
				c.mutate(args)
				_, err := components.NewFunctionAppWorkload(ctx, "func", args)
				return err
			}
			expectFailure(t, program, c.want)
		})
	}
}

func TestElasticPremiumSkusAreCanonical(t *testing.T) {
	for _, sku := range []string{"ep1", "Ep2", "EP3"} {
		got, err := components.ParseElasticPremiumSku(sku)
		require.NoError(t, err, sku)
		assert.Equal(t, "ElasticPremium", got.Tier)
		assert.Equal(t, "EP"+sku[2:], got.Name)
	}
	_, err := components.ParseElasticPremiumSku("EP4")
	assert.ErrorContains(t, err, `"EP4" is not an Elastic Premium SKU`)
}

// TestInProcessDotnetIsAcceptedWithAWarning: the in-process .NET model still
// deploys, but its support ended on 10 November 2026, and the component says
// so in its Warnings (which it also logs to the CLI).
func TestInProcessDotnetIsAcceptedWithAWarning(t *testing.T) {
	app := functionApp("func-legacy", components.FunctionPlanAppService, components.PullAuthUserAssigned)
	app.WorkerRuntime = components.FunctionWorkerRuntimeInProcess
	var workload *components.FunctionAppWorkload
	m := run(t, false, func(ctx *pulumi.Context) (err error) {
		workload, err = functionWorkload(ctx, []components.FunctionAppSpec{app}, nil)
		return err
	})
	assert.Equal(t, "dotnet", settings(t, get(t, m, "func-func-legacy"))["FUNCTIONS_WORKER_RUNTIME"])
	require.Len(t, workload.Warnings, 1)
	assert.Contains(t, workload.Warnings[0], "function app func-legacy: workerRuntime dotnet is the in-process .NET "+
		"model, whose support ended on 10 November 2026")

	m = run(t, false, functionProgram([]components.FunctionAppSpec{
		functionApp("func-current", components.FunctionPlanAppService, components.PullAuthUserAssigned)}, nil))
	assert.Equal(t, "dotnet-isolated", settings(t, get(t, m, "func-func-current"))["FUNCTIONS_WORKER_RUNTIME"])
}

// functionAppSettings are the app settings of functionApp's apps on the test
// storage account, plus extra: the managed ones (no key, no connection
// string, no content share) and the app's own.
func functionAppSettings(extra map[string]any) map[string]any {
	want := map[string]any{
		"WEBSITES_ENABLE_APP_SERVICE_STORAGE": "false",
		"ORDERS_QUEUE":                        "orders",
		"FUNCTIONS_EXTENSION_VERSION":         "~4",
		"FUNCTIONS_WORKER_RUNTIME":            "dotnet-isolated",
		"DOCKER_REGISTRY_SERVER_URL":          "https://acrtest01.azurecr.io",
		"AzureWebJobsStorage__accountName":    storageAccount,
		"AzureWebJobsStorage__credential":     "managedidentity",
		"WEBSITE_PULL_IMAGE_OVER_VNET":        "true",
	}
	for k, v := range extra {
		want[k] = v
	}
	return want
}
