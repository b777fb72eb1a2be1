package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/privatepull/privatepull/components"
	"github.com/privatepull/privatepull/internal/verify"
	"github.com/privatepull/privatepull/tests/harness"
)

const (
	devStackName  = "organization/privatepull/dev"
	devRG         = "/subscriptions/" + harness.Subscription + "/resourceGroups/rg-myapp"
	devEnvID      = devRG + "/providers/Microsoft.App/managedEnvironments/cae-myapp"
	devPlanID     = devRG + "/providers/Microsoft.Web/serverfarms/asp-myapp"
	devAppSubnet  = devRG + "/providers/Microsoft.Network/virtualNetworks/vnet-myapp/subnets/snet-app"
	devTeamID     = devRG + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-myapp-shop"
	devRegistryID = devRG + "/providers/Microsoft.ContainerRegistry/registries/" + devRegistry
	shopSite      = "shop-web1-a2km55jq75ihb"
	tokIdentity   = "azure-native:managedidentity:UserAssignedIdentity"
	tokGrant      = "azure-native:authorization:RoleAssignment"
	tokSleep      = "time:index/sleep:Sleep"
	acrPullRole   = "7f951dda-4ed3-4680-a7ca-43fe172d538d"
)

// devOutputs are the outputs of the dev platform stack deployed under mocks:
// what the shop stack's StackReference reads, as `pulumi up` of dev left them.
func devOutputs(t *testing.T) map[string]any {
	t.Helper()
	_, outs := runStack(t, "dev", false)
	return outs.Known()
}

// runShop runs the shipped shop app stack (with config changes on top)
// against the platform outputs ref.
func runShop(t *testing.T, ref harness.StackReference, changes map[string]string, preview bool) (*harness.Mocks,
	*harness.Outputs, error) {
	t.Helper()
	config, secrets, err := harness.StackConfig(".", "dev-team-shop")
	require.NoError(t, err)
	for k, v := range changes {
		config[k] = v
	}
	return runProgram(t, harness.Options{Preview: preview, Stack: "dev-team-shop", Config: config, SecretKeys: secrets,
		StackReferences: map[string]harness.StackReference{devStackName: ref}})
}

// azureTypes lists the azure-native and time registrations (what costs
// money or time), sorted by name.
func azureTypes(m *harness.Mocks) []string {
	out := []string{}
	for _, r := range m.Registrations() {
		if strings.HasPrefix(r.Type, "azure-native:") || strings.HasPrefix(r.Type, "time:") {
			out = append(out, r.Name+" "+r.Type)
		}
	}
	return out
}

func TestShopStackDeploysOnlyItsAppsIntoDev(t *testing.T) {
	platform := devOutputs(t)
	for _, preview := range []bool{false, true} {
		m, outs, err := runShop(t, harness.StackReference{Outputs: platform}, nil, preview)
		require.NoError(t, err, "preview=%v", preview)
		assert.Equal(t, []string{"aca", "aca-ca-shop", "platform", "rg", "web", "web-" + shopSite}, names(m.Registrations()),
			"an app stack creates its resource group and apps, nothing of the platform's")
		ref := get(t, m, "platform")
		assert.Equal(t, harness.StackReferenceType, ref.Type)
		assert.Equal(t, devStackName, ref.ReadID)
		assert.Empty(t, m.OfType(tokIdentity), "identity mode platform: no identity")
		assert.Empty(t, m.OfType(tokGrant), "identity mode platform: no grant")
		assert.Empty(t, m.OfType(tokSleep), "identity mode platform: no wait")

		rg := get(t, m, "rg")
		assert.Equal(t, "rg-shop", rg.Plain("resourceGroupName"), "named after the team")
		assert.Equal(t, "koreacentral", rg.Plain("location"), "the platform's location")

		app := get(t, m, "aca-ca-shop")
		assert.Equal(t, "aca", app.Parent)
		assert.Equal(t, []string{"rg"}, app.Dependencies, "the app waits for nothing the platform already did")
		assert.Equal(t, devEnvID, app.Plain("managedEnvironmentId"), "in the platform's environment")
		assert.Equal(t, devLogin, app.Plain("configuration.registries[0].server"))
		assert.Equal(t, devTeamID, app.Plain("configuration.registries[0].identity"), "pulls with the team identity")
		assert.Equal(t, devLogin+"/shop/containerapps-helloworld:latest", app.Plain("template.containers[0].image"))

		site := get(t, m, "web-"+shopSite)
		assert.Equal(t, devPlanID, site.Plain("serverFarmId"), "on the platform's plan")
		assert.Equal(t, devAppSubnet, site.Plain("virtualNetworkSubnetId"))
		assert.Equal(t, []any{devTeamID}, site.Plain("identity.userAssignedIdentities"))
		if !preview {
			assert.Equal(t, "rg-shop", app.Plain("resourceGroupName"), "in the team's resource group")
			assert.Equal(t, "rg-shop", site.Plain("resourceGroupName"), "in the team's resource group")
		}
		assert.Equal(t, "DOCKER|"+devLogin+"/shop/aci-helloworld:latest", site.Plain("siteConfig.linuxFxVersion"))
		_, hasPlan := m.Get("web-plan")
		assert.False(t, hasPlan)

		for name, want := range map[string]any{
			"stackRole": "app", "platformStack": devStackName, "teamName": "shop", "repositoryPrefix": "shop/",
			"identityMode": "platform", "identityId": devTeamID, "registryId": devRegistryID, "loginServer": devLogin,
			"containerAppsEnvironmentId": devEnvID, "registryRoleAssignmentMode": "LegacyRegistryPermissions",
			"location":                 "koreacentral",
			"registryPrivateEndpoints": platform["registryPrivateEndpoints"],
			"containerAppsEnvironment": platform["containerAppsEnvironment"],
		} {
			got, ok := outs.Get(name)
			require.True(t, ok, name)
			assertSameJSON(t, want, got, name)
		}
	}
}

