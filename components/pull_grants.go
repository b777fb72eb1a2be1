package components

import (
	"fmt"

	"github.com/pulumi/pulumi-azure-native-sdk/authorization/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// ReaderGrantSuffix ends the logical name of a principal's Container
// Registry Repository Reader grant: <name of its AcrPull grant>-reader.
const ReaderGrantSuffix = "-reader"

// pullGrantArgs is one principal's pull grants on a registry.
type pullGrantArgs struct {
	scope, principalID, subscriptionID pulumi.StringInput
	// mode is the registry's declared role-assignment mode ("" is legacy).
	mode string
	// prefix limits the Reader grant to repositories under it ("" for all).
	prefix string
}

// pullGrantSet is what newPullGrants registered.
type pullGrantSet struct {
	// honoured is the grant the declared mode honours: AcrPull in legacy
	// mode, Container Registry Repository Reader in ABAC mode.
	honoured *authorization.RoleAssignment
	// all are every grant, honoured first.
	all []*authorization.RoleAssignment
	// roleName names the honoured role in messages.
	roleName string
}

// resources returns every grant as a dependency list.
func (s pullGrantSet) resources() []pulumi.Resource {
	out := make([]pulumi.Resource, 0, len(s.all))
	for _, g := range s.all {
		out = append(out, g)
	}
	return out
}

// checkPullMode rejects a role-assignment mode privatepull does not know and
// a repository prefix that is not a repository path prefix (it is quoted
// into the Reader grant's ABAC condition).
func checkPullMode(mode, prefix string) error {
	switch mode {
	case "", RoleAssignmentModeLegacy, RoleAssignmentModeAbac:
	default:
		return fmt.Errorf("registryRoleAssignmentMode %q: want %s or %s", mode, RoleAssignmentModeLegacy,
			RoleAssignmentModeAbac)
	}
	if prefix != "" && !IsRepositoryPrefix(prefix) {
		return fmt.Errorf("repositoryPrefix %q is not a repository prefix: lowercase letters and digits, "+
			"separated by '.', '_', '__' or '-', in path components that each end in '/' (e.g. \"shop/\")", prefix)
	}
	return nil
}

// readerGrant is Container Registry Repository Reader at scope, limited to
// prefix by its ABAC condition when one is given.
func readerGrant(scope pulumi.StringInput, prefix string) roleGrant {
	grant := roleGrant{scope: scope, roleID: RepositoryReaderRoleID, roleName: "Container Registry Repository Reader",
		description: "Container Registry Repository Reader for private image pulls (managed by privatepull)"}
	if prefix != "" {
		grant.condition = RepositoryPrefixCondition(prefix)
		grant.description = "Container Registry Repository Reader for repositories under " + prefix +
			" (managed by privatepull)"
	}
	return grant
}

// acrPullGrant is AcrPull at scope (it cannot carry a repository condition).
func acrPullGrant(scope pulumi.StringInput) roleGrant {
	return roleGrant{scope: scope, roleID: AcrPullRoleID, roleName: "AcrPull",
		description: "AcrPull for private image pulls (managed by privatepull)"}
}

// newPullGrants registers what lets one principal pull whatever mode the
// registry is in. Microsoft says registries will default to "RBAC Registry +
// ABAC Repository Permissions", where AcrPull is ignored and only Container
// Registry Repository Reader grants pulls, and the v2 SDK can neither set
// nor read the mode. So in legacy mode (declared or defaulted) the principal
// gets AcrPull (name) AND the Reader (name-reader, with the prefix
// condition when one is given: a team stays limited to its repositories
// once the registry switches): pulls hold in either live mode. In declared
// ABAC mode it gets the Reader alone, under name-reader with an alias of
// name, the logical name it had when it was the only grant (no
// replacement). Both at the registry's scope, with deterministic names.
func newPullGrants(ctx *pulumi.Context, name string, a pullGrantArgs,
	opts []pulumi.ResourceOption) (pullGrantSet, error) {
	reader := readerGrant(a.scope, a.prefix)
	reader.principalID, reader.subscriptionID = a.principalID, a.subscriptionID
	readerOpts := opts
	if a.mode == RoleAssignmentModeAbac {
		readerOpts = withOpts(opts, pulumi.Aliases([]pulumi.Alias{{Name: pulumi.String(name)}}))
	}
	var set pullGrantSet
	if a.mode != RoleAssignmentModeAbac {
		acrPull := acrPullGrant(a.scope)
		acrPull.principalID, acrPull.subscriptionID = a.principalID, a.subscriptionID
		grant, err := newRoleAssignment(ctx, name, acrPull, opts...)
		if err != nil {
			return pullGrantSet{}, err
		}
		set = pullGrantSet{honoured: grant, all: []*authorization.RoleAssignment{grant}, roleName: acrPull.roleName}
	}
	grant, err := newRoleAssignment(ctx, name+ReaderGrantSuffix, reader, readerOpts...)
	if err != nil {
		return pullGrantSet{}, err
	}
	set.all = append(set.all, grant)
	if set.honoured == nil {
		set.honoured, set.roleName = grant, reader.roleName
	}
	return set, nil
}

// firstID is the id of first, resolving only once every resource of all
// exists (their ids are known): a single grant id that stands for all of
// them.
func firstID(first pulumi.CustomResource, all []pulumi.Resource) pulumi.StringOutput {
	ids := []interface{}{first.ID()}
	for _, r := range all {
		if c, ok := r.(pulumi.CustomResource); ok {
			ids = append(ids, c.ID())
		}
	}
	return pulumi.All(ids...).ApplyT(func(v []interface{}) string {
		return string(v[0].(pulumi.ID))
	}).(pulumi.StringOutput)
}
