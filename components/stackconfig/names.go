package stackconfig

import (
	"crypto/sha256"
	"encoding/base32"
	"fmt"
	"regexp"
	"strings"
)

// uniqueSuffix is a 13-character lowercase string derived from the stack's
// subscription, project and stack, the way Bicep's uniqueString is used: the
// same stack always gets the same suffix (known in preview, stable across
// runs), two users' stacks get different ones.
func uniqueSuffix(env Environment) string {
	sum := sha256.Sum256([]byte(strings.ToLower(env.SubscriptionID) + "/" + env.Project + "/" + env.Stack))
	return strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(sum[:]))[:13]
}

var notAlphanumeric = regexp.MustCompile(`[^a-z0-9]+`)

// derivedRegistryName is acr<baseName letters and digits><suffix>: 5-50
// letters and digits, globally unique per subscription and stack.
func derivedRegistryName(cfg *Config) string {
	base := notAlphanumeric.ReplaceAllString(strings.ToLower(cfg.BaseName), "")
	name := "acr" + base + uniqueSuffix(cfg.Env)
	if len(name) > 50 {
		name = name[:50]
	}
	return name
}

// derivedWebAppName is <baseName>-web<n>-<suffix>: a valid, globally unique
// site name for the n-th web app.
func derivedWebAppName(cfg *Config, index int) string {
	return fmt.Sprintf("%s-web%d-%s", cfg.BaseName, index+1, uniqueSuffix(cfg.Env))
}

var notNameCharacter = regexp.MustCompile(`[^a-zA-Z0-9]+`)

// derivedCacheRuleName is cache-<target>, with every run of characters a
// cache rule name cannot hold turned into one hyphen, at most 50 characters.
func derivedCacheRuleName(target string) string {
	name := strings.Trim("cache-"+notNameCharacter.ReplaceAllString(strings.TrimSuffix(target, "*"), "-"), "-")
	if len(name) > 50 {
		name = strings.TrimRight(name[:50], "-")
	}
	return name
}

// derivedFunctionAppName is <baseName>-func<n>-<suffix>: a valid, globally
// unique site name for the n-th function app.
func derivedFunctionAppName(cfg *Config, index int) string {
	return fmt.Sprintf("%s-func%d-%s", cfg.BaseName, index+1, uniqueSuffix(cfg.Env))
}

// derivedStorageAccountName is st<baseName letters and digits, at most
// 9><suffix>: 3-24 lowercase letters and digits, globally unique per
// subscription and stack, like the registry's name.
func derivedStorageAccountName(cfg *Config) string {
	base := notAlphanumeric.ReplaceAllString(strings.ToLower(cfg.BaseName), "")
	if len(base) > 9 {
		base = base[:9]
	}
	return "st" + base + uniqueSuffix(cfg.Env)
}