// assertSameJSON compares two values as JSON (a value read back through a
// StackReference holds []any where the program exported []string).
func assertSameJSON(t *testing.T, want, got any, name string) {
	t.Helper()
	w, err := json.Marshal(want)
	require.NoError(t, err)
	g, err := json.Marshal(got)
	require.NoError(t, err)
	assert.JSONEq(t, string(w), string(g), name)
}

func TestShopStackInIdentityModeOwnGrantsAndWaitsOnce(t *testing.T) {
	m, outs, err := runShop(t, harness.StackReference{Outputs: devOutputs(t)},
		map[string]string{"privatepull:identityMode": "own"}, false)
	require.NoError(t, err)
	identity := get(t, m, "pull-identity")
	assert.Equal(t, "id-shop", identity.Plain("resourceName"))
	assert.Equal(t, "rg-shop", identity.Plain("resourceGroupName"))
	grant := get(t, m, "pull-acrpull")
	assert.Equal(t, devRegistryID, grant.Plain("scope"), "the grant is at the platform's registry")
	assert.Equal(t, "/subscriptions/"+harness.Subscription+"/providers/Microsoft.Authorization/roleDefinitions/"+acrPullRole,
		grant.Plain("roleDefinitionId"))
	assert.Nil(t, grant.Plain("condition"), "legacy mode: AcrPull cannot be limited")
	reader := get(t, m, "pull-acrpull-reader")
	assert.Equal(t, devRegistryID, reader.Plain("scope"))
	assert.True(t, strings.HasSuffix(reader.Plain("roleDefinitionId").(string), components.RepositoryReaderRoleID))
	assert.Equal(t, components.RepositoryPrefixCondition("shop/"), reader.Plain("condition"),
		"the Reader keeps the team to its prefix once the registry switches to ABAC mode")
	wait := get(t, m, "pull-acrpull-propagation")
	assert.Equal(t, "300s", wait.Plain("createDuration"))
	assert.True(t, wait.DependsOn("pull-acrpull-reader"))
	app := get(t, m, "aca-ca-shop")
	assert.True(t, app.DependsOn("pull-acrpull-propagation"), "the app waits once for its own grants")
	identityID, _ := outs.Get("identityId")
	assert.Equal(t, "/subscriptions/"+harness.Subscription+"/resourceGroups/rg-shop/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-shop", identityID)
	assert.Equal(t, identityID, app.Plain("configuration.registries[0].identity"))
}

