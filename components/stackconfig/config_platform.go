package stackconfig

import "github.com/privatepull/privatepull/components"

// Stack roles: a platform stack owns the network, DNS, registry, environment
// and plan (and may run apps of its own); an app stack references one and
// creates only its team's workloads.
const (
	StackRolePlatform = "platform"
	StackRoleApp      = "app"
)

// Identity modes of an app stack.
const (
	// IdentityModeOwn: the app stack creates its user-assigned identity and
	// its pull grant on the platform's registry, and waits for the grant to
	// propagate once.
	IdentityModeOwn = "own"
	// IdentityModePlatform: the app stack uses the identity the platform
	// pre-created and granted for its team (teamIdentities): no identity,
	// no grant, no wait.
	IdentityModePlatform = "platform"
)

// Registry role-assignment modes (the registry's roleAssignmentMode, which
// the azure-native v2 SDK can neither set nor read: a stack declares it).
const (
	// RoleAssignmentModeLegacy: AcrPull grants pulls on the whole registry.
	RoleAssignmentModeLegacy = components.RoleAssignmentModeLegacy
	// RoleAssignmentModeAbac: AcrPull is ignored; pulls need Container
	// Registry Repository Reader, which a condition can limit to a
	// repository prefix.
	RoleAssignmentModeAbac = components.RoleAssignmentModeAbac
)

// TeamIdentity is one entry of privatepull:teamIdentities: an identity the
// platform stack creates and grants for an app team.
type TeamIdentity struct {
	// Name is the team's name (what its app stack sets as teamName).
	Name string `json:"name"`
	// RepositoryPrefix limits the team's pulls to repositories under it in
	// ABAC mode, e.g. shop/.
	RepositoryPrefix string `json:"repositoryPrefix"`
}

// ExplicitPlatform is privatepull:platform: the platform's ids given
// directly, for app teams without read access to the platform's state.
type ExplicitPlatform struct {
	// RegistryID is the registry's resource id.
	RegistryID string `json:"registryId"`
	// LoginServer is the registry's login server, e.g. acrshop.azurecr.io.
	LoginServer string `json:"loginServer"`
	// Location is the platform's region (default: the app stack's location).
	Location string `json:"location,omitempty"`
	// EnvironmentID is the Container Apps environment (needed by container apps).
	EnvironmentID string `json:"environmentId,omitempty"`
	// AppServicePlanID is the App Service plan (needed by web apps).
	AppServicePlanID string `json:"appServicePlanId,omitempty"`
	// AppServiceSubnetID is the App Service integration subnet (needed by web apps).
	AppServiceSubnetID string `json:"appServiceSubnetId,omitempty"`
	// RegistryRoleAssignmentMode is the registry's mode (default LegacyRegistryPermissions).
	RegistryRoleAssignmentMode string `json:"registryRoleAssignmentMode,omitempty"`
	// IdentityID is the team identity's resource id (identity mode platform).
	IdentityID string `json:"identityId,omitempty"`
	// IdentityClientID is the team identity's client id (identity mode platform).
	IdentityClientID string `json:"identityClientId,omitempty"`
	// IdentityPrincipalID is the team identity's principal id, for verify's
	// grant check (optional).
	IdentityPrincipalID string `json:"identityPrincipalId,omitempty"`
	// DataEndpointHostNames are the registry's data endpoints, for verify
	// (optional).
	DataEndpointHostNames []string `json:"dataEndpointHostNames,omitempty"`
}

// IsAppStack reports whether the stack references a platform stack
// (platformStack or platform): it then creates only its own workloads.
func (c *Config) IsAppStack() bool {
	return c.PlatformStack != "" || c.Platform != nil
}

// StackRole is "app" for an app stack, else "platform".
func (c *Config) StackRole() string {
	if c.IsAppStack() {
		return StackRoleApp
	}
	return StackRolePlatform
}

// HasEnvironment reports whether a platform stack creates the Container
// Apps environment: for container apps of its own or for app stacks
// (createEnvironment).
func (c *Config) HasEnvironment() bool {
	return !c.IsAppStack() && (len(c.ContainerApps) > 0 || c.CreateEnvironment)
}

// TeamIdentityName is the Azure name of a team's identity: id-<baseName>-<team>.
func (c *Config) TeamIdentityName(team string) string {
	return "id-" + c.BaseName + "-" + team
}

// IdentityModes are the identity modes the platform stack supports for app
// stacks: own always, platform when it pre-creates team identities.
func (c *Config) IdentityModes() []string {
	modes := []string{IdentityModeOwn}
	if len(c.TeamIdentities) > 0 {
		modes = append(modes, IdentityModePlatform)
	}
	return modes
}
