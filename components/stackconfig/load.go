package stackconfig

import (
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
// it. It registers nothing, so a bad configuration fails before any resource.
func Load(ctx *pulumi.Context) (*Config, error) {
	raw := map[string]string{}
	secret := map[string]bool{}
	for _, key := range AllKeys() {
		if v, ok := ctx.GetConfig(qualified(key)); ok {
			raw[key] = v
			secret[key] = ctx.IsConfigSecret(qualified(key))
		}
	}
	return Parse(raw, secret)
}
