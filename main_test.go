package main

import (
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/privatepull/privatepull/components/stackconfig"
	"github.com/privatepull/privatepull/tests/harness"
)

const (
	tokContainerApp = "azure-native:app/v20240301:ContainerApp"
	tokRegistry     = "azure-native:containerregistry/v20241101preview:Registry"
)

// runConfig runs the composition as stack dev under mocks and collects its
// stack outputs.
func runConfig(t *testing.T, config map[string]string, secrets []string, preview bool) (*harness.Mocks, *harness.Outputs, error) {
	t.Helper()
	return runConfigAs(t, "dev", config, secrets, preview)
}

// runConfigAs is runConfig for a named stack (derived global names depend on it).
func runConfigAs(t *testing.T, stackName string, config map[string]string, secrets []string, preview bool) (*harness.Mocks, *harness.Outputs, error) {
	t.Helper()
	return runProgram(t, harness.Options{Preview: preview, Stack: stackName, Config: config, SecretKeys: secrets})
}

// runProgram runs the composition under mocks with the given options (the
// keys of opts.Config are the keys the stack sets) and collects its outputs.
func runProgram(t *testing.T, opts harness.Options) (*harness.Mocks, *harness.Outputs, error) {
	t.Helper()
	var outs *harness.Outputs
	keys := make([]string, 0, len(opts.Config))
	for k := range opts.Config {
		keys = append(keys, k)
	}
	m, err := harness.Run(func(ctx *pulumi.Context) error {
		outputs, err := stack(ctx, keys)
		if err != nil {
			return err
		}
		outs = harness.Collect(outputs)
		return nil
	}, opts)
	return m, outs, err
}

// runStack runs the composition against a real stack file.
func runStack(t *testing.T, name string, preview bool) (*harness.Mocks, *harness.Outputs) {
	t.Helper()
	config, secrets, err := harness.StackConfig(".", name)
	require.NoError(t, err)
	m, outs, err := runConfigAs(t, name, config, secrets, preview)
	require.NoError(t, err)
	return m, outs
}

func get(t *testing.T, m *harness.Mocks, name string) harness.Registration {
	t.Helper()
	r, ok := m.Get(name)
	require.Truef(t, ok, "no resource named %q was registered", name)
	return r
}

func names(regs []harness.Registration) []string {
	out := []string{}
	for _, r := range regs {
		out = append(out, r.Name)
	}
	sort.Strings(out)
	return out
}

