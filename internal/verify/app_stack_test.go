package verify

import (
	"strings"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/to"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/authorization/armauthorization/v2"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/containerregistry/armcontainerregistry/v3"
)

const (
	repoReaderDef = "/subscriptions/" + sub + "/providers/Microsoft.Authorization/roleDefinitions/" + RepositoryReaderRoleID
	teamPrinID    = "44444444-4444-4444-4444-444444444444"
	// shopCondition is the condition privatepull writes on the shop team's grant.
	shopCondition = "((!(ActionMatches{'Microsoft.ContainerRegistry/registries/repositories/content/read'}) AND " +
		"!(ActionMatches{'Microsoft.ContainerRegistry/registries/repositories/metadata/read'})) OR " +
		"(@Request[Microsoft.ContainerRegistry/registries/repositories:name] StringStartsWithIgnoreCase 'shop/'))"
)

// appWorld is the healthy world seen from an app stack of team shop that
// references the platform stack (its outputs carry the platform's values):
// the app stack owns the container app and the identity-pulling web app.
func appWorld() *world {
	w := newWorld()
	o := w.outputs
	o.StackRole, o.PlatformStack, o.TeamName, o.RepositoryPrefix, o.IdentityMode =
		StackRoleApp, "organization/privatepull/dev", "shop", "shop/", "own"
	o.ProbeJobID = ""
	delete(o.WebApps, "web-sys-dev01")
	reader := acrPull(principalID, registryID, repoReaderDef)
	reader.Properties.Condition, reader.Properties.ConditionVersion = to.Ptr(shopCondition), to.Ptr("2.0")
	w.assignments = []*armauthorization.RoleAssignment{w.assignments[0], reader}
	return w
}

// abac puts the world's registry and outputs in ABAC repository-permissions
// mode and replaces the identity's AcrPull with the given Repository Reader
// grant (condition "" for none).
func abac(w *world, condition string) {
	w.outputs.RegistryRoleAssignmentMode = RoleAssignmentModeAbac
	w.registry.Properties.RoleAssignmentMode = to.Ptr(armcontainerregistry.RoleAssignmentModeAbacRepositoryPermissions)
	grant := acrPull(principalID, registryID, repoReaderDef)
	if condition != "" {
		grant.Properties.Condition = to.Ptr(condition)
		grant.Properties.ConditionVersion = to.Ptr("2.0")
	}
	w.assignments = []*armauthorization.RoleAssignment{grant}
}

// rowsOf returns the results of a check.
func rowsOf(r *Report, check string) []Result {
	var out []Result
	for _, res := range r.Results {
		if res.Check == check {
			out = append(out, res)
		}
	}
	return out
}

func TestAppStackChecksItsAppsAndThePlatformLinks(t *testing.T) {
	w := appWorld()
	r := w.run(t, RunOptions{Probe: true, ProbeOptions: ProbeOptions{Interval: time.Millisecond}})
	for _, res := range r.Results {
		if res.Status == StatusFail {
			t.Errorf("FAIL %s on %s: %s", res.Check, res.Resource, res.Found)
		}
	}
	for _, check := range []string{CheckRegistryARMAudience, CheckEndpointConnection, CheckDNSRecord, CheckDNSVnetLink,
		CheckEnvironment, CheckContainerAppRegistry, CheckWebAppPullIdentity, CheckPullGrant} {
		rows := rowsOf(r, check)
		if len(rows) == 0 || rows[0].Status != StatusPass {
			t.Errorf("%s: %v, want PASS: an app stack checks the platform links its apps depend on", check, rows)
		}
	}
	probe := only(t, r, CheckProbe)
	if probe.Status != StatusWarn || !strings.Contains(probe.Found, "skipped: an app stack has no probe job: the "+
		"platform stack's probe covers the pull path its apps use") ||
		!strings.Contains(probe.Fix, "go run ./cmd/verify --stack organization/privatepull/dev") {
		t.Errorf("probe row = %+v", probe)
	}
	if r.Failed() {
		t.Error("Failed() on a healthy app stack")
	}
}

func TestAppStackWithExplicitIDsSkipsWhatItCannotSee(t *testing.T) {
	w := appWorld()
	o := w.outputs
	o.PlatformStack = ""
	o.RegistryPrivateEndpoints = nil
	o.ContainerAppsEnvironment = EnvironmentOutput{}
	o.RegistryPublicNetworkAccess = ""
	o.IdentityPrincipalID = ""
	r := w.run(t, RunOptions{})
	warned := map[string]string{}
	for _, res := range r.Results {
		switch res.Status {
		case StatusFail:
			t.Errorf("FAIL %s on %s: %s", res.Check, res.Resource, res.Found)
		case StatusWarn:
			warned[res.Check] = res.Found
			if res.Fix != "run verify on the platform stack" {
				t.Errorf("%s: fix %q", res.Check, res.Fix)
			}
		}
	}
	for check, why := range map[string]string{
		CheckEndpointConnection:   "not its private endpoints and DNS zones",
		CheckDNSRecord:            "not its private endpoints and DNS zones",
		CheckEnvironment:          "the app stack was given the environment by id",
		CheckRegistryPublicAccess: "not the registry's network settings",
		CheckPullGrant:            "without its principal id (privatepull:platform.identityPrincipalId)",
	} {
		if !strings.HasPrefix(warned[check], "skipped: ") || !strings.Contains(warned[check], why) {
			t.Errorf("%s warned %q, want a skipped row naming %q", check, warned[check], why)
		}
	}
	if len(rowsOf(r, CheckContainerAppImage)) == 0 || len(rowsOf(r, CheckWebAppImage)) == 0 {
		t.Error("the app stack's own apps are checked")
	}
}

