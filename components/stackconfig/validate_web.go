package stackconfig

import (
	"regexp"
	"strings"

	"golang.org/x/crypto/bcrypt"

	"github.com/privatepull/privatepull/components"
)

// webAppNameRule: App Service site names are 2-60 letters, digits and
// hyphens, not starting or ending with a hyphen, globally unique.
var webAppNameRule = regexp.MustCompile(`^[a-zA-Z0-9][a-zA-Z0-9-]{0,58}[a-zA-Z0-9]$`)

// validateAppService checks the plan, the web apps and their pull settings.
func validateAppService(cfg *Config, p *problems) {
	if !cfg.HasWebApps() {
		return
	}
	if cfg.AppServicePlanOS != "linux" {
		p.addf(KeyAppServicePlanOS, "%q is not supported: Windows containers cannot pull images over VNet "+
			"integration; use linux", cfg.AppServicePlanOS)
	}
	if sku, err := components.ParseAppServiceSku(cfg.AppServicePlanSku); err != nil {
		p.addf(KeyAppServicePlanSku, "%v", err)
	} else if cfg.AppServicePlanInstances < 1 || cfg.AppServicePlanInstances > sku.MaxInstances {
		p.addf(KeyAppServicePlanInstances, "%d does not fit %s (%s tier): want 1-%d instances (Basic 3, Standard 10, "+
			"Premium 30)", cfg.AppServicePlanInstances, sku.Name, sku.Tier, sku.MaxInstances)
	}
	checkName(p, KeyAppServicePlanName, cfg.AppServicePlanName, webAppNameRule,
		"2-60 letters, digits and hyphens, not starting or ending with a hyphen")
	if cfg.HostedRegistryName != "" {
		checkName(p, KeyHostedRegistryName, cfg.HostedRegistryName, webAppNameRule,
			"2-60 letters, digits and hyphens, not starting or ending with a hyphen (globally unique site name)")
		validateHostedRegistryAuth(cfg, p)
	}
	validateCustomRegistry(cfg, p)

	seen := map[string]int{}
	if cfg.HostedRegistryName != "" {
		seen[strings.ToLower(cfg.HostedRegistryName)] = -1
	}
	validateWebAppEntries(cfg, p, seen)
}

// validateWebAppEntries checks every web app entry: its name (unique, also
// against the hosted registry's, which seen holds as -1), image, port,
// settings and pull; an app stack's web apps pull from the platform's
// registry (validateAppStackWebAppPull).
func validateWebAppEntries(cfg *Config, p *problems, seen map[string]int) {
	for i, w := range cfg.WebApps {
		key := func(field string) string { return entryKey(KeyWebApps, i, field) }
		lower := strings.ToLower(w.Name)
		switch first, dup := seen[lower]; {
		case !webAppNameRule.MatchString(w.Name):
			p.addf(key("name"), "%q breaks the web app naming rule: 2-60 letters, digits and hyphens, "+
				"not starting or ending with a hyphen", w.Name)
		case dup && first < 0:
			p.addf(key("name"), "%q is the hosted registry's name (%s)", w.Name, qualified(KeyHostedRegistryName))
		case dup:
			p.addf(key("name"), "%q is already used by %s; site names must be unique",
				w.Name, qualified(entryKey(KeyWebApps, first, "name")))
		default:
			seen[lower] = i
		}
		validateImage(p, key("image"), key("tag"), w.Image, w.Tag)
		if *w.Port < 1 || *w.Port > 65535 {
			p.addf(key("port"), "%d is not a TCP port (want 1-65535)", *w.Port)
		}
		for name := range w.AppSettings {
			if isReservedSetting(name) {
				p.addf(key("appSettings"), "%s is managed by privatepull; remove it", name)
			} else if !envNameRule.MatchString(name) {
				p.addf(key("appSettings"), "%q is not a valid app setting name (letters, digits, _)", name)
			}
		}
		if cfg.IsAppStack() {
			validateAppStackWebAppPull(cfg, p, i, w)
		} else {
			validateWebAppPull(cfg, p, i, w)
		}
	}
}

// validateWebAppPull checks the registry and authentication of one web app.
func validateWebAppPull(cfg *Config, p *problems, i int, w WebApp) {
	key := func(field string) string { return entryKey(KeyWebApps, i, field) }
	switch w.Registry {
	case RegistryACR:
		switch components.PullAuth(w.PullAuth) {
		case components.PullAuthUserAssigned, components.PullAuthSystemAssigned:
		case components.PullAuthCredentials:
			for _, k := range []struct {
				key    string
				secret Secret
			}{{KeyAcrPullUsername, cfg.AcrPullUsername}, {KeyAcrPullPassword, cfg.AcrPullPassword}} {
				if !k.secret.IsSet() {
					p.addf(k.key, "is required by %s=credentials; set it with `pulumi config set --secret %s <value>` "+
						"(an ACR token or service principal: privatepull never enables the admin user)",
						qualified(key("pullAuth")), qualified(k.key))
				}
			}
		default:
			p.addf(key("pullAuth"), "%q is not one of userAssigned, systemAssigned, credentials", w.PullAuth)
		}
	case RegistryCustom:
		if w.PullAuth != string(components.PullAuthCredentials) {
			p.addf(key("pullAuth"), "%q does not work with a custom registry: managed identities authenticate to "+
				"Azure Container Registry only; use credentials (customRegistryUsername/Password) or leave it unset", w.PullAuth)
		}
		if cfg.CustomRegistryURL == "" {
			p.addf(key("registry"), "custom needs %s or %s", qualified(KeyCustomRegistryURL), qualified(KeyHostedRegistryName))
		}
	default:
		p.addf(key("registry"), "%q is not acr or custom", w.Registry)
	}
}