func TestAppStackGrantInAbacModeIsLimitedToTheTeamPrefix(t *testing.T) {
	platform := devOutputs(t)
	platform["registryRoleAssignmentMode"] = "AbacRepositoryPermissions"
	// A registry in another subscription: the role definition is the registry's.
	other := "/subscriptions/6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f/resourceGroups/rg-platform/providers/Microsoft.ContainerRegistry/registries/acrplatform01"
	platform["registryId"] = other
	m, _, err := runShop(t, harness.StackReference{Outputs: platform}, map[string]string{"privatepull:identityMode": "own",
		"privatepull:webApps": `[{"name":"web-shop-sys","image":"shop/aci-helloworld","port":80,"pullAuth":"systemAssigned"}]`}, false)
	require.NoError(t, err)
	_, hasAcrPull := m.Get("pull-acrpull")
	assert.False(t, hasAcrPull, "ABAC mode ignores AcrPull: the Reader alone")
	grant := get(t, m, "pull-acrpull-reader")
	assert.Equal(t, other, grant.Plain("scope"))
	assert.Equal(t, "/subscriptions/6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f/providers/Microsoft.Authorization/roleDefinitions/b93aa761-3e63-49ed-ac28-beffa264f7ac",
		grant.Plain("roleDefinitionId"), "Container Registry Repository Reader, in the registry's subscription")
	assert.Equal(t, "((!(ActionMatches{'Microsoft.ContainerRegistry/registries/repositories/content/read'}) AND "+
		"!(ActionMatches{'Microsoft.ContainerRegistry/registries/repositories/metadata/read'})) OR "+
		"(@Request[Microsoft.ContainerRegistry/registries/repositories:name] StringStartsWithIgnoreCase 'shop/'))",
		grant.Plain("condition"))
	assert.Equal(t, "2.0", grant.Plain("conditionVersion"))
	assert.Equal(t, "ServicePrincipal", grant.Plain("principalType"), "what the deploy identity's write condition checks")

	// A systemAssigned site's own identity gets the same grant (no longer
	// refused in ABAC mode).
	_, hasSiteAcrPull := m.Get("web-web-shop-sys-acrpull")
	assert.False(t, hasSiteAcrPull)
	site := get(t, m, "web-web-shop-sys-acrpull-reader")
	assert.Equal(t, other, site.Plain("scope"))
	assert.Equal(t, grant.Plain("roleDefinitionId"), site.Plain("roleDefinitionId"))
	assert.Equal(t, components.RepositoryPrefixCondition("shop/"), site.Plain("condition"))
}

func TestAppStackPreviewWithUnknownPlatformOutputs(t *testing.T) {
	m, outs, err := runShop(t, harness.StackReference{Unknown: true},
		map[string]string{"privatepull:location": "koreacentral"}, true)
	require.NoError(t, err, "a preview whose platform outputs are unknown still works")
	assert.Equal(t, []string{"aca", "aca-ca-shop", "platform", "rg", "web", "web-" + shopSite}, names(m.Registrations()))
	app := get(t, m, "aca-ca-shop")
	assert.Nil(t, app.Plain("managedEnvironmentId"), "unknown in this preview (the mocks drop unknown inputs)")
	assert.True(t, app.DependsOn("platform"), "its unknown inputs come from the platform's outputs")
	r, ok := outs.Resolve("registryId")
	require.True(t, ok)
	assert.False(t, r.Known)

	// Without a location nothing is registered but the read.
	m, _, err = runShop(t, harness.StackReference{Unknown: true}, nil, true)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "privatepull:location: is needed")
	assert.Empty(t, azureTypes(m))
}

func TestAppStackKeepsSecretPlatformOutputsSecret(t *testing.T) {
	for _, preview := range []bool{false, true} {
		m, outs, err := runShop(t, harness.StackReference{Outputs: devOutputs(t), SecretOutputs: []string{"loginServer"}},
			nil, preview)
		require.NoError(t, err)
		app := get(t, m, "aca-ca-shop")
		assert.True(t, app.IsSecret("configuration.registries[0].server"), "preview=%v", preview)
		assert.Empty(t, harness.PlaintextPaths(app.Inputs, devLogin), "the secret login server is nowhere in plain text")
		r, _ := outs.Resolve("loginServer")
		assert.True(t, r.Secret)
	}
}

func TestAppStackFromExplicitPlatformIDs(t *testing.T) {
	platform := `{"registryId":"` + devRegistryID + `","loginServer":"` + devLogin + `","location":"koreacentral",` +
		`"environmentId":"` + devEnvID + `","appServicePlanId":"` + devPlanID + `","appServiceSubnetId":"` + devAppSubnet + `",` +
		`"identityId":"` + devTeamID + `","identityClientId":"5f0c8a3e-7b61-4e0b-9c1d-2a3b4c5d6e7f"}`
	m, outs, err := runShop(t, harness.StackReference{}, map[string]string{
		"privatepull:platformStack": "", "privatepull:platform": platform,
	}, false)
	require.NoError(t, err)
	assert.Equal(t, []string{"aca", "aca-ca-shop", "rg", "web", "web-" + shopSite}, names(m.Registrations()),
		"no stack reference with explicit ids")
	assert.Equal(t, devEnvID, get(t, m, "aca-ca-shop").Plain("managedEnvironmentId"))
	assert.Equal(t, devPlanID, get(t, m, "web-"+shopSite).Plain("serverFarmId"))
	endpoints, _ := outs.Get("registryPrivateEndpoints")
	assert.Empty(t, endpoints, "not given: verify skips the endpoint checks")
}

