package verify

import (
	"context"
	"strings"

	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/authorization/armauthorization/v2"
)

// CheckStorageGrant is the name of the check that a function app's
// principal holds each data role the Functions host needs on its storage.
const CheckStorageGrant = "grant.storage"

// The built-in data roles the Functions host needs on its storage account
// with identity-based AzureWebJobsStorage (function-apps.md §2).
const (
	// StorageBlobDataOwnerRoleID is Storage Blob Data Owner: the host's
	// leases, keys and state live in blobs.
	StorageBlobDataOwnerRoleID = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b"
	// StorageQueueDataContributorRoleID is Storage Queue Data Contributor
	// (blob triggers and the host's queues).
	StorageQueueDataContributorRoleID = "974c5e8b-45b9-4653-ba55-5f855dd0fb88"
	// StorageTableDataContributorRoleID is Storage Table Data Contributor
	// (the host's diagnostic events).
	StorageTableDataContributorRoleID = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3"
)

// storageDataRoles are the roles grant.storage requires, in report order.
var storageDataRoles = []struct{ id, name string }{
	{StorageBlobDataOwnerRoleID, "Storage Blob Data Owner"},
	{StorageQueueDataContributorRoleID, "Storage Queue Data Contributor"},
	{StorageTableDataContributorRoleID, "Storage Table Data Contributor"},
}

// checkStorageGrants checks, for one principal, that each data role is
// assigned at the storage account or above it (its resource group, its
// subscription, the tenant root, or a management group Resource Graph shows
// above the subscription): one row per role.
func checkStorageGrants(ctx context.Context, c *Clients, p principal, accountID string, anc *subscriptionAncestry, r *Report) {
	account, err := parseID(accountID)
	var assignments []*armauthorization.RoleAssignment
	if err == nil && p.id != "" {
		assignments, err = assignmentsOf(ctx, c, account.SubscriptionID, accountID, p.id)
	}
	for _, role := range storageDataRoles {
		expected := role.name + " (" + role.id + ") for principal " + orNone(p.id) + " at scope " + accountID + " or above it"
		switch {
		case p.id == "":
			r.fail(CheckStorageGrant, accountID, p.label+": no principal id", expected, fixStorageGrant)
			continue
		case err != nil:
			r.fail(CheckStorageGrant, accountID, p.label+": "+describeError(err), expected, fixRead)
			continue
		}
		var grants, uncertain, elsewhere []string
		for _, a := range assignments {
			if !isRole(*a.Properties.RoleDefinitionID, role.id) {
				continue
			}
			desc, reach := scopeReach(ctx, c, account.SubscriptionID, accountID, *a.Properties.Scope, anc)
			switch reach {
			case reachCovers:
				grants = append(grants, role.name+" "+desc)
			case reachUnknown:
				uncertain = append(uncertain, role.name+" "+desc)
			default:
				elsewhere = append(elsewhere, role.name+" "+desc)
			}
		}
		switch {
		case len(grants) > 0:
			r.pass(CheckStorageGrant, accountID, p.label+": "+strings.Join(append(grants, uncertain...), "; "), expected)
		case len(uncertain) > 0:
			r.warn(CheckStorageGrant, accountID, p.label+": "+strings.Join(append(uncertain, elsewhere...), "; "), expected,
				"give the identity running verify Reader on the subscription (Resource Graph then shows its management groups), "+
					"or check the management group hierarchy yourself; if the group does not contain the subscription, "+fixStorageGrant)
		default:
			found := p.label + ": no " + role.name + " assignment at or above the storage account"
			if len(elsewhere) > 0 {
				found += " (" + strings.Join(elsewhere, "; ") + ")"
			}
			r.fail(CheckStorageGrant, accountID, found, expected, fixStorageGrant)
		}
	}
}

// assignmentsOf lists the role assignments of one principal that ARM
// returns for a scope (at, above and below it), with the escaped $filter
// (see principalIDFilter).
func assignmentsOf(ctx context.Context, c *Clients, sub, scope, principalID string) ([]*armauthorization.RoleAssignment, error) {
	cl, err := c.roleAssignments(sub)
	if err != nil {
		return nil, err
	}
	filter := principalIDFilter(principalID)
	pager := cl.NewListForScopePager(strings.TrimRight(scope, "/"), &armauthorization.RoleAssignmentsClientListForScopeOptions{Filter: &filter})
	var out []*armauthorization.RoleAssignment
	for pager.More() {
		page, err := pager.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, a := range page.Value {
			if a != nil && a.Properties != nil && a.Properties.RoleDefinitionID != nil && a.Properties.Scope != nil &&
				strings.EqualFold(derefString(a.Properties.PrincipalID), principalID) {
				out = append(out, a)
			}
		}
	}
	return out, nil
}

// reach says whether an assignment's scope covers a resource.
type reach int

// The reaches of an assignment scope.
const (
	// reachCovers: the scope is the resource or one of its ancestors.
	reachCovers reach = iota
	// reachUnknown: a management group whose ancestry could not be read.
	reachUnknown
	// reachElsewhere: the scope does not cover the resource.
	reachElsewhere
)

// scopeReach describes where an assignment's scope stands with respect to
// the resource: at it, inherited from an ancestor (a management group only
// if Resource Graph shows it above the subscription), or elsewhere.
func scopeReach(ctx context.Context, c *Clients, sub, resourceID, scope string, anc *subscriptionAncestry) (string, reach) {
	mg, isGroup := managementGroupOf(scope)
	switch {
	case SameID(scope, resourceID):
		return "at " + shortID(resourceID), reachCovers
	case isGroup:
		in, known, why := anc.contains(ctx, c, sub, mg)
		switch {
		case in:
			return "inherited from management group " + mg + " (an ancestor of subscription " + sub + ")", reachCovers
		case known:
			return "at management group " + mg + ", which is not an ancestor of subscription " + sub, reachElsewhere
		default:
			return "at management group " + mg + "; whether it contains subscription " + sub + " could not be read (" + why + ")", reachUnknown
		}
	case isUnder(resourceID, scope):
		return "inherited from " + scope, reachCovers
	default:
		return "at " + scope + ", which does not cover the account", reachElsewhere
	}
}
