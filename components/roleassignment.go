package components

import (
	"crypto/sha1" //nolint:gosec // RFC 4122 name-based UUIDs (version 5) are defined over SHA-1.
	"fmt"
	"strings"

	"github.com/pulumi/pulumi-azure-native-sdk/authorization/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	timesdk "github.com/pulumiverse/pulumi-time/sdk/go/time"
)

// AcrPullRoleID is the id of the built-in AcrPull role definition.
const AcrPullRoleID = "7f951dda-4ed3-4680-a7ca-43fe172d538d"

// RepositoryReaderRoleID is the id of the built-in Container Registry
// Repository Reader role: pulls (repository content and metadata reads) on a
// registry in ABAC mode (AbacRepositoryPermissions), which does not honour
// AcrPull.
const RepositoryReaderRoleID = "b93aa761-3e63-49ed-ac28-beffa264f7ac"

// ConditionVersion is the version of the ABAC condition language of role
// assignment conditions.
const ConditionVersion = "2.0"

// RepositoryPrefixCondition is the ABAC condition that limits a Container
// Registry Repository Reader grant to the repositories whose name starts
// with prefix: repository content and metadata reads are allowed only on
// them; every other action of the role is left alone. Microsoft Learn
// (container-registry-rbac-abac-repository-permissions) shows the condition
// with StringEqualsIgnoreCase for one repository; StringStartsWithIgnoreCase
// is the ABAC string operator for a prefix.
func RepositoryPrefixCondition(prefix string) string {
	return "((!(ActionMatches{'Microsoft.ContainerRegistry/registries/repositories/content/read'}) AND " +
		"!(ActionMatches{'Microsoft.ContainerRegistry/registries/repositories/metadata/read'})) OR " +
		"(@Request[Microsoft.ContainerRegistry/registries/repositories:name] StringStartsWithIgnoreCase '" + prefix + "'))"
}

// KeyVaultSecretsUserRoleID is the id of the built-in Key Vault Secrets User
// role: the least privilege that lets an identity read secret values.
const KeyVaultSecretsUserRoleID = "4633458b-17de-408a-b874-0445c86b69e6"

// PrincipalTypeServicePrincipal is the principal type of managed identities.
// Setting it avoids PrincipalNotFound while Entra ID replicates a new identity.
const PrincipalTypeServicePrincipal = "ServicePrincipal"

// roleAssignmentNamespace is the UUID namespace of privatepull's deterministic
// role assignment names (a version 5 UUID of "privatepull.role-assignment").
var roleAssignmentNamespace = [16]byte{
	0x5c, 0x2f, 0x8e, 0x61, 0x0b, 0x4d, 0x4f, 0x1e, 0x9a, 0x43, 0x3e, 0x27, 0x6d, 0x90, 0x1c, 0x58,
}

// SubscriptionOf returns the subscription id of an ARM resource id.
func SubscriptionOf(resourceID string) (string, error) {
	parts := strings.Split(strings.TrimPrefix(resourceID, "/"), "/")
	if len(parts) < 2 || !strings.EqualFold(parts[0], "subscriptions") || parts[1] == "" {
		return "", fmt.Errorf("%q is not an ARM resource id (want /subscriptions/<id>/...)", resourceID)
	}
	return parts[1], nil
}

// RoleDefinitionID returns the full role definition id of roleID in the
// subscription that holds scope:
// /subscriptions/<sub>/providers/Microsoft.Authorization/roleDefinitions/<roleID>.
func RoleDefinitionID(scope, roleID string) (string, error) {
	sub, err := SubscriptionOf(scope)
	if err != nil {
		return "", fmt.Errorf("role definition for scope: %w", err)
	}
	return fmt.Sprintf("/subscriptions/%s/providers/Microsoft.Authorization/roleDefinitions/%s", sub, roleID), nil
}

// RoleAssignmentName derives the GUID name of a role assignment from its scope,
// principal and role definition, so the same grant always gets the same name:
// redeploys neither churn nor fail with RoleAssignmentExists.
func RoleAssignmentName(scope, principalID, roleDefinitionID string) string {
	key := strings.ToLower(scope) + "|" + strings.ToLower(principalID) + "|" + strings.ToLower(roleDefinitionID)
	return UUIDv5(roleAssignmentNamespace, key)
}

// UUIDv5 returns the RFC 4122 version 5 UUID of name in namespace.
func UUIDv5(namespace [16]byte, name string) string {
	h := sha1.New() //nolint:gosec // required by RFC 4122 version 5
	h.Write(namespace[:])
	h.Write([]byte(name))
	sum := h.Sum(nil)
	sum[6] = (sum[6] & 0x0f) | 0x50 // version 5
	sum[8] = (sum[8] & 0x3f) | 0x80 // RFC 4122 variant
	return fmt.Sprintf("%x-%x-%x-%x-%x", sum[0:4], sum[4:6], sum[6:8], sum[8:10], sum[10:16])
}

// AcrPullAssignmentArgs describes one principal's pull grants on a
// registry.
type AcrPullAssignmentArgs struct {
	// RegistryID is the registry's resource id: the scope of the grants.
	RegistryID pulumi.StringInput
	// PrincipalID is the object (principal) id of the identity, not its client id.
	PrincipalID pulumi.StringInput
	// SubscriptionID is the registry's subscription. Known before deployment
	// (from the provider's client configuration), it makes the role
	// definition ids known in `pulumi preview`, so a reviewer sees the exact
	// roles granted. nil derives it from RegistryID (unknown until the
	// registry exists).
	SubscriptionID pulumi.StringInput
	// RoleAssignmentMode is the registry's declared role-assignment mode:
	// "" or LegacyRegistryPermissions grants AcrPull and Container Registry
	// Repository Reader (pulls hold in either live mode);
	// AbacRepositoryPermissions grants the Reader alone.
	RoleAssignmentMode string
	// RepositoryPrefix limits the Reader grant to the repositories under it
	// (an ABAC condition), e.g. "shop/"; "" covers the registry. AcrPull
	// cannot be limited.
	RepositoryPrefix string
}

