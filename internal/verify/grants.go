package verify

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/authorization/armauthorization/v2"
)

// CheckAcrPull is the name of the pull grant check: AcrPull, or Container
// Registry Repository Reader when the stack declares the registry in ABAC
// repository-permissions mode.
const CheckAcrPull = "grant.acrPull"

// AcrPullRoleID is the id of the built-in AcrPull role definition.
const AcrPullRoleID = "7f951dda-4ed3-4680-a7ca-43fe172d538d"

// RepositoryReaderRoleID is the id of the built-in Container Registry
// Repository Reader role, the pull role of registries in ABAC mode.
const RepositoryReaderRoleID = "b93aa761-3e63-49ed-ac28-beffa264f7ac"

// principal is one identity that pulls from the registry.
type principal struct {
	// label names the principal in the report, e.g. "identity id-myapp".
	label string
	// id is the principal (object) id.
	id string
	// prefix is the repository prefix its grant must be limited to in ABAC
	// mode ("" for a grant on every repository).
	prefix string
}

// pullRole is the grant a principal needs: the role and, in ABAC mode with
// a team prefix, the condition that limits it to the prefix.
type pullRole struct {
	id, name, prefix string
}

// pullRoleOf returns the role the stack grants for pulls.
func pullRoleOf(o *Outputs, p principal) pullRole {
	if o.abac() {
		return pullRole{id: RepositoryReaderRoleID, name: "Container Registry Repository Reader", prefix: p.prefix}
	}
	return pullRole{id: AcrPullRoleID, name: "AcrPull"}
}

// describe is the expectation of a grant of the role to a principal.
func (role pullRole) describe(p principal, registryID string) string {
	s := role.name + " (" + role.id + ") for principal " + p.id + " at scope " + registryID + " or above it"
	if role.prefix != "" {
		s += ", its condition limiting pulls to repositories under " + role.prefix
	}
	return s
}

// conditionCovers reports whether a role assignment's condition limits
// pulls to the prefix (the condition privatepull writes:
// @Request[...repositories:name] StringStartsWithIgnoreCase '<prefix>').
func conditionCovers(condition, prefix string) bool {
	return strings.Contains(strings.ToLower(condition), strings.ToLower("StringStartsWithIgnoreCase '"+prefix+"'"))
}

// checkPullGrant checks that the principal holds the pull role at the
// registry's scope or above it: the registry, its resource group, its
// subscription, the tenant root, or a management group that is an ancestor
// of the subscription (read through anc). Scopes and role definition ids are
// compared after normalisation. A management group whose ancestry cannot be
// read is reported as found, with a warning: verify cannot tell whether it
// applies. In ABAC mode a team's grant must carry the condition of its
// prefix: one without a condition works but lets the team pull every
// repository (a warning), one for another prefix does not count.
func checkPullGrant(ctx context.Context, c *Clients, o *Outputs, p principal, anc *subscriptionAncestry, r *Report) {
	role := pullRoleOf(o, p)
	expected := role.describe(p, o.RegistryID)
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
	var grants, broad, uncertain, elsewhere []string
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
			if !strings.EqualFold(derefString(props.PrincipalID), p.id) {
				continue
			}
			if !isRole(*props.RoleDefinitionID, role.id) {
				if o.abac() && isAcrPull(*props.RoleDefinitionID) {
					elsewhere = append(elsewhere, "AcrPull, which the registry ignores in ABAC mode")
				}
				continue
			}
			name := role.name
			condition := derefString(props.Condition)
			switch {
			case role.prefix == "":
			case condition == "":
				name += " without a condition (every repository)"
			case conditionCovers(condition, role.prefix):
				name += " limited to " + role.prefix
			default:
				elsewhere = append(elsewhere, role.name+" with a condition that does not limit pulls to "+role.prefix+
					" ("+condition+")")
				continue
			}
			into := &grants
			if role.prefix != "" && condition == "" {
				into = &broad
			}
			scope := *props.Scope
			mg, isGroup := managementGroupOf(scope)
			switch {
			case SameID(scope, o.RegistryID):
				*into = append(*into, fmt.Sprintf("%s at the registry (principalType %s)", name, orNone(string(derefString(props.PrincipalType)))))
			case isGroup:
				in, known, reason := anc.contains(ctx, c, sub, mg)
				switch {
				case in:
					*into = append(*into, name+" inherited from management group "+mg+" (an ancestor of subscription "+sub+")")
				case known:
					elsewhere = append(elsewhere, name+" at management group "+mg+", which is not an ancestor of subscription "+sub)
				default:
					uncertain = append(uncertain, name+" at management group "+mg+"; whether it contains subscription "+sub+
						" could not be read ("+reason+")")
				}
			case isUnder(o.RegistryID, scope):
				*into = append(*into, name+" inherited from "+scope)
			}
		}
	}
	switch {
	case len(grants) > 0:
		r.pass(CheckAcrPull, res, p.label+": "+strings.Join(append(append(append(grants, broad...), uncertain...), elsewhere...), "; "), expected)
	case len(broad) > 0:
		r.warn(CheckAcrPull, res, p.label+": "+strings.Join(append(broad, elsewhere...), "; "), expected, fixTeamCondition)
	case len(uncertain) > 0:
		r.warn(CheckAcrPull, res, p.label+": "+strings.Join(append(uncertain, elsewhere...), "; "), expected,
			"give the identity running verify Reader on the subscription (Resource Graph then shows its management groups), "+
				"or check the management group hierarchy yourself; if the group does not contain the subscription, "+fixAcrPull)
	default:
		found := p.label + ": no " + role.name + " assignment at or above the registry"
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
	return isRole(roleDefinitionID, AcrPullRoleID)
}

// isRole reports whether a role definition id (full or bare GUID) is the
// role with the given GUID.
func isRole(roleDefinitionID, roleID string) bool {
	id := NormalizeID(roleDefinitionID)
	return id == "/"+roleID || strings.HasSuffix(id, "/roledefinitions/"+roleID)
}
