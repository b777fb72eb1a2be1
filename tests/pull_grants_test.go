package tests

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/privatepull/privatepull/components"
	"github.com/privatepull/privatepull/tests/harness"
)

// assertPullGrant checks one grant of a principal at the registry: the
// role, the registry's scope, principalType ServicePrincipal and the name
// derived from (scope, principal, role).
func assertPullGrant(t *testing.T, m *harness.Mocks, name, principal, roleDefinition string) harness.Registration {
	t.Helper()
	ra := get(t, m, name)
	assert.Equal(t, tokRoleAssignment, ra.Type, name)
	assert.Equal(t, registryID, ra.Plain("scope"), name)
	assert.Equal(t, roleDefinition, ra.Plain("roleDefinitionId"), name)
	assert.Equal(t, "ServicePrincipal", ra.Plain("principalType"), name)
	assert.Equal(t, principal, ra.Plain("principalId"), name)
	assert.Equal(t, components.RoleAssignmentName(registryID, principal, roleDefinition), ra.Plain("roleAssignmentName"), name)
	return ra
}

// TestPullIdentityHoldsInEitherRegistryMode: in legacy mode (the default)
// the identity gets AcrPull and Container Registry Repository Reader at the
// registry, with distinct deterministic names, so its pulls hold whichever
// mode the registry is in (ABAC mode ignores AcrPull; the v2 SDK cannot read
// the mode). The propagation wait starts once both exist and restarts with
// AcrPull; apps waiting for acrPullReadyId wait for both grants and the wait.
func TestPullIdentityHoldsInEitherRegistryMode(t *testing.T) {
	m := run(t, false, func(ctx *pulumi.Context) error {
		id, err := components.NewPullIdentity(ctx, "pull", &components.PullIdentityArgs{
			Name: "id-test", Location: "koreacentral", ResourceGroupName: pulumi.String("rg-test"),
			RegistryID: pulumi.String(registryID), SubscriptionID: harness.Subscription, PropagationWaitSeconds: 300,
		})
		if err != nil {
			return err
		}
		_, err = components.NewContainerAppWorkload(ctx, "aca", &components.ContainerAppWorkloadArgs{
			EnvironmentID: pulumi.String(existingEnvironmentID), Location: "koreacentral",
			ResourceGroupName: pulumi.String("rg-test"), LoginServer: pulumi.String("acrtest01.azurecr.io"),
			PullIdentityID: id.IdentityID, PullIdentityClientID: id.ClientID,
			PullReady: []pulumi.StringInput{id.AcrPullReadyID},
			Apps: []components.ContainerAppSpec{{Name: "ca-a", ImageRepository: "a", ImageTag: "1", TargetPort: 80,
				CPU: 0.25, Memory: "0.5Gi", MaxReplicas: 1}},
		})
		return err
	})
	principal := harnessPrincipalID(fakeID("Microsoft.ManagedIdentity/userAssignedIdentities/id-test"))
	assert.Equal(t, []string{"pull-acrpull", "pull-acrpull-reader"}, namesOf(m.OfType(tokRoleAssignment)))
	acrPull := assertPullGrant(t, m, "pull-acrpull", principal, acrPullRoleDefinition)
	reader := assertPullGrant(t, m, "pull-acrpull-reader", principal, repositoryReaderRoleDefinition)
	assert.NotEqual(t, acrPull.Plain("roleAssignmentName"), reader.Plain("roleAssignmentName"))
	assert.Nil(t, reader.Plain("condition"), "the platform's identity reads every repository")
	assert.Equal(t, "Container Registry Repository Reader for private image pulls (managed by privatepull)",
		reader.Plain("description"))

	wait := get(t, m, "pull-acrpull-propagation")
	assert.True(t, wait.DependsOn("pull-acrpull"))
	assert.True(t, wait.DependsOn("pull-acrpull-reader"), "the wait starts once every grant exists")
	assert.Equal(t, []string{"pull-acrpull"}, wait.PropertyDependencies["triggers"],
		"it restarts with AcrPull only: no wait on an upgrade that adds the Reader")

	app := get(t, m, "aca-ca-a")
	for _, dep := range []string{"pull-acrpull", "pull-acrpull-reader", "pull-acrpull-propagation"} {
		assert.True(t, app.DependsOn(dep), "the app waits for %s", dep)
	}
}

// webAppGrants runs a systemAssigned web app with the registry's mode and
// the team's prefix.
func webAppGrants(t *testing.T, preview bool, mode, prefix string) *harness.Mocks {
	t.Helper()
	return run(t, preview, webProgram([]components.WebAppSpec{webApp("web-b", components.PullAuthSystemAssigned)},
		func(a *components.WebAppWorkloadArgs) {
			a.RegistryRoleAssignmentMode, a.RepositoryPrefix = mode, prefix
		}))
}