func TestBadPlatformRegistersNoAzureResource(t *testing.T) {
	platform := devOutputs(t)
	delete(platform, "appServicePlanId")
	platform["containerAppsEnvironmentId"] = "not-an-id"
	m, _, err := runShop(t, harness.StackReference{Outputs: platform}, nil, false)
	require.Error(t, err)
	for _, want := range []string{
		"privatepull:platformStack: the platform stack organization/privatepull/dev has no output appServicePlanId",
		"privatepull:platformStack: platform output containerAppsEnvironmentId of organization/privatepull/dev: \"not-an-id\" is not an ARM resource id",
	} {
		assert.Contains(t, err.Error(), want)
	}
	assert.Empty(t, azureTypes(m), "nothing but the read of the platform")

	m, _, err = runShop(t, harness.StackReference{Outputs: devOutputs(t)},
		map[string]string{"privatepull:vnetCidr": "10.9.0.0/16"}, false)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "privatepull:vnetCidr: only a platform stack may set it")
	assert.Empty(t, m.Registrations(), "a configuration error stops before the platform is even read")
}

func TestDevExportsTheAppStackContract(t *testing.T) {
	m, outs := runStack(t, "dev", false)
	team := get(t, m, "team-shop")
	assert.Equal(t, "privatepull:index:PullIdentity", team.Type)
	assert.Equal(t, "id-myapp-shop", get(t, m, "team-shop-identity").Plain("resourceName"))
	grant := get(t, m, "team-shop-acrpull")
	assert.Equal(t, devRegistryID, grant.Plain("scope"))
	assert.True(t, strings.HasSuffix(grant.Plain("roleDefinitionId").(string), acrPullRole), "legacy mode: AcrPull")
	assert.Equal(t, "300s", get(t, m, "team-shop-acrpull-propagation").Plain("createDuration"),
		"the platform waits, so the team's app stack does not")
	for _, app := range m.OfType(tokContainerApp) {
		assert.False(t, app.DependsOn("team-shop-acrpull-propagation"), "dev's own apps do not wait for the team's grant")
	}
	teamIdentity, _ := outs.Get("teamIdentities")
	shop := teamIdentity.(map[string]any)["shop"].(map[string]any)
	assert.Equal(t, devTeamID, shop["id"])
	assert.Equal(t, "shop/", shop["repositoryPrefix"])
	assert.NotEmpty(t, shop["clientId"])
	assert.NotEmpty(t, shop["principalId"])
	for name, want := range map[string]any{
		"stackRole": "platform", "location": "koreacentral", "appServicePlanId": devPlanID,
		"appServiceSubnetId": devAppSubnet, "registryRoleAssignmentMode": "LegacyRegistryPermissions",
		"identityModes": []string{"own", "platform"},
	} {
		got, ok := outs.Get(name)
		require.True(t, ok, name)
		assert.Equal(t, want, got, name)
	}
}

func TestAbacPlatformGrantsRepositoryReader(t *testing.T) {
	config, secrets, err := harness.StackConfig(".", "dev")
	require.NoError(t, err)
	config["privatepull:registryRoleAssignmentMode"] = "AbacRepositoryPermissions"
	config["privatepull:webApps"] = `[{"image":"samples/aci-helloworld","port":80}]`
	m, _, err := runConfigAs(t, "dev", config, secrets, false)
	require.NoError(t, err)
	registryGrants := 0
	for _, g := range m.OfType(tokGrant) {
		if strings.HasPrefix(g.Name, "func-storage-") {
			continue // the function apps' storage data roles, not registry pulls
		}
		registryGrants++
		assert.True(t, strings.HasSuffix(g.Plain("roleDefinitionId").(string), components.RepositoryReaderRoleID),
			"%s: ABAC mode grants the Reader alone", g.Name)
	}
	assert.GreaterOrEqual(t, registryGrants, 2, "the platform's identity and the team's")
	own, team := get(t, m, "pull-acrpull-reader"), get(t, m, "team-shop-acrpull-reader")
	assert.Nil(t, own.Plain("condition"), "the platform's own identity reads every repository")
	assert.Equal(t, components.RepositoryPrefixCondition("shop/"), team.Plain("condition"))
}

