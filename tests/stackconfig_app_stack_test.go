package tests

import (
	"encoding/json"
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/privatepull/privatepull/components/stackconfig"
)

const (
	platformRG       = "/subscriptions/0b1f6471-1bf0-4dda-aec3-111122223333/resourceGroups/rg-myapp"
	platformRegistry = platformRG + "/providers/Microsoft.ContainerRegistry/registries/acrmyapp01"
	platformEnv      = platformRG + "/providers/Microsoft.App/managedEnvironments/cae-myapp"
	platformPlan     = platformRG + "/providers/Microsoft.Web/serverfarms/asp-myapp"
	platformSubnet   = platformRG + "/providers/Microsoft.Network/virtualNetworks/vnet-myapp/subnets/snet-app"
	platformIdentity = platformRG + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-myapp-shop"
)

// appStack is the smallest valid app stack: a stack reference, a team and
// one container app under the team's prefix.
func appStack(extra map[string]string) map[string]string {
	raw := map[string]string{
		"platformStack":    "organization/privatepull/dev",
		"teamName":         "shop",
		"repositoryPrefix": "shop/",
		"containerApps":    `[{"name":"ca-shop","image":"shop/containerapps-helloworld","port":80}]`,
	}
	for k, v := range extra {
		raw[k] = v
	}
	return raw
}

// withDefaults adds every key's default as the Pulumi CLI passes it (it
// passes Pulumi.yaml's defaults for every key the stack does not set).
func withDefaults(t *testing.T, raw map[string]string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for key, def := range stackconfig.Defaults {
		switch d := def.(type) {
		case string:
			out[key] = d
		case bool, int:
			out[key] = fmt.Sprint(d)
		default:
			b, err := json.Marshal(d)
			require.NoError(t, err)
			out[key] = string(b)
		}
	}
	for k, v := range raw {
		out[k] = v
	}
	return out
}

// explicitPlatform renders a privatepull:platform value.
func explicitPlatform(t *testing.T, fields map[string]any) string {
	t.Helper()
	b, err := json.Marshal(fields)
	require.NoError(t, err)
	return string(b)
}

func TestAppStackParsesWithEveryDefaultPresent(t *testing.T) {
	cfg, err := stackconfig.ParseIn(stackconfig.Environment{Project: "privatepull", Stack: "dev-team-shop"},
		withDefaults(t, appStack(nil)), nil)
	require.NoError(t, err)
	assert.True(t, cfg.IsAppStack())
	assert.Equal(t, stackconfig.StackRoleApp, cfg.StackRole())
	assert.Equal(t, "organization/privatepull/dev", cfg.PlatformStack)
	assert.Nil(t, cfg.Platform, "an empty platform object is not an explicit platform")
	assert.Equal(t, "own", cfg.IdentityMode)
	assert.Equal(t, "shop", cfg.BaseName, "an app stack is named after its team unless baseName is set")
	assert.Equal(t, "rg-shop", cfg.ResourceGroupName)
	assert.Equal(t, "id-shop", cfg.IdentityName)
	assert.Empty(t, cfg.Location, "an app stack's location defaults to its platform's")
	assert.False(t, cfg.HasWebApps(), "an app stack's web apps run on the platform's plan")
	assert.False(t, cfg.HasEnvironment(), "an app stack's apps run in the platform's environment")
}

func TestAppStackKeepsAnExplicitBaseName(t *testing.T) {
	cfg, err := stackconfig.Parse(withDefaults(t, appStack(map[string]string{"baseName": "shop-dev"})), nil)
	require.NoError(t, err)
	assert.Equal(t, "rg-shop-dev", cfg.ResourceGroupName)
}

