package stackconfig

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/privatepull/privatepull/components"
)

// platformField is one platform output an app stack relies on: when it must
// be present and how its known value is checked.
type platformField struct {
	name string
	// why says what the app stack needs it for (in the message of a
	// missing output).
	why string
	// needed reports whether this app stack needs it.
	needed func(cfg *Config) bool
	// check validates a known value.
	check func(cfg *Config, v any) error
}

// always is the needed function of outputs every app stack reads.
func always(*Config) bool { return true }

// platformFields are the platform outputs an app stack reads, in the order
// their problems are reported.
var platformFields = []platformField{
	{OutputStackRole, "the stack's role", always, func(_ *Config, v any) error {
		if v != StackRolePlatform {
			return fmt.Errorf("is %v: the referenced stack is not a platform stack; reference the platform stack "+
				"that owns the registry and environment", v)
		}
		return nil
	}},
	{OutputLocation, "the region of the app stack's resources", always, func(_ *Config, v any) error {
		return stringValue(v, checkRegion)
	}},
	{OutputCloud, "the platform's cloud", always, func(_ *Config, v any) error {
		return stringValue(v, func(s string) error { return components.Cloud(s).Validate() })
	}},
	{OutputRegistryID, "the registry the apps pull from", always, func(_ *Config, v any) error {
		return stringValue(v, func(s string) error { return checkIDOfType(s, components.TypeContainerRegistry) })
	}},
	{OutputLoginServer, "the registry's login server", always, func(cfg *Config, v any) error {
		return stringValue(v, func(s string) error { return checkLoginServer(s, cfg.Cloud) })
	}},
	{OutputRegistryRoleAssignmentMode, "which role the app stack's grant carries", always, func(_ *Config, v any) error {
		return stringValue(v, checkRoleAssignmentMode)
	}},
	{OutputIdentityModes, "the identity modes the platform supports", always, checkIdentityModes},
	{OutputContainerAppsEnvironmentID, "the environment the container apps run in",
		func(cfg *Config) bool { return len(cfg.ContainerApps) > 0 },
		func(_ *Config, v any) error {
			return stringValue(v, func(s string) error {
				if s == "" {
					return fmt.Errorf("is empty: the platform has no Container Apps environment; set %s: true in "+
						"the platform stack (or give it container apps) and run `pulumi up` there",
						qualified(KeyCreateEnvironment))
				}
				return checkIDOfType(s, components.TypeManagedEnvironment)
			})
		}},
	{OutputContainerAppsEnvironment, "the environment's workload profiles",
		func(cfg *Config) bool { return len(cfg.ContainerApps) > 0 },
		func(_ *Config, v any) error {
			_, err := workloadProfilesOf(v)
			return err
		}},
	{OutputAppServicePlanID, "the plan the web apps run on",
		func(cfg *Config) bool { return len(cfg.WebApps) > 0 }, checkPlanID},
	{OutputAppServiceSubnetID, "the web apps' VNet integration subnet",
		func(cfg *Config) bool { return len(cfg.WebApps) > 0 },
		func(_ *Config, v any) error {
			return stringValue(v, func(s string) error {
				if s == "" {
					return fmt.Errorf("is empty: the platform has no App Service integration subnet; set %s: true "+
						"in the platform stack and run `pulumi up` there", qualified(KeyCreateAppServicePlan))
				}
				return checkIDOfType(s, components.TypeSubnet)
			})
		}},
	{OutputTeamIdentities, "the team identity of identity mode platform",
		func(cfg *Config) bool { return cfg.IdentityMode == IdentityModePlatform }, checkTeamIdentity},
}

// stringValue checks a value that must be a string.
func stringValue(v any, check func(string) error) error {
	s, ok := v.(string)
	if !ok {
		return fmt.Errorf("is %T, not a string", v)
	}
	return check(s)
}

