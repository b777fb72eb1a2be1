package stackconfig

import (
	"path"
	"regexp"
	"strings"

	"github.com/privatepull/privatepull/components"
)

// platformStackRule: a fully qualified stack name, <org>/<project>/<stack>
// (organization/<project>/<stack> on the local and file backends).
var platformStackRule = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9._-]+/[A-Za-z0-9._-]+$`)

// validateAppStack checks an app stack: what names and places its own
// resources, its apps (every image under the team's prefix), the link to its
// platform and its identity mode. The platform's values are checked when
// they are read (ValidateAgainstPlatform).
func validateAppStack(cfg *Config, p *problems) {
	validateNames(cfg, p)
	validateCloud(cfg, p)
	validateTags(cfg, p)
	validateContainerApps(cfg, p)
	validateWebAppEntries(cfg, p, map[string]int{})
	validatePropagationWait(cfg, p)
	validatePlatformLink(cfg, p)
	validateTeam(cfg, p)
}

// validatePlatformLink checks platformStack or platform: exactly one of them,
// a fully qualified stack name other than this stack, or the explicit ids.
func validatePlatformLink(cfg *Config, p *problems) {
	switch {
	case cfg.PlatformStack != "" && cfg.Platform != nil:
		p.addf(KeyPlatform, "set either %s (a stack reference) or %s (the platform's ids), not both",
			qualified(KeyPlatformStack), qualified(KeyPlatform))
	case cfg.PlatformStack != "":
		if !platformStackRule.MatchString(cfg.PlatformStack) {
			p.addf(KeyPlatformStack, "%q is not a fully qualified stack name: want <org>/<project>/<stack> "+
				"(organization/<project>/<stack> on the local and file backends), e.g. organization/privatepull/dev",
				cfg.PlatformStack)
		} else if project, stack := splitStackName(cfg.PlatformStack); project == cfg.Env.Project && stack == cfg.Env.Stack &&
			stack != "" {
			p.addf(KeyPlatformStack, "%q is this stack itself; name the platform stack", cfg.PlatformStack)
		}
	default:
		validateExplicitPlatform(cfg, p)
	}
}

// splitStackName returns the project and stack of <org>/<project>/<stack>.
func splitStackName(name string) (string, string) {
	parts := strings.SplitN(name, "/", 3)
	if len(parts) != 3 {
		return "", ""
	}
	return parts[1], parts[2]
}

// validateTeam checks the team's name, repository prefix and identity mode,
// and that every image the stack runs is under the prefix.
func validateTeam(cfg *Config, p *problems) {
	switch {
	case cfg.TeamName == "":
		p.addf(KeyTeamName, "is required in an app stack: it names the stack's resources and selects the "+
			"platform's team identity")
	case !teamNameRule.MatchString(cfg.TeamName):
		p.addf(KeyTeamName, "%q breaks the %s", cfg.TeamName, teamNameSentence)
	}
	if cfg.IdentityMode != IdentityModeOwn && cfg.IdentityMode != IdentityModePlatform {
		p.addf(KeyIdentityMode, "%q is not %s (the stack creates its identity and grant, and waits once for "+
			"the grant to propagate) or %s (it uses the identity the platform created and granted for its team)",
			cfg.IdentityMode, IdentityModeOwn, IdentityModePlatform)
	}
	if cfg.RepositoryPrefix == "" {
		p.addf(KeyRepositoryPrefix, "is required in an app stack: the team's repositories, e.g. %q; every image "+
			"the stack runs must be under it", "shop/")
		return
	}
	if !components.IsRepositoryPrefix(cfg.RepositoryPrefix) {
		checkRepositoryPrefix(p, KeyRepositoryPrefix, cfg.RepositoryPrefix)
		return
	}
	check := func(key, image string) {
		if image != "" && !underPrefix(image, cfg.RepositoryPrefix) {
			p.addf(key, "%q is not under the team's repository prefix %q (%s): an app stack runs only its "+
				"team's images, e.g. %q", image, cfg.RepositoryPrefix, qualified(KeyRepositoryPrefix),
				cfg.RepositoryPrefix+path.Base(image))
		}
	}
	for i, a := range cfg.ContainerApps {
		check(entryKey(KeyContainerApps, i, "image"), a.Image)
	}
	for i, w := range cfg.WebApps {
		check(entryKey(KeyWebApps, i, "image"), w.Image)
	}
}

// validateAppStackWebAppPull checks how an app stack's web app pulls: from
// the platform's registry, with the team's identity (userAssigned) or, in
// identity mode own, its own system-assigned identity, which the stack
// grants.
func validateAppStackWebAppPull(cfg *Config, p *problems, i int, w WebApp) {
	key := func(field string) string { return entryKey(KeyWebApps, i, field) }
	if w.Registry != RegistryACR {
		p.addf(key("registry"), "%q is not available in an app stack: its web apps pull from the platform's "+
			"registry (acr, the default)", w.Registry)
		return
	}
	switch components.PullAuth(w.PullAuth) {
	case components.PullAuthUserAssigned:
	case components.PullAuthSystemAssigned:
		if cfg.IdentityMode == IdentityModePlatform {
			p.addf(key("pullAuth"), "systemAssigned needs a grant on the platform's registry for the site's own "+
				"identity, which an app stack in %s=%s does not create; use userAssigned (the team identity) or "+
				"%s=%s", qualified(KeyIdentityMode), IdentityModePlatform, qualified(KeyIdentityMode), IdentityModeOwn)
		}
	case components.PullAuthCredentials:
		p.addf(key("pullAuth"), "credentials is not available in an app stack (the registry credentials are the "+
			"platform's); use userAssigned")
	default:
		p.addf(key("pullAuth"), "%q is not one of userAssigned, systemAssigned", w.PullAuth)
	}
}
