package stackconfig

import "github.com/privatepull/privatepull/components"

// validateExplicitPlatform checks privatepull:platform, the platform's ids
// given directly: each id of its type, and present where the stack needs
// it (the environment for container apps, the plan and its subnet for web
// apps, the team identity in identity mode platform).
func validateExplicitPlatform(cfg *Config, p *problems) {
	e := cfg.Platform
	key := func(field string) string { return KeyPlatform + "." + field }
	check := func(field, value string, needed bool, why string, rule func(string) error) {
		switch {
		case value == "" && needed:
			p.addf(key(field), "is required: %s", why)
		case value != "":
			if err := rule(value); err != nil {
				p.addf(key(field), "%v", err)
			}
		}
	}
	ofType := func(typ string) func(string) error {
		return func(id string) error { return checkIDOfType(id, typ) }
	}
	check("registryId", e.RegistryID, true, "the registry the apps pull from (the scope of their grant)",
		ofType(components.TypeContainerRegistry))
	check("loginServer", e.LoginServer, true, "the registry's login server, e.g. acrshop."+cfg.Cloud.RegistrySuffix(),
		func(host string) error { return checkLoginServer(host, cfg.Cloud) })
	check("location", e.Location, cfg.Location == "", "the platform's region (or set "+qualified(KeyLocation)+")",
		checkRegion)
	if e.Location != "" && cfg.Location != "" && e.Location != cfg.Location {
		p.addf(KeyLocation, "%q differs from %s %q: the apps run in the platform's environment and plan, in "+
			"its region", cfg.Location, qualified(key("location")), e.Location)
	}
	check("environmentId", e.EnvironmentID, len(cfg.ContainerApps) > 0,
		"the Container Apps environment the stack's container apps run in", ofType(components.TypeManagedEnvironment))
	check("appServicePlanId", e.AppServicePlanID, len(cfg.WebApps) > 0,
		"the App Service plan the stack's web apps run on", ofType(components.TypeAppServicePlan))
	check("appServiceSubnetId", e.AppServiceSubnetID, len(cfg.WebApps) > 0,
		"the VNet integration subnet of the stack's web apps", ofType(components.TypeSubnet))
	check("registryRoleAssignmentMode", e.RegistryRoleAssignmentMode, false, "", checkRoleAssignmentMode)
	team := cfg.IdentityMode == IdentityModePlatform
	for _, f := range []struct{ field, value string }{
		{"identityId", e.IdentityID}, {"identityClientId", e.IdentityClientID}, {"identityPrincipalId", e.IdentityPrincipalID},
	} {
		if !team && f.value != "" {
			p.addf(key(f.field), "is the platform's team identity, used in %s=%s only; this stack creates its "+
				"own identity (%s=%s): remove it", qualified(KeyIdentityMode), IdentityModePlatform,
				qualified(KeyIdentityMode), IdentityModeOwn)
		}
	}
	if team {
		check("identityId", e.IdentityID, true, "the team identity the platform created and granted ("+
			qualified(KeyIdentityMode)+"="+IdentityModePlatform+")", ofType(typeUserAssignedIdentity))
		check("identityClientId", e.IdentityClientID, true, "the team identity's client id", checkGUID)
		check("identityPrincipalId", e.IdentityPrincipalID, false, "", checkGUID)
	}
	for i, host := range e.DataEndpointHostNames {
		if !hostNameRule.MatchString(host) {
			p.addf(entryKey(KeyPlatform+".dataEndpointHostNames", i, ""), "%q is not a host name "+
				"(<registry>.<region>.data.%s)", host, cfg.Cloud.RegistrySuffix())
		}
	}
}