func TestPlatformWithoutAppsOfItsOwn(t *testing.T) {
	config, secrets, err := harness.StackConfig(".", "dev")
	require.NoError(t, err)
	config["privatepull:containerApps"] = "[]"
	config["privatepull:webApps"] = "[]"
	config["privatepull:functionApps"] = "[]"
	config["privatepull:probeJob"] = "false"
	config["privatepull:createEnvironment"] = "true"
	config["privatepull:createAppServicePlan"] = "true"
	m, outs, err := runConfigAs(t, "dev", config, secrets, false)
	require.NoError(t, err)
	get(t, m, "aca-env")
	get(t, m, "web-plan")
	get(t, m, "network-snet-app")
	assert.Empty(t, m.OfType(tokContainerApp))
	for name, want := range map[string]any{"containerAppsEnvironmentId": devEnvID, "appServicePlanId": devPlanID,
		"appServiceSubnetId": devAppSubnet} {
		got, _ := outs.Get(name)
		assert.Equal(t, want, got, name)
	}

	// Without them the platform has neither, and says so in its outputs.
	config["privatepull:createEnvironment"] = "false"
	config["privatepull:createAppServicePlan"] = "false"
	m, outs, err = runConfigAs(t, "dev", config, secrets, false)
	require.NoError(t, err)
	_, hasEnv := m.Get("aca-env")
	assert.False(t, hasEnv)
	plan, _ := outs.Get("appServicePlanId")
	assert.Equal(t, "", plan)
}

func TestVerifyAcceptsTheShopStackOutputs(t *testing.T) {
	_, outs, err := runShop(t, harness.StackReference{Outputs: devOutputs(t)}, nil, false)
	require.NoError(t, err)
	data, err := json.Marshal(outs.Known())
	require.NoError(t, err)
	parsed, err := verify.ParseOutputs(strings.NewReader(string(data)))
	require.NoError(t, err, "verify must accept the app stack's outputs")
	assert.Equal(t, "app", parsed.StackRole)
	assert.Equal(t, "shop/", parsed.RepositoryPrefix)
	assert.Equal(t, devTeamID, parsed.IdentityID)
	assert.Len(t, parsed.RegistryPrivateEndpoints, 1, "dev's endpoint, for the DNS and endpoint checks")
	assert.Contains(t, parsed.ContainerApps, "ca-shop")
	assert.Contains(t, parsed.WebApps, shopSite)
}

// TestShopStackSecondRunRegistersIdenticalInputs is the app stack's
// counterpart of "a second plan is empty".
func TestShopStackSecondRunRegistersIdenticalInputs(t *testing.T) {
	ref := harness.StackReference{Outputs: devOutputs(t)}
	for _, mode := range []string{"platform", "own"} {
		changes := map[string]string{"privatepull:identityMode": mode}
		first, _, err := runShop(t, ref, changes, false)
		require.NoError(t, err)
		again, _, err := runShop(t, ref, changes, false)
		require.NoError(t, err)
		require.Equal(t, names(first.Registrations()), names(again.Registrations()), mode)
		for _, r := range first.Registrations() {
			other := get(t, again, r.Name)
			assert.Equal(t, r.Plain(""), other.Plain(""), "%s/%s: inputs differ between runs", mode, r.Name)
			assert.Equal(t, r.Dependencies, other.Dependencies, "%s/%s", mode, r.Name)
		}
	}
}

// TestShippedStacksSetEveryKeyTheCLIRequires: the Pulumi CLI refuses to run
// a stack that lacks a key Pulumi.yaml declares without a default, before the
// program can say anything; an app stack leaves location to its platform.
func TestShippedStacksSetEveryKeyTheCLIRequires(t *testing.T) {
	decls, err := harness.ProjectConfigDeclarations(".")
	require.NoError(t, err)
	for _, name := range []string{"dev", "prod", "dev-team-shop"} {
		config, _, err := harness.StackConfig(".", name)
		require.NoError(t, err)
		for key, decl := range decls {
			if _, hasDefault := decl["default"]; !hasDefault {
				assert.Contains(t, config, harness.Project+":"+key, "the CLI would refuse stack %s without %s", name, key)
			}
		}
	}
}
