package stackconfig

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

// Stack outputs of a platform stack that app stacks read: the contract
// between the two (docs/platform-and-app-teams.md).
const (
	OutputStackRole                  = "stackRole"
	OutputLocation                   = "location"
	OutputCloud                      = "cloud"
	OutputRegistryID                 = "registryId"
	OutputLoginServer                = "loginServer"
	OutputContainerAppsEnvironmentID = "containerAppsEnvironmentId"
	OutputContainerAppsEnvironment   = "containerAppsEnvironment"
	OutputAppServicePlanID           = "appServicePlanId"
	OutputAppServiceSubnetID         = "appServiceSubnetId"
	OutputRegistryRoleAssignmentMode = "registryRoleAssignmentMode"
	OutputIdentityModes              = "identityModes"
	OutputTeamIdentities             = "teamIdentities"
)

// PlatformExports are the platform outputs an app stack exports again, so
// that verify checks the platform links its apps depend on (registry
// settings, endpoints, DNS, environment) from the app stack's outputs alone.
var PlatformExports = []string{
	"subscriptionId", "vnetId", "registryName", OutputRegistryID, OutputLoginServer, "registryRegions",
	"dataEndpointHostNames", "registryPublicNetworkAccess", "registryAllowedIpRanges", "registryPrivateEndpoints",
	"dnsResolvedElsewhere", OutputContainerAppsEnvironmentID, OutputContainerAppsEnvironment,
	"logAnalyticsWorkspaceId", "logAnalyticsCustomerId", OutputCloud, OutputRegistryRoleAssignmentMode,
}

// Platform is what an app stack takes from its platform, read and validated
// before any resource is registered. Values used as resource inputs are
// outputs: plain strings when the platform's value is known, secret when the
// platform marks it secret, unknown when it is unknown (a preview).
type Platform struct {
	// Source names the platform in messages: the referenced stack, or
	// privatepull:platform.
	Source string
	// Reference is the StackReference (nil with explicit ids).
	Reference *pulumi.StackReference
	// Location is the platform's region, where the app stack creates its
	// resources (plain: resources take a plain location).
	Location string
	// RoleAssignmentMode is the registry's declared role-assignment mode
	// (plain: it decides which role a grant carries).
	RoleAssignmentMode string
	// RegistrySubscriptionID is the registry's subscription, "" when the
	// registry id is not known (the grant's role definition then uses the
	// app stack's subscription).
	RegistrySubscriptionID string
	// RegistryID is the registry the apps pull from: the scope of a grant.
	RegistryID pulumi.StringInput
	// LoginServer is the registry's login server.
	LoginServer pulumi.StringInput
	// EnvironmentID is the Container Apps environment ("" without one).
	EnvironmentID pulumi.StringInput
	// AppServicePlanID is the App Service plan ("" without one).
	AppServicePlanID pulumi.StringInput
	// AppServiceSubnetID is the plan's VNet integration subnet ("" without one).
	AppServiceSubnetID pulumi.StringInput
	// TeamIdentity is the platform's identity of the app stack's team
	// (identity mode platform); nil in identity mode own.
	TeamIdentity *PlatformIdentity
	// Exports are the platform values the app stack exports again, by
	// output name (PlatformExports); with explicit ids, only those given.
	Exports map[string]pulumi.Input
}

// PlatformIdentity is a user-assigned identity the platform created and
// granted for a team.
type PlatformIdentity struct {
	// ID is the identity's resource id.
	ID pulumi.StringInput
	// ClientID is its client id.
	ClientID pulumi.StringInput
	// PrincipalID is its principal id ("" when not given).
	PrincipalID pulumi.StringInput
}
