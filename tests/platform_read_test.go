package tests

import (
	"errors"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/privatepull/privatepull/components/stackconfig"
	"github.com/privatepull/privatepull/tests/harness"
)

const (
	devStack        = "organization/privatepull/dev"
	teamClientID    = "1d2c3b4a-5f6e-4d7c-8b9a-0f1e2d3c4b5a"
	teamPrincipalID = "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d"
)

// platformOutputs are the outputs of a deployed dev platform stack.
func platformOutputs() map[string]any {
	return map[string]any{
		"stackRole":                  "platform",
		"location":                   "koreacentral",
		"cloud":                      "public",
		"subscriptionId":             harness.Subscription,
		"vnetId":                     platformRG + "/providers/Microsoft.Network/virtualNetworks/vnet-myapp",
		"registryName":               "acrmyapp01",
		"registryId":                 platformRegistry,
		"loginServer":                "acrmyapp01.azurecr.io",
		"registryRegions":            []any{"koreacentral"},
		"dataEndpointHostNames":      []any{"acrmyapp01.koreacentral.data.azurecr.io"},
		"registryRoleAssignmentMode": "LegacyRegistryPermissions",
		"identityModes":              []any{"own", "platform"},
		"containerAppsEnvironmentId": platformEnv,
		"containerAppsEnvironment": map[string]any{"id": platformEnv, "internal": false,
			"workloadProfiles": []any{map[string]any{"name": "Consumption", "type": "Consumption"},
				map[string]any{"name": "general", "type": "D4"}}},
		"appServicePlanId":   platformPlan,
		"appServiceSubnetId": platformSubnet,
		"teamIdentities": map[string]any{"shop": map[string]any{"id": platformIdentity, "clientId": teamClientID,
			"principalId": teamPrincipalID, "repositoryPrefix": "shop/"}},
	}
}

// platformRead is the outcome of one mocked ReadPlatform.
type platformRead struct {
	platform *stackconfig.Platform
	cfg      *stackconfig.Config
	mocks    *harness.Mocks
	values   *harness.Outputs
	err      error
}

// readPlatform parses raw (an app stack's configuration, defaults added)
// and reads its platform under mocks that answer the StackReference with ref.
func readPlatform(t *testing.T, raw map[string]string, ref *harness.StackReference, preview bool) platformRead {
	t.Helper()
	var read platformRead
	refs := map[string]harness.StackReference{}
	if ref != nil {
		refs[devStack] = *ref
	}
	read.mocks, read.err = harness.Run(func(ctx *pulumi.Context) error {
		cfg, err := stackconfig.ParseIn(stackconfig.Environment{Project: "privatepull", Stack: "dev-team-shop",
			SubscriptionID: harness.Subscription}, withDefaults(t, raw), nil)
		if err != nil {
			return err
		}
		read.cfg = cfg
		platform, err := stackconfig.ReadPlatform(ctx, cfg)
		if err != nil {
			return err
		}
		read.platform = platform
		values := pulumi.Map{"registryId": platform.RegistryID, "loginServer": platform.LoginServer,
			"environmentId": platform.EnvironmentID, "planId": platform.AppServicePlanID,
			"subnetId": platform.AppServiceSubnetID}
		if platform.TeamIdentity != nil {
			values["teamId"] = platform.TeamIdentity.ID
			values["teamClientId"] = platform.TeamIdentity.ClientID
			values["teamPrincipalId"] = platform.TeamIdentity.PrincipalID
		}
		for name, v := range platform.Exports {
			values["export:"+name] = v
		}
		read.values = harness.Collect(values)
		return nil
	}, harness.Options{Preview: preview, StackReferences: refs})
	return read
}

