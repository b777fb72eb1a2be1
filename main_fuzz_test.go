package main

import (
	"strings"
	"testing"

	"github.com/privatepull/privatepull/tests/harness"
)

// FuzzStack runs the whole program under mocks with one configuration value
// changed on top of a shipped stack: no input may panic, and an input the
// program rejects must not have registered any resource.
func FuzzStack(f *testing.F) {
	type stack struct {
		config  map[string]string
		secrets []string
	}
	var stacks []stack
	for _, name := range []string{"dev", "prod"} {
		config, secrets, err := harness.StackConfig(".", name)
		if err != nil {
			f.Fatal(err)
		}
		stacks = append(stacks, stack{config, secrets})
		for k, v := range config {
			f.Add(uint8(len(stacks)-1), strings.TrimPrefix(k, "privatepull:"), v, false)
		}
	}
	f.Add(uint8(0), "registryDnsZoneLinkVnetIds", `["`+devVnet+`"]`, true)
	f.Add(uint8(1), "replicas", `[{"location":"koreasouth","zoneRedundancy":"Enabled"}]`, false)
	f.Fuzz(func(t *testing.T, which uint8, key, value string, preview bool) {
		s := stacks[int(which)%len(stacks)]
		config := map[string]string{}
		for k, v := range s.config {
			config[k] = v
		}
		config["privatepull:"+key] = value
		m, _, err := runConfig(t, config, s.secrets, preview)
		if err != nil && len(m.Registrations()) > 0 {
			t.Fatalf("the program failed (%v) after registering %d resources", err, len(m.Registrations()))
		}
	})
}