func TestPlatformStackDefaultsAndTeams(t *testing.T) {
	cfg, err := stackconfig.Parse(withDefaults(t, with(map[string]string{
		"teamIdentities": `[{"name":"shop","repositoryPrefix":"shop/"},{"name":"pay","repositoryPrefix":"payments/api/"}]`,
	})), nil)
	require.NoError(t, err)
	assert.False(t, cfg.IsAppStack())
	assert.Equal(t, stackconfig.StackRolePlatform, cfg.StackRole())
	assert.Equal(t, "LegacyRegistryPermissions", cfg.RegistryRoleAssignmentMode)
	assert.Equal(t, []stackconfig.TeamIdentity{{Name: "shop", RepositoryPrefix: "shop/"},
		{Name: "pay", RepositoryPrefix: "payments/api/"}}, cfg.TeamIdentities)
	assert.Equal(t, "id-privatepull-shop", cfg.TeamIdentityName("shop"))
	assert.Equal(t, []string{"own", "platform"}, cfg.IdentityModes())
	assert.False(t, cfg.HasEnvironment(), "no container apps and no createEnvironment: no environment")
	assert.False(t, cfg.HasWebApps())

	bare, err := stackconfig.Parse(withDefaults(t, with(map[string]string{
		"createEnvironment": "true", "createAppServicePlan": "true",
	})), nil)
	require.NoError(t, err)
	assert.Equal(t, []string{"own"}, bare.IdentityModes(), "without team identities app stacks bring their own")
	assert.True(t, bare.HasEnvironment(), "createEnvironment creates the environment for app stacks")
	assert.True(t, bare.HasWebApps(), "createAppServicePlan creates the plan (and its subnet) for app stacks")
}

// explicitAppStack is the shop app stack given the platform's ids
// (identity mode platform, ABAC mode), with one web app.
func explicitAppStack(t *testing.T) map[string]string {
	t.Helper()
	return appStack(map[string]string{
		"platformStack": "",
		"identityMode":  "platform",
		"webApps":       `[{"name":"web-shop","image":"shop/aci-helloworld"}]`,
		"platform": explicitPlatform(t, map[string]any{
			"registryId": platformRegistry, "loginServer": "acrmyapp01.azurecr.io", "location": "koreacentral",
			"environmentId": platformEnv, "appServicePlanId": platformPlan, "appServiceSubnetId": platformSubnet,
			"registryRoleAssignmentMode": "AbacRepositoryPermissions", "identityId": platformIdentity,
			"identityClientId":      "5f0c8a3e-7b61-4e0b-9c1d-2a3b4c5d6e7f",
			"dataEndpointHostNames": []string{"acrmyapp01.koreacentral.data.azurecr.io"},
		}),
	})
}

func TestExplicitPlatformParses(t *testing.T) {
	raw := explicitAppStack(t)
	cfg, err := stackconfig.Parse(withDefaults(t, raw), nil)
	require.NoError(t, err)
	require.NotNil(t, cfg.Platform)
	assert.True(t, cfg.IsAppStack())
	assert.Equal(t, platformPlan, cfg.Platform.AppServicePlanID)
	assert.Equal(t, "AbacRepositoryPermissions", cfg.Platform.RegistryRoleAssignmentMode)
}

