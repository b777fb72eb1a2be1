package stackconfig

import (
	"encoding/json"
	"sort"
	"strconv"
)

// appStackKeys are the keys an app stack may set: what names and places its
// own resources, its apps and the link to its platform. Every other key
// configures something the platform stack owns (network, DNS, registry,
// images, environment, plan, team identities).
var appStackKeys = map[string]bool{
	KeyLocation: true, KeyCloud: true, KeyBaseName: true, KeyResourceGroupName: true, KeyCreateResourceGroup: true,
	KeyIdentityName: true, KeyTags: true, KeyContainerApps: true, KeyWebApps: true, KeyAcrPullPropagationSeconds: true,
	KeyPlatformStack: true, KeyPlatform: true, KeyTeamName: true, KeyRepositoryPrefix: true, KeyIdentityMode: true,
}

// functionKeys configure function apps, which only platform stacks run.
var functionKeys = map[string]bool{KeyFunctionApps: true, KeyFunctionsElasticPlan: true,
	KeyFunctionsStorageAccountName: true, KeyFunctionsStorageAccountID: true, KeyFunctionsStorageSku: true,
	KeyFunctionsStorageDNSZoneIDs: true, KeyLinkVnetToFunctionsStorageDNSZones: true}

// teamKeys are the app stack keys besides the platform link (setting
// platformStack or platform is what makes a stack an app stack).
var teamKeys = []string{KeyTeamName, KeyRepositoryPrefix, KeyIdentityMode}

// checkStackRoleKeys rejects keys set for the other stack role: in an app
// stack, every key whose resource the platform stack owns; in a platform
// stack, the keys that make a stack an app stack's. A key counts as set when
// its value differs from its default (the CLI passes Pulumi.yaml's defaults
// for every key).
func checkStackRoleKeys(cfg *Config, raw map[string]string, p *problems) {
	if !cfg.IsAppStack() {
		for _, key := range teamKeys {
			if isSetAway(raw, key) {
				p.addf(key, "is an app stack setting, but this is a platform stack (it sets neither %s nor %s): "+
					"set one of them to make it an app stack, or remove %s", qualified(KeyPlatformStack),
					qualified(KeyPlatform), qualified(key))
			}
		}
		return
	}
	link := qualified(KeyPlatformStack)
	if cfg.PlatformStack == "" {
		link = qualified(KeyPlatform)
	}
	keys := make([]string, 0, len(raw))
	for key := range raw {
		keys = append(keys, key)
	}
	sort.Strings(keys)
	for _, key := range keys {
		if _, known := Defaults[key]; !known || appStackKeys[key] || !isSetAway(raw, key) {
			continue
		}
		if key == KeyRegistryRoleAssignmentMode {
			p.addf(key, "is the platform's: an app stack (%s) takes it from the platform (its output %s, or %s.%s); "+
				"remove it", link, KeyRegistryRoleAssignmentMode, qualified(KeyPlatform), "registryRoleAssignmentMode")
			continue
		}
		if functionKeys[key] {
			p.addf(key, "only a platform stack may set it: function apps run in platform stacks, because their "+
				"keyless host storage needs private endpoints and DNS zones in the platform's network, which this app "+
				"stack (%s) does not own; ask the platform team to add them, or run the code as a container app", link)
			continue
		}
		p.addf(key, "only a platform stack may set it: this app stack (%s) deploys its apps into the platform's "+
			"network, registry, environment and plan, which the platform stack owns and configures; remove it",
			link)
	}
	if cfg.IdentityMode != IdentityModePlatform {
		return
	}
	for _, key := range []string{KeyIdentityName, KeyAcrPullPropagationSeconds} {
		if isSetAway(raw, key) {
			p.addf(key, "configures the identity and grant of %s=%s; with %s=%s the stack uses the platform's "+
				"team identity, creates no grant and waits for nothing: remove it", qualified(KeyIdentityMode),
				IdentityModeOwn, qualified(KeyIdentityMode), IdentityModePlatform)
		}
	}
}

// isSetAway reports whether a raw value is present and differs from the
// key's default.
func isSetAway(raw map[string]string, key string) bool {
	v, ok := raw[key]
	if !ok || v == "" {
		return false
	}
	switch d := Defaults[key].(type) {
	case string:
		return v != d
	case bool:
		b, err := strconv.ParseBool(v)
		return err != nil || b != d
	case int:
		n, err := strconv.Atoi(v)
		return err != nil || n != d
	default:
		var decoded any
		if err := json.Unmarshal([]byte(v), &decoded); err != nil {
			return true
		}
		switch t := decoded.(type) {
		case nil:
			return false
		case []any:
			return len(t) > 0
		case map[string]any:
			return len(t) > 0
		default:
			return true
		}
	}
}
