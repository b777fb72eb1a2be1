package components

import (
	"fmt"
	"regexp"

	"github.com/pulumi/pulumi-azure-native-sdk/authorization/v2"
	"github.com/pulumi/pulumi-azure-native-sdk/managedidentity/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	timesdk "github.com/pulumiverse/pulumi-time/sdk/go/time"
)

// The registry's role assignment permissions modes (roleAssignmentMode of
// Microsoft.ContainerRegistry/registries): they decide which roles the
// registry honours for pulls.
const (
	// RoleAssignmentModeLegacy is the default mode: AcrPull grants pulls.
	RoleAssignmentModeLegacy = "LegacyRegistryPermissions"
	// RoleAssignmentModeAbac is "RBAC Registry + ABAC Repository Permissions":
	// AcrPull is not honoured; Container Registry Repository Reader grants
	// pulls, optionally limited to repositories by an ABAC condition.
	RoleAssignmentModeAbac = "AbacRepositoryPermissions"
)

// repositoryPrefixRule is a repository path prefix: one or more path
// components of the OCI distribution spec's repository name grammar
// (lowercase letters and digits, separated by ".", "_", "__" or hyphens),
// each followed by "/". It cannot hold a quote, so it cannot break out of the
// ABAC condition's string literal.
var repositoryPrefixRule = regexp.MustCompile(`^([a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*/)+$`)

// IsRepositoryPrefix reports whether prefix is a repository path prefix a
// pull grant can be limited to (RepositoryPrefix), e.g. "shop/".
func IsRepositoryPrefix(prefix string) bool {
	return repositoryPrefixRule.MatchString(prefix)
}

// PullIdentityArgs configures the PullIdentity component.
type PullIdentityArgs struct {
	// Name is the user-assigned identity's Azure name.
	Name string `pulumi:"name"`
	// Location is the identity's region.
	Location string `pulumi:"location"`
	// ResourceGroupName is the identity's resource group.
	ResourceGroupName pulumi.StringInput `pulumi:"resourceGroupName"`
	// RegistryID is the registry the identity may pull from (the grant's
	// scope): PrivateRegistry's registryId, or the id of an existing
	// registry, also in another resource group or subscription (the grant
	// is created at the registry, in the registry's subscription).
	RegistryID pulumi.StringInput `pulumi:"registryId"`
	// SubscriptionID is the registry's subscription when registryId is an
	// output of another resource ("" = the default provider's, read with
	// getClientConfig); a known registryId's own subscription always wins.
	// Plain, so the granted role definition is known in preview and a
	// reviewer sees the exact role.
	SubscriptionID string `pulumi:"subscriptionId,optional"`
	// RegistryRoleAssignmentMode is the registry's role assignment
	// permissions mode, which decides the role granted:
	// "LegacyRegistryPermissions" (the default: AcrPull) or
	// "AbacRepositoryPermissions" (a registry set to "RBAC Registry + ABAC
	// Repository Permissions" outside privatepull, which does not honour
	// AcrPull: Container Registry Repository Reader). Plain: it decides the
	// role.
	RegistryRoleAssignmentMode string `pulumi:"registryRoleAssignmentMode,optional"`
	// RepositoryPrefix limits the grant to the repositories whose name
	// starts with it, e.g. "shop/" (AbacRepositoryPermissions only): an ABAC
	// condition on the role assignment, so the identity cannot pull another
	// team's images. Lowercase repository path components, each ending in
	// "/". "" grants every repository of the registry. Plain: it is part of
	// the condition.
	RepositoryPrefix string `pulumi:"repositoryPrefix,optional"`
	// PropagationWaitSeconds is how long apps wait after a NEW AcrPull grant
	// before they are created (RBAC usually takes 1-5 minutes to propagate,
	// up to 10, and Container Apps validates the pull at creation). The wait
	// runs again only when the grant is replaced; an unchanged grant never
	// waits. 0 (the default) turns it off; privatepull's own program uses 300.
	// Plain: it decides whether the wait exists.
	PropagationWaitSeconds int `pulumi:"propagationWaitSeconds,optional"`
	// Tags are applied to the identity. Plain map.
	Tags map[string]string `pulumi:"tags,optional"`
}