// validateCustomRegistry checks the custom registry's URL and credentials.
func validateCustomRegistry(cfg *Config, p *problems) {
	if cfg.CustomRegistryURL != "" {
		if _, err := parseRegistryURL(cfg.CustomRegistryURL); err != nil {
			p.addf(KeyCustomRegistryURL, "%v", err)
		}
	}
	if cfg.CustomRegistryUsername.IsSet() != cfg.CustomRegistryPassword.IsSet() {
		p.addf(KeyCustomRegistryPassword, "set both %s and %s (secrets), or neither for an anonymous registry",
			qualified(KeyCustomRegistryUsername), qualified(KeyCustomRegistryPassword))
	}
}

func isReservedSetting(name string) bool {
	for _, r := range components.ReservedAppSettings {
		if strings.EqualFold(r, name) {
			return true
		}
	}
	return false
}

// htpasswdRule is one htpasswd entry with a bcrypt hash, the only scheme
// registry:2 accepts (`htpasswd -nbB <user> <password>`).
var htpasswdRule = regexp.MustCompile(`^[^:\s]+:\$2[aby]\$[0-9]{2}\$[./A-Za-z0-9]{53}$`)

// validateHostedRegistryAuth requires authentication on the hosted registry:
// registry:2 without REGISTRY_AUTH accepts anonymous pushes from anyone who
// reaches it. Only an explicitly acknowledged throwaway test setup may run
// without, and never in a stack that protects its registry (production).
func validateHostedRegistryAuth(cfg *Config, p *problems) {
	switch {
	case cfg.HostedRegistryHtpasswd.IsSet():
		entry := strings.TrimSpace(cfg.HostedRegistryHtpasswd.value)
		if !htpasswdRule.MatchString(entry) {
			p.addf(KeyHostedRegistryHtpasswd, "must be one htpasswd entry with a bcrypt hash (user:$2y$...), as "+
				"`htpasswd -nbB <user> <password>` prints it; registry:2 accepts bcrypt only")
			return
		}
		if cfg.HostedRegistryAnonymousTestOnly {
			p.addf(KeyHostedRegistryAnonymousTestOnly, "contradicts %s: remove one", qualified(KeyHostedRegistryHtpasswd))
		}
		checkHostedRegistryCredentials(cfg, p, entry)
	case cfg.HostedRegistryAnonymousTestOnly && cfg.ProtectRegistry:
		p.addf(KeyHostedRegistryAnonymousTestOnly, "is not allowed in a stack with %s: true; set %s (secret) so "+
			"the hosted registry requires authentication", qualified(KeyProtectRegistry), qualified(KeyHostedRegistryHtpasswd))
	case !cfg.HostedRegistryAnonymousTestOnly:
		p.addf(KeyHostedRegistryHtpasswd, "is required with %s: registry:2 without authentication lets anyone who "+
			"reaches it push images; set it with `pulumi config set --secret %s \"$(htpasswd -nbB <user> <password>)\"` "+
			"(or set %s: true for a throwaway test setup)", qualified(KeyHostedRegistryName),
			qualified(KeyHostedRegistryHtpasswd), qualified(KeyHostedRegistryAnonymousTestOnly))
	}
}

// checkHostedRegistryCredentials checks that the credentials web apps pull
// with match the hosted registry's htpasswd entry, so the first pull does not
// fail with 401.
func checkHostedRegistryCredentials(cfg *Config, p *problems, entry string) {
	if !cfg.UsesHostedRegistry() || !cfg.CustomRegistryUsername.IsSet() {
		return
	}
	user, hash, _ := strings.Cut(entry, ":")
	if user != cfg.CustomRegistryUsername.value ||
		bcrypt.CompareHashAndPassword([]byte(hash), []byte(cfg.CustomRegistryPassword.value)) != nil {
		p.addf(KeyCustomRegistryPassword, "%s and %s do not match the hosted registry's %s entry: web apps would "+
			"fail to pull with 401", qualified(KeyCustomRegistryUsername), qualified(KeyCustomRegistryPassword),
			qualified(KeyHostedRegistryHtpasswd))
	}
}
