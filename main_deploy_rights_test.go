package main

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/privatepull/privatepull/components"
)

// grantableRoles are every role privatepull grants: the pull pair, the
// credential sets' Key Vault role and the function apps' storage data roles.
var grantableRoles = []string{
	components.AcrPullRoleID, components.RepositoryReaderRoleID, components.KeyVaultSecretsUserRoleID,
	components.StorageBlobDataOwnerRoleID, components.StorageQueueDataContributorRoleID,
	components.StorageTableDataContributorRoleID,
}

// conditionRoles reads the role ids of the deploy identity's ABAC condition
// in docs/ci-cd.md: one list for roleAssignments/write, one for /delete.
func conditionRoles(t *testing.T) [][]string {
	t.Helper()
	doc, err := os.ReadFile("docs/ci-cd.md")
	require.NoError(t, err)
	lists := regexp.MustCompile(`roleAssignments:RoleDefinitionId\] ForAnyOfAnyValues:GuidEquals \{([^}]*)\}`).
		FindAllStringSubmatch(string(doc), -1)
	require.Len(t, lists, 2, "the condition constrains write and delete")
	var out [][]string
	for _, l := range lists {
		var ids []string
		for _, id := range strings.Split(l[1], ",") {
			ids = append(ids, strings.TrimSpace(id))
		}
		slices.Sort(ids)
		out = append(out, ids)
	}
	return out
}

// TestDeployIdentityConditionCoversEveryGrant: the constrained
// role-assignment right documented for the deploy identity names exactly
// the roles privatepull grants, so a shipped stack never fails on a grant
// the condition forbids and the condition allows nothing more.
func TestDeployIdentityConditionCoversEveryGrant(t *testing.T) {
	want := slices.Clone(grantableRoles)
	slices.Sort(want)
	for _, ids := range conditionRoles(t) {
		assert.Equal(t, want, ids)
	}
	for _, stack := range []string{"dev", "prod"} {
		m, _ := runStack(t, stack, false)
		grants := m.OfType(tokGrant)
		require.NotEmpty(t, grants, stack)
		for _, g := range grants {
			role := g.Plain("roleDefinitionId").(string)
			assert.Contains(t, grantableRoles, role[strings.LastIndex(role, "/")+1:], "%s: %s", stack, g.Name)
		}
	}
}