// PullIdentity is a user-assigned managed identity with the pull grant on the
// registry: AcrPull, or Container Registry Repository Reader (optionally
// limited to a repository prefix) on a registry in ABAC mode. It exists
// before any app, so apps can pull on first start: no two-phase deployment,
// no credentials.
type PullIdentity struct {
	pulumi.ResourceState

	// IdentityID is the identity's resource id (what apps reference).
	IdentityID pulumi.StringOutput `pulumi:"identityId"`
	// ClientID is the identity's client (application) id.
	ClientID pulumi.StringOutput `pulumi:"clientId"`
	// PrincipalID is the identity's object id (what the role assignment grants).
	PrincipalID pulumi.StringOutput `pulumi:"principalId"`
	// AcrPullAssignmentID is the pull grant's role assignment id, whichever
	// the role (AcrPull, or Container Registry Repository Reader in ABAC
	// mode; the name is kept for existing programs): it resolves only once
	// the grant exists. Web apps pulling with the identity wait for it
	// (WebAppWorkload's pullIdentityGrantId).
	AcrPullAssignmentID pulumi.StringOutput `pulumi:"acrPullAssignmentId"`
	// AcrPullReadyID is the pull grant's role assignment id too, but it
	// resolves only once the grant exists AND its propagation wait has
	// elapsed: pass it in ContainerAppWorkload's pullReady, so that no app
	// is created before its pull can succeed.
	AcrPullReadyID pulumi.StringOutput `pulumi:"acrPullReadyId"`
	// AcrPullAssignment is the pull grant's role assignment at registry
	// scope (Go only, not in the schema).
	AcrPullAssignment *authorization.RoleAssignment
	// AcrPullPropagation waits PropagationWaitSeconds after the grant is
	// created or replaced (nil when the wait is off; Go only).
	AcrPullPropagation *timesdk.Sleep
	// AcrPullReady is what a workload must depend on before its first pull:
	// the propagation wait, or the grant itself when the wait is off (Go
	// only; AcrPullReadyID is its counterpart in the schema).
	AcrPullReady pulumi.Resource
}

// NewPullIdentity registers the identity and its pull grant. Known values
// are validated before anything is registered.
func NewPullIdentity(ctx *pulumi.Context, name string, args *PullIdentityArgs,
	opts ...pulumi.ResourceOption) (*PullIdentity, error) {
	if err := args.check(); err != nil {
		return nil, fmt.Errorf("PullIdentity %q: %w", name, err)
	}
	component := &PullIdentity{}
	child, err := registerComponent(ctx, "PullIdentity", name, component, opts...)
	if err != nil {
		return nil, err
	}
	identity, err := managedidentity.NewUserAssignedIdentity(ctx, childName(name, "identity"),
		&managedidentity.UserAssignedIdentityArgs{
			ResourceName:      pulumi.String(args.Name),
			ResourceGroupName: args.ResourceGroupName,
			Location:          pulumi.String(args.Location),
			Tags:              tagsInput(args.Tags),
		}, child...)
	if err != nil {
		return nil, fmt.Errorf("user-assigned identity %s: %w", args.Name, err)
	}
	grant := args.pullGrant()
	grant.principalID = identity.PrincipalId
	grant.subscriptionID = args.roleSubscription(ctx, component)
	assignment, err := newRoleAssignment(ctx, childName(name, "acrpull"), grant, child...)
	if err != nil {
		return nil, err
	}
	component.AcrPullReady = assignment
	if args.PropagationWaitSeconds > 0 {
		wait, err := newPropagationWait(ctx, childName(name, "acrpull-propagation"), grant.roleName, assignment,
			args.PropagationWaitSeconds, child)
		if err != nil {
			return nil, err
		}
		component.AcrPullPropagation = wait
		component.AcrPullReady = wait
	}
	component.IdentityID = identity.ID().ToStringOutput()
	component.ClientID = identity.ClientId
	component.PrincipalID = identity.PrincipalId
	component.AcrPullAssignment = assignment
	component.AcrPullAssignmentID = assignment.ID().ToStringOutput()
	component.AcrPullReadyID = component.AcrPullAssignmentID
	if component.AcrPullPropagation != nil {
		component.AcrPullReadyID = pulumi.All(assignment.ID(), component.AcrPullPropagation.ID()).ApplyT(
			func(v []interface{}) string { return string(v[0].(pulumi.ID)) }).(pulumi.StringOutput)
	}

	if err := ctx.RegisterResourceOutputs(component, pulumi.Map{
		"identityId":          component.IdentityID,
		"clientId":            component.ClientID,
		"principalId":         component.PrincipalID,
		"acrPullAssignmentId": component.AcrPullAssignmentID,
		"acrPullReadyId":      component.AcrPullReadyID,
	}); err != nil {
		return nil, fmt.Errorf("PullIdentity %q outputs: %w", name, err)
	}
	return component, nil
}