// assertComposition checks what every stack must register, whatever its size.
func assertComposition(t *testing.T, m *harness.Mocks, apps []string, preview bool) {
	t.Helper()
	for _, c := range []struct{ name, kind string }{
		{"network", "PrivateNetwork"}, {"network", "PrivateDnsZones"}, {"acr", "PrivateRegistry"},
		{"acr", "RegistryEndpoints"}, {"acr", "RegistryImages"}, {"pull", "PullIdentity"},
		{"aca", "ContainerAppsEnvironment"}, {"aca", "ContainerAppWorkload"},
	} {
		r, ok := m.Component(c.name, c.kind)
		require.True(t, ok, "no %s named %s", c.kind, c.name)
		assert.Equal(t, "", r.Parent, "components hang off the stack")
	}
	for child, kind := range map[string]string{
		"network-vnet": "PrivateNetwork", "network-snet-pe": "PrivateNetwork", "network-acr-zone": "PrivateDnsZones",
		"network-acr-zone-link": "PrivateDnsZones", "acr-registry": "PrivateRegistry", "acr-pe": "RegistryEndpoints",
		"acr-pe-dns": "RegistryEndpoints", "pull-acrpull": "PullIdentity", "aca-env": "ContainerAppsEnvironment",
		"aca-logs": "ContainerAppsEnvironment", "aca-logs-workspace": "ContainerAppsEnvironment",
	} {
		assert.Contains(t, get(t, m, child).ParentURN, "::privatepull:index:"+kind+"::", "%s is a child of %s", child, kind)
	}
	reg := get(t, m, "acr-registry")
	assert.Equal(t, tokRegistry, reg.Type)
	assert.Equal(t, "Premium", reg.Plain("sku.name"))
	assert.Equal(t, "Disabled", reg.Plain("publicNetworkAccess"))
	assert.Equal(t, false, reg.Plain("adminUserEnabled"))
	assert.Equal(t, false, reg.Plain("anonymousPullEnabled"))
	assert.Equal(t, true, reg.Plain("dataEndpointEnabled"))
	assert.Equal(t, "enabled", reg.Plain("policies.azureADAuthenticationAsArmPolicy.status"))

	assert.Equal(t, "Disabled", get(t, m, "network-snet-pe").Plain("privateEndpointNetworkPolicies"))
	assert.Equal(t, false, get(t, m, "network-acr-zone-link").Plain("registrationEnabled"))
	assert.Equal(t, []any{"registry"}, get(t, m, "acr-pe").Plain("privateLinkServiceConnections[0].groupIds"))
	ra := get(t, m, "pull-acrpull")
	assert.Equal(t, "ServicePrincipal", ra.Plain("principalType"))
	// Known in preview too: the subscription comes from the provider's client
	// configuration, so a pull-request reviewer sees the exact role granted.
	assert.Equal(t, "/subscriptions/"+harness.Subscription+
		"/providers/Microsoft.Authorization/roleDefinitions/7f951dda-4ed3-4680-a7ca-43fe172d538d", ra.Plain("roleDefinitionId"))
	if !preview {
		assert.Equal(t, get(t, m, "acr-pe").Plain("privateLinkServiceConnections[0].privateLinkServiceId"), ra.Plain("scope"))
	}
	wait := get(t, m, "pull-acrpull-propagation")
	assert.Equal(t, "time:index/sleep:Sleep", wait.Type)
	assert.Equal(t, "pull", wait.Parent)
	assert.Equal(t, "300s", wait.Plain("createDuration"), "RBAC can take up to 10 minutes: the default wait is 300 s")
	assert.True(t, wait.DependsOn("pull-acrpull"), "the wait starts once the grant exists")

	env := get(t, m, "aca-env")
	assert.Equal(t, "Consumption", env.Plain("workloadProfiles[0].name"), "always a workload-profiles environment")
	assert.Equal(t, "Consumption", env.Plain("workloadProfiles[0].workloadProfileType"))
	assert.Equal(t, "Microsoft.App/environments", get(t, m, "network-snet-aca").Plain("delegations[0].serviceName"))

	assert.Equal(t, apps, names(m.OfType(tokContainerApp)))
	for _, app := range m.OfType(tokContainerApp) {
		assert.Equal(t, "aca", app.Parent)
		assert.Equal(t, "UserAssigned", app.Plain("identity.type"))
		for _, dep := range []string{"pull-acrpull", "pull-acrpull-propagation", "acr-pe-dns", "network-acr-zone-link",
			"aca-logs"} {
			assert.True(t, app.DependsOn(dep), "%s must depend on %s; got %v", app.Name, dep, app.Dependencies)
		}
		assert.Equal(t, harness.Timeouts{Create: "30m", Update: "30m"}, app.CustomTimeouts,
			"%s: long enough for pulls the platform retries", app.Name)
		if !preview {
			assert.Equal(t, app.Plain("configuration.registries[0].identity"), app.Plain("identity.userAssignedIdentities[0]"))
			assert.Equal(t, "AZURE_CLIENT_ID", app.Plain("template.containers[0].env[0].name"))
		}
	}
}

// Names the dev stack derives from the mocked subscription, project and stack
// (acr<baseName><suffix>, <baseName>-web<n>-<suffix>, <baseName>-func<n>-<suffix>,
// st<baseName><suffix>). They are pinned here: a change to the derivation
// would rename, so replace, deployed resources.
const (
	devRegistry = "acrmyapp4uosmiftalzid"
	devLogin    = devRegistry + ".azurecr.io"
	devSite     = "myapp-web1-4uosmiftalzid"
	devFunction = "myapp-func1-4uosmiftalzid"
	devStorage  = "stmyapp4uosmiftalzid"
)

