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
// scope or above it: the registry, its resource group, its subscription, the
// tenant root, or a management group that is an ancestor of the subscription
// (read through anc). Scopes and role definition ids are compared after
// normalisation. A management group whose ancestry cannot be read is
// reported as found, with a warning: verify cannot tell whether it applies.
func checkAcrPull(ctx context.Context, c *Clients, o *Outputs, p principal, anc *subscriptionAncestry, r *Report) {
	expected := "AcrPull (" + AcrPullRoleID + ") for principal " + p.id + " at scope " + o.RegistryID + " or above it"
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
	var grants, uncertain, elsewhere []string
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
			scope := *props.Scope
			mg, isGroup := managementGroupOf(scope)
			switch {
			case SameID(scope, o.RegistryID):
				grants = append(grants, fmt.Sprintf("AcrPull at the registry (principalType %s)", orNone(string(derefString(props.PrincipalType)))))
			case isGroup:
				in, known, reason := anc.contains(ctx, c, sub, mg)
				switch {
				case in:
					grants = append(grants, "AcrPull inherited from management group "+mg+" (an ancestor of subscription "+sub+")")
				case known:
					elsewhere = append(elsewhere, "AcrPull at management group "+mg+", which is not an ancestor of subscription "+sub)
				default:
					uncertain = append(uncertain, "AcrPull at management group "+mg+"; whether it contains subscription "+sub+
						" could not be read ("+reason+")")
				}
			case isUnder(o.RegistryID, scope):
				grants = append(grants, "AcrPull inherited from "+scope)
			}
		}
	}
	switch {
	case len(grants) > 0:
		r.pass(CheckAcrPull, res, p.label+": "+strings.Join(append(append(grants, uncertain...), elsewhere...), "; "), expected)
	case len(uncertain) > 0:
		r.warn(CheckAcrPull, res, p.label+": "+strings.Join(append(uncertain, elsewhere...), "; "), expected,
			"give the identity running verify Reader on the subscription (Resource Graph then shows its management groups), "+
				"or check the management group hierarchy yourself; if the group does not contain the subscription, "+fixAcrPull)
	default:
		found := p.label + ": no AcrPull assignment at or above the registry"
		if len(elsewhere) > 0 {
			found += " (" + strings.Join(elsewhere, "; ") + ")"
		}
		r.fail(CheckAcrPull, res, found, expected, fixAcrPull)
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
