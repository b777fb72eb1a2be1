package tests

import (
	"errors"
	"strings"
	"testing"

	"github.com/privatepull/privatepull/components/stackconfig"
	"github.com/privatepull/privatepull/tests/harness"
)

// stackSeeds returns the shipped stacks' configuration (unqualified keys) and
// their secret keys, the seeds of the fuzz targets.
func stackSeeds(f *testing.F) []map[string]string {
	f.Helper()
	var out []map[string]string
	for _, stack := range []string{"dev", "prod", "dev-team-shop"} {
		config, _, err := harness.StackConfig("..", stack)
		if err != nil {
			f.Fatal(err)
		}
		raw := map[string]string{}
		for k, v := range config {
			if name, ok := strings.CutPrefix(k, stackconfig.Namespace+":"); ok {
				raw[name] = v
			}
		}
		out = append(out, raw)
	}
	return out
}

// FuzzParse feeds the configuration parser one changed key at a time on top
// of a shipped stack: whatever the value (malformed JSON, nulls, huge numbers,
// unknown keys), Parse must not panic and must return either a configuration
// or an *stackconfig.Error naming keys.
func FuzzParse(f *testing.F) {
	seeds := stackSeeds(f)
	for i, raw := range seeds {
		for k, v := range raw {
			f.Add(uint8(i), k, v)
		}
	}
	f.Add(uint8(0), "registryPrivateEndpoints", `[{"name":"a"},{"name":"b","dnsZoneId":"/subscriptions/s/resourceGroups/r/providers/Microsoft.Network/privateDnsZones/privatelink.azurecr.io"}]`)
	f.Add(uint8(1), "containerApps", `[null,{"name":"ca-a","cpu":null}]`)
	f.Add(uint8(0), "tags", `{"":"", "0":"x"}`)
	f.Add(uint8(1), "ProtectRegistry", "true")
	f.Fuzz(func(t *testing.T, stack uint8, key, value string) {
		raw := map[string]string{}
		for k, v := range seeds[int(stack)%len(seeds)] {
			raw[k] = v
		}
		raw[key] = value
		cfg, err := stackconfig.ParseIn(stackconfig.Environment{SubscriptionID: harness.Subscription}, raw, nil)
		if err != nil {
			var cfgErr *stackconfig.Error
			if !errors.As(err, &cfgErr) || len(cfgErr.Problems) == 0 {
				t.Fatalf("Parse returned %T %v, want a *stackconfig.Error with problems", err, err)
			}
			for _, p := range cfgErr.Problems {
				if !strings.HasPrefix(p, stackconfig.Namespace+":") {
					t.Fatalf("problem %q does not start with the key it concerns", p)
				}
			}
			return
		}
		if cfg == nil {
			t.Fatal("Parse returned neither a configuration nor an error")
		}
		// A valid configuration maps to component args without panicking.
		_ = cfg.NetworkArgs()
		_ = cfg.ContainerAppSpecs()
		_ = cfg.WebAppSpecs()
	})
}