func TestDevStackReproducesSeed000(t *testing.T) {
	for _, preview := range []bool{false, true} {
		m, outs := runStack(t, "dev", preview)
		assertComposition(t, m, []string{"aca-ca-myapp"}, preview)
		// Components that took over children of another have its name (two
		// "network", three "acr", two "aca"): the children keep their names.
		assert.Equal(t, []string{"aca", "aca", "aca-ca-myapp", "aca-env", "aca-logs", "aca-logs-workspace", "aca-probe",
			"acr", "acr", "acr", "acr-cache-cache-privatepull-probe",
			"acr-cache-cache-samples-aci-helloworld", "acr-cache-cache-samples-containerapps-helloworld",
			"acr-cache-cache-samples-functions-dotnet8-quickstart", "acr-cache-cache-shop-aci-helloworld",
			"acr-cache-cache-shop-containerapps-helloworld", "acr-pe", "acr-pe-dns", "acr-registry",
			"func", "func-" + devFunction, "func-storage-blob", "func-storage-propagation", "func-storage-queue",
			"func-storage-table", "funcstorage", "funcstorage-account",
			"funcstorage-blob-pe", "funcstorage-blob-pe-dns", "funcstorage-blob-zone", "funcstorage-blob-zone-link",
			"funcstorage-queue-pe", "funcstorage-queue-pe-dns", "funcstorage-queue-zone", "funcstorage-queue-zone-link",
			"funcstorage-table-pe", "funcstorage-table-pe-dns", "funcstorage-table-zone", "funcstorage-table-zone-link",
			"network", "network", "network-acr-zone", "network-acr-zone-link", "network-rg", "network-snet-aca", "network-snet-app",
			"network-snet-pe", "network-vnet", "pull", "pull-acrpull", "pull-acrpull-propagation", "pull-acrpull-reader",
			"pull-identity", "team-shop", "team-shop-acrpull", "team-shop-acrpull-propagation", "team-shop-acrpull-reader",
			"team-shop-identity",
			"web", "web-" + devSite, "web-plan"}, names(m.Registrations()))

		site := get(t, m, "web-"+devSite)
		assert.Equal(t, "web", site.Parent)
		assert.Equal(t, devSite, site.Plain("name"), "the global site name is derived: no edit before the first up")
		assert.Equal(t, "UserAssigned", site.Plain("identity.type"))
		assert.Equal(t, true, site.Plain("vnetImagePullEnabled"))
		assert.Equal(t, true, site.Plain("vnetRouteAllEnabled"))
		assert.Equal(t, true, site.Plain("httpsOnly"))
		for _, dep := range []string{"pull-acrpull", "acr-pe-dns", "network-acr-zone-link", "network-snet-app", "web-plan",
			"acr-cache-cache-samples-aci-helloworld"} {
			assert.True(t, site.DependsOn(dep), "web app must depend on %s; got %v", dep, site.Dependencies)
		}
		assert.Equal(t, "Microsoft.Web/serverFarms", get(t, m, "network-snet-app").Plain("delegations[0].serviceName"))
		assert.Equal(t, "10.0.3.0/26", get(t, m, "network-snet-app").Plain("addressPrefix"))

		reg := get(t, m, "acr-registry")
		assert.Equal(t, "koreacentral", reg.Plain("location"))
		assert.Equal(t, devRegistry, reg.Plain("registryName"), "the global registry name is derived")
		assert.Equal(t, "10.0.0.0/23", get(t, m, "network-snet-aca").Plain("addressPrefix"))
		assert.Equal(t, "10.0.2.0/24", get(t, m, "network-snet-pe").Plain("addressPrefix"))
		assert.Equal(t, []any{"10.0.0.0/16"}, get(t, m, "network-vnet").Plain("addressSpace.addressPrefixes"))
		app := get(t, m, "aca-ca-myapp")
		assert.Equal(t, "ca-myapp", app.Plain("containerAppName"))
		assert.Equal(t, []any{map[string]any{"name": "Consumption", "workloadProfileType": "Consumption"}},
			get(t, m, "aca-env").Plain("workloadProfiles"), "the seed's app runs on the Consumption profile")
		assert.Equal(t, "Consumption", app.Plain("workloadProfileName"))
		assert.True(t, app.DependsOn("acr-cache-cache-samples-containerapps-helloworld"),
			"the app waits for the cache rule that provides its image")

		if preview {
			_, known := outs.Get("loginServer")
			assert.False(t, known, "the login server is unknown in a first preview")
			continue
		}
		assert.Equal(t, "DOCKER|"+devLogin+"/samples/aci-helloworld:latest", site.Plain("siteConfig.linuxFxVersion"))
		assert.Equal(t, true, site.Plain("siteConfig.acrUseManagedIdentityCreds"))
		assert.Equal(t, []any{
			map[string]any{"name": "WEBSITES_ENABLE_APP_SERVICE_STORAGE", "value": "false"},
			map[string]any{"name": "WEBSITE_PULL_IMAGE_OVER_VNET", "value": "true"},
		}, site.Plain("siteConfig.appSettings"), "VNet image pull: the site property and the app setting")
		webHosts, _ := outs.Get("webAppHostNames")
		assert.Equal(t, map[string]string{devSite: devSite + ".azurewebsites.net"}, webHosts)
		assert.Equal(t, true, app.Plain("configuration.ingress.external"))
		assert.Equal(t, float64(80), app.Plain("configuration.ingress.targetPort"), "the sample image listens on 80")
		assert.Equal(t, devLogin, app.Plain("configuration.registries[0].server"))
		assert.Equal(t, devLogin+"/samples/containerapps-helloworld:latest", app.Plain("template.containers[0].image"))
		want := map[string]any{
			"loginServer":           devLogin,
			"registryName":          devRegistry,
			"dataEndpointHostNames": []string{devRegistry + ".koreacentral.data.azurecr.io"},
			"registryId":            "/subscriptions/" + harness.Subscription + "/resourceGroups/rg-myapp/providers/Microsoft.ContainerRegistry/registries/" + devRegistry,
			"identityId":            "/subscriptions/" + harness.Subscription + "/resourceGroups/rg-myapp/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-myapp",
			"privateEndpointId":     "/subscriptions/" + harness.Subscription + "/resourceGroups/rg-myapp/providers/Microsoft.Network/privateEndpoints/pe-acr-" + devRegistry,
			"appFqdns":              map[string]string{"ca-myapp": "ca-myapp.happy-env.koreacentral.azurecontainerapps.io"},
			"resourceGroupName":     "rg-myapp",
			"cacheRules": map[string]string{
				"privatepull/probe":                    "mcr.microsoft.com/azurelinux/base/core",
				"samples/containerapps-helloworld":     "mcr.microsoft.com/azuredocs/containerapps-helloworld",
				"samples/aci-helloworld":               "mcr.microsoft.com/azuredocs/aci-helloworld",
				"samples/functions-dotnet8-quickstart": "mcr.microsoft.com/azure-functions/dotnet8-quickstart-demo",
				"shop/containerapps-helloworld":        "mcr.microsoft.com/azuredocs/containerapps-helloworld",
				"shop/aci-helloworld":                  "mcr.microsoft.com/azuredocs/aci-helloworld",
			},
			"agentPoolName": "",
		}
		for key, value := range want {
			got, ok := outs.Get(key)
			assert.True(t, ok, key)
			assert.Equal(t, value, got, key)
		}
		clientID, _ := outs.Get("identityClientId")
		principalID, _ := outs.Get("identityPrincipalId")
		assert.Equal(t, clientID, app.Plain("template.containers[0].env[0].value"))
		assert.Equal(t, principalID, get(t, m, "pull-acrpull").Plain("principalId"))
		assert.NotEqual(t, clientID, principalID)
	}
}

