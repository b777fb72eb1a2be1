package tests

import (
	"regexp"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/privatepull/privatepull/components"
	"github.com/privatepull/privatepull/tests/harness"
)

const acrPullRoleDefinition = "/subscriptions/" + harness.Subscription +
	"/providers/Microsoft.Authorization/roleDefinitions/7f951dda-4ed3-4680-a7ca-43fe172d538d"

var guidPattern = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

func identityProgram(ctx *pulumi.Context) error {
	_, err := components.NewPullIdentity(ctx, "pull", &components.PullIdentityArgs{
		Name:              "id-test",
		Location:          "koreacentral",
		ResourceGroupName: pulumi.String("rg-test"),
		RegistryID:        pulumi.String(registryID),
	})
	return err
}

func TestPullIdentityGrantsAcrPullAtRegistryScope(t *testing.T) {
	m := run(t, false, identityProgram)
	assert.Equal(t, "privatepull:index:PullIdentity", get(t, m, "pull").Type)

	id := get(t, m, "pull-identity")
	assert.Equal(t, tokIdentity, id.Type)
	assert.Equal(t, "pull", id.Parent)
	assert.Equal(t, "id-test", id.Plain("resourceName"))
	assert.Equal(t, "koreacentral", id.Plain("location"))

	ra := get(t, m, "pull-acrpull")
	assert.Equal(t, tokRoleAssignment, ra.Type)
	assert.Equal(t, "pull", ra.Parent)
	assert.Equal(t, registryID, ra.Plain("scope"))
	assert.Equal(t, acrPullRoleDefinition, ra.Plain("roleDefinitionId"))
	assert.Equal(t, "ServicePrincipal", ra.Plain("principalType"))
	assert.True(t, ra.DependsOn("pull-identity"))

	// principalId is the identity's object id, never its client id.
	identityID := fakeID("Microsoft.ManagedIdentity/userAssignedIdentities/id-test")
	principal := ra.Plain("principalId").(string)
	assert.NotEqual(t, harnessClientID(identityID), principal)
	assert.Equal(t, harnessPrincipalID(identityID), principal)

	name := ra.Plain("roleAssignmentName").(string)
	assert.Regexp(t, guidPattern, name)
	assert.Equal(t, components.RoleAssignmentName(registryID, principal, acrPullRoleDefinition), name)

	again := run(t, false, identityProgram)
	assert.Equal(t, name, get(t, again, "pull-acrpull").Plain("roleAssignmentName"),
		"the role assignment name must be the same on every run")
}

func TestPullIdentityPreviewKeepsKnownInputs(t *testing.T) {
	m := run(t, true, identityProgram)
	ra := get(t, m, "pull-acrpull")
	assert.Equal(t, registryID, ra.Plain("scope"))
	assert.Equal(t, acrPullRoleDefinition, ra.Plain("roleDefinitionId"))
	assert.Equal(t, "ServicePrincipal", ra.Plain("principalType"))
	assert.Nil(t, ra.Plain("principalId"), "the principal id is unknown until the identity exists")
}

func TestRoleAssignmentNameIsDeterministicAndDistinct(t *testing.T) {
	a := components.RoleAssignmentName(registryID, "p1", acrPullRoleDefinition)
	require.Equal(t, a, components.RoleAssignmentName(registryID, "p1", acrPullRoleDefinition))
	assert.NotEqual(t, a, components.RoleAssignmentName(registryID, "p2", acrPullRoleDefinition))
	assert.NotEqual(t, a, components.RoleAssignmentName(registryID+"x", "p1", acrPullRoleDefinition))
	assert.Regexp(t, guidPattern, a)
}

func TestUUIDv5MatchesRFC4122(t *testing.T) {
	// RFC 4122 / Python uuid.uuid5(uuid.NAMESPACE_DNS, "python.org").
	dns := [16]byte{0x6b, 0xa7, 0xb8, 0x10, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8}
	assert.Equal(t, "886313e1-3b8a-5372-9b90-0c9aee199e5d", components.UUIDv5(dns, "python.org"))
}

