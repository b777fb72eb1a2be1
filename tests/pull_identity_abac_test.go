package tests

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"

	"github.com/privatepull/privatepull/components"
	"github.com/privatepull/privatepull/tests/harness"
)

// repositoryReaderRoleDefinition is Container Registry Repository Reader in
// the harness's subscription.
const repositoryReaderRoleDefinition = "/subscriptions/" + harness.Subscription +
	"/providers/Microsoft.Authorization/roleDefinitions/b93aa761-3e63-49ed-ac28-beffa264f7ac"

// abacProgram registers an identity for a registry in ABAC mode, limited to prefix.
func abacProgram(registry pulumi.StringInput, mode, prefix string) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		_, err := components.NewPullIdentity(ctx, "pull", &components.PullIdentityArgs{
			Name: "id-shop", Location: "koreacentral", ResourceGroupName: pulumi.String("rg-test"),
			RegistryID: registry, SubscriptionID: harness.Subscription, PropagationWaitSeconds: 300,
			RegistryRoleAssignmentMode: mode, RepositoryPrefix: prefix,
		})
		return err
	}
}

// TestAbacGrantIsLimitedToTheRepositoryPrefix: in ABAC mode the only grant
// is Container Registry Repository Reader (AcrPull is ignored there) under a
// condition that allows repository content and metadata reads only under
// the prefix, known in preview, with a name derived from scope, principal and
// role like AcrPull's. It keeps the logical name it had as the only grant
// through an alias, so a stack deployed before the dual grant replaces
// nothing.
func TestAbacGrantIsLimitedToTheRepositoryPrefix(t *testing.T) {
	modes(t, func(t *testing.T, preview bool) {
		m := run(t, preview, abacProgram(pulumi.String(registryID), components.RoleAssignmentModeAbac, "shop/"))
		assert.Equal(t, []string{"pull-acrpull-reader"}, namesOf(m.OfType(tokRoleAssignment)), "no AcrPull in ABAC mode")
		ra := get(t, m, "pull-acrpull-reader")
		assertAliasedFrom(t, ra, "pull-acrpull")
		assert.Equal(t, tokRoleAssignment, ra.Type)
		assert.Equal(t, "pull", ra.Parent)
		assert.Equal(t, registryID, ra.Plain("scope"))
		assert.Equal(t, repositoryReaderRoleDefinition, ra.Plain("roleDefinitionId"))
		assert.Equal(t, "((!(ActionMatches{'Microsoft.ContainerRegistry/registries/repositories/content/read'}) AND "+
			"!(ActionMatches{'Microsoft.ContainerRegistry/registries/repositories/metadata/read'})) OR "+
			"(@Request[Microsoft.ContainerRegistry/registries/repositories:name] StringStartsWithIgnoreCase 'shop/'))",
			ra.Plain("condition"))
		assert.Equal(t, "2.0", ra.Plain("conditionVersion"))
		assert.Equal(t, "ServicePrincipal", ra.Plain("principalType"))
		assert.Equal(t, "Container Registry Repository Reader for repositories under shop/ (managed by privatepull)",
			ra.Plain("description"))
		wait := get(t, m, "pull-acrpull-propagation")
		assert.True(t, wait.DependsOn("pull-acrpull-reader"), "the ABAC grant gets the same propagation wait")
		assert.Equal(t, []string{"pull-acrpull-reader"}, wait.PropertyDependencies["triggers"])
		if preview {
			return
		}
		principal := ra.Plain("principalId").(string)
		assert.Equal(t, components.RoleAssignmentName(registryID, principal, repositoryReaderRoleDefinition),
			ra.Plain("roleAssignmentName"))
		assert.NotEqual(t, components.RoleAssignmentName(registryID, principal, acrPullRoleDefinition),
			ra.Plain("roleAssignmentName"), "another role, another assignment")
	})
}

// TestAbacGrantWithoutPrefixCoversTheRegistry: no prefix, no condition.
func TestAbacGrantWithoutPrefixCoversTheRegistry(t *testing.T) {
	ra := get(t, run(t, false, abacProgram(pulumi.String(registryID), components.RoleAssignmentModeAbac, "")), "pull-acrpull-reader")
	assert.Equal(t, repositoryReaderRoleDefinition, ra.Plain("roleDefinitionId"))
	assert.Nil(t, ra.Plain("condition"))
	assert.Nil(t, ra.Plain("conditionVersion"))
}

