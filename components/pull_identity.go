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
	Name string `pulumi:"name"`
	// Location is the identity's region.
	Location string `pulumi:"location"`
	// ResourceGroupName is the identity's resource group.
	ResourceGroupName pulumi.StringInput `pulumi:"resourceGroupName"`
	// RegistryID is the registry the identity may pull from (the AcrPull
	// scope), e.g. PrivateRegistry's registryId.
	RegistryID pulumi.StringInput `pulumi:"registryId"`
	// SubscriptionID is the registry's subscription ("" = the default
	// provider's, read with getClientConfig). Plain, so the granted role
	// definition is known in preview and a reviewer sees the exact role.
	SubscriptionID string `pulumi:"subscriptionId,optional"`
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

// PullIdentity is a user-assigned managed identity with AcrPull on the
// registry. It exists before any app, so apps can pull on first start: no
// two-phase deployment, no credentials.
type PullIdentity struct {
	pulumi.ResourceState

	// IdentityID is the identity's resource id (what apps reference).
	IdentityID pulumi.StringOutput `pulumi:"identityId"`
	// ClientID is the identity's client (application) id.
	ClientID pulumi.StringOutput `pulumi:"clientId"`
	// PrincipalID is the identity's object id (what the role assignment grants).
	PrincipalID pulumi.StringOutput `pulumi:"principalId"`
	// AcrPullAssignmentID is the AcrPull role assignment's id: it resolves
	// only once the grant exists. Web apps pulling with the identity wait
	// for it (WebAppWorkload's pullIdentityGrantId).
	AcrPullAssignmentID pulumi.StringOutput `pulumi:"acrPullAssignmentId"`
	// AcrPullReadyID is the AcrPull role assignment's id too, but it resolves
	// only once the grant exists AND its propagation wait has elapsed: pass
	// it in ContainerAppWorkload's pullReady, so that no app is created
	// before its pull can succeed.
	AcrPullReadyID pulumi.StringOutput `pulumi:"acrPullReadyId"`
	// AcrPullAssignment is the AcrPull role assignment at registry scope (Go
	// only, not in the schema).
	AcrPullAssignment *authorization.RoleAssignment
	// AcrPullPropagation waits PropagationWaitSeconds after the grant is
	// created or replaced (nil when the wait is off; Go only).
	AcrPullPropagation *timesdk.Sleep
	// AcrPullReady is what a workload must depend on before its first pull:
	// the propagation wait, or the grant itself when the wait is off (Go
	// only; AcrPullReadyID is its counterpart in the schema).
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
		wait, err := newPropagationWait(ctx, childName(name, "acrpull-propagation"), "AcrPull", assignment,
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
