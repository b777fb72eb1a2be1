package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/privatepull/privatepull/components"
	"github.com/privatepull/privatepull/components/stackconfig"
	"github.com/privatepull/privatepull/tests/harness"
)

// parseStack parses a shipped stack file as the program would for stackName.
func parseStack(t *testing.T, file, stackName string, changes map[string]string) *stackconfig.Config {
	t.Helper()
	config, secrets, err := harness.StackConfig(".", file)
	require.NoError(t, err)
	raw, secret := map[string]string{}, map[string]bool{}
	for k, v := range config {
		if name, ok := strings.CutPrefix(k, "privatepull:"); ok {
			raw[name] = v
		}
	}
	for k, v := range changes {
		raw[k] = v
	}
	for _, k := range secrets {
		secret[strings.TrimPrefix(k, "privatepull:")] = true
	}
	cfg, err := stackconfig.ParseIn(stackconfig.Environment{Project: harness.Project, Stack: stackName,
		SubscriptionID: harness.Subscription}, raw, secret)
	require.NoError(t, err)
	return cfg
}

// TestDevStackAppsUseOnlyImagesTheStackProvides: every app of the dev stack
// pulls a repository that one of the stack's cache rules provides, so the
// first `pulumi up` of a fresh stack needs no manual push.
func TestDevStackAppsUseOnlyImagesTheStackProvides(t *testing.T) {
	cfg := parseStack(t, "dev", "dev", nil)
	covered := func(repository string) bool {
		for _, r := range cfg.CacheRules {
			if components.CacheRuleCovers(r.Target, repository) {
				return true
			}
		}
		return false
	}
	require.NotEmpty(t, cfg.ContainerApps)
	for _, a := range cfg.ContainerApps {
		assert.True(t, covered(a.Image), "container app %s pulls %s, which no cache rule of the stack provides", a.Name, a.Image)
	}
	require.NotEmpty(t, cfg.WebApps)
	for _, w := range cfg.WebApps {
		assert.Equal(t, stackconfig.RegistryACR, w.Registry)
		assert.True(t, covered(w.Image), "web app %s pulls %s, which no cache rule of the stack provides", w.Name, w.Image)
	}
	for _, r := range cfg.CacheRules {
		assert.True(t, strings.HasPrefix(r.Source, "mcr.microsoft.com/"), "%s: MCR serves the cache without credentials", r.Source)
		assert.Empty(t, r.CredentialSet)
	}
}

// TestGlobalNamesNeedNoEdits: unset global names are derived from the
// subscription and stack, stable across runs, different for another stack or
// subscription; an explicit name still wins and is still validated.
func TestGlobalNamesNeedNoEdits(t *testing.T) {
	dev := parseStack(t, "dev", "dev", nil)
	assert.Equal(t, devRegistry, dev.RegistryName)
	assert.Equal(t, devSite, dev.WebApps[0].Name)
	assert.Equal(t, dev.RegistryName, parseStack(t, "dev", "dev", nil).RegistryName, "stable across runs")
	other := parseStack(t, "dev", "dev-alice", nil)
	assert.NotEqual(t, dev.RegistryName, other.RegistryName, "another stack gets another name")
	assert.NotEqual(t, dev.WebApps[0].Name, other.WebApps[0].Name)
	assert.Regexp(t, `^[a-z0-9]{5,50}$`, other.RegistryName)

	explicit := parseStack(t, "dev", "dev", map[string]string{"registryName": "acrchosen01"})
	assert.Equal(t, "acrchosen01", explicit.RegistryName)
	config, secrets := devWith(t, map[string]string{"privatepull:registryName": "acr-chosen"})
	_, _, err := runConfig(t, config, secrets, false)
	assert.ErrorContains(t, err, `privatepull:registryName: "acr-chosen" breaks the registry name rule`)

	// Known in preview: the derived name is in the registry's inputs.
	m, _, err := runConfig(t, devConfig(t), nil, true)
	require.NoError(t, err)
	assert.Equal(t, devRegistry, get(t, m, "acr-registry").Plain("registryName"))
}

// devConfig returns the dev stack's configuration.
func devConfig(t *testing.T) map[string]string {
	c, _ := devWith(t, nil)
	return c
}