// TestLegacyModeGrantsAcrPullAndTheReader: the default mode, named or not,
// grants AcrPull without a condition (it cannot carry one) and Container
// Registry Repository Reader, limited to the prefix when one is given, so
// pulls hold, and a team stays limited, once the registry switches to ABAC
// mode.
func TestLegacyModeGrantsAcrPullAndTheReader(t *testing.T) {
	for _, mode := range []string{"", components.RoleAssignmentModeLegacy} {
		m := run(t, false, abacProgram(pulumi.String(registryID), mode, "shop/"))
		assert.Equal(t, []string{"pull-acrpull", "pull-acrpull-reader"}, namesOf(m.OfType(tokRoleAssignment)), mode)
		ra := get(t, m, "pull-acrpull")
		assert.Equal(t, acrPullRoleDefinition, ra.Plain("roleDefinitionId"), mode)
		assert.Nil(t, ra.Plain("condition"), mode)
		reader := get(t, m, "pull-acrpull-reader")
		assert.Equal(t, repositoryReaderRoleDefinition, reader.Plain("roleDefinitionId"), mode)
		assert.Contains(t, reader.Plain("condition"), "StringStartsWithIgnoreCase 'shop/'", mode)
		for _, a := range reader.Aliases {
			assert.Empty(t, a.Name, "no name alias: in legacy mode the AcrPull grant keeps its name")
		}
	}
}

// TestRepositoryPrefixIsValidatedBeforeRegistration: a prefix that is not a
// repository path prefix (or a prefix where AcrPull is granted, or an
// unknown mode) fails before anything is registered.
func TestRepositoryPrefixIsValidatedBeforeRegistration(t *testing.T) {
	for prefix, message := range map[string]string{
		"shop":         `repositoryPrefix "shop" is not a repository prefix`,
		"Shop/":        `repositoryPrefix "Shop/" is not a repository prefix`,
		"shop//":       `repositoryPrefix "shop//" is not a repository prefix`,
		"/shop/":       `repositoryPrefix "/shop/" is not a repository prefix`,
		"shop/*":       `repositoryPrefix "shop/*" is not a repository prefix`,
		"sh'op/":       `repositoryPrefix "sh'op/" is not a repository prefix`,
		"-shop/":       `repositoryPrefix "-shop/" is not a repository prefix`,
		"shop/ OR 1/":  `repositoryPrefix "shop/ OR 1/" is not a repository prefix`,
		"team..a/web/": `repositoryPrefix "team..a/web/" is not a repository prefix`,
	} {
		expectFailure(t, abacProgram(pulumi.String(registryID), components.RoleAssignmentModeAbac, prefix),
			`PullIdentity "pull": `+message)
	}
	expectFailure(t, abacProgram(pulumi.String(registryID), "Abac", ""),
		`registryRoleAssignmentMode "Abac": want LegacyRegistryPermissions or AbacRepositoryPermissions`)
	for _, good := range []string{"shop/", "team-a/web/", "a.b_c__d/", "x1/"} {
		_, err := harness.Run(abacProgram(pulumi.String(registryID), components.RoleAssignmentModeAbac, good), harness.Options{})
		assert.NoError(t, err, good)
	}
}

// TestPullIdentityAttachesToAnExistingRegistryInAnotherSubscription: a known
// registry id from elsewhere is the grant's scope, and the role definition is
// in the registry's subscription, not the stack's, with no client
// configuration read.
func TestPullIdentityAttachesToAnExistingRegistryInAnotherSubscription(t *testing.T) {
	const other = "7d1e2b9a-0c3f-4e5d-8a6b-444455556666"
	platformRegistry := "/subscriptions/" + other + "/resourceGroups/rg-platform/providers/Microsoft.ContainerRegistry/registries/acrplatform"
	modes(t, func(t *testing.T, preview bool) {
		m := run(t, preview, func(ctx *pulumi.Context) error {
			_, err := components.NewPullIdentity(ctx, "pull", &components.PullIdentityArgs{
				Name: "id-shop", Location: "koreacentral", ResourceGroupName: pulumi.String("rg-shop"),
				RegistryID: pulumi.String(platformRegistry),
			})
			return err
		})
		ra := get(t, m, "pull-acrpull")
		assert.Equal(t, platformRegistry, ra.Plain("scope"))
		assert.Equal(t, "/subscriptions/"+other+"/providers/Microsoft.Authorization/roleDefinitions/"+components.AcrPullRoleID,
			ra.Plain("roleDefinitionId"))
		assert.NotContains(t, m.Calls(), "azure-native:authorization:getClientConfig")
		assert.Equal(t, "rg-shop", get(t, m, "pull-identity").Plain("resourceGroupName"))
	})
	expectFailure(t, abacProgram(pulumi.String(fakeID("Microsoft.KeyVault/vaults/kv")), "", ""),
		`registryId: "`+fakeID("Microsoft.KeyVault/vaults/kv")+`" is a Microsoft.KeyVault/vaults id, not a Microsoft.ContainerRegistry/registries id`)
}