func TestProdStackUsesWorkloadProfiles(t *testing.T) {
	for _, preview := range []bool{false, true} {
		m, _ := runStack(t, "prod", preview)
		assertComposition(t, m, []string{"aca-ca-shop-api", "aca-ca-shop-worker"}, preview)
		aca := get(t, m, "network-snet-aca")
		assert.Equal(t, "10.20.0.0/27", aca.Plain("addressPrefix"))
		assert.Equal(t, "Microsoft.App/environments", aca.Plain("delegations[0].serviceName"))
		env := get(t, m, "aca-env")
		assert.Equal(t, true, env.Plain("vnetConfiguration.internal"))
		assert.Equal(t, "Consumption", env.Plain("workloadProfiles[0].name"))
		assert.Equal(t, "D4", env.Plain("workloadProfiles[1].workloadProfileType"))
		assert.Equal(t, "general", get(t, m, "aca-ca-shop-api").Plain("workloadProfileName"))

		plan := get(t, m, "web-plan")
		assert.Equal(t, map[string]any{"name": "P1v3", "tier": "PremiumV3", "capacity": float64(2)}, plan.Plain("sku"))
		assert.Equal(t, true, plan.Plain("reserved"))
		storefront := get(t, m, "web-web-shop-storefront-prod01")
		assert.Equal(t, "UserAssigned", storefront.Plain("identity.type"))
		for _, grant := range []string{"pull-acrpull", "pull-acrpull-reader"} {
			assert.True(t, storefront.DependsOn(grant), "a user-assigned site waits for every pull grant: %s", grant)
		}
		admin := get(t, m, "web-web-shop-admin-prod01")
		assert.Equal(t, "SystemAssigned", admin.Plain("identity.type"))
		assert.False(t, admin.DependsOn("pull-acrpull"), "the shared identity's grant is irrelevant to a system-assigned pull")
		for _, dep := range []string{"acr-pe-dns", "acr-pe2-dns", "network-acr-zone-link"} {
			assert.True(t, admin.DependsOn(dep), "admin site must wait for %s", dep)
		}
		grant := get(t, m, "web-web-shop-admin-prod01-acrpull")
		assert.True(t, grant.DependsOn("web-web-shop-admin-prod01"), "the system-assigned grant follows the site")
		assert.Equal(t, "ServicePrincipal", grant.Plain("principalType"))
		if !preview {
			assert.Equal(t, true, admin.Plain("siteConfig.acrUseManagedIdentityCreds"))
			assert.Nil(t, admin.Plain("siteConfig.acrUserManagedIdentityID"))
			assert.Equal(t, get(t, m, "acr-pe").Plain("privateLinkServiceConnections[0].privateLinkServiceId"), grant.Plain("scope"))
			assert.NotEmpty(t, grant.Plain("principalId"))
			for _, app := range m.OfType(tokContainerApp) {
				assert.GreaterOrEqual(t, app.Plain("template.scale.minReplicas").(float64), float64(2), app.Name)
			}
			assert.Equal(t, false, get(t, m, "aca-ca-shop-worker").Plain("configuration.ingress.external"))
			get(t, m, "aca-env-zone")
			get(t, m, "aca-env-wildcard")
		}
	}
}