func TestAppStackRulesNameKeyAndRule(t *testing.T) {
	platform := func(fields map[string]any) map[string]string {
		base := map[string]any{"registryId": platformRegistry, "loginServer": "acrmyapp01.azurecr.io",
			"location": "koreacentral", "environmentId": platformEnv}
		for k, v := range fields {
			base[k] = v
		}
		return map[string]string{"platformStack": "", "platform": explicitPlatform(t, base)}
	}
	merge := func(maps ...map[string]string) map[string]string {
		out := map[string]string{}
		for _, m := range maps {
			for k, v := range m {
				out[k] = v
			}
		}
		return out
	}
	both := appStack(platform(nil))
	both["platformStack"] = "organization/privatepull/dev"
	cases := []struct {
		name string
		raw  map[string]string
		want string
	}{
		{"platform-only key", appStack(map[string]string{"vnetCidr": "10.9.0.0/16"}),
			"privatepull:vnetCidr: only a platform stack may set it: this app stack (privatepull:platformStack) deploys its apps into the platform's network, registry, environment and plan"},
		{"cache rules in an app stack", appStack(map[string]string{"cacheRules": `[{"source":"mcr.microsoft.com/a","target":"shop/a"}]`}),
			"privatepull:cacheRules: only a platform stack may set it"},
		{"probe in an app stack", appStack(map[string]string{"probeJob": "true"}), "privatepull:probeJob: only a platform stack may set it"},
		{"workload profiles in an app stack", appStack(map[string]string{"workloadProfiles": `[{"name":"general","type":"D4"}]`}),
			"privatepull:workloadProfiles: only a platform stack may set it"},
		{"team identities in an app stack", appStack(map[string]string{"teamIdentities": `[{"name":"a","repositoryPrefix":"a/"}]`}),
			"privatepull:teamIdentities: only a platform stack may set it"},
		{"environment in an app stack", appStack(map[string]string{"createEnvironment": "true"}),
			"privatepull:createEnvironment: only a platform stack may set it"},
		{"role assignment mode in an app stack", appStack(map[string]string{"registryRoleAssignmentMode": "AbacRepositoryPermissions"}),
			"privatepull:registryRoleAssignmentMode: is the platform's: an app stack (privatepull:platformStack) takes it from the platform (its output registryRoleAssignmentMode, or privatepull:platform.registryRoleAssignmentMode)"},
		{"team name in a platform stack", with(map[string]string{"teamName": "shop"}),
			"privatepull:teamName: is an app stack setting, but this is a platform stack (it sets neither privatepull:platformStack nor privatepull:platform)"},
		{"identity mode in a platform stack", with(map[string]string{"identityMode": "platform"}),
			"privatepull:identityMode: is an app stack setting, but this is a platform stack"},
		{"both links", both,
			"privatepull:platform: set either privatepull:platformStack (a stack reference) or privatepull:platform (the platform's ids), not both"},
		{"stack name not qualified", appStack(map[string]string{"platformStack": "dev"}),
			"privatepull:platformStack: \"dev\" is not a fully qualified stack name: want <org>/<project>/<stack> (organization/<project>/<stack> on the local and file backends)"},
		{"team name missing", appStack(map[string]string{"teamName": ""}), "privatepull:teamName: is required in an app stack"},
		{"team name rule", appStack(map[string]string{"teamName": "Shop_Team"}), "privatepull:teamName: \"Shop_Team\" breaks the team naming rule"},
		{"prefix missing", appStack(map[string]string{"repositoryPrefix": ""}), "privatepull:repositoryPrefix: is required in an app stack"},
		{"prefix without slash", appStack(map[string]string{"repositoryPrefix": "shop"}),
			"privatepull:repositoryPrefix: \"shop\" is not a repository prefix: lowercase letters and digits separated by . _ __ - or /, ending with /"},
		{"prefix uppercase", appStack(map[string]string{"repositoryPrefix": "Shop/"}), "privatepull:repositoryPrefix: \"Shop/\" is not a repository prefix"},
		{"prefix double slash", appStack(map[string]string{"repositoryPrefix": "shop//"}), "privatepull:repositoryPrefix: \"shop//\" is not a repository prefix"},
		{"container app outside the prefix", appStack(map[string]string{"containerApps": `[{"name":"ca-shop","image":"samples/containerapps-helloworld"}]`}),
			"privatepull:containerApps[0].image: \"samples/containerapps-helloworld\" is not under the team's repository prefix \"shop/\" (privatepull:repositoryPrefix): an app stack runs only its team's images, e.g. \"shop/containerapps-helloworld\""},
		{"prefix alone is no image", appStack(map[string]string{"containerApps": `[{"name":"ca-shop","image":"shopping/x"}]`}),
			"privatepull:containerApps[0].image: \"shopping/x\" is not under the team's repository prefix \"shop/\""},
		{"web app outside the prefix", appStack(map[string]string{"webApps": `[{"name":"web-shop","image":"pay/api"}]`}),
			"privatepull:webApps[0].image: \"pay/api\" is not under the team's repository prefix \"shop/\""},
		{"identity mode", appStack(map[string]string{"identityMode": "shared"}),
			"privatepull:identityMode: \"shared\" is not own (the stack creates its identity and grant, and waits once for the grant to propagate) or platform"},
		{"identity name in mode platform", appStack(map[string]string{"identityMode": "platform", "identityName": "id-mine"}),
			"privatepull:identityName: configures the identity and grant of privatepull:identityMode=own; with privatepull:identityMode=platform the stack uses the platform's team identity"},
		{"wait in mode platform", appStack(map[string]string{"identityMode": "platform", "acrPullPropagationSeconds": "60"}),
			"privatepull:acrPullPropagationSeconds: configures the identity and grant of privatepull:identityMode=own"},
		{"custom registry web app", appStack(map[string]string{"webApps": `[{"name":"web-shop","image":"shop/a","registry":"custom"}]`}),
			"privatepull:webApps[0].registry: \"custom\" is not available in an app stack: its web apps pull from the platform's registry"},
		{"credentials web app", appStack(map[string]string{"webApps": `[{"name":"web-shop","image":"shop/a","pullAuth":"credentials"}]`}),
			"privatepull:webApps[0].pullAuth: credentials is not available in an app stack"},
		{"system-assigned web app in mode platform", appStack(map[string]string{"identityMode": "platform", "webApps": `[{"name":"web-shop","image":"shop/a","pullAuth":"systemAssigned"}]`}),
			"privatepull:webApps[0].pullAuth: systemAssigned needs a grant on the platform's registry for the site's own identity, which an app stack in privatepull:identityMode=platform does not create"},
		{"explicit registry id type", appStack(platform(map[string]any{"registryId": platformEnv})),
			"privatepull:platform.registryId: \"" + platformEnv + "\" is a Microsoft.App/managedEnvironments id, not a Microsoft.ContainerRegistry/registries id"},
		{"explicit login server cloud", appStack(platform(map[string]any{"loginServer": "acrmyapp01.azurecr.cn"})),
			"privatepull:platform.loginServer: \"acrmyapp01.azurecr.cn\" is not a login server of the public cloud (*.azurecr.io)"},
		{"explicit environment missing", appStack(platform(map[string]any{"environmentId": ""})),
			"privatepull:platform.environmentId: is required: the Container Apps environment the stack's container apps run in"},
		{"explicit plan missing", appStack(merge(platform(nil), map[string]string{"webApps": `[{"name":"web-shop","image":"shop/a"}]`})),
			"privatepull:platform.appServicePlanId: is required: the App Service plan the stack's web apps run on"},
		{"explicit subnet type", appStack(merge(platform(map[string]any{"appServicePlanId": platformPlan, "appServiceSubnetId": platformPlan}), map[string]string{"webApps": `[{"name":"web-shop","image":"shop/a"}]`})),
			"privatepull:platform.appServiceSubnetId: \"" + platformPlan + "\" is a Microsoft.Web/serverfarms id, not a Microsoft.Network/virtualNetworks/subnets id"},
		{"explicit location needed", appStack(platform(map[string]any{"location": ""})),
			"privatepull:platform.location: is required: the platform's region (or set privatepull:location)"},
		{"explicit location differs", appStack(merge(platform(nil), map[string]string{"location": "japaneast"})),
			"privatepull:location: \"japaneast\" differs from privatepull:platform.location \"koreacentral\""},
		{"explicit mode", appStack(platform(map[string]any{"registryRoleAssignmentMode": "Abac"})),
			"privatepull:platform.registryRoleAssignmentMode: \"Abac\" is not LegacyRegistryPermissions or AbacRepositoryPermissions"},
		{"explicit identity in mode own", appStack(platform(map[string]any{"identityId": platformIdentity})),
			"privatepull:platform.identityId: is the platform's team identity, used in privatepull:identityMode=platform only"},
		{"explicit identity missing in mode platform", appStack(merge(platform(nil), map[string]string{"identityMode": "platform"})),
			"privatepull:platform.identityId: is required: the team identity the platform created and granted (privatepull:identityMode=platform)"},
		{"explicit client id", appStack(merge(platform(map[string]any{"identityId": platformIdentity, "identityClientId": "nope"}), map[string]string{"identityMode": "platform"})),
			"privatepull:platform.identityClientId: \"nope\" is not a GUID"},
		{"explicit unknown field", appStack(platform(map[string]any{"vnetId": "x"})),
			"privatepull:platform: cannot read the value: json: unknown field \"vnetId\""},
		{"explicit data endpoint", appStack(platform(map[string]any{"dataEndpointHostNames": []string{"not a host"}})),
			"privatepull:platform.dataEndpointHostNames[0]: \"not a host\" is not a host name"},
		{"team identity name", with(map[string]string{"teamIdentities": `[{"name":"Shop","repositoryPrefix":"shop/"}]`}),
			"privatepull:teamIdentities[0].name: \"Shop\" breaks the team naming rule"},
		{"team identity twice", with(map[string]string{"teamIdentities": `[{"name":"shop","repositoryPrefix":"shop/"},{"name":"shop","repositoryPrefix":"shop2/"}]`}),
			"privatepull:teamIdentities[1].name: \"shop\" is already used by privatepull:teamIdentities[0].name"},
		{"team identity prefix missing", with(map[string]string{"teamIdentities": `[{"name":"shop"}]`}),
			"privatepull:teamIdentities[0].repositoryPrefix: is required: the repositories the team pulls from, e.g. \"shop/\""},
		{"team identity prefix rule", with(map[string]string{"teamIdentities": `[{"name":"shop","repositoryPrefix":"shop"}]`}),
			"privatepull:teamIdentities[0].repositoryPrefix: \"shop\" is not a repository prefix"},
		{"team identity prefixes overlap", with(map[string]string{"teamIdentities": `[{"name":"shop","repositoryPrefix":"shop/"},{"name":"cart","repositoryPrefix":"shop/cart/"}]`}),
			"privatepull:teamIdentities[1].repositoryPrefix: \"shop/cart/\" overlaps privatepull:teamIdentities[0].repositoryPrefix (\"shop/\"): one team could pull the other's images"},
		{"role assignment mode value", with(map[string]string{"registryRoleAssignmentMode": "ABAC"}),
			"privatepull:registryRoleAssignmentMode: \"ABAC\" is not LegacyRegistryPermissions or AbacRepositoryPermissions"},
		{"probe without environment", with(map[string]string{"probeJob": "true"}),
			"privatepull:probeJob: needs a Container Apps environment to run in: the stack has none without privatepull:containerApps or privatepull:createEnvironment"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := stackconfig.ParseIn(stackconfig.Environment{Project: "privatepull", Stack: "dev-team-shop"},
				withDefaults(t, tc.raw), nil)
			require.Error(t, err)
			assert.Nil(t, cfg)
			var cfgErr *stackconfig.Error
			require.True(t, errors.As(err, &cfgErr))
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

func TestAppStackMayNotReferenceItself(t *testing.T) {
	_, err := stackconfig.ParseIn(stackconfig.Environment{Project: "privatepull", Stack: "dev"},
		withDefaults(t, appStack(nil)), nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "privatepull:platformStack: \"organization/privatepull/dev\" is this stack itself")
}

func TestPlatformKeysAtTheirDefaultAreNotSetInAnAppStack(t *testing.T) {
	// The CLI passes every default; an app stack that writes a default value
	// explicitly (vnetCidr: 10.0.0.0/16) does not configure anything.
	_, err := stackconfig.Parse(withDefaults(t, appStack(map[string]string{
		"vnetCidr": "10.0.0.0/16", "protectRegistry": "false", "cacheRules": "[]", "agentPool": "{}",
	})), nil)
	require.NoError(t, err)
}
