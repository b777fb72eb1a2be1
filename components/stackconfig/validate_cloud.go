package stackconfig

import (
	"strings"

	"github.com/privatepull/privatepull/components"
)

// regionCloud returns the cloud an Azure region belongs to, by the prefixes
// sovereign clouds use: usgov*/usdod* are Azure Government, china* Azure China,
// every other region is in the public cloud.
func regionCloud(region string) components.Cloud {
	switch {
	case strings.HasPrefix(region, "usgov") || strings.HasPrefix(region, "usdod"):
		return components.CloudUSGovernment
	case strings.HasPrefix(region, "china"):
		return components.CloudChina
	default:
		return components.CloudPublic
	}
}

// azureNativeEnvironments maps the values azure-native:environment accepts to
// privatepull's clouds.
var azureNativeEnvironments = map[string]components.Cloud{
	"public": components.CloudPublic, "azurecloud": components.CloudPublic,
	"usgovernment": components.CloudUSGovernment, "azureusgovernment": components.CloudUSGovernment,
	"azureusgovernmentcloud": components.CloudUSGovernment,
	"china":                  components.CloudChina, "azurechina": components.CloudChina, "azurechinacloud": components.CloudChina,
}

// validateCloud checks that every region of the stack (home, replicas,
// endpoints) belongs to the configured cloud, and that the azure-native
// provider is configured for the same cloud: a sovereign-cloud registry name
// on public DNS suffixes, or a provider talking to another cloud, fails late.
func validateCloud(cfg *Config, p *problems) {
	if cfg.Cloud.Validate() != nil {
		return // reported by validateNames
	}
	check := func(key, region string) {
		if region == "" || !locationRule.MatchString(region) {
			return // reported elsewhere
		}
		if in := regionCloud(region); in != cfg.Cloud {
			p.addf(key, "%q is a region of the %s cloud, but %s is %q; set %s to %s or choose a %s region",
				region, in, qualified(KeyCloud), cfg.Cloud, qualified(KeyCloud), in, cfg.Cloud)
		}
	}
	check(KeyLocation, cfg.Location)
	for i, r := range cfg.Replicas {
		check(entryKey(KeyReplicas, i, "location"), r.Location)
	}
	for i, e := range cfg.RegistryPrivateEndpoints {
		check(entryKey(KeyRegistryPrivateEndpoints, i, "location"), e.Location)
	}
	if env, ok := cfg.Env.AzureNative["environment"]; ok && env != "" {
		cloud, known := azureNativeEnvironments[strings.ToLower(env)]
		switch {
		case !known:
			p.addf(KeyCloud, "azure-native:environment is %q, which privatepull does not know (want public, "+
				"usgovernment or china)", env)
		case cloud != cfg.Cloud:
			p.addf(KeyCloud, "is %q but azure-native:environment is %q: the provider would deploy to the %s cloud "+
				"with %s DNS names; set both to the same cloud", cfg.Cloud, env, cloud, cfg.Cloud)
		}
	} else if cfg.Cloud != components.CloudPublic {
		p.addf(KeyCloud, "is %q but azure-native:environment is not set, so the provider talks to the public cloud; "+
			"run `pulumi config set azure-native:environment %s`", cfg.Cloud, cfg.Cloud)
	}
}