// TestAgentPoolStack: an agent pool gets a dedicated subnet of the stack's
// VNet (not delegated, after the other subnets) and the command to build on it.
func TestAgentPoolStack(t *testing.T) {
	c, secrets := devWith(t, map[string]string{"privatepull:agentPool": `{"subnetCidr":"10.0.4.0/28","tier":"S2"}`,
		"privatepull:agentPoolRegionOverride": "true"})
	for _, preview := range []bool{false, true} {
		m, outs, err := runConfig(t, c, secrets, preview)
		require.NoError(t, err)
		subnet := get(t, m, "network-snet-acr-tasks")
		assert.Equal(t, "snet-acr-tasks", subnet.Plain("subnetName"))
		assert.Equal(t, "10.0.4.0/28", subnet.Plain("addressPrefix"))
		assert.Nil(t, subnet.Plain("delegations"), "the agent pool subnet is not delegated")
		assert.True(t, subnet.DependsOn("network-snet-app"), "subnets of one VNet are created one after another")
		pool := get(t, m, "acr-agentpool")
		assert.Equal(t, "vnetpool", pool.Plain("agentPoolName"))
		assert.Equal(t, "S2", pool.Plain("tier"))
		assert.Equal(t, float64(1), pool.Plain("count"))
		assert.True(t, pool.DependsOn("network-snet-acr-tasks"))
		if preview {
			continue
		}
		assert.Equal(t, "/subscriptions/"+harness.Subscription+"/resourceGroups/rg-myapp/providers/Microsoft.Network/"+
			"virtualNetworks/vnet-myapp/subnets/snet-acr-tasks", pool.Plain("virtualNetworkSubnetResourceId"))
		cmd, _ := outs.Get("agentPoolBuildCommand")
		assert.Equal(t, "az acr build --registry "+devRegistry+" --agent-pool vnetpool --image <repository>:<tag> "+
			"--file Dockerfile <context>", cmd)
		name, _ := outs.Get("agentPoolName")
		assert.Equal(t, "vnetpool", name)
	}
	cfg := parseStack(t, "dev", "dev", map[string]string{"agentPool": `{"subnetCidr":"10.0.4.0/28"}`,
		"agentPoolRegionOverride": "true"})
	assert.Equal(t, []string{"privatepull:agentPool: koreacentral is not in privatepull's list of ACR Tasks agent pool " +
		"regions; privatepull:agentPoolRegionOverride is true, so the pool is deployed anyway and `pulumi up` fails if " +
		"Azure does not offer agent pools there"}, cfg.Warnings)
	assert.Empty(t, parseStack(t, "dev", "dev", map[string]string{"location": "eastus",
		"agentPool": `{"subnetCidr":"10.0.4.0/28"}`}).Warnings, "a listed region needs no warning")
}

// TestMutableTagsWarnInProtectedStacks: `latest` in a stack that protects its
// registry is worth a warning (a changed latest creates no new revision); in
// dev it is not.
func TestMutableTagsWarnInProtectedStacks(t *testing.T) {
	assert.Empty(t, parseStack(t, "dev", "dev", nil).Warnings)
	cfg := parseStack(t, "dev", "dev", map[string]string{"protectRegistry": "true"})
	require.Len(t, cfg.Warnings, 2)
	assert.Contains(t, cfg.Warnings[0], `privatepull:containerApps[0].tag: the mutable tag "latest" in a protected (production) stack`)
	assert.Contains(t, cfg.Warnings[1], "privatepull:webApps[0].tag")
	assert.Empty(t, parseStack(t, "prod", "prod", nil).Warnings, "prod deploys immutable tags")
}

// cacheRules is a cacheRules value for the mistakes table.
func cacheRules(entries ...string) string {
	return "[" + strings.Join(entries, ",") + "]"
}

// manyCacheRules returns n distinct valid rules.
func manyCacheRules(n int) string {
	entries := make([]string, n)
	for i := range entries {
		entries[i] = fmt.Sprintf(`{"source":"mcr.microsoft.com/r%d","target":"r%d"}`, i, i)
	}
	return cacheRules(entries...)
}
