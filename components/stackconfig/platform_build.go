package stackconfig

import (
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// platformFacts are the platform's plain values the configuration is
// checked against; each is "" (or nil) when it is not known.
type platformFacts struct {
	// source names the platform value in messages.
	source string
	// location is the platform's region.
	location string
	// cloud is the platform's cloud.
	cloud string
	// mode is the registry's role-assignment mode.
	mode string
	// profiles are the environment's workload profiles (name → type).
	profiles map[string]string
}

// referencedPlatform builds the Platform of a referenced stack from its
// outputs (checked by checkPlatformOutputs).
func referencedPlatform(cfg *Config, ref *pulumi.StackReference, outputs map[string]platformOutput) (*Platform,
	platformFacts) {
	known := func(name string) string {
		if o := outputs[name]; o.known {
			return stringAt(o.value)
		}
		return ""
	}
	facts := platformFacts{source: "platform output %s of " + cfg.PlatformStack, location: known(OutputLocation),
		cloud: known(OutputCloud), mode: known(OutputRegistryRoleAssignmentMode)}
	if o := outputs[OutputContainerAppsEnvironment]; o.known {
		facts.profiles, _ = workloadProfilesOf(o.value)
	}
	platform := &Platform{
		Source:                 cfg.PlatformStack,
		Reference:              ref,
		RoleAssignmentMode:     facts.mode,
		RegistrySubscriptionID: subscriptionOfID(known(OutputRegistryID)),
		RegistryID:             outputs[OutputRegistryID].at(),
		LoginServer:            outputs[OutputLoginServer].at(),
		EnvironmentID:          outputs[OutputContainerAppsEnvironmentID].at(),
		AppServicePlanID:       outputs[OutputAppServicePlanID].at(),
		AppServiceSubnetID:     outputs[OutputAppServiceSubnetID].at(),
		Exports:                map[string]pulumi.Input{},
	}
	if cfg.IdentityMode == IdentityModePlatform {
		teams := outputs[OutputTeamIdentities]
		platform.TeamIdentity = &PlatformIdentity{ID: teams.at(cfg.TeamName, "id"),
			ClientID: teams.at(cfg.TeamName, "clientId"), PrincipalID: teams.at(cfg.TeamName, "principalId")}
	}
	for _, name := range PlatformExports {
		if o := outputs[name]; o.present {
			platform.Exports[name] = o.input()
		}
	}
	return platform, facts
}

// explicitPlatform builds the Platform of privatepull:platform (checked
// when the configuration was parsed).
func explicitPlatform(cfg *Config) (*Platform, platformFacts) {
	e := cfg.Platform
	mode := e.RegistryRoleAssignmentMode
	if mode == "" {
		mode = RoleAssignmentModeLegacy
	}
	facts := platformFacts{source: qualified(KeyPlatform) + ".%s", location: e.Location, mode: mode}
	platform := &Platform{
		Source:                 qualified(KeyPlatform),
		RoleAssignmentMode:     mode,
		RegistrySubscriptionID: subscriptionOfID(e.RegistryID),
		RegistryID:             pulumi.String(e.RegistryID),
		LoginServer:            pulumi.String(e.LoginServer),
		EnvironmentID:          pulumi.String(e.EnvironmentID),
		AppServicePlanID:       pulumi.String(e.AppServicePlanID),
		AppServiceSubnetID:     pulumi.String(e.AppServiceSubnetID),
		Exports: map[string]pulumi.Input{
			OutputRegistryID:                 pulumi.String(e.RegistryID),
			OutputLoginServer:                pulumi.String(e.LoginServer),
			OutputContainerAppsEnvironmentID: pulumi.String(e.EnvironmentID),
			OutputRegistryRoleAssignmentMode: pulumi.String(mode),
			"dataEndpointHostNames":          pulumi.ToStringArray(e.DataEndpointHostNames),
			"registryRegions":                pulumi.ToStringArray(regionsOf(e.DataEndpointHostNames)),
		},
	}
	if cfg.IdentityMode == IdentityModePlatform {
		platform.TeamIdentity = &PlatformIdentity{ID: pulumi.String(e.IdentityID),
			ClientID: pulumi.String(e.IdentityClientID), PrincipalID: pulumi.String(e.IdentityPrincipalID)}
	}
	return platform, facts
}

// regionsOf returns the region of every data endpoint host name
// (<registry>.<region>.data.<suffix>), in order.
func regionsOf(dataHosts []string) []string {
	regions := []string{}
	for _, host := range dataHosts {
		if labels := strings.Split(host, "."); len(labels) > 2 && labels[2] == "data" {
			regions = append(regions, labels[1])
		}
	}
	return regions
}
