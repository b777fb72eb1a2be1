package stackconfig

import (
	"regexp"
	"strings"

	"github.com/privatepull/privatepull/components"
)

var (
	// cacheRuleNameRule: cache rule and credential set names are 5-50
	// letters, digits and hyphens.
	cacheRuleNameRule = regexp.MustCompile(`^[a-zA-Z0-9-]{5,50}$`)
	// upstreamHostRule: a registry host name such as docker.io or
	// mcr.microsoft.com (at least one dot, lowercase).
	upstreamHostRule = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+(:[0-9]{1,5})?$`)
	// keyVaultSecretRule: https://<vault>.<vault suffix>/secrets/<name>[/<version>].
	keyVaultSecretRule = regexp.MustCompile(`^https://[a-zA-Z0-9-]{3,24}\.vault\.(azure\.net|usgovcloudapi\.net|azure\.cn)/secrets/[a-zA-Z0-9-]{1,127}(/[0-9a-f]{32})?/?$`)
)

// upstreamCredentials says whether an upstream needs a credential set
// (Microsoft Learn, artifact cache overview): "required", "forbidden"
// (unauthenticated pulls only) or "" (either).
func upstreamCredentials(host string) string {
	switch {
	case host == "docker.io" || host == "registry-1.docker.io" || host == "dhi.io" || host == "registry.redhat.io" ||
		strings.HasSuffix(host, ".azurecr.io") || strings.HasSuffix(host, ".azurecr.us") ||
		strings.HasSuffix(host, ".azurecr.cn") || strings.HasSuffix(host, ".pkg.dev"):
		return "required"
	case host == "mcr.microsoft.com" || host == "public.ecr.aws" || host == "registry.access.redhat.com":
		return "forbidden"
	}
	return ""
}

// validateCacheRules checks the artifact cache: rule names, source and target
// syntax, wildcards on both sides or neither, no two rules for one target, no
// overlapping wildcard rules, credential sets where the upstream needs them
// (and only there), and the registry's limit of 1,000 rules.
func validateCacheRules(cfg *Config, p *problems) {
	if n := len(cfg.CacheRules); n > components.MaxCacheRules {
		p.addf(KeyCacheRules, "has %d rules; a registry accepts at most %d", n, components.MaxCacheRules)
	}
	sets := map[string]CredentialSet{}
	for _, s := range cfg.CredentialSets {
		sets[s.Name] = s
	}
	names := newNameChecker(KeyCacheRules, cacheRuleNameRule, "cache rule naming rule: 5-50 letters, digits and hyphens")
	targets := map[string]int{}
	var wildcards []int
	for i, r := range cfg.CacheRules {
		key := func(field string) string { return entryKey(KeyCacheRules, i, field) }
		names.check(p, i, r.Name)
		host, ok := validateCacheSource(p, key("source"), r.Source)
		if !validateCacheTarget(p, key("target"), r.Target) || !ok {
			continue
		}
		if strings.HasSuffix(r.Source, "/*") != strings.HasSuffix(r.Target, "*") {
			p.addf(key("target"), "%q and source %q must both be wildcards (source ending in /*, target ending in *) "+
				"or neither", r.Target, r.Source)
			continue
		}
		if first, dup := targets[r.Target]; dup {
			p.addf(key("target"), "%q is already the target of %s; one repository has one upstream",
				r.Target, qualified(entryKey(KeyCacheRules, first, "target")))
			continue
		}
		targets[r.Target] = i
		if strings.HasSuffix(r.Target, "*") {
			for _, other := range wildcards {
				if wildcardsOverlap(cfg.CacheRules[other].Target, r.Target) {
					p.addf(key("target"), "%q overlaps the wildcard rule %s (%q); wildcard rules may not overlap",
						r.Target, qualified(entryKey(KeyCacheRules, other, "target")), cfg.CacheRules[other].Target)
				}
			}
			wildcards = append(wildcards, i)
		}
		validateRuleCredentials(p, key("credentialSet"), host, r, sets)
	}
	validateCredentialSets(cfg, p)
}

