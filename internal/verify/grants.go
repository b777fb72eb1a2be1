package verify

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/authorization/armauthorization/v2"
)

// CheckPullGrant is the name of the pull grant check: the grant the
// registry's live role-assignment mode honours (AcrPull in
// LegacyRegistryPermissions, Container Registry Repository Reader in
// AbacRepositoryPermissions), for every pulling principal.
const CheckPullGrant = "grant.pull"

// CheckAcrPull is CheckPullGrant under its old Go name.
//
// Deprecated: use CheckPullGrant; the check's name is grant.pull since the
// registry's mode decides which role it requires.
const CheckAcrPull = CheckPullGrant

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
	// prefix is the repository prefix its Container Registry Repository
	// Reader grant must be limited to ("" for a grant on every repository).
	prefix string
}

// pullRole is a grant a principal needs: the role and, for the Reader of a
// principal with a prefix, the condition that limits it to the prefix.
type pullRole struct {
	id, name, prefix string
}

// The two pull roles.
var (
	acrPullRole = pullRole{id: AcrPullRoleID, name: "AcrPull"}
	readerRole  = pullRole{id: RepositoryReaderRoleID, name: "Container Registry Repository Reader"}
)

// pullRoleOf returns the role the registry's live mode honours for pulls
// (the declared mode when the registry could not be read): AcrPull in
// legacy mode, the Reader, limited to the principal's prefix, in ABAC mode.
func pullRoleOf(o *Outputs, p principal) pullRole {
	if strings.EqualFold(o.roleAssignmentMode(), RoleAssignmentModeAbac) {
		return readerRole.limitedTo(p.prefix)
	}
	return acrPullRole
}

// companionRoleOf returns the other grant the stack makes so that pulls hold
// in either mode, and whether there is one: a stack that declares legacy
// mode grants the Reader beside AcrPull; on a registry whose live mode is
// legacy, a missing Reader breaks pulls the day the registry switches to
// ABAC mode.
func companionRoleOf(o *Outputs, p principal) (pullRole, bool) {
	if o.abac() || strings.EqualFold(o.roleAssignmentMode(), RoleAssignmentModeAbac) {
		return pullRole{}, false
	}
	return readerRole.limitedTo(p.prefix), true
}

