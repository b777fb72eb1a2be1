package stackconfig

import "regexp"

// teamNameRule: a team name becomes part of resource names (its identity
// id-<baseName>-<team>, and an app stack's default baseName): 2-24
// lowercase letters, digits and hyphens, starting with a letter.
var teamNameRule = regexp.MustCompile(`^[a-z][a-z0-9-]{0,22}[a-z0-9]$`)

// teamNameSentence is the rule a team name breaks.
const teamNameSentence = "team naming rule: 2-24 lowercase letters, digits and hyphens, starting with a letter " +
	"and ending with a letter or digit"

// validatePlatformStack checks what a platform stack sets for its app
// stacks: the team identities and the registry's role-assignment mode (a
// systemAssigned site's own grants follow the mode like every other grant).
func validatePlatformStack(cfg *Config, p *problems) {
	validateRoleAssignmentMode(p, KeyRegistryRoleAssignmentMode, cfg.RegistryRoleAssignmentMode)
	names := newNameChecker(KeyTeamIdentities, teamNameRule, teamNameSentence)
	for i, team := range cfg.TeamIdentities {
		names.check(p, i, team.Name)
		key := entryKey(KeyTeamIdentities, i, "repositoryPrefix")
		if team.RepositoryPrefix == "" {
			p.addf(key, "is required: the repositories the team pulls from, e.g. %q (its Container Registry "+
				"Repository Reader grant's condition limits pulls to them)", team.Name+"/")
			continue
		}
		checkRepositoryPrefix(p, key, team.RepositoryPrefix)
		for j := range i {
			other := cfg.TeamIdentities[j].RepositoryPrefix
			if other != "" && prefixesOverlap(team.RepositoryPrefix, other) {
				p.addf(key, "%q overlaps %s (%q): one team could pull the other's images; give every team a "+
					"prefix of its own", team.RepositoryPrefix, qualified(entryKey(KeyTeamIdentities, j,
					"repositoryPrefix")), other)
			}
		}
	}
}

// validateRoleAssignmentMode checks a declared registry role-assignment mode.
func validateRoleAssignmentMode(p *problems, key, mode string) {
	if err := checkRoleAssignmentMode(mode); err != nil {
		p.addf(key, "%v (the registry's roleAssignmentMode, set outside the stack)", err)
	}
}