// checkIdentityModes checks that the platform supports the stack's mode.
func checkIdentityModes(cfg *Config, v any) error {
	list, ok := v.([]any)
	if !ok {
		return fmt.Errorf("is %T, not a list", v)
	}
	var modes []string
	for _, m := range list {
		s, _ := m.(string)
		modes = append(modes, s)
	}
	if !slices.Contains(modes, cfg.IdentityMode) {
		return fmt.Errorf("offers [%s], not %s=%s: the platform pre-creates no team identities; add "+
			"{name: %s, repositoryPrefix: %s} to the platform stack's %s, or set %s=%s",
			strings.Join(modes, ", "), qualified(KeyIdentityMode), cfg.IdentityMode, cfg.TeamName, cfg.RepositoryPrefix,
			qualified(KeyTeamIdentities), qualified(KeyIdentityMode), IdentityModeOwn)
	}
	return nil
}

// checkPlanID checks the plan: present, of its type, and in this stack's
// subscription (a web app is created in its plan's subscription and region).
func checkPlanID(cfg *Config, v any) error {
	return stringValue(v, func(s string) error {
		if s == "" {
			return fmt.Errorf("is empty: the platform has no App Service plan; set %s: true in the platform "+
				"stack (or give it web apps) and run `pulumi up` there", qualified(KeyCreateAppServicePlan))
		}
		if err := checkIDOfType(s, components.TypeAppServicePlan); err != nil {
			return err
		}
		if sub := subscriptionOfID(s); cfg.Env.SubscriptionID != "" && !strings.EqualFold(sub, cfg.Env.SubscriptionID) {
			return fmt.Errorf("is in subscription %s, but this app stack deploys to subscription %s: web apps are "+
				"created in their plan's subscription and region; deploy the app stack there", sub, cfg.Env.SubscriptionID)
		}
		return nil
	})
}

// checkTeamIdentity checks that the platform exports the team's identity,
// complete, granted for the team's repository prefix.
func checkTeamIdentity(cfg *Config, v any) error {
	teams, ok := v.(map[string]any)
	if !ok {
		return fmt.Errorf("is %T, not a map of team names to identities", v)
	}
	team, ok := teams[cfg.TeamName].(map[string]any)
	if !ok {
		names := make([]string, 0, len(teams))
		for name := range teams {
			names = append(names, name)
		}
		sort.Strings(names)
		return fmt.Errorf("has no identity of team %q (it has: [%s]): add {name: %s, repositoryPrefix: %s} to the "+
			"platform stack's %s and run `pulumi up` there, or set %s=%s", cfg.TeamName, strings.Join(names, ", "),
			cfg.TeamName, cfg.RepositoryPrefix, qualified(KeyTeamIdentities), qualified(KeyIdentityMode), IdentityModeOwn)
	}
	var problems []string
	for _, f := range []struct {
		field string
		check func(string) error
	}{
		{"id", func(s string) error { return checkIDOfType(s, typeUserAssignedIdentity) }},
		{"clientId", checkGUID}, {"principalId", checkGUID},
	} {
		if err := stringValue(team[f.field], f.check); err != nil {
			problems = append(problems, fmt.Sprintf("%s.%s %v", cfg.TeamName, f.field, err))
		}
	}
	if prefix := team["repositoryPrefix"]; prefix != cfg.RepositoryPrefix {
		problems = append(problems, fmt.Sprintf("%s.repositoryPrefix is %v, but %s is %q: the team identity's "+
			"grant is for the platform's prefix; make them equal", cfg.TeamName, prefix, qualified(KeyRepositoryPrefix),
			cfg.RepositoryPrefix))
	}
	if len(problems) > 0 {
		return fmt.Errorf("%s", strings.Join(problems, "; "))
	}
	return nil
}

// workloadProfilesOf returns the workload profiles (name → type) of the
// platform's containerAppsEnvironment output.
func workloadProfilesOf(v any) (map[string]string, error) {
	env, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("is %T, not an object", v)
	}
	list, ok := env["workloadProfiles"].([]any)
	if !ok || len(list) == 0 {
		return nil, fmt.Errorf("has no workloadProfiles (want [{name, type}], Consumption first)")
	}
	profiles := map[string]string{}
	for _, entry := range list {
		profile, _ := entry.(map[string]any)
		name, _ := profile["name"].(string)
		typ, _ := profile["type"].(string)
		if name == "" || typ == "" {
			return nil, fmt.Errorf("workloadProfiles holds %v, not {name, type}", entry)
		}
		profiles[name] = typ
	}
	return profiles, nil
}