func TestAbacGrantsOfATeam(t *testing.T) {
	cases := []struct {
		name      string
		condition string
		acrPull   bool
		status    Status
		found     string
		fix       string
	}{
		{"conditioned to the prefix", shopCondition, false, StatusPass,
			"Container Registry Repository Reader limited to shop/ at the registry", ""},
		{"prefix in another case", strings.ReplaceAll(shopCondition, "'shop/'", "'SHOP/'"), false, StatusPass,
			"limited to shop/", ""},
		{"no condition", "", false, StatusWarn,
			"Container Registry Repository Reader without a condition (every repository) at the registry", fixTeamCondition},
		{"another team's prefix", strings.ReplaceAll(shopCondition, "'shop/'", "'pay/'"), false, StatusFail,
			"no Container Registry Repository Reader assignment at or above the registry (Container Registry Repository Reader with a condition that does not limit pulls to shop/", fixAcrPull},
		{"AcrPull only", "-", true, StatusFail,
			"no Container Registry Repository Reader assignment at or above the registry (AcrPull, which the registry ignores in ABAC mode)", fixAcrPull},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := appWorld()
			abac(w, tc.condition)
			if tc.acrPull {
				w.assignments = []*armauthorization.RoleAssignment{acrPull(principalID, registryID, acrPullDef)}
			}
			r := w.run(t, RunOptions{})
			if mode := only(t, r, CheckRegistryRBACMode); mode.Status != StatusPass {
				t.Errorf("rbacMode = %+v: the stack declares ABAC mode", mode)
			}
			grant := only(t, r, CheckPullGrant)
			if grant.Status != tc.status || !strings.Contains(grant.Found, tc.found) || grant.Fix != tc.fix {
				t.Errorf("grant row = %+v, want %s with found containing %q", grant, tc.status, tc.found)
			}
			if !strings.Contains(grant.Expected, "Container Registry Repository Reader ("+RepositoryReaderRoleID+
				") for principal "+principalID) || !strings.Contains(grant.Expected, "limiting pulls to repositories under shop/") {
				t.Errorf("expected = %q", grant.Expected)
			}
		})
	}
}

func TestDeclaredAbacModeOnALegacyRegistryFails(t *testing.T) {
	w := appWorld()
	abac(w, shopCondition)
	w.registry.Properties.RoleAssignmentMode = nil
	r := w.run(t, RunOptions{})
	mode := only(t, r, CheckRegistryRBACMode)
	if mode.Status != StatusFail || mode.Fix != fixRBACModeDeclared || !strings.Contains(mode.Found, "LegacyRegistryPermissions") {
		t.Errorf("rbacMode = %+v", mode)
	}
}

func TestPlatformStackChecksItsTeamIdentitiesGrants(t *testing.T) {
	w := newWorld()
	abac(w, "")
	w.outputs.TeamIdentities = map[string]TeamIdentityOutput{"shop": {
		ID: rgID + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-myapp-shop", ClientID: clientID,
		PrincipalID: teamPrinID, RepositoryPrefix: "shop/",
	}}
	team := acrPull(teamPrinID, registryID, repoReaderDef)
	team.Properties.Condition = to.Ptr(shopCondition)
	w.assignments = append(w.assignments, team, acrPull(sitePrinID, registryID, repoReaderDef))
	delete(w.outputs.WebApps, "web-sys-dev01")
	r := w.run(t, RunOptions{})
	rows := rowsOf(r, CheckPullGrant)
	if len(rows) != 2 {
		t.Fatalf("grant rows = %d, want the platform identity's and the team's: %s", len(rows), dump(r))
	}
	if rows[0].Status != StatusPass || strings.Contains(rows[0].Expected, "limiting") {
		t.Errorf("the platform's own identity needs no condition: %+v", rows[0])
	}
	if rows[1].Status != StatusPass || !strings.Contains(rows[1].Found, "team shop identity") ||
		!strings.Contains(rows[1].Found, "limited to shop/") {
		t.Errorf("team row = %+v", rows[1])
	}
}

func TestParseOutputsOfAnAppStack(t *testing.T) {
	doc := stackOutputJSON(t, func(m map[string]any) {
		m["stackRole"] = "app"
		m["registryPrivateEndpoints"] = []any{}
		m["identityPrincipalId"] = ""
		m["containerAppsEnvironment"] = map[string]any{}
		m["teamName"], m["repositoryPrefix"], m["identityMode"] = "shop", "shop/", "platform"
		m["registryRoleAssignmentMode"] = "AbacRepositoryPermissions"
	})
	o, err := ParseOutputs(strings.NewReader(doc))
	if err != nil {
		t.Fatalf("ParseOutputs: %v", err)
	}
	if !o.isApp() || !o.abac() || o.RepositoryPrefix != "shop/" || o.IdentityMode != "platform" {
		t.Errorf("outputs = %+v", o)
	}
	for _, bad := range []struct{ key, value, want string }{
		{"stackRole", "tenant", `output stackRole: unknown role "tenant"`},
		{"registryRoleAssignmentMode", "Abac", `output registryRoleAssignmentMode: unknown mode "Abac"`},
	} {
		doc := stackOutputJSON(t, func(m map[string]any) { m[bad.key] = bad.value })
		if _, err := ParseOutputs(strings.NewReader(doc)); err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("%s=%s: err = %v, want %q", bad.key, bad.value, err, bad.want)
		}
	}
	// A platform stack still needs its endpoints.
	doc = stackOutputJSON(t, func(m map[string]any) { m["registryPrivateEndpoints"] = []any{} })
	if _, err := ParseOutputs(strings.NewReader(doc)); err == nil || !strings.Contains(err.Error(), "missing output registryPrivateEndpoints") {
		t.Errorf("platform without endpoints: err = %v", err)
	}
}