// TestSystemAssignedSitesGetTheDualGrantToo: a site's own identity gets the
// same grants as the user-assigned identity, through the same function:
// AcrPull and the Reader in legacy mode, the Reader alone (limited to the
// prefix, aliased from its old name) in ABAC mode.
func TestSystemAssignedSitesGetTheDualGrantToo(t *testing.T) {
	principal := harness.FakeGUID("site-principal:" + fakeID("Microsoft.Web/sites/web-b"))
	m := webAppGrants(t, false, "", "")
	assertPullGrant(t, m, "web-web-b-acrpull", principal, acrPullRoleDefinition)
	reader := assertPullGrant(t, m, "web-web-b-acrpull-reader", principal, repositoryReaderRoleDefinition)
	assert.Equal(t, "web", reader.Parent)
	assert.True(t, reader.DependsOn("web-web-b"), "the site's identity exists only with the site")
	assert.Nil(t, reader.Plain("condition"))

	m = webAppGrants(t, false, components.RoleAssignmentModeAbac, "shop/")
	_, registered := m.Get("web-web-b-acrpull")
	assert.False(t, registered, "no AcrPull in ABAC mode")
	reader = assertPullGrant(t, m, "web-web-b-acrpull-reader", principal, repositoryReaderRoleDefinition)
	assert.Equal(t, components.RepositoryPrefixCondition("shop/"), reader.Plain("condition"))
	assert.Equal(t, "2.0", reader.Plain("conditionVersion"))
	assertAliasedFrom(t, reader, "web-web-b-acrpull")

	preview := webAppGrants(t, true, components.RoleAssignmentModeLegacy, "shop/")
	for name, role := range map[string]string{"web-web-b-acrpull": acrPullRoleDefinition,
		"web-web-b-acrpull-reader": repositoryReaderRoleDefinition} {
		assert.Equal(t, role, get(t, preview, name).Plain("roleDefinitionId"), "%s: the role is known in preview", name)
	}
	assert.Contains(t, get(t, preview, "web-web-b-acrpull-reader").Plain("condition"), "'shop/'")
}

// TestPullGrantModesAreCheckedBeforeRegistration: an unknown mode or a
// prefix that is not a repository prefix fails before anything exists.
func TestPullGrantModesAreCheckedBeforeRegistration(t *testing.T) {
	for _, bad := range []struct{ mode, prefix, message string }{
		{"Abac", "", `registryRoleAssignmentMode "Abac": want LegacyRegistryPermissions or AbacRepositoryPermissions`},
		{"", "shop", `repositoryPrefix "shop" is not a repository prefix`},
	} {
		expectFailure(t, func(ctx *pulumi.Context) error {
			_, err := components.NewWebAppWorkload(ctx, "web", &components.WebAppWorkloadArgs{
				PlanName: "asp-test", PlanSku: "P1v3", PlanInstances: 1, Location: "koreacentral",
				ResourceGroupName: pulumi.String("rg-test"), IntegrationSubnetID: pulumi.String(integrationSubnetID),
				RegistryRoleAssignmentMode: bad.mode, RepositoryPrefix: bad.prefix,
			})
			return err
		}, bad.message)
		expectFailure(t, func(ctx *pulumi.Context) error {
			_, err := components.NewAcrPullAssignment(ctx, "grant", components.AcrPullAssignmentArgs{
				RegistryID: pulumi.String(registryID), PrincipalID: pulumi.String("p"),
				RoleAssignmentMode: bad.mode, RepositoryPrefix: bad.prefix,
			})
			return err
		}, `pull grants "grant": `+bad.message)
	}
	_, err := harness.Run(func(ctx *pulumi.Context) error {
		_, err := components.NewAcrPullAssignment(ctx, "grant", components.AcrPullAssignmentArgs{
			RegistryID: pulumi.String(registryID), PrincipalID: pulumi.String("p"), RepositoryPrefix: "shop/"})
		return err
	}, harness.Options{})
	require.NoError(t, err, "a prefix in legacy mode limits the Reader")
}

// TestSystemAssignedFunctionAppsGetTheDualGrantToo: a function app's own
// identity is granted like a web app's: AcrPull and the Reader in legacy
// mode, the Reader alone, limited to the prefix, in ABAC mode.
func TestSystemAssignedFunctionAppsGetTheDualGrantToo(t *testing.T) {
	principal := harness.FakeGUID("site-principal:" + fakeID("Microsoft.Web/sites/func-audit"))
	app := functionApp("func-audit", components.FunctionPlanAppService, components.PullAuthSystemAssigned)
	m := run(t, false, functionProgram([]components.FunctionAppSpec{app}, nil))
	assertPullGrant(t, m, "func-func-audit-acrpull", principal, acrPullRoleDefinition)
	reader := assertPullGrant(t, m, "func-func-audit-acrpull-reader", principal, repositoryReaderRoleDefinition)
	assert.True(t, reader.DependsOn("func-func-audit"), "the site's identity exists only with the site")
	assert.Nil(t, reader.Plain("condition"))

	m = run(t, false, functionProgram([]components.FunctionAppSpec{app}, func(a *components.FunctionAppWorkloadArgs) {
		a.RegistryRoleAssignmentMode, a.RepositoryPrefix = components.RoleAssignmentModeAbac, "funcs/"
	}))
	_, registered := m.Get("func-func-audit-acrpull")
	assert.False(t, registered, "no AcrPull in ABAC mode")
	reader = assertPullGrant(t, m, "func-func-audit-acrpull-reader", principal, repositoryReaderRoleDefinition)
	assert.Equal(t, components.RepositoryPrefixCondition("funcs/"), reader.Plain("condition"))
}