func TestProgramExportsWithoutError(t *testing.T) {
	config, secrets, err := harness.StackConfig(".", "dev")
	require.NoError(t, err)
	for _, preview := range []bool{false, true} {
		_, err := harness.Run(newProgram(nil), harness.Options{Preview: preview, Config: config, SecretKeys: secrets})
		require.NoError(t, err)
	}
}

func TestInvalidConfigRegistersNothing(t *testing.T) {
	config, secrets, err := harness.StackConfig(".", "dev")
	require.NoError(t, err)
	bad := map[string]string{}
	for k, v := range config {
		bad[k] = v
	}
	bad["privatepull:registryName"] = "acr-with-hyphens"
	bad["privatepull:privateEndpointSubnetCidr"] = "10.0.1.0/24"
	bad["privatepull:containerApps"] = `[{"name":"ca-myapp","image":"myapp","port":70000}]`
	for _, preview := range []bool{false, true} {
		m, _, err := runConfig(t, bad, secrets, preview)
		require.Error(t, err)
		assert.Contains(t, err.Error(), "privatepull:registryName")
		assert.Contains(t, err.Error(), "privatepull:privateEndpointSubnetCidr")
		assert.Contains(t, err.Error(), "privatepull:containerApps[0].port")
		assert.Empty(t, m.Registrations(), "a bad configuration must not register any resource")
	}
}

func TestNoAppsDeploysTheRegistryOnly(t *testing.T) {
	config, secrets, err := harness.StackConfig(".", "dev")
	require.NoError(t, err)
	config["privatepull:containerApps"] = "[]"
	config["privatepull:probeJob"] = "false"
	m, outs, err := runConfig(t, config, secrets, false)
	require.NoError(t, err)
	assert.Empty(t, m.OfType(tokContainerApp))
	_, hasEnv := m.Get("aca-env")
	assert.False(t, hasEnv, "no environment without apps")
	get(t, m, "acr-registry")
	fqdns, _ := outs.Get("appFqdns")
	assert.Empty(t, fqdns)
}

