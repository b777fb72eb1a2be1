package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/privatepull/privatepull/internal/verify"
)

// TestOutputsDescribeTheEnvironmentForVerify: the stack outputs carry what
// verify compares the live Container Apps environment with (its subnet,
// internal or external, the workload profiles), exactly as the environment is
// declared, and verify accepts the outputs of both shipped stacks.
func TestOutputsDescribeTheEnvironmentForVerify(t *testing.T) {
	for _, stack := range []string{"dev", "prod"} {
		t.Run(stack, func(t *testing.T) {
			m, outs := runStack(t, stack, false)
			env := get(t, m, "aca-env")
			raw, ok := outs.Get("containerAppsEnvironment")
			require.True(t, ok, "output containerAppsEnvironment")
			got := raw.(map[string]any)
			id, _ := outs.Get("containerAppsEnvironmentId")
			assert.Equal(t, id, got["id"])
			assert.True(t, strings.HasSuffix(got["id"].(string), "/Microsoft.App/managedEnvironments/"+env.Plain("environmentName").(string)), got["id"])
			assert.Equal(t, env.Plain("vnetConfiguration.infrastructureSubnetId"), got["subnetId"])
			assert.Equal(t, env.Plain("vnetConfiguration.internal"), got["internal"])
			var declared []any
			for _, p := range env.Plain("workloadProfiles").([]any) {
				p := p.(map[string]any)
				declared = append(declared, map[string]any{"name": p["name"], "type": p["workloadProfileType"]})
			}
			assert.Equal(t, declared, got["workloadProfiles"])

			all := map[string]any{}
			for _, k := range []string{"cloud", "subscriptionId", "resourceGroupName", "registryName", "registryId", "loginServer",
				"registryRegions", "dataEndpointHostNames", "registryPublicNetworkAccess", "registryAllowedIpRanges",
				"registryPrivateEndpoints", "dnsResolvedElsewhere", "identityId", "identityClientId", "identityPrincipalId",
				"containerAppsEnvironmentId", "containerAppsEnvironment", "containerApps", "webApps", "probeJobId"} {
				v, ok := outs.Get(k)
				require.True(t, ok, "output %s", k)
				all[k] = v
			}
			data, err := json.Marshal(all)
			require.NoError(t, err)
			parsed, err := verify.ParseOutputs(strings.NewReader(string(data)))
			require.NoError(t, err, "verify must accept the stack's outputs")
			assert.Equal(t, got["subnetId"], parsed.ContainerAppsEnvironment.SubnetID)
			assert.Equal(t, len(declared), len(parsed.ContainerAppsEnvironment.WorkloadProfiles))
		})
	}
}
