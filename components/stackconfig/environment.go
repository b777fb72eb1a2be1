package stackconfig

import (
	"encoding/json"
	"os"
	"sort"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/privatepull/privatepull/components"
)

// AzureNativeNamespace is the config namespace of the azure-native provider.
const AzureNativeNamespace = "azure-native"

// Environment is what the program knows about where it runs, besides the
// privatepull configuration: the stack, the subscription of the default
// provider and the stack's azure-native provider settings.
type Environment struct {
	// Project is the Pulumi project name.
	Project string
	// Stack is the Pulumi stack name.
	Stack string
	// SubscriptionID is the default provider's subscription (getClientConfig).
	SubscriptionID string
	// AzureNative are the stack's azure-native:* values, keys unqualified.
	AzureNative map[string]string
	// AzureNativeSecret lists the azure-native keys whose values are secrets.
	AzureNativeSecret map[string]bool
}

// ConfigKeysFromEnv returns the qualified keys of every configuration value
// the Pulumi CLI passes the program (the PULUMI_CONFIG environment variable),
// so that keys privatepull does not know can be reported.
func ConfigKeysFromEnv() []string {
	var config map[string]string
	if raw := os.Getenv(pulumi.EnvConfig); raw != "" {
		_ = json.Unmarshal([]byte(raw), &config)
	}
	keys := make([]string, 0, len(config))
	for k := range config {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// ProviderSettings maps the stack's azure-native:* configuration to the
// settings every explicit provider must carry. Credentials stay secrets.
func (e Environment) ProviderSettings() components.AzureProviderSettings {
	get := func(key string) string { return e.AzureNative[key] }
	flag := func(key string) *bool {
		v, err := strconv.ParseBool(get(key))
		if err != nil {
			return nil
		}
		return &v
	}
	secret := func(key string) pulumi.StringInput {
		if get(key) == "" {
			return nil
		}
		return pulumi.ToSecret(pulumi.String(get(key))).(pulumi.StringOutput)
	}
	s := components.AzureProviderSettings{
		Environment:               get("environment"),
		Location:                  get("location"),
		TenantID:                  get("tenantId"),
		ClientID:                  get("clientId"),
		ClientSecret:              secret("clientSecret"),
		ClientCertificatePath:     get("clientCertificatePath"),
		ClientCertificatePassword: secret("clientCertificatePassword"),
		UseOIDC:                   flag("useOidc"),
		OIDCToken:                 secret("oidcToken"),
		OIDCRequestToken:          secret("oidcRequestToken"),
		OIDCRequestURL:            get("oidcRequestUrl"),
		UseMSI:                    flag("useMsi"),
		MSIEndpoint:               get("msiEndpoint"),
		MetadataHost:              get("metadataHost"),
		PartnerID:                 get("partnerId"),
		DisablePulumiPartnerID:    flag("disablePulumiPartnerId"),
	}
	if raw := get("auxiliaryTenantIds"); raw != "" {
		var ids []string
		if err := json.Unmarshal([]byte(raw), &ids); err != nil {
			ids = strings.Split(raw, ",")
		}
		s.AuxiliaryTenantIDs = ids
	}
	return s
}

// splitKey splits a qualified key into namespace and name.
func splitKey(qualifiedKey string) (string, string) {
	ns, name, ok := strings.Cut(qualifiedKey, ":")
	if !ok {
		return "", qualifiedKey
	}
	return ns, name
}