func TestPlatformFromAStackReference(t *testing.T) {
	for _, preview := range []bool{false, true} {
		ref := &harness.StackReference{Outputs: platformOutputs()}
		read := readPlatform(t, appStack(map[string]string{"identityMode": "platform",
			"webApps": `[{"name":"web-shop","image":"shop/aci-helloworld"}]`}), ref, preview)
		require.NoError(t, read.err, "preview=%v", preview)
		p := read.platform
		assert.Equal(t, devStack, p.Source)
		require.NotNil(t, p.Reference)
		assert.Equal(t, "koreacentral", p.Location, "the app stack's location defaults to the platform's")
		assert.Equal(t, "koreacentral", read.cfg.Location)
		assert.Equal(t, "LegacyRegistryPermissions", p.RoleAssignmentMode)
		assert.Equal(t, harness.Subscription, p.RegistrySubscriptionID)
		for name, want := range map[string]any{
			"registryId": platformRegistry, "loginServer": "acrmyapp01.azurecr.io", "environmentId": platformEnv,
			"planId": platformPlan, "subnetId": platformSubnet, "teamId": platformIdentity,
			"teamClientId": teamClientID, "teamPrincipalId": teamPrincipalID,
			"export:vnetId":                platformOutputs()["vnetId"],
			"export:dataEndpointHostNames": []any{"acrmyapp01.koreacentral.data.azurecr.io"},
		} {
			r, ok := read.values.Resolve(name)
			require.True(t, ok, name)
			assert.True(t, r.Known, "%s is known (preview=%v)", name, preview)
			assert.False(t, r.Secret, name)
			assert.Equal(t, want, r.Value, name)
		}
		assert.Contains(t, read.cfg.Warnings[0], "privatepull:repositoryPrefix: the platform's registry is in "+
			"LegacyRegistryPermissions mode (platform output registryRoleAssignmentMode of organization/privatepull/dev)")
		// The read of the platform's outputs is the only registration.
		regs := read.mocks.Registrations()
		require.Len(t, regs, 1)
		assert.Equal(t, harness.StackReferenceType, regs[0].Type)
		assert.Equal(t, "platform", regs[0].Name)
		assert.Equal(t, devStack, regs[0].ReadID)
	}
}

func TestPlatformOutputsUnknownInPreviewPassThrough(t *testing.T) {
	ref := &harness.StackReference{Unknown: true}
	read := readPlatform(t, appStack(map[string]string{"location": "koreacentral", "identityMode": "platform"}),
		ref, true)
	require.NoError(t, read.err)
	for _, name := range []string{"registryId", "loginServer", "environmentId", "teamId", "teamClientId"} {
		r, ok := read.values.Resolve(name)
		require.True(t, ok, name)
		assert.False(t, r.Known, "%s stays unknown: it is not checked, and the engine shows it as computed", name)
	}
	assert.Equal(t, "koreacentral", read.platform.Location)
	assert.Equal(t, "", read.platform.RegistrySubscriptionID, "unknown registry: the grant uses the stack's subscription")

	// Without privatepull:location the resources would have no region.
	read = readPlatform(t, appStack(nil), ref, true)
	require.Error(t, read.err)
	assert.Contains(t, read.err.Error(), "privatepull:location: is needed: the platform's location (platform output "+
		"location of organization/privatepull/dev) is not known in this preview; set privatepull:location")
	assert.Contains(t, read.err.Error(), "nothing was deployed")
}

func TestSecretPlatformOutputsStaySecret(t *testing.T) {
	ref := &harness.StackReference{Outputs: platformOutputs(), SecretOutputs: []string{"loginServer", "teamIdentities"}}
	for _, preview := range []bool{false, true} {
		read := readPlatform(t, appStack(map[string]string{"identityMode": "platform"}), ref, preview)
		require.NoError(t, read.err)
		for name, want := range map[string]any{"loginServer": "acrmyapp01.azurecr.io", "teamId": platformIdentity,
			"teamClientId": teamClientID} {
			r, _ := read.values.Resolve(name)
			assert.True(t, r.Known, name)
			assert.True(t, r.Secret, "%s is a secret of the platform and stays one", name)
			assert.Equal(t, want, r.Value, name)
		}
		r, _ := read.values.Resolve("registryId")
		assert.False(t, r.Secret, "only the platform's secret outputs are secret")
		r, _ = read.values.Resolve("export:loginServer")
		assert.True(t, r.Secret, "a re-exported secret stays a secret")
	}
}

func TestMissingPlatformOutputsAreErrors(t *testing.T) {
	outputs := platformOutputs()
	delete(outputs, "containerAppsEnvironmentId")
	delete(outputs, "teamIdentities")
	delete(outputs, "stackRole")
	for _, preview := range []bool{false, true} {
		read := readPlatform(t, appStack(map[string]string{"identityMode": "platform"}),
			&harness.StackReference{Outputs: outputs}, preview)
		require.Error(t, read.err, "preview=%v: a known outputs map without the output is missing it", preview)
		var cfgErr *stackconfig.Error
		require.True(t, errors.As(read.err, &cfgErr))
		for _, want := range []string{
			"privatepull:platformStack: the platform stack organization/privatepull/dev has no output stackRole (the stack's role): run `pulumi up` on the platform stack with this version of privatepull, which exports it",
			"privatepull:platformStack: the platform stack organization/privatepull/dev has no output containerAppsEnvironmentId (the environment the container apps run in)",
			"privatepull:platformStack: the platform stack organization/privatepull/dev has no output teamIdentities (the team identity of identity mode platform)",
		} {
			assert.Contains(t, read.err.Error(), want)
		}
		assert.Len(t, read.mocks.Registrations(), 1, "only the read of the platform: no Azure resource")
	}
	// Outputs this stack does not need may be missing: no web apps, no plan.
	delete(outputs, "appServicePlanId")
	outputs["stackRole"], outputs["containerAppsEnvironmentId"] = "platform", platformEnv
	read := readPlatform(t, appStack(nil), &harness.StackReference{Outputs: outputs}, false)
	require.NoError(t, read.err)
}

