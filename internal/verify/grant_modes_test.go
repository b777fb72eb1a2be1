package verify

import (
	"net/http"
	"strings"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/to"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/containerregistry/armcontainerregistry/v3"
)

// grantWorld is the healthy world with one pulling principal (the identity)
// holding exactly the given roles at the registry, a stack that declares
// declared and a registry whose live mode is live ("" = not reported).
func grantWorld(declared string, live armcontainerregistry.RoleAssignmentMode, roles ...string) *world {
	w := newWorld()
	delete(w.outputs.WebApps, "web-sys-dev01")
	w.outputs.RegistryRoleAssignmentMode = declared
	w.registry.Properties.RoleAssignmentMode = nil
	if live != "" {
		w.registry.Properties.RoleAssignmentMode = to.Ptr(live)
	}
	w.assignments = nil
	for _, role := range roles {
		w.assignments = append(w.assignments, acrPull(principalID, registryID, role))
	}
	return w
}

// TestPullGrantFollowsTheLiveMode: verify reports the registry's live
// role-assignment mode and requires the grant that mode honours (AcrPull in
// legacy mode, Container Registry Repository Reader in ABAC mode), whatever
// the stack declares; a stack that declares legacy mode must hold the
// Reader beside AcrPull too (a warning: pulls would stop at the switch), and
// a declared ABAC mode on a legacy registry fails (its Reader grants are
// not honoured).
func TestPullGrantFollowsTheLiveMode(t *testing.T) {
	legacy, abacMode := armcontainerregistry.RoleAssignmentModeLegacyRegistryPermissions,
		armcontainerregistry.RoleAssignmentModeAbacRepositoryPermissions
	cases := []struct {
		name     string
		declared string
		live     armcontainerregistry.RoleAssignmentMode
		roles    []string
		mode     Status // registry.rbacMode
		grant    Status // grant.pull
		found    string
		fix      string
	}{
		{"legacy, both grants", RoleAssignmentModeLegacy, legacy, []string{acrPullDef, repoReaderDef}, StatusPass, StatusPass,
			"AcrPull at the registry (principalType ServicePrincipal); Container Registry Repository Reader at the registry", ""},
		{"legacy mode not reported, both grants", "", "", []string{acrPullDef, repoReaderDef}, StatusPass, StatusPass,
			"AcrPull at the registry", ""},
		{"legacy, AcrPull only (a stack from before the dual grant)", RoleAssignmentModeLegacy, legacy, []string{acrPullDef},
			StatusPass, StatusWarn, "AcrPull at the registry (principalType ServicePrincipal); no Container Registry Repository " +
				"Reader assignment: pulls stop if the registry switches to ABAC mode", fixDualGrant},
		{"legacy, Reader only", RoleAssignmentModeLegacy, legacy, []string{repoReaderDef}, StatusPass, StatusFail,
			"no AcrPull assignment at or above the registry", fixAcrPull},
		{"legacy, no grant", RoleAssignmentModeLegacy, legacy, nil, StatusPass, StatusFail,
			"no AcrPull assignment at or above the registry", fixAcrPull},
		{"switched to ABAC, both grants", RoleAssignmentModeLegacy, abacMode, []string{acrPullDef, repoReaderDef}, StatusPass,
			StatusPass, "Container Registry Repository Reader at the registry (principalType ServicePrincipal)", ""},
		{"switched to ABAC, AcrPull only", RoleAssignmentModeLegacy, abacMode, []string{acrPullDef}, StatusPass, StatusFail,
			"no Container Registry Repository Reader assignment at or above the registry (AcrPull, which the registry " +
				"ignores in ABAC mode)", fixAcrPull},
		{"switched to ABAC, Reader only", RoleAssignmentModeLegacy, abacMode, []string{repoReaderDef}, StatusPass, StatusPass,
			"Container Registry Repository Reader at the registry", ""},
		{"declared ABAC, Reader", RoleAssignmentModeAbac, abacMode, []string{repoReaderDef}, StatusPass, StatusPass,
			"Container Registry Repository Reader at the registry", ""},
		{"declared ABAC, AcrPull", RoleAssignmentModeAbac, abacMode, []string{acrPullDef}, StatusPass, StatusFail,
			"(AcrPull, which the registry ignores in ABAC mode)", fixAcrPull},
		{"declared ABAC on a legacy registry", RoleAssignmentModeAbac, legacy, []string{repoReaderDef}, StatusFail, StatusFail,
			"no AcrPull assignment at or above the registry", fixAcrPull},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := grantWorld(tc.declared, tc.live, tc.roles...).run(t, RunOptions{})
			mode := only(t, r, CheckRegistryRBACMode)
			if mode.Status != tc.mode {
				t.Errorf("rbacMode = %+v, want %s", mode, tc.mode)
			}
			live := string(tc.live)
			if live == "" {
				live = RoleAssignmentModeLegacy
			}
			if !strings.Contains(mode.Found, "roleAssignmentMode="+live) {
				t.Errorf("rbacMode found %q: it reports the live mode %s", mode.Found, live)
			}
			grant := only(t, r, CheckPullGrant)
			if grant.Status != tc.grant || !strings.Contains(grant.Found, tc.found) || grant.Fix != tc.fix {
				t.Errorf("grant = %+v, want %s with found containing %q and fix %q", grant, tc.grant, tc.found, tc.fix)
			}
			wantRole := AcrPullRoleID
			if tc.live == abacMode {
				wantRole = RepositoryReaderRoleID
			}
			if !strings.HasPrefix(grant.Expected, map[string]string{AcrPullRoleID: "AcrPull (", RepositoryReaderRoleID: "Container Registry Repository Reader ("}[wantRole]+wantRole) {
				t.Errorf("expected %q: the live mode's role first", grant.Expected)
			}
		})
	}
}