// TestPulumiYamlDeclaresEveryKey keeps Pulumi.yaml, which the CLI reads, and
// the Go defaults, which the components read, from drifting apart.
func TestPulumiYamlDeclaresEveryKey(t *testing.T) {
	decls, err := harness.ProjectConfigDeclarations(".")
	require.NoError(t, err)
	declared := []string{}
	for key := range decls {
		declared = append(declared, key)
	}
	sort.Strings(declared)
	assert.Equal(t, stackconfig.AllKeys(), declared)
	for key, decl := range decls {
		assert.NotEmpty(t, decl["description"], "%s needs a description", key)
		assert.NotEmpty(t, decl["type"], "%s needs a type", key)
		def, hasDefault := decl["default"]
		goDefault, optional := stackconfig.Defaults[key]
		if optional {
			assert.Equal(t, yamlType(goDefault), decl["type"], "%s: Pulumi.yaml type differs from the Go default's", key)
		}
		assert.Equal(t, slices.Contains(stackconfig.SecretKeys, key), decl["secret"] == true,
			"%s: Pulumi.yaml and stackconfig disagree on whether it is a secret", key)
		assert.Equal(t, optional, hasDefault, "%s: Pulumi.yaml and stackconfig disagree on whether it is required", key)
		if optional {
			assert.EqualValues(t, goDefault, def, "%s: default differs between Pulumi.yaml and stackconfig", key)
		}
	}
}

func TestCredentialAndCustomRegistryPullsKeepSecretsSecret(t *testing.T) {
	// customHtpasswd is `htpasswd -nbB registry-user registry-pa55`.
	const acrPassword, customPassword = "acr-pa55-9f8e7d", "registry-pa55"
	const customHtpasswd = "registry-user:$2a$04$u5eQufnQNpuGH3a1MY0di.01bTraJA2KRL8tUJXcKgUgXLsi6ZA5a"
	config, _, err := harness.StackConfig(".", "dev")
	require.NoError(t, err)
	config["privatepull:webApps"] = `[{"name":"web-creds-dev01","image":"privatewebsite","pullAuth":"credentials"},` +
		`{"name":"web-custom-dev01","image":"customwebsite","tag":"lnx-v1","registry":"custom"}]`
	config["privatepull:hostedRegistryName"] = "reg-myapp-dev01"
	config["privatepull:acrPullUsername"] = "acr-token-puller"
	config["privatepull:acrPullPassword"] = acrPassword
	config["privatepull:customRegistryUsername"] = "registry-user"
	config["privatepull:customRegistryPassword"] = customPassword
	config["privatepull:hostedRegistryHtpasswd"] = customHtpasswd
	secrets := []string{"privatepull:acrPullUsername", "privatepull:acrPullPassword",
		"privatepull:customRegistryUsername", "privatepull:customRegistryPassword", "privatepull:hostedRegistryHtpasswd"}
	// Update mode only: in preview these sites' siteConfig is a secret whose
	// value is unknown (it embeds the unknown login server), which Pulumi's
	// mock monitor cannot unmarshal (it drops unknowns; the real engine keeps
	// them). tests/web_app_workload_test.go previews credential sites with a
	// known login server.
	for _, preview := range []bool{false} {
		m, outs, err := runConfig(t, config, secrets, preview)
		require.NoError(t, err)
		for _, r := range m.Registrations() {
			for _, secret := range []string{acrPassword, customPassword, "acr-token-puller", "registry-user", customHtpasswd} {
				assert.Empty(t, harness.PlaintextPaths(r.Inputs, secret), "%s carries a secret in plain text", r.Name)
			}
		}
		for _, key := range []string{"webAppHostNames", "hostedRegistryHost", "loginServer", "appFqdns"} {
			v, _ := outs.Get(key)
			assert.NotContains(t, fmt.Sprint(v), acrPassword)
			assert.NotContains(t, fmt.Sprint(v), customPassword)
		}
		get(t, m, "network-web-zone")
		get(t, m, "web-registry-pe")
		custom := get(t, m, "web-web-custom-dev01")
		assert.True(t, custom.DependsOn("web-registry-pe-dns"))
		if !preview {
			assert.Equal(t, "DOCKER|reg-myapp-dev01.azurewebsites.net/customwebsite:lnx-v1",
				custom.Plain("siteConfig.linuxFxVersion"))
			assert.True(t, custom.IsSecret("siteConfig.appSettings"), "registry credentials are stored as secrets")
			host, _ := outs.Get("hostedRegistryHost")
			assert.Equal(t, "reg-myapp-dev01.azurewebsites.net", host)
		}
	}

	// The same values in plain text are rejected before anything is registered.
	m, _, err := runConfig(t, config, nil, false)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "privatepull:acrPullPassword: must be a secret")
	assert.Empty(t, m.Registrations())
}

