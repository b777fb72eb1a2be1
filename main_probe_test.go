package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDevStackDeclaresTheInVNetProbe: the dev stack's probe job runs in the
// environment, pulls its image (cached from MCR by the stack) from the
// private registry with the pull identity, waits for everything an app waits
// for, and checks each registry FQDN against the private endpoint's IPs.
func TestDevStackDeclaresTheInVNetProbe(t *testing.T) {
	for _, preview := range []bool{false, true} {
		m, outs := runStack(t, "dev", preview)
		job := get(t, m, "aca-probe")
		assert.Equal(t, "azure-native:app/v20240301:Job", job.Type)
		assert.Equal(t, "aca", job.Parent)
		assert.Equal(t, "job-pullpath-probe", job.Plain("jobName"))
		assert.Equal(t, "Consumption", job.Plain("workloadProfileName"))
		assert.Equal(t, "UserAssigned", job.Plain("identity.type"))
		assert.Equal(t, []any{"/bin/bash", "-c"}, job.Plain("template.containers[0].command"))
		script, _ := job.Plain("template.containers[0].args[0]").(string)
		for _, step := range []string{"getent ahostsv4", "https://$PROBE_LOGIN_SERVER/v2/", "exit $fail"} {
			assert.Contains(t, script, step)
		}
		for _, dep := range []string{"pull-acrpull", "pull-acrpull-propagation", "acr-pe-dns", "network-acr-zone-link",
			"acr-cache-cache-privatepull-probe", "aca-env"} {
			assert.True(t, job.DependsOn(dep), "the probe job must wait for %s; got %v", dep, job.Dependencies)
		}
		rule := get(t, m, "acr-cache-cache-privatepull-probe")
		assert.Equal(t, "mcr.microsoft.com/azurelinux/base/core", rule.Plain("sourceRepository"))
		assert.Equal(t, "privatepull/probe", rule.Plain("targetRepository"))
		if preview {
			continue
		}
		assert.Equal(t, "Manual", job.Plain("configuration.triggerType"))
		assert.Equal(t, map[string]any{"parallelism": float64(1), "replicaCompletionCount": float64(1)},
			job.Plain("configuration.manualTriggerConfig"))
		assert.Equal(t, float64(0), job.Plain("configuration.replicaRetryLimit"))
		identity, _ := outs.Get("identityId")
		assert.Equal(t, []any{identity}, job.Plain("identity.userAssignedIdentities"))
		assert.Equal(t, []any{map[string]any{"server": devLogin, "identity": identity}}, job.Plain("configuration.registries"))
		assert.Equal(t, devLogin+"/privatepull/probe:3.0", job.Plain("template.containers[0].image"))
		env := map[string]any{}
		for _, e := range job.Plain("template.containers[0].env").([]any) {
			env[e.(map[string]any)["name"].(string)] = e.(map[string]any)["value"]
		}
		assert.Equal(t, map[string]any{
			"PROBE_LOGIN_SERVER": devLogin,
			"PROBE_DATA_HOSTS":   devRegistry + ".koreacentral.data.azurecr.io",
			"PROBE_EXPECT": devLogin + "=10.0.2.4 " + devRegistry + ".koreacentral.data.azurecr.io=10.0.2.5 " +
				devStorage + ".blob.core.windows.net=10.0.2.20 " + devStorage + ".queue.core.windows.net=10.0.2.21 " +
				devStorage + ".table.core.windows.net=10.0.2.22",
			"PROBE_PRIVATE_HOSTS": devStorage + ".blob.core.windows.net " + devStorage + ".queue.core.windows.net " +
				devStorage + ".table.core.windows.net",
		}, env, "the probe compares every FQDN, the function apps' storage hosts too, with the endpoints' own IPs")
		id, _ := outs.Get("probeJobId")
		require.NotEmpty(t, id)
		assert.True(t, strings.HasSuffix(id.(string), "/Microsoft.App/jobs/job-pullpath-probe"), id)
	}
}
