package stackconfig

import "fmt"

// crossCheckPlatform checks the configuration against the platform's known
// values: the cloud and region (the app stack's location defaults to the
// platform's) and the apps' workload profiles; a legacy-mode registry earns
// a warning (AcrPull covers every repository). Unknown values (a preview) are not checked.
func crossCheckPlatform(cfg *Config, facts platformFacts, p *problems) {
	named := func(output string) string { return fmt.Sprintf(facts.source, output) }
	if facts.cloud != "" && facts.cloud != string(cfg.Cloud) {
		p.addf(KeyCloud, "%q differs from the platform's cloud %q (%s): an app stack deploys into its platform's "+
			"cloud; set %s to %s", cfg.Cloud, facts.cloud, named(OutputCloud), qualified(KeyCloud), facts.cloud)
	}
	switch {
	case cfg.Location != "" && facts.location != "" && cfg.Location != facts.location && cfg.Platform == nil:
		p.addf(KeyLocation, "%q differs from the platform's location %q (%s): the apps run in the platform's "+
			"environment and plan, in its region; remove %s or set it to %s", cfg.Location, facts.location,
			named(OutputLocation), qualified(KeyLocation), facts.location)
	case cfg.Location == "" && facts.location != "":
		cfg.Location = facts.location
	case cfg.Location == "":
		p.addf(KeyLocation, "is needed: the platform's location (%s) is not known in this preview; set %s to "+
			"the platform's region", named(OutputLocation), qualified(KeyLocation))
	}
	if cfg.Location != "" {
		if in := regionCloud(cfg.Location); in != cfg.Cloud && cfg.Cloud.Validate() == nil {
			p.addf(KeyLocation, "%q is a region of the %s cloud, but %s is %q", cfg.Location, in, qualified(KeyCloud),
				cfg.Cloud)
		}
	}
	checkPlatformProfiles(cfg, facts, p)
	if facts.mode == RoleAssignmentModeLegacy {
		cfg.Warnings = append(cfg.Warnings, fmt.Sprintf("%s: the platform's registry is in %s mode (%s): the "+
			"team's grants are AcrPull on the whole registry and Container Registry Repository Reader limited to "+
			"%q, and the registry honours AcrPull, so the prefix limits which images this stack runs, not which "+
			"images its identity can pull; isolating teams from each other needs the registry in %s mode, where "+
			"only the limited Reader counts (docs/platform-and-app-teams.md)", qualified(KeyRepositoryPrefix),
			RoleAssignmentModeLegacy, named(OutputRegistryRoleAssignmentMode), cfg.RepositoryPrefix,
			RoleAssignmentModeAbac))
	}
}

// checkPlatformProfiles checks that every container app's workload profile
// exists in the platform's environment, and fits one of its nodes.
func checkPlatformProfiles(cfg *Config, facts platformFacts, p *problems) {
	if facts.profiles == nil {
		return
	}
	for i, a := range cfg.ContainerApps {
		if a.WorkloadProfile == "" {
			continue
		}
		key := func(field string) string { return entryKey(KeyContainerApps, i, field) }
		if _, ok := facts.profiles[a.WorkloadProfile]; !ok {
			p.addf(key("workloadProfile"), "%q is not a workload profile of the platform's environment (%s)",
				a.WorkloadProfile, fmt.Sprintf(facts.source, OutputContainerAppsEnvironment))
			continue
		}
		validateResources(p, key, a, facts.profiles)
	}
}