func TestProdRegistryIsReplicatedGatedAndProtected(t *testing.T) {
	for _, preview := range []bool{false, true} {
		m, outs := runStack(t, "prod", preview)
		reg := get(t, m, "acr-registry")
		assert.True(t, reg.Protect, "prod's registry is protected from deletion")
		assert.Equal(t, map[string]any{"status": "enabled", "days": float64(7)}, reg.Plain("policies.retentionPolicy"))
		replica := get(t, m, "acr-replica-koreasouth")
		assert.Equal(t, "koreasouth", replica.Plain("location"))

		endpoints := names(m.OfType("azure-native:network:PrivateEndpoint"))
		assert.Equal(t, []string{"acr-pe", "acr-pe2", "funcstorage-blob-pe", "funcstorage-queue-pe",
			"funcstorage-table-pe"}, endpoints)
		for _, name := range endpoints {
			pe := get(t, m, name)
			registryEndpoint := strings.HasPrefix(name, "acr-")
			assert.Equal(t, registryEndpoint, pe.DependsOn("acr-registry"),
				"%s must wait for the registry exactly when it is the registry's", name)
			assert.Equal(t, registryEndpoint, pe.DependsOn("acr-replica-koreasouth"),
				"%s must wait for the replication exactly when it is the registry's", name)
		}
		home := get(t, m, "acr-pe")
		assert.Equal(t, "10.20.2.12", home.Plain("ipConfigurations[2].privateIPAddress"))
		assert.Equal(t, "registry_data_koreasouth", home.Plain("ipConfigurations[2].memberName"))
		assert.Len(t, home.Plain("ipConfigurations"), 3)
		dr := get(t, m, "acr-pe2")
		assert.Equal(t, "koreasouth", dr.Plain("location"))
		assertProdEndpointsHaveTheirOwnZones(t, m, preview)

		hosts, known := outs.Get("dataEndpointHostNames")
		if preview {
			assert.False(t, known, "the registry's host names are Azure's: unknown in preview")
		} else {
			assert.Equal(t, []string{"acrshopprod01.koreacentral.data.azurecr.io", "acrshopprod01.koreasouth.data.azurecr.io"}, hosts)
		}
		for _, app := range m.OfType(tokContainerApp) {
			assert.True(t, app.DependsOn("acr-pe2-dns"), "%s waits for every endpoint's records", app.Name)
			assert.True(t, app.DependsOn("network-pe2-zone-link-vnet-shop-prod-krs"))
		}
	}
}

func TestDevRegistryIsNotProtected(t *testing.T) {
	m, _ := runStack(t, "dev", false)
	reg := get(t, m, "acr-registry")
	assert.False(t, reg.Protect, "dev's registry can be destroyed")
	assert.Nil(t, reg.Plain("policies.retentionPolicy"))
	assert.Empty(t, m.OfType("azure-native:containerregistry/v20241101preview:Replication"))
}

// TestCloudSettingChangesEverySuffix runs the whole composition per cloud and
// checks that every DNS name follows it; the registry's host names are
// Azure's (the mocks give the region's cloud suffix) and reach the outputs
// as reported.
func TestCloudSettingChangesEverySuffix(t *testing.T) {
	cases := map[string][3]string{
		"public":       {"privatelink.azurecr.io", "privatelink.azurewebsites.net", devRegistry + ".koreacentral.data.azurecr.io"},
		"usgovernment": {"privatelink.azurecr.us", "privatelink.azurewebsites.us", devRegistry + ".usgovvirginia.data.azurecr.us"},
		"china":        {"privatelink.azurecr.cn", "privatelink.chinacloudsites.cn", devRegistry + ".chinanorth3.data.azurecr.cn"},
	}
	for cloud, want := range cases {
		config, secrets, err := harness.StackConfig(".", "dev")
		require.NoError(t, err)
		config["privatepull:cloud"] = cloud
		config["azure-native:environment"] = cloud
		config["privatepull:location"] = map[string]string{"public": "koreacentral", "usgovernment": "usgovvirginia",
			"china": "chinanorth3"}[cloud]
		config["privatepull:hostedRegistryName"] = "reg-myapp-dev01"
		config["privatepull:hostedRegistryAnonymousTestOnly"] = "true"
		m, outs, err := runConfig(t, config, secrets, false)
		require.NoError(t, err, cloud)
		assert.Equal(t, want[0], get(t, m, "network-acr-zone").Plain("privateZoneName"), cloud)
		assert.Equal(t, want[1], get(t, m, "network-web-zone").Plain("privateZoneName"), cloud)
		hosts, _ := outs.Get("dataEndpointHostNames")
		assert.Equal(t, []string{want[2]}, hosts, cloud)
	}
}

