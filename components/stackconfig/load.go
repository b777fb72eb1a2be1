package stackconfig

import (
	"os"
	"sort"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// AllKeys lists every key privatepull reads, sorted.
func AllKeys() []string {
	keys := append([]string{}, RequiredKeys...)
	for k := range Defaults {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Load reads the stack's configuration once from the Pulumi context and parses
// it. configKeys are the qualified keys the stack sets (ConfigKeysFromEnv):
// every privatepull key among them is read, known or not, so that a typo is
// reported instead of silently dropping a setting; azure-native keys become
// the environment's provider settings. It registers nothing, so a bad
// configuration fails before any resource.
func Load(ctx *pulumi.Context, configKeys []string, env Environment) (*Config, error) {
	raw := map[string]string{}
	secret := map[string]bool{}
	env.AzureNative, env.AzureNativeSecret = map[string]string{}, map[string]bool{}
	read := append(append([]string{}, configKeys...), qualifiedAll()...)
	for _, k := range azureNativeKeys {
		read = append(read, AzureNativeNamespace+":"+k)
	}
	for _, key := range read {
		v, ok := ctx.GetConfig(key)
		if !ok {
			continue
		}
		switch ns, name := splitKey(key); ns {
		case Namespace:
			raw[name], secret[name] = v, ctx.IsConfigSecret(key)
		case AzureNativeNamespace:
			env.AzureNative[name], env.AzureNativeSecret[name] = v, ctx.IsConfigSecret(key)
		}
	}
	if env.AzureNative["environment"] == "" {
		// The provider also reads its cloud from the environment variable.
		env.AzureNative["environment"] = os.Getenv("ARM_ENVIRONMENT")
	}
	return ParseIn(env, raw, secret)
}

// qualifiedAll returns every known key, qualified.
func qualifiedAll() []string {
	var out []string
	for _, k := range AllKeys() {
		out = append(out, qualified(k))
	}
	return out
}

// azureNativeKeys are the azure-native provider settings an explicit provider
// must be given (see Environment.ProviderSettings).
var azureNativeKeys = []string{"environment", "location", "tenantId", "clientId", "clientSecret",
	"clientCertificatePath", "clientCertificatePassword", "useOidc", "oidcToken", "oidcRequestToken",
	"oidcRequestUrl", "useMsi", "msiEndpoint", "auxiliaryTenantIds", "metadataHost", "partnerId",
	"disablePulumiPartnerId", "subscriptionId"}