func TestRoleDefinitionIDNeedsAnARMScope(t *testing.T) {
	id, err := components.RoleDefinitionID(registryID, components.AcrPullRoleID)
	require.NoError(t, err)
	assert.Equal(t, acrPullRoleDefinition, id)
	_, err = components.RoleDefinitionID("not-an-id", components.AcrPullRoleID)
	assert.ErrorContains(t, err, "not an ARM resource id")
}

// harnessClientID and harnessPrincipalID mirror the ids the mocks give an identity.
func harnessClientID(identityID string) string    { return harness.FakeGUID("client:" + identityID) }
func harnessPrincipalID(identityID string) string { return harness.FakeGUID("principal:" + identityID) }

// TestPreviewShowsTheRoleGrantedBeforeTheRegistryExists: the registry id is
// unknown in a first preview, but the role definition comes from the
// provider's client configuration, so a reviewer sees the exact role.
func TestPreviewShowsTheRoleGrantedBeforeTheRegistryExists(t *testing.T) {
	m := run(t, true, func(ctx *pulumi.Context) error {
		reg, err := components.NewPrivateRegistry(ctx, "acr", &registryArgs().PrivateRegistryArgs)
		if err != nil {
			return err
		}
		_, err = components.NewPullIdentity(ctx, "pull", &components.PullIdentityArgs{
			Name: "id-test", Location: "koreacentral", ResourceGroupName: pulumi.String("rg-test"),
			RegistryID: reg.RegistryID,
		})
		return err
	})
	ra := get(t, m, "pull-acrpull")
	assert.Nil(t, ra.Plain("scope"), "the registry does not exist yet (the mocks drop unknown inputs)")
	assert.Equal(t, acrPullRoleDefinition, ra.Plain("roleDefinitionId"))
	assert.Contains(t, m.Calls(), "azure-native:authorization:getClientConfig")
}

// waitProgram registers an identity whose grant must propagate for seconds.
func waitProgram(seconds int) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		_, err := components.NewPullIdentity(ctx, "pull", &components.PullIdentityArgs{
			Name: "id-test", Location: "koreacentral", ResourceGroupName: pulumi.String("rg-test"),
			RegistryID: pulumi.String(registryID), SubscriptionID: harness.Subscription, PropagationWaitSeconds: seconds,
		})
		return err
	}
}

// TestNewGrantWaitsForPropagation: a sleep starts once the grant exists and
// runs again only when the grant is replaced (its triggers are the grant's id
// and principal), so an unchanged grant never waits.
func TestNewGrantWaitsForPropagation(t *testing.T) {
	modes(t, func(t *testing.T, preview bool) {
		m := run(t, preview, waitProgram(90))
		wait := get(t, m, "pull-acrpull-propagation")
		assert.Equal(t, "time:index/sleep:Sleep", wait.Type)
		assert.Equal(t, "pull", wait.Parent)
		assert.Equal(t, "90s", wait.Plain("createDuration"))
		assert.Nil(t, wait.Plain("destroyDuration"), "deleting waits for nothing")
		assert.True(t, wait.DependsOn("pull-acrpull"))
		assert.Equal(t, []string{"pull-acrpull"}, wait.PropertyDependencies["triggers"])
		if preview {
			assert.Empty(t, wait.Plain("triggers"), "a new grant's id and principal are unknown in preview")
			return
		}
		ra := get(t, m, "pull-acrpull")
		assert.Equal(t, map[string]any{
			"roleAssignmentId": registryID + "/providers/Microsoft.Authorization/roleAssignments/" + ra.Plain("roleAssignmentName").(string),
			"principalId":      ra.Plain("principalId"),
		}, wait.Plain("triggers"))
		again := run(t, false, waitProgram(90))
		assert.Equal(t, wait.Plain(""), get(t, again, "pull-acrpull-propagation").Plain(""),
			"same grant, same triggers: a second `pulumi up` does not wait")
	})
}

func TestPropagationWaitCanBeTurnedOff(t *testing.T) {
	m := run(t, false, waitProgram(0))
	_, waits := m.Get("pull-acrpull-propagation")
	assert.False(t, waits)
}