// validateCacheSource checks <host>/<path>[/*] and returns the host.
func validateCacheSource(p *problems, key, source string) (string, bool) {
	host, path, ok := strings.Cut(source, "/")
	switch {
	case !ok || !upstreamHostRule.MatchString(host):
		p.addf(key, "%q must be <registry host>/<repository>, e.g. mcr.microsoft.com/azuredocs/containerapps-helloworld "+
			"or docker.io/library/nginx (no scheme)", source)
		return "", false
	case strings.ContainsAny(path, ":@"):
		p.addf(key, "%q names a tag or digest; a cache rule maps whole repositories", source)
		return "", false
	case path == "*":
		return host, true
	case !repositoryRule.MatchString(strings.TrimSuffix(path, "/*")):
		p.addf(key, "%q has an invalid repository path (lowercase letters, digits and . _ - separators, components "+
			"separated by /, optionally ending in /*)", source)
		return "", false
	}
	return host, true
}

// validateCacheTarget checks a repository of the private registry, optionally
// a wildcard (* or <path>/*).
func validateCacheTarget(p *problems, key, target string) bool {
	path := strings.TrimSuffix(strings.TrimSuffix(target, "*"), "/")
	if target == "*" || repositoryRule.MatchString(path) && (!strings.HasSuffix(target, "*") || strings.HasSuffix(target, "/*")) {
		return true
	}
	p.addf(key, "%q is not a repository of the registry (lowercase letters, digits and . _ - separators, components "+
		"separated by /; * or <path>/* for a wildcard rule)", target)
	return false
}

// wildcardsOverlap reports whether two wildcard targets cover a common
// repository: one's prefix contains the other's.
func wildcardsOverlap(a, b string) bool {
	pa, pb := strings.TrimSuffix(a, "*"), strings.TrimSuffix(b, "*")
	return strings.HasPrefix(pa, pb) || strings.HasPrefix(pb, pa)
}

// validateRuleCredentials checks that a rule names a known credential set for
// the same upstream, where the upstream needs one and accepts one.
func validateRuleCredentials(p *problems, key, host string, r CacheRule, sets map[string]CredentialSet) {
	switch need := upstreamCredentials(host); {
	case r.CredentialSet == "" && need == "required":
		p.addf(key, "is required: %s serves artifact cache only authenticated pulls; add a %s entry (Key Vault "+
			"secrets) and name it here", host, qualified(KeyCredentialSets))
	case r.CredentialSet != "" && need == "forbidden":
		p.addf(key, "must be empty: %s serves artifact cache unauthenticated pulls only", host)
	case r.CredentialSet != "":
		set, ok := sets[r.CredentialSet]
		if !ok {
			p.addf(key, "%q is not the name of an entry of %s", r.CredentialSet, qualified(KeyCredentialSets))
		} else if !strings.EqualFold(set.LoginServer, host) {
			p.addf(key, "%q holds credentials for %s, but the rule's upstream is %s", r.CredentialSet, set.LoginServer, host)
		}
	}
}

// validateCredentialSets checks names, login servers, Key Vault secret URIs
// and vault ids.
func validateCredentialSets(cfg *Config, p *problems) {
	names := newNameChecker(KeyCredentialSets, cacheRuleNameRule,
		"credential set naming rule: 5-50 letters, digits and hyphens")
	for i, s := range cfg.CredentialSets {
		key := func(field string) string { return entryKey(KeyCredentialSets, i, field) }
		names.check(p, i, s.Name)
		if !upstreamHostRule.MatchString(s.LoginServer) {
			p.addf(key("loginServer"), "%q is not a registry host such as docker.io", s.LoginServer)
		}
		for field, uri := range map[string]string{"usernameSecretId": s.UsernameSecretID, "passwordSecretId": s.PasswordSecretID} {
			if !keyVaultSecretRule.MatchString(uri) {
				p.addf(key(field), "%q is not a Key Vault secret URI (https://<vault>.vault.azure.net/secrets/<name>)", uri)
			}
		}
		if s.KeyVaultID != "" {
			if _, err := components.ParseResourceIDOfType(s.KeyVaultID, components.TypeKeyVault); err != nil {
				p.addf(key("keyVaultId"), "%v", err)
			}
		}
	}
}
