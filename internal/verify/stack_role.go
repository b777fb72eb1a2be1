package verify

// Stack roles (output stackRole).
const (
	// StackRolePlatform owns the network, DNS, registry, environment and plan.
	StackRolePlatform = "platform"
	// StackRoleApp owns its apps and grant only; its outputs carry the
	// platform values its apps depend on.
	StackRoleApp = "app"
)

// Registry role-assignment modes (output registryRoleAssignmentMode).
const (
	// RoleAssignmentModeLegacy honours AcrPull.
	RoleAssignmentModeLegacy = "LegacyRegistryPermissions"
	// RoleAssignmentModeAbac ignores AcrPull: pulls need Container Registry
	// Repository Reader, optionally limited by a repository condition.
	RoleAssignmentModeAbac = "AbacRepositoryPermissions"
)

// isApp reports whether the outputs are an app stack's.
func (o *Outputs) isApp() bool {
	return o.StackRole == StackRoleApp
}

// abac reports whether the stack declares its registry in ABAC
// repository-permissions mode.
func (o *Outputs) abac() bool {
	return o.RegistryRoleAssignmentMode == RoleAssignmentModeAbac
}

// roleAssignmentMode is the mode whose grants pulls need: the registry's
// live mode once checkRegistry has read it, else the declared one.
func (o *Outputs) roleAssignmentMode() string {
	if o.liveRoleAssignmentMode != "" {
		return o.liveRoleAssignmentMode
	}
	if o.abac() {
		return RoleAssignmentModeAbac
	}
	return RoleAssignmentModeLegacy
}

// platformHint names where the skipped checks run: the platform stack.
func (o *Outputs) platformHint() string {
	if o.PlatformStack != "" {
		return "run verify on the platform stack (`go run ./cmd/verify --stack " + o.PlatformStack + "`)"
	}
	return "run verify on the platform stack"
}

// skip appends a WARN row for a check that cannot run on these outputs,
// naming why and where it runs instead.
func (r *Report) skip(o *Outputs, check, resource, why string) {
	r.warn(check, resource, "skipped: "+why, "checked on the platform stack", o.platformHint())
}
