package verify

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/authorization/armauthorization/v2"
)

// CheckAcrPull is the name of the AcrPull grant check.
const CheckAcrPull = "grant.acrPull"

// AcrPullRoleID is the id of the built-in AcrPull role definition.
const AcrPullRoleID = "7f951dda-4ed3-4680-a7ca-43fe172d538d"

// principal is one identity that pulls from the registry.
type principal struct {
	// label names the principal in the report, e.g. "identity id-myapp".
	label string
	// id is the principal (object) id.
	id string
}

// checkAcrPull checks that the principal holds AcrPull at the registry's
// scope. Scopes and role definition ids are compared after normalisation.
// An assignment inherited from a parent scope lets the pull work but is not
// what the stack deploys: it is a warning.
func checkAcrPull(ctx context.Context, c *Clients, o *Outputs, p principal, r *Report) {
	expected := "AcrPull (" + AcrPullRoleID + ") for principal " + p.id + " at scope " + o.RegistryID
	res := o.RegistryID
	if p.id == "" {
		r.fail(CheckAcrPull, res, p.label+": no principal id", expected, fixAcrPull)
		return
	}
	sub := o.subscription()
	cl, err := c.roleAssignments(sub)
	if err != nil {
		r.fail(CheckAcrPull, res, err.Error(), expected, fixRead)
		return
	}
	filter := principalIDFilter(p.id)
	pager := cl.NewListForScopePager(strings.TrimRight(o.RegistryID, "/"), &armauthorization.RoleAssignmentsClientListForScopeOptions{Filter: &filter})
	var exact, inherited []string
	for pager.More() {
		page, err := pager.NextPage(ctx)
		if err != nil {
			r.fail(CheckAcrPull, res, p.label+": "+describeError(err), expected, fixRead)
			return
		}
		for _, a := range page.Value {
			if a == nil || a.Properties == nil || a.Properties.RoleDefinitionID == nil || a.Properties.Scope == nil {
				continue
			}
			props := a.Properties
			if !strings.EqualFold(derefString(props.PrincipalID), p.id) || !isAcrPull(*props.RoleDefinitionID) {
				continue
			}
			switch {
			case SameID(*props.Scope, o.RegistryID):
				exact = append(exact, fmt.Sprintf("AcrPull at the registry (principalType %s)", orNone(string(derefString(props.PrincipalType)))))
			case isUnder(o.RegistryID, *props.Scope):
				inherited = append(inherited, "AcrPull inherited from "+*props.Scope)
			}
		}
	}
	switch {
	case len(exact) > 0:
		r.pass(CheckAcrPull, res, p.label+": "+strings.Join(append(exact, inherited...), "; "), expected)
	case len(inherited) > 0:
		r.warn(CheckAcrPull, res, p.label+": "+strings.Join(inherited, "; ")+" (no assignment at the registry)", expected, fixAcrPull)
	default:
		r.fail(CheckAcrPull, res, p.label+": no AcrPull assignment at or above the registry", expected, fixAcrPull)
	}
}

// principalIDFilter returns the role assignments $filter for one principal,
// already escaped for the query string. armauthorization marks $filter
// x-ms-skip-url-encoding and appends it to the URL as given
// (Azure/azure-sdk-for-go#20847): unescaped, the request line carries raw
// spaces and ARM's front end answers 400 "The request is badly formed". On
// the wire: $filter=principalId+eq+%27<id>%27 (the form of ARM's own
// documentation, `$filter=principalId+eq+'{objectId}'`).
func principalIDFilter(principalID string) string {
	return url.QueryEscape(fmt.Sprintf("principalId eq '%s'", principalID))
}

// isAcrPull reports whether a role definition id (full or bare GUID) is AcrPull.
func isAcrPull(roleDefinitionID string) bool {
	id := NormalizeID(roleDefinitionID)
	return id == "/"+AcrPullRoleID || strings.HasSuffix(id, "/roledefinitions/"+AcrPullRoleID)
}