// limitedTo returns the role limited to prefix (the Reader's condition).
func (role pullRole) limitedTo(prefix string) pullRole {
	role.prefix = prefix
	return role
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

// grantFindings are the assignments of one role to one principal that
// count, sorted by how much they count.
type grantFindings struct {
	// grants apply at or above the registry as required.
	grants []string
	// broad apply but lack the prefix condition (every repository).
	broad []string
	// uncertain sit at a management group whose ancestry could not be read.
	uncertain []string
	// elsewhere do not count (another scope, another prefix, an ignored role).
	elsewhere []string
}

// found reports whether any assignment applies (with or without the
// condition, or possibly through a management group).
func (f grantFindings) found() bool {
	return len(f.grants)+len(f.broad)+len(f.uncertain) > 0
}

// checkPullGrant checks that the principal holds the grant the registry's
// live mode honours (pullRoleOf) at the registry's scope or above it: the
// registry, its resource group, its subscription, the tenant root, or a
// management group that is an ancestor of the subscription (read through
// anc). Scopes and role definition ids are compared after normalisation. A
// management group whose ancestry cannot be read is reported as found, with
// a warning: verify cannot tell whether it applies. A principal with a
// prefix needs the Reader limited to it: one without a condition works but
// lets it pull every repository (a warning), one for another prefix does not
// count. On a stack that declares legacy mode, the Reader must be there
// beside AcrPull too (companionRoleOf), else the row warns that pulls stop
// when the registry switches to ABAC mode.
func checkPullGrant(ctx context.Context, c *Clients, o *Outputs, p principal, anc *subscriptionAncestry, r *Report) {
	role := pullRoleOf(o, p)
	expected := role.describe(p, o.RegistryID)
	companion, dual := companionRoleOf(o, p)
	if dual {
		expected += "; and " + companion.describe(p, o.RegistryID) + ", so that pulls hold when the registry switches " +
			"to ABAC mode"
	}
	res := o.RegistryID
	if p.id == "" {
		r.fail(CheckPullGrant, res, p.label+": no principal id", expected, fixAcrPull)
		return
	}
	assignments, err := principalAssignments(ctx, c, o, p)
	if err != nil {
		r.fail(CheckPullGrant, res, p.label+": "+err.Error(), expected, fixRead)
		return
	}
	got := classifyGrants(ctx, c, o, role, assignments, anc)
	if role.id == RepositoryReaderRoleID {
		for _, a := range assignments {
			if a.Properties != nil && a.Properties.RoleDefinitionID != nil && isAcrPull(*a.Properties.RoleDefinitionID) {
				got.elsewhere = append(got.elsewhere, "AcrPull, which the registry ignores in ABAC mode")
				break
			}
		}
	}
	// The companion grant, read only once the honoured one is there.
	var companionFound []string
	missingCompanion := ""
	if dual && got.found() {
		extra := classifyGrants(ctx, c, o, companion, assignments, anc)
		companionFound = append(append(extra.grants, extra.broad...), extra.uncertain...)
		if len(companionFound) == 0 {
			missingCompanion = "no " + companion.name + " assignment: pulls stop if the registry switches to ABAC mode " +
				"(Microsoft says it will become the default)"
		}
	}
	switch {
	case len(got.grants) > 0 && missingCompanion != "":
		r.warn(CheckPullGrant, res, p.label+": "+strings.Join(append(got.grants, missingCompanion), "; "), expected,
			fixDualGrant)
	case len(got.grants) > 0:
		r.pass(CheckPullGrant, res, p.label+": "+strings.Join(append(append(append(append(got.grants, got.broad...),
			got.uncertain...), companionFound...), got.elsewhere...), "; "), expected)
	case len(got.broad) > 0:
		r.warn(CheckPullGrant, res, p.label+": "+strings.Join(append(got.broad, got.elsewhere...), "; "), expected, fixTeamCondition)
	case len(got.uncertain) > 0:
		r.warn(CheckPullGrant, res, p.label+": "+strings.Join(append(got.uncertain, got.elsewhere...), "; "), expected,
			"give the identity running verify Reader on the subscription (Resource Graph then shows its management groups), "+
				"or check the management group hierarchy yourself; if the group does not contain the subscription, "+fixAcrPull)
	default:
		found := p.label + ": no " + role.name + " assignment at or above the registry"
		if len(got.elsewhere) > 0 {
			found += " (" + strings.Join(got.elsewhere, "; ") + ")"
		}
		r.fail(CheckPullGrant, res, found, expected, fixAcrPull)
	}
}

// principalAssignments lists the role assignments of one principal at the
// registry's scope and above it.
func principalAssignments(ctx context.Context, c *Clients, o *Outputs, p principal) ([]*armauthorization.RoleAssignment, error) {
	cl, err := c.roleAssignments(o.subscription())
	if err != nil {
		return nil, err
	}
	filter := principalIDFilter(p.id)
	pager := cl.NewListForScopePager(strings.TrimRight(o.RegistryID, "/"), &armauthorization.RoleAssignmentsClientListForScopeOptions{Filter: &filter})
	var out []*armauthorization.RoleAssignment
	for pager.More() {
		page, err := pager.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("%s", describeError(err))
		}
		for _, a := range page.Value {
			if a == nil || a.Properties == nil || a.Properties.RoleDefinitionID == nil || a.Properties.Scope == nil ||
				!strings.EqualFold(derefString(a.Properties.PrincipalID), p.id) {
				continue
			}
			out = append(out, a)
		}
	}
	return out, nil
}

// classifyGrants sorts the assignments of role among a principal's by where
// they apply (see grantFindings).
func classifyGrants(ctx context.Context, c *Clients, o *Outputs, role pullRole, assignments []*armauthorization.RoleAssignment,
	anc *subscriptionAncestry) grantFindings {
	var f grantFindings
	sub := o.subscription()
	for _, a := range assignments {
		props := a.Properties
		if !isRole(*props.RoleDefinitionID, role.id) {
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
			f.elsewhere = append(f.elsewhere, role.name+" with a condition that does not limit pulls to "+role.prefix+
				" ("+condition+")")
			continue
		}
		into := &f.grants
		if role.prefix != "" && condition == "" {
			into = &f.broad
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
				f.elsewhere = append(f.elsewhere, name+" at management group "+mg+", which is not an ancestor of subscription "+sub)
			default:
				f.uncertain = append(f.uncertain, name+" at management group "+mg+"; whether it contains subscription "+sub+
					" could not be read ("+reason+")")
			}
		case isUnder(o.RegistryID, scope):
			*into = append(*into, name+" inherited from "+scope)
		}
	}
	return f
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