func TestMalformedPlatformOutputsAreErrorsNamingKeyAndOutput(t *testing.T) {
	otherSub := "/subscriptions/6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f/resourceGroups/rg-p/providers/Microsoft.Web/serverfarms/asp"
	cases := []struct {
		name   string
		edit   func(o map[string]any)
		config map[string]string
		want   string
	}{
		{"app stack referenced", func(o map[string]any) { o["stackRole"] = "app" }, nil,
			"privatepull:platformStack: platform output stackRole of organization/privatepull/dev: is app: the referenced stack is not a platform stack"},
		{"registry id type", func(o map[string]any) { o["registryId"] = platformEnv }, nil,
			"privatepull:platformStack: platform output registryId of organization/privatepull/dev: \"" + platformEnv + "\" is a Microsoft.App/managedEnvironments id, not a Microsoft.ContainerRegistry/registries id"},
		{"registry id not a string", func(o map[string]any) { o["registryId"] = 42.0 }, nil,
			"platform output registryId of organization/privatepull/dev: is float64, not a string"},
		{"login server of another cloud", func(o map[string]any) { o["loginServer"] = "acrmyapp01.azurecr.us" }, nil,
			"platform output loginServer of organization/privatepull/dev: \"acrmyapp01.azurecr.us\" is not a login server of the public cloud"},
		{"no environment", func(o map[string]any) { o["containerAppsEnvironmentId"] = "" }, nil,
			"platform output containerAppsEnvironmentId of organization/privatepull/dev: is empty: the platform has no Container Apps environment; set privatepull:createEnvironment: true in the platform stack"},
		{"no plan", func(o map[string]any) { o["appServicePlanId"] = "" },
			map[string]string{"webApps": `[{"name":"web-shop","image":"shop/a"}]`},
			"platform output appServicePlanId of organization/privatepull/dev: is empty: the platform has no App Service plan; set privatepull:createAppServicePlan: true"},
		{"plan in another subscription", func(o map[string]any) { o["appServicePlanId"] = otherSub },
			map[string]string{"webApps": `[{"name":"web-shop","image":"shop/a"}]`},
			"platform output appServicePlanId of organization/privatepull/dev: is in subscription 6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f, but this app stack deploys to subscription " + harness.Subscription},
		{"subnet type", func(o map[string]any) { o["appServiceSubnetId"] = platformPlan },
			map[string]string{"webApps": `[{"name":"web-shop","image":"shop/a"}]`},
			"platform output appServiceSubnetId of organization/privatepull/dev: \"" + platformPlan + "\" is a Microsoft.Web/serverfarms id, not a Microsoft.Network/virtualNetworks/subnets id"},
		{"mode", func(o map[string]any) { o["registryRoleAssignmentMode"] = "Rbac" }, nil,
			"platform output registryRoleAssignmentMode of organization/privatepull/dev: \"Rbac\" is not LegacyRegistryPermissions or AbacRepositoryPermissions"},
		{"mode platform not offered", func(o map[string]any) { o["identityModes"] = []any{"own"} },
			map[string]string{"identityMode": "platform"},
			"platform output identityModes of organization/privatepull/dev: offers [own], not privatepull:identityMode=platform: the platform pre-creates no team identities; add {name: shop, repositoryPrefix: shop/} to the platform stack's privatepull:teamIdentities"},
		{"team missing", func(o map[string]any) {
			o["teamIdentities"] = map[string]any{"pay": map[string]any{"id": platformIdentity}}
		}, map[string]string{"identityMode": "platform"},
			"platform output teamIdentities of organization/privatepull/dev: has no identity of team \"shop\" (it has: [pay]): add {name: shop, repositoryPrefix: shop/} to the platform stack's privatepull:teamIdentities"},
		{"team identity incomplete", func(o map[string]any) {
			o["teamIdentities"] = map[string]any{"shop": map[string]any{"id": platformPlan, "clientId": "x",
				"principalId": teamPrincipalID, "repositoryPrefix": "shop/"}}
		}, map[string]string{"identityMode": "platform"},
			"platform output teamIdentities of organization/privatepull/dev: shop.id \"" + platformPlan + "\" is a Microsoft.Web/serverfarms id, not a Microsoft.ManagedIdentity/userAssignedIdentities id; shop.clientId \"x\" is not a GUID"},
		{"team prefix differs", func(o map[string]any) {
			o["teamIdentities"].(map[string]any)["shop"].(map[string]any)["repositoryPrefix"] = "shop/web/"
		}, map[string]string{"identityMode": "platform"},
			"shop.repositoryPrefix is shop/web/, but privatepull:repositoryPrefix is \"shop/\": the team identity's grant is for the platform's prefix"},
		{"location differs", nil, map[string]string{"location": "japaneast"},
			"privatepull:location: \"japaneast\" differs from the platform's location \"koreacentral\" (platform output location of organization/privatepull/dev)"},
		{"cloud differs", func(o map[string]any) { o["cloud"] = "usgovernment" }, nil,
			"privatepull:cloud: \"public\" differs from the platform's cloud \"usgovernment\""},
		{"workload profile not in the environment", nil,
			map[string]string{"containerApps": `[{"name":"ca-shop","image":"shop/a","workloadProfile":"gpu"}]`},
			"privatepull:containerApps[0].workloadProfile: \"gpu\" is not a workload profile of the platform's environment (platform output containerAppsEnvironment of organization/privatepull/dev)"},
		{"app too large for the profile", nil,
			map[string]string{"containerApps": `[{"name":"ca-shop","image":"shop/a","workloadProfile":"general","cpu":8,"memory":"16Gi"}]`},
			"privatepull:containerApps[0].cpu: 8 exceeds one node of workload profile \"general\" (D4: 4 vCPU, 16Gi)"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			outputs := platformOutputs()
			if tc.edit != nil {
				tc.edit(outputs)
			}
			read := readPlatform(t, appStack(tc.config), &harness.StackReference{Outputs: outputs}, false)
			require.Error(t, read.err)
			assert.Contains(t, read.err.Error(), tc.want)
			assert.Contains(t, read.err.Error(), "nothing was deployed")
			assert.Len(t, read.mocks.Registrations(), 1, "only the read of the platform: no Azure resource")
		})
	}
}