// check rejects args the grant cannot be built from, before anything is
// registered: a known registryId that is not a registry's, an unknown mode,
// and a repository prefix outside ABAC mode or that is not a repository path
// prefix.
func (a *PullIdentityArgs) check() error {
	if a == nil || a.RegistryID == nil || a.ResourceGroupName == nil {
		return fmt.Errorf("args with RegistryID and ResourceGroupName are required")
	}
	if id, known := knownString(a.RegistryID); known {
		if _, err := ParseResourceIDOfType(id, TypeContainerRegistry); err != nil {
			return fmt.Errorf("registryId: %w", err)
		}
	}
	switch a.RegistryRoleAssignmentMode {
	case "", RoleAssignmentModeLegacy:
		if a.RepositoryPrefix != "" {
			return fmt.Errorf("repositoryPrefix %q needs registryRoleAssignmentMode %s: AcrPull cannot be limited "+
				"to repositories", a.RepositoryPrefix, RoleAssignmentModeAbac)
		}
	case RoleAssignmentModeAbac:
		if a.RepositoryPrefix != "" && !IsRepositoryPrefix(a.RepositoryPrefix) {
			return fmt.Errorf("repositoryPrefix %q is not a repository prefix: lowercase letters and digits, "+
				"separated by '.', '_', '__' or '-', in path components that each end in '/' (e.g. \"shop/\")",
				a.RepositoryPrefix)
		}
	default:
		return fmt.Errorf("registryRoleAssignmentMode %q: want %s or %s", a.RegistryRoleAssignmentMode,
			RoleAssignmentModeLegacy, RoleAssignmentModeAbac)
	}
	return nil
}

// pullGrant is the role the registry's mode honours for pulls, at the
// registry, with the repository condition in ABAC mode with a prefix.
func (a *PullIdentityArgs) pullGrant() roleGrant {
	if a.RegistryRoleAssignmentMode != RoleAssignmentModeAbac {
		return roleGrant{scope: a.RegistryID, roleID: AcrPullRoleID, roleName: "AcrPull",
			description: "AcrPull for private image pulls (managed by privatepull)"}
	}
	grant := roleGrant{scope: a.RegistryID, roleID: RepositoryReaderRoleID, roleName: "Container Registry Repository Reader",
		description: "Container Registry Repository Reader for private image pulls (managed by privatepull)"}
	if a.RepositoryPrefix != "" {
		grant.condition = RepositoryPrefixCondition(a.RepositoryPrefix)
		grant.description = "Container Registry Repository Reader for repositories under " + a.RepositoryPrefix +
			" (managed by privatepull)"
	}
	return grant
}

// roleSubscription is the subscription of the granted role definition: the
// registry's own when its id is known (an existing registry, possibly in
// another subscription), else SubscriptionID, else the default provider's.
func (a *PullIdentityArgs) roleSubscription(ctx *pulumi.Context, parent pulumi.Resource) pulumi.StringInput {
	if id, known := knownString(a.RegistryID); known {
		registry, _ := ParseResourceIDOfType(id, TypeContainerRegistry) // checked by check()
		return pulumi.String(registry.Subscription)
	}
	return subscriptionInput(ctx, a.SubscriptionID, parent)
}
