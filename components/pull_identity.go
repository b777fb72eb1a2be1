package components

import (
	"fmt"

	"github.com/pulumi/pulumi-azure-native-sdk/authorization/v2"
	"github.com/pulumi/pulumi-azure-native-sdk/managedidentity/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	timesdk "github.com/pulumiverse/pulumi-time/sdk/go/time"
)

// PullIdentityArgs configures the PullIdentity component.
type PullIdentityArgs struct {
	// Name is the user-assigned identity's Azure name.
	Name string
	// Location is the identity's region.
	Location string
	// ResourceGroupName is the identity's resource group.
	ResourceGroupName pulumi.StringInput
	// RegistryID is the registry the identity may pull from (the AcrPull scope).
	RegistryID pulumi.StringInput
	// SubscriptionID is the registry's subscription ("" = the default
	// provider's), so the granted role is known in preview.
	SubscriptionID string
	// PropagationWaitSeconds is how long apps wait after a NEW AcrPull grant
	// before they are created (RBAC takes 1-5 minutes to propagate, and
	// Container Apps validates the pull at creation). The wait runs again
	// only when the grant is replaced; an unchanged grant never waits.
	// 0 turns it off.
	PropagationWaitSeconds int
	// Tags are applied to the identity.
	Tags map[string]string
}

// PullIdentity is a user-assigned managed identity with AcrPull on the
// registry. It exists before any app, so apps can pull on first start: no
// two-phase deployment, no credentials.
type PullIdentity struct {
	pulumi.ResourceState

	// IdentityID is the identity's resource id (what apps reference).
	IdentityID pulumi.StringOutput
	// ClientID is the identity's client (application) id.
	ClientID pulumi.StringOutput
	// PrincipalID is the identity's object id (what the role assignment grants).
	PrincipalID pulumi.StringOutput
	// AcrPullAssignment is the AcrPull role assignment at registry scope.
	AcrPullAssignment *authorization.RoleAssignment
	// AcrPullPropagation waits PropagationWaitSeconds after the grant is
	// created or replaced (nil when the wait is off).
	AcrPullPropagation *timesdk.Sleep
	// AcrPullReady is what a workload must depend on before its first pull:
	// the propagation wait, or the grant itself when the wait is off.
	AcrPullReady pulumi.Resource
}

// NewPullIdentity registers the identity and its AcrPull role assignment.
func NewPullIdentity(ctx *pulumi.Context, name string, args *PullIdentityArgs,
	opts ...pulumi.ResourceOption) (*PullIdentity, error) {
	if args == nil || args.RegistryID == nil || args.ResourceGroupName == nil {
		return nil, fmt.Errorf("PullIdentity %q: args with RegistryID and ResourceGroupName are required", name)
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
	assignment, err := NewAcrPullAssignment(ctx, childName(name, "acrpull"), AcrPullAssignmentArgs{
		RegistryID:     args.RegistryID,
		PrincipalID:    identity.PrincipalId,
		SubscriptionID: subscriptionInput(ctx, args.SubscriptionID, component),
	}, child...)
	if err != nil {
		return nil, err
	}
	component.AcrPullReady = assignment
	if args.PropagationWaitSeconds > 0 {
		wait, err := newPropagationWait(ctx, childName(name, "acrpull-propagation"), assignment,
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

	if err := ctx.RegisterResourceOutputs(component, pulumi.Map{
		"identityId":  component.IdentityID,
		"clientId":    component.ClientID,
		"principalId": component.PrincipalID,
	}); err != nil {
		return nil, fmt.Errorf("PullIdentity %q outputs: %w", name, err)
	}
	return component, nil
}

// newPropagationWait registers a sleep that runs when the grant is created and
// again only when it is replaced (its id and principal are the triggers): a
// no-op `pulumi up` does not wait. Apps that depend on it are created after
// the grant has had time to propagate.
func newPropagationWait(ctx *pulumi.Context, name string, grant *authorization.RoleAssignment, seconds int,
	opts []pulumi.ResourceOption) (*timesdk.Sleep, error) {
	wait, err := timesdk.NewSleep(ctx, name, &timesdk.SleepArgs{
		CreateDuration: pulumi.String(fmt.Sprintf("%ds", seconds)),
		Triggers: pulumi.StringMap{
			"roleAssignmentId": grant.ID().ToStringOutput(),
			"principalId":      grant.PrincipalId,
		},
	}, opts...)
	if err != nil {
		return nil, fmt.Errorf("AcrPull propagation wait: %w", err)
	}
	return wait, nil
}