func TestEveryPlatformProblemIsReportedAtOnce(t *testing.T) {
	outputs := platformOutputs()
	outputs["registryId"] = "nope"
	outputs["loginServer"] = "Not A Host"
	delete(outputs, "identityModes")
	read := readPlatform(t, appStack(map[string]string{"location": "japaneast"}),
		&harness.StackReference{Outputs: outputs}, false)
	require.Error(t, read.err)
	var cfgErr *stackconfig.Error
	require.True(t, errors.As(read.err, &cfgErr))
	assert.Len(t, cfgErr.Problems, 4, "%v", cfgErr.Problems)
}

func TestUnknownPlatformStackFailsTheRead(t *testing.T) {
	read := readPlatform(t, appStack(nil), nil, false)
	require.Error(t, read.err)
	assert.Contains(t, read.err.Error(), "unknown stack \"organization/privatepull/dev\"")
}

func TestExplicitPlatformNeedsNoStackReference(t *testing.T) {
	raw := explicitAppStack(t)
	read := readPlatform(t, raw, nil, false)
	require.NoError(t, read.err)
	p := read.platform
	assert.Nil(t, p.Reference)
	assert.Equal(t, "privatepull:platform", p.Source)
	assert.Equal(t, "koreacentral", p.Location)
	assert.Equal(t, "AbacRepositoryPermissions", p.RoleAssignmentMode)
	assert.Empty(t, read.cfg.Warnings, "ABAC mode isolates teams: no warning")
	for name, want := range map[string]any{"registryId": platformRegistry, "teamId": platformIdentity,
		"teamClientId": "5f0c8a3e-7b61-4e0b-9c1d-2a3b4c5d6e7f", "teamPrincipalId": "", "planId": platformPlan,
		"export:registryRegions": []string{"koreacentral"}} {
		v, known := read.values.Get(name)
		assert.True(t, known, name)
		assert.Equal(t, want, v, name)
	}
	assert.Empty(t, read.mocks.Registrations(), "explicit ids: nothing is read, nothing registered")
}