// NewAcrPullAssignment grants a managed identity what it needs to pull from a
// registry in its declared mode (see RoleAssignmentMode): AcrPull under name
// and Container Registry Repository Reader under name+"-reader" in legacy
// mode, the Reader alone (under name+"-reader", aliased from name) in ABAC
// mode; each at the registry's scope with the full role definition id,
// principalType ServicePrincipal and a deterministic GUID name. It returns
// the grant the declared mode honours (AcrPull in legacy mode, the Reader in
// ABAC mode).
func NewAcrPullAssignment(ctx *pulumi.Context, name string, args AcrPullAssignmentArgs,
	opts ...pulumi.ResourceOption) (*authorization.RoleAssignment, error) {
	if err := checkPullMode(args.RoleAssignmentMode, args.RepositoryPrefix); err != nil {
		return nil, fmt.Errorf("pull grants %q: %w", name, err)
	}
	set, err := newPullGrants(ctx, name, pullGrantArgs{scope: args.RegistryID, principalID: args.PrincipalID,
		subscriptionID: args.SubscriptionID, mode: args.RoleAssignmentMode, prefix: args.RepositoryPrefix}, opts)
	if err != nil {
		return nil, err
	}
	return set.honoured, nil
}

// roleGrant is one built-in role granted to a managed identity at a scope,
// optionally under an ABAC condition.
type roleGrant struct {
	scope, principalID, subscriptionID       pulumi.StringInput
	roleID, roleName, description, condition string
}

// newRoleAssignment registers a role assignment with the full role definition
// id (in the subscription of a known scope, else in subscriptionID, else in
// the scope's subscription once it resolves), principalType
// ServicePrincipal and a name derived from (scope, principal, role).
func newRoleAssignment(ctx *pulumi.Context, name string, g roleGrant,
	opts ...pulumi.ResourceOption) (*authorization.RoleAssignment, error) {
	roleDefinition := g.scope.ToStringOutput().ApplyT(func(scope string) (string, error) {
		return RoleDefinitionID(scope, g.roleID)
	}).(pulumi.StringOutput)
	if scope, known := knownString(g.scope); known {
		// A known scope (e.g. an existing registry in another subscription)
		// names its own subscription, which the role definition must be in.
		if _, err := SubscriptionOf(scope); err != nil {
			return nil, fmt.Errorf("role assignment %q: %w", name, err)
		}
	} else if g.subscriptionID != nil {
		roleDefinition = g.subscriptionID.ToStringOutput().ApplyT(func(sub string) (string, error) {
			return RoleDefinitionID("/subscriptions/"+sub, g.roleID)
		}).(pulumi.StringOutput)
	}
	assignmentName := pulumi.All(g.scope, g.principalID, roleDefinition).ApplyT(
		func(v []interface{}) string {
			return RoleAssignmentName(v[0].(string), v[1].(string), v[2].(string))
		}).(pulumi.StringOutput)
	var condition, conditionVersion pulumi.StringPtrInput
	if g.condition != "" {
		condition, conditionVersion = pulumi.String(g.condition), pulumi.String(ConditionVersion)
	}
	ra, err := authorization.NewRoleAssignment(ctx, name, &authorization.RoleAssignmentArgs{
		RoleAssignmentName: assignmentName,
		Scope:              g.scope,
		PrincipalId:        g.principalID,
		PrincipalType:      pulumi.String(PrincipalTypeServicePrincipal),
		RoleDefinitionId:   roleDefinition,
		Description:        pulumi.String(g.description),
		Condition:          condition,
		ConditionVersion:   conditionVersion,
	}, opts...)
	if err != nil {
		return nil, fmt.Errorf("role assignment %q: %w", name, err)
	}
	return ra, nil
}

// subscriptionInput is the subscription a component grants roles in: the one
// its caller knows, else the default provider's (getClientConfig), which is
// known in preview too.
func subscriptionInput(ctx *pulumi.Context, subscriptionID string, parent pulumi.Resource) pulumi.StringInput {
	if subscriptionID != "" {
		return pulumi.String(subscriptionID)
	}
	return authorization.GetClientConfigOutput(ctx, pulumi.Parent(parent)).SubscriptionId()
}

// newPropagationWait registers a sleep that runs when the grant is created and
// again only when it is replaced (its id and principal are the triggers): a
// no-op `pulumi up` does not wait. Whatever depends on it starts after the
// grant (of the role named in errors) has had time to propagate.
func newPropagationWait(ctx *pulumi.Context, name, role string, grant *authorization.RoleAssignment, seconds int,
	opts []pulumi.ResourceOption) (*timesdk.Sleep, error) {
	wait, err := timesdk.NewSleep(ctx, name, &timesdk.SleepArgs{
		CreateDuration: pulumi.String(fmt.Sprintf("%ds", seconds)),
		Triggers: pulumi.StringMap{
			"roleAssignmentId": grant.ID().ToStringOutput(),
			"principalId":      grant.PrincipalId,
		},
	}, opts...)
	if err != nil {
		return nil, fmt.Errorf("%s propagation wait: %w", role, err)
	}
	return wait, nil
}
