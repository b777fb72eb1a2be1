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
	// RegistryRoleAssignmentMode is the registry's declared role assignment
	// permissions mode, which decides the roles granted:
	// "LegacyRegistryPermissions" (the default) grants AcrPull AND
	// Container Registry Repository Reader, so pulls hold whichever mode the
	// registry is in (Microsoft says ABAC mode will become the default, and
	// the v2 SDK can neither set nor read it); "AbacRepositoryPermissions"
	// (a registry set to "RBAC Registry + ABAC Repository Permissions",
	// which ignores AcrPull) grants the Reader alone. Plain: it decides the
	// roles.
	RegistryRoleAssignmentMode string `pulumi:"registryRoleAssignmentMode,optional"`
	// RepositoryPrefix limits the Container Registry Repository Reader grant
	// to the repositories whose name starts with it, e.g. "shop/": an ABAC
	// condition on the role assignment, so in ABAC mode the identity cannot
	// pull another team's images (in legacy mode AcrPull, which cannot be
	// limited, still covers the registry). Lowercase repository path
	// components, each ending in "/". "" grants every repository of the
	// registry. Plain: it is part of the condition.
	RepositoryPrefix string `pulumi:"repositoryPrefix,optional"`
	// PropagationWaitSeconds is how long apps wait after a NEW pull grant
	// before they are created (RBAC usually takes 1-5 minutes to propagate,
	// up to 10, and Container Apps validates the pull at creation). The wait
	// runs again only when the grant is replaced; an unchanged grant never
	// waits. 0 (the default) turns it off; privatepull's own program uses 300.
	// Plain: it decides whether the wait exists.
	PropagationWaitSeconds int `pulumi:"propagationWaitSeconds,optional"`
	// Tags are applied to the identity. Plain map.
	Tags map[string]string `pulumi:"tags,optional"`
}

// PullIdentity is a user-assigned managed identity with its pull grants on the
// registry: AcrPull and Container Registry Repository Reader (optionally
// limited to a repository prefix), or on a registry declared in ABAC mode the
// Reader alone. It exists before any app, so apps can pull on first start:
// no two-phase deployment, no credentials.
type PullIdentity struct {
	pulumi.ResourceState

	// IdentityID is the identity's resource id (what apps reference).
	IdentityID pulumi.StringOutput `pulumi:"identityId"`
	// ClientID is the identity's client (application) id.
	ClientID pulumi.StringOutput `pulumi:"clientId"`
	// PrincipalID is the identity's object id (what the role assignment grants).
	PrincipalID pulumi.StringOutput `pulumi:"principalId"`
	// AcrPullAssignmentID is the role assignment id of the grant the
	// declared mode honours (AcrPull, or Container Registry Repository
	// Reader in ABAC mode; the name is kept for existing programs): it
	// resolves only once every pull grant exists. Web apps pulling with the
	// identity wait for it (WebAppWorkload's pullIdentityGrantId).
	AcrPullAssignmentID pulumi.StringOutput `pulumi:"acrPullAssignmentId"`
	// AcrPullReadyID is that role assignment id too, but it resolves only
	// once every pull grant exists AND the propagation wait has elapsed:
	// pass it in ContainerAppWorkload's pullReady, so that no app is created
	// before its pull can succeed.
	AcrPullReadyID pulumi.StringOutput `pulumi:"acrPullReadyId"`
	// AcrPullAssignment is the role assignment, at registry scope, of the
	// grant the declared mode honours: AcrPull, or the Reader in ABAC mode
	// (Go only, not in the schema).
	AcrPullAssignment *authorization.RoleAssignment
	// PullGrants are every pull grant's role assignment: AcrPull and the
	// Reader in legacy mode, the Reader in ABAC mode (Go only).
	PullGrants []pulumi.Resource
	// AcrPullPropagation waits PropagationWaitSeconds after the honoured
	// grant is created or replaced, starting once every grant exists (nil
	// when the wait is off; Go only).
	AcrPullPropagation *timesdk.Sleep
	// AcrPullReady is the propagation wait, or the honoured grant when the
	// wait is off (Go only; AcrPullReadyID is its counterpart in the
	// schema). PullReady covers every grant.
	AcrPullReady pulumi.Resource
	// PullReady is what a workload must depend on before its first pull:
	// the propagation wait (which follows every grant), or every grant when
	// the wait is off (Go only).
	PullReady []pulumi.Resource
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
	grants, err := newPullGrants(ctx, childName(name, "acrpull"), pullGrantArgs{scope: args.RegistryID,
		principalID: identity.PrincipalId, subscriptionID: args.roleSubscription(ctx, component),
		mode: args.RegistryRoleAssignmentMode, prefix: args.RepositoryPrefix}, child)
	if err != nil {
		return nil, err
	}
	assignment := grants.honoured
	component.PullGrants = grants.resources()
	component.AcrPullReady, component.PullReady = assignment, component.PullGrants
	if args.PropagationWaitSeconds > 0 {
		// The wait restarts with the honoured grant, and starts only once
		// every grant exists.
		wait, err := newPropagationWait(ctx, childName(name, "acrpull-propagation"), grants.roleName, assignment,
			args.PropagationWaitSeconds, withOpts(child, pulumi.DependsOn(component.PullGrants)))
		if err != nil {
			return nil, err
		}
		component.AcrPullPropagation = wait
		component.AcrPullReady, component.PullReady = wait, []pulumi.Resource{wait}
	}
	component.IdentityID = identity.ID().ToStringOutput()
	component.ClientID = identity.ClientId
	component.PrincipalID = identity.PrincipalId
	component.AcrPullAssignment = assignment
	component.AcrPullAssignmentID = firstID(assignment, component.PullGrants)
	component.AcrPullReadyID = component.AcrPullAssignmentID
	if component.AcrPullPropagation != nil {
		component.AcrPullReadyID = firstID(assignment, append(component.PullGrants, component.AcrPullPropagation))
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

// check rejects args the grants cannot be built from, before anything is
// registered: a known registryId that is not a registry's, an unknown mode,
// and a repository prefix that is not a repository path prefix.
func (a *PullIdentityArgs) check() error {
	if a == nil || a.RegistryID == nil || a.ResourceGroupName == nil {
		return fmt.Errorf("args with RegistryID and ResourceGroupName are required")
	}
	if id, known := knownString(a.RegistryID); known {
		if _, err := ParseResourceIDOfType(id, TypeContainerRegistry); err != nil {
			return fmt.Errorf("registryId: %w", err)
		}
	}
	return checkPullMode(a.RegistryRoleAssignmentMode, a.RepositoryPrefix)
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