// yamlType is the Pulumi.yaml config type of a Go default value.
func yamlType(v any) string {
	switch v.(type) {
	case string:
		return "string"
	case bool:
		return "boolean"
	case int:
		return "integer"
	case []any:
		return "array"
	default:
		return "object"
	}
}

// TestSecondRunRegistersIdenticalInputs is the mock counterpart of "a second
// plan is empty": the same configuration must produce the same resources with
// the same inputs (names, role assignment GUIDs, ordering of env vars and app
// settings), or every `pulumi up` would show a diff.
func TestSecondRunRegistersIdenticalInputs(t *testing.T) {
	for _, name := range []string{"dev", "prod"} {
		first, _ := runStack(t, name, false)
		for i := 0; i < 3; i++ {
			again, _ := runStack(t, name, false)
			require.Equal(t, names(first.Registrations()), names(again.Registrations()), name)
			for _, r := range first.Registrations() {
				other := get(t, again, r.Name)
				assert.Equal(t, r.Plain(""), other.Plain(""), "%s/%s: inputs differ between runs", name, r.Name)
				assert.Equal(t, r.Dependencies, other.Dependencies, "%s/%s: dependencies differ between runs", name, r.Name)
			}
		}
	}
}

// TestConfigurationReferenceDocumentsEveryKey keeps the configuration reference
// (docs/installation-configuration.md, linked from README.md) in step with
// Pulumi.yaml: every key a stack can set has a row (a first cell
// such as "`acrPullUsername` / `acrPullPassword`" documents both).
func TestConfigurationReferenceDocumentsEveryKey(t *testing.T) {
	readme, err := os.ReadFile("docs/installation-configuration.md")
	require.NoError(t, err)
	documented := map[string]bool{}
	for _, line := range strings.Split(string(readme), "\n") {
		if !strings.HasPrefix(line, "| `") {
			continue
		}
		cell := strings.SplitN(line, "|", 3)[1]
		for _, part := range strings.Split(cell, "`") {
			documented[strings.TrimSpace(part)] = true
		}
	}
	for _, key := range stackconfig.AllKeys() {
		assert.True(t, documented[key], "docs/installation-configuration.md lacks a row for %s", key)
	}
}

// TestFunctionAppOnContainerAppsFromConfig: containerApps[].kind functionapp
// registers the app with the preview API that has kind, pulling like its
// container app neighbours, and exports it as a container app.
func TestFunctionAppOnContainerAppsFromConfig(t *testing.T) {
	config, secrets, err := harness.StackConfig(".", "dev")
	require.NoError(t, err)
	config["privatepull:containerApps"] = `[{"name":"ca-myapp","image":"samples/containerapps-helloworld","port":80},` +
		`{"name":"fa-orders","image":"samples/aci-helloworld","port":80,"kind":"functionapp"}]`
	m, outs, err := runConfig(t, config, secrets, false)
	require.NoError(t, err)
	fa := get(t, m, "aca-fa-orders")
	assert.Equal(t, "azure-native:app/v20241002preview:ContainerApp", fa.Type)
	assert.Equal(t, "functionapp", fa.Plain("kind"))
	assert.Equal(t, tokContainerApp, get(t, m, "aca-ca-myapp").Type)
	assert.Equal(t, get(t, m, "aca-ca-myapp").Dependencies, fa.Dependencies, "the same pull prerequisites")
	apps, _ := outs.Get("containerApps")
	entry := apps.(map[string]any)["fa-orders"].(map[string]any)
	assert.Equal(t, pulumi.ID("/subscriptions/"+harness.Subscription+"/resourceGroups/rg-myapp/providers/Microsoft.App/containerApps/fa-orders"),
		entry["id"])
	assert.Equal(t, devLogin+"/samples/aci-helloworld:latest", entry["image"])
}
