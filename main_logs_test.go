package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/privatepull/privatepull/tests/harness"
)

const (
	tokWorkspace         = "azure-native:operationalinsights/v20221001:Workspace"
	tokDiagnosticSetting = "azure-native:insights/v20210501preview:DiagnosticSetting"
	// sharedWorkspace is an existing workspace in another subscription.
	sharedWorkspace = "/subscriptions/9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d/resourceGroups/rg-monitor/providers/" +
		"Microsoft.OperationalInsights/workspaces/log-central"
)

// TestStacksSendEnvironmentLogsToANewWorkspace: like `az containerapp env
// create` (seed 000), each stack with container apps gets a Log Analytics
// workspace, and the environment's console and system logs reach it through a
// diagnostic setting, with no shared key anywhere. Apps and the probe job are
// created only once the setting exists, so a failed first pull is logged.
func TestStacksSendEnvironmentLogsToANewWorkspace(t *testing.T) {
	for _, stack := range []struct{ name, baseName, rg string }{
		{"dev", "myapp", "rg-myapp"}, {"prod", "shop-prod", "rg-shop-prod"},
	} {
		for _, preview := range []bool{false, true} {
			m, outs := runStack(t, stack.name, preview)
			workspace := get(t, m, "aca-logs-workspace")
			assert.Equal(t, tokWorkspace, workspace.Type)
			assert.Equal(t, "aca", workspace.Parent)
			assert.Equal(t, "log-"+stack.baseName, workspace.Plain("workspaceName"))
			assert.Equal(t, "koreacentral", workspace.Plain("location"))
			assert.Equal(t, map[string]any{"name": "PerGB2018"}, workspace.Plain("sku"))
			assert.Equal(t, float64(30), workspace.Plain("retentionInDays"))
			assert.Equal(t, "privatepull", workspace.Plain("tags.managed-by"))

			env := get(t, m, "aca-env")
			assert.Equal(t, map[string]any{"destination": "azure-monitor"}, env.Plain("appLogsConfiguration"),
				"keyless: no logAnalyticsConfiguration, so no shared key in the environment or the state")

			setting := get(t, m, "aca-logs")
			assert.Equal(t, tokDiagnosticSetting, setting.Type)
			assert.Equal(t, "aca", setting.Parent)
			assert.Equal(t, "privatepull-logs", setting.Plain("name"))
			assert.Equal(t, "Dedicated", setting.Plain("logAnalyticsDestinationType"),
				"resource-specific tables: verify queries ContainerAppConsoleLogs")
			assert.Equal(t, []any{
				map[string]any{"category": "ContainerAppConsoleLogs", "enabled": true},
				map[string]any{"category": "ContainerAppSystemLogs", "enabled": true},
			}, setting.Plain("logs"))
			assert.Equal(t, []string{"aca-env", "aca-logs-workspace"}, setting.Dependencies)

			workloads := m.OfType(tokContainerApp)
			if job, ok := m.Get("aca-probe"); ok {
				workloads = append(workloads, job)
			}
			require.NotEmpty(t, workloads)
			for _, w := range workloads {
				assert.True(t, w.DependsOn("aca-logs"), "%s must wait for the diagnostic setting; got %v", w.Name, w.Dependencies)
			}
			for _, r := range m.Registrations() {
				assert.NotContains(t, strings.ToLower(r.Name), "sharedkey")
				_, hasKey := r.Input("appLogsConfiguration.logAnalyticsConfiguration")
				assert.False(t, hasKey, "%s carries a Log Analytics configuration (a shared key)", r.Name)
			}

			workspaceID := "/subscriptions/" + harness.Subscription + "/resourceGroups/" + stack.rg +
				"/providers/Microsoft.OperationalInsights/workspaces/log-" + stack.baseName
			if preview {
				_, known := outs.Get("logAnalyticsCustomerId")
				assert.False(t, known, "a new workspace's customer id is unknown in a first preview")
				continue
			}
			assert.Equal(t, stack.rg, workspace.Plain("resourceGroupName"))
			envID := "/subscriptions/" + harness.Subscription + "/resourceGroups/" + stack.rg +
				"/providers/Microsoft.App/managedEnvironments/" + env.Plain("environmentName").(string)
			assert.Equal(t, envID, setting.Plain("resourceUri"))
			assert.Equal(t, workspaceID, setting.Plain("workspaceId"))
			id, _ := outs.Get("logAnalyticsWorkspaceId")
			assert.Equal(t, workspaceID, id)
			customer, _ := outs.Get("logAnalyticsCustomerId")
			assert.Equal(t, harness.WorkspaceCustomerID(workspaceID), customer)
		}
	}
}

// TestExistingLogWorkspaceIsReadNotCreated: with logAnalyticsWorkspaceId the
// stack creates no workspace; it reads the given one (a read, which works in
// preview, unlike an invoke the offline engine lacks) for its customer id.
func TestExistingLogWorkspaceIsReadNotCreated(t *testing.T) {
	config, secrets := devWith(t, map[string]string{"privatepull:logAnalyticsWorkspaceId": sharedWorkspace})
	for _, preview := range []bool{false, true} {
		m, outs, err := runConfig(t, config, secrets, preview)
		require.NoError(t, err)
		workspaces := m.OfType(tokWorkspace)
		require.Len(t, workspaces, 1)
		assert.Equal(t, "aca-logs-workspace", workspaces[0].Name)
		assert.Equal(t, sharedWorkspace, workspaces[0].ReadID, "the existing workspace is read by id, never created")
		assert.Equal(t, "aca", workspaces[0].Parent)

		setting := get(t, m, "aca-logs")
		assert.Equal(t, sharedWorkspace, setting.Plain("workspaceId"), "known in preview too")
		id, _ := outs.Get("logAnalyticsWorkspaceId")
		assert.Equal(t, sharedWorkspace, id)
		customer, known := outs.Get("logAnalyticsCustomerId")
		assert.True(t, known, "read in preview as in update")
		assert.Equal(t, harness.WorkspaceCustomerID(sharedWorkspace), customer)
	}
}

// TestStackWithoutAppsHasNoLogWorkspace: the workspace serves the environment
// only; the outputs are empty strings, as verify expects.
func TestStackWithoutAppsHasNoLogWorkspace(t *testing.T) {
	config, secrets := devWith(t, map[string]string{"privatepull:containerApps": "[]", "privatepull:probeJob": "false"})
	m, outs, err := runConfig(t, config, secrets, false)
	require.NoError(t, err)
	assert.Empty(t, m.OfType(tokWorkspace))
	assert.Empty(t, m.OfType(tokDiagnosticSetting))
	for _, name := range []string{"logAnalyticsWorkspaceId", "logAnalyticsCustomerId"} {
		value, known := outs.Get(name)
		assert.True(t, known, name)
		assert.Equal(t, "", value, name)
	}
}

// TestContainerAppsAndProbeGetALongTimeout: a pull the platform retries (a
// grant still propagating) must not hit a short timeout, and a hung creation
// must not wait for azure-native's 2-hour default.
func TestContainerAppsAndProbeGetALongTimeout(t *testing.T) {
	for _, preview := range []bool{false, true} {
		m, _ := runStack(t, "dev", preview)
		for _, name := range []string{"aca-ca-myapp", "aca-probe"} {
			assert.Equal(t, harness.Timeouts{Create: "30m", Update: "30m"}, get(t, m, name).CustomTimeouts, name)
		}
		assert.Equal(t, harness.Timeouts{}, get(t, m, "aca-env").CustomTimeouts, "only the pulling workloads")
	}
}
