package components

import (
	"github.com/pulumi/pulumi-azure-native-sdk/authorization/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// The built-in storage data roles the Functions host needs on its storage
// account with an identity-based AzureWebJobsStorage (Microsoft Learn,
// functions-reference "Connecting to host storage with an identity":
// management roles such as Owner are not enough). Blob Data Owner alone
// runs the host; Queue Data Contributor serves blob triggers and scale,
// Table Data Contributor diagnostic events.
const (
	// StorageBlobDataOwnerRoleID is Storage Blob Data Owner.
	StorageBlobDataOwnerRoleID = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b"
	// StorageQueueDataContributorRoleID is Storage Queue Data Contributor.
	StorageQueueDataContributorRoleID = "974c5e8b-45b9-4653-ba55-5f855dd0fb88"
	// StorageTableDataContributorRoleID is Storage Table Data Contributor.
	StorageTableDataContributorRoleID = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3"
)

// storageDataRoles are the host's data roles, by the suffix of their grants'
// logical names.
var storageDataRoles = []struct{ suffix, roleID, roleName string }{
	{"storage-blob", StorageBlobDataOwnerRoleID, "Storage Blob Data Owner"},
	{"storage-queue", StorageQueueDataContributorRoleID, "Storage Queue Data Contributor"},
	{"storage-table", StorageTableDataContributorRoleID, "Storage Table Data Contributor"},
}

// storageDataGrants are one principal's grants of the host's data roles.
type storageDataGrants struct {
	grants []*authorization.RoleAssignment
	// ready is what a site must wait for: the grants and, when it is on,
	// their propagation wait.
	ready []pulumi.Resource
}

// newStorageDataGrants grants the host's three data roles on the account
// (scope) to a managed identity's principal, as every grant privatepull
// makes (full role definition id, principalType ServicePrincipal, a name
// derived from scope, principal and role), named <prefix>-storage-blob,
// -queue and -table. With waitSeconds > 0 a wait (<prefix>-storage-propagation)
// starts when the grants exist and sleeps again only when the blob grant,
// which every host needs, is replaced: the three share scope and principal,
// so they are replaced together.
func newStorageDataGrants(ctx *pulumi.Context, prefix string, scope, principalID, subscriptionID pulumi.StringInput,
	waitSeconds int, opts []pulumi.ResourceOption) (*storageDataGrants, error) {
	out := &storageDataGrants{}
	for _, role := range storageDataRoles {
		grant, err := newRoleAssignment(ctx, prefix+"-"+role.suffix, roleGrant{
			scope: scope, principalID: principalID, subscriptionID: subscriptionID,
			roleID: role.roleID, roleName: role.roleName,
			description: role.roleName + " for the Functions host storage (managed by privatepull)",
		}, opts...)
		if err != nil {
			return nil, err
		}
		out.grants = append(out.grants, grant)
	}
	out.ready = []pulumi.Resource{out.grants[0], out.grants[1], out.grants[2]}
	if waitSeconds > 0 {
		others := []pulumi.Resource{out.grants[1], out.grants[2]}
		wait, err := newPropagationWait(ctx, prefix+"-storage-propagation", "storage data roles", out.grants[0],
			waitSeconds, withOpts(opts, pulumi.DependsOn(others)))
		if err != nil {
			return nil, err
		}
		out.ready = append(out.ready, wait)
	}
	return out, nil
}