// TestPullGrantFallsBackToTheDeclaredMode: when the registry cannot be read,
// the grant check requires the declared mode's grant.
func TestPullGrantFallsBackToTheDeclaredMode(t *testing.T) {
	for declared, want := range map[string]string{RoleAssignmentModeLegacy: "AcrPull (", RoleAssignmentModeAbac: "Container Registry Repository Reader ("} {
		w := grantWorld(declared, "", acrPullDef, repoReaderDef)
		w.registryErr = http.StatusForbidden
		grant := only(t, w.run(t, RunOptions{}), CheckPullGrant)
		if grant.Status != StatusPass || !strings.HasPrefix(grant.Expected, want) {
			t.Errorf("%s: grant = %+v, want PASS against %s", declared, grant, want)
		}
	}
}

// TestTeamReaderStaysLimitedInLegacyMode: a team identity's Reader, granted
// beside AcrPull in legacy mode, must carry the team's prefix condition (it
// is what limits the team once the registry switches to ABAC mode).
func TestTeamReaderStaysLimitedInLegacyMode(t *testing.T) {
	w := grantWorld(RoleAssignmentModeLegacy, armcontainerregistry.RoleAssignmentModeLegacyRegistryPermissions,
		acrPullDef, repoReaderDef)
	w.outputs.TeamIdentities = map[string]TeamIdentityOutput{"shop": {
		ID: rgID + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-myapp-shop", ClientID: clientID,
		PrincipalID: teamPrinID, RepositoryPrefix: "shop/",
	}}
	reader := acrPull(teamPrinID, registryID, repoReaderDef)
	reader.Properties.Condition = to.Ptr(shopCondition)
	w.assignments = append(w.assignments, acrPull(teamPrinID, registryID, acrPullDef), reader)
	rows := rowsOf(w.run(t, RunOptions{}), CheckPullGrant)
	if len(rows) != 2 {
		t.Fatalf("rows = %+v", rows)
	}
	team := rows[1]
	if team.Status != StatusPass || !strings.Contains(team.Found, "AcrPull at the registry") ||
		!strings.Contains(team.Found, "Container Registry Repository Reader limited to shop/") ||
		!strings.Contains(team.Expected, "limiting pulls to repositories under shop/") {
		t.Errorf("team row = %+v", team)
	}
	w.assignments = w.assignments[:3]
	team = rowsOf(w.run(t, RunOptions{}), CheckPullGrant)[1]
	if team.Status != StatusWarn || team.Fix != fixDualGrant {
		t.Errorf("team without its Reader = %+v, want a dual-grant warning", team)
	}
}
