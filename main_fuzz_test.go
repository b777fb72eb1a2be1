package main

import (
	"strings"
	"testing"

	"github.com/privatepull/privatepull/tests/harness"
)

// FuzzStack runs the whole program under mocks with one configuration value
// changed on top of a shipped stack (the shop app stack reading the dev
// platform's outputs): no input may panic, and an input the program rejects
// must not have registered any resource but the read of the platform.
func FuzzStack(f *testing.F) {
	type stack struct {
		name    string
		config  map[string]string
		secrets []string
	}
	var stacks []stack
	for _, name := range []string{"dev", "prod", "dev-team-shop"} {
		config, secrets, err := harness.StackConfig(".", name)
		if err != nil {
			f.Fatal(err)
		}
		stacks = append(stacks, stack{name, config, secrets})
		for k, v := range config {
			f.Add(uint8(len(stacks)-1), strings.TrimPrefix(k, "privatepull:"), v, false)
		}
	}
	f.Add(uint8(0), "registryDnsZoneLinkVnetIds", `["`+devVnet+`"]`, true)
	f.Add(uint8(1), "replicas", `[{"location":"koreasouth","zoneRedundancy":"Enabled"}]`, false)
	f.Add(uint8(2), "identityMode", "own", true)
	f.Add(uint8(2), "platform", `{"registryId":"x"}`, false)
	var platform map[string]any
	f.Fuzz(func(t *testing.T, which uint8, key, value string, preview bool) {
		if platform == nil {
			platform = devOutputs(t)
		}
		s := stacks[int(which)%len(stacks)]
		config := map[string]string{}
		for k, v := range s.config {
			config[k] = v
		}
		config["privatepull:"+key] = value
		m, _, err := runProgram(t, harness.Options{Preview: preview, Stack: s.name, Config: config, SecretKeys: s.secrets,
			StackReferences: map[string]harness.StackReference{devStackName: {Outputs: platform}}})
		if err == nil {
			return
		}
		for _, r := range m.Registrations() {
			if r.Type != harness.StackReferenceType {
				t.Fatalf("the program failed (%v) after registering %s (%s)", err, r.Name, r.Type)
			}
		}
	})
}
