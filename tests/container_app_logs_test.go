package tests

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/privatepull/privatepull/components"
	"github.com/privatepull/privatepull/tests/harness"
)

const (
	tokWorkspace         = "azure-native:operationalinsights/v20221001:Workspace"
	tokDiagnosticSetting = "azure-native:insights/v20210501preview:DiagnosticSetting"
)

var existingWorkspaceID = "/subscriptions/9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d/resourceGroups/rg-monitor/providers/" +
	"Microsoft.OperationalInsights/workspaces/log-central"

// environmentWithOutputs runs an environment (edited by mutate) with one app
// in it and collects the environment's log outputs.
func environmentWithOutputs(t *testing.T, preview bool, mutate func(*components.ContainerAppsEnvironmentArgs)) (*harness.Mocks,
	*harness.Outputs) {
	t.Helper()
	var outs *harness.Outputs
	m, err := harness.Run(func(ctx *pulumi.Context) error {
		args := environmentArgs()
		args.Tags = map[string]string{"env": "test"}
		if mutate != nil {
			mutate(args)
		}
		env, err := components.NewContainerAppsEnvironment(ctx, "aca", args)
		if err != nil {
			return err
		}
		_, err = components.NewContainerAppWorkload(ctx, "aca", &components.ContainerAppWorkloadArgs{
			EnvironmentID: env.EnvironmentID, Location: "koreacentral", ResourceGroupName: pulumi.String("rg-test"),
			LoginServer: pulumi.String("acrtest01.azurecr.io"), PullIdentityID: pulumi.String(uamiID),
			PullIdentityClientID: pulumi.String(uamiClientID),
			Apps: []components.ContainerAppSpec{{Name: "ca-a", ImageRepository: "a", ImageTag: "1", TargetPort: 80,
				CPU: 0.25, Memory: "0.5Gi", MaxReplicas: 1}},
		})
		if err != nil {
			return err
		}
		outs = harness.Collect(pulumi.Map{"workspace": env.LogAnalyticsWorkspaceID, "customer": env.LogAnalyticsCustomerID})
		return nil
	}, harness.Options{Preview: preview})
	require.NoError(t, err)
	return m, outs
}

func TestWorkloadCreatesALogWorkspaceByDefault(t *testing.T) {
	modes(t, func(t *testing.T, preview bool) {
		m, outs := environmentWithOutputs(t, preview, nil)
		workspace := get(t, m, "aca-logs-workspace")
		assert.Equal(t, tokWorkspace, workspace.Type)
		assert.Equal(t, "aca", workspace.Parent)
		assert.Empty(t, workspace.ReadID)
		assert.Equal(t, "log-cae-test", workspace.Plain("workspaceName"), "default name: log-<environmentName>")
		assert.Equal(t, "rg-test", workspace.Plain("resourceGroupName"))
		assert.Equal(t, "koreacentral", workspace.Plain("location"))
		assert.Equal(t, map[string]any{"name": "PerGB2018"}, workspace.Plain("sku"))
		assert.Equal(t, float64(30), workspace.Plain("retentionInDays"))
		assert.Equal(t, map[string]any{"env": "test"}, workspace.Plain("tags"))

		assert.Equal(t, map[string]any{"destination": "azure-monitor"}, get(t, m, "aca-env").Plain("appLogsConfiguration"))
		setting := get(t, m, "aca-logs")
		assert.Equal(t, tokDiagnosticSetting, setting.Type)
		assert.Equal(t, "aca", setting.Parent)
		assert.Equal(t, "privatepull-logs", setting.Plain("name"))
		assert.Equal(t, "Dedicated", setting.Plain("logAnalyticsDestinationType"))
		assert.Equal(t, []any{
			map[string]any{"category": "ContainerAppConsoleLogs", "enabled": true},
			map[string]any{"category": "ContainerAppSystemLogs", "enabled": true},
		}, setting.Plain("logs"))
		assert.Equal(t, []string{"aca-env"}, setting.PropertyDependencies["resourceUri"])
		assert.Equal(t, []string{"aca-logs-workspace"}, setting.PropertyDependencies["workspaceId"])

		app := get(t, m, "aca-ca-a")
		assert.True(t, app.DependsOn("aca-logs"), "a failed first pull must be logged; got %v", app.Dependencies)
		assert.Equal(t, []string{"aca-env", "aca-logs"}, app.PropertyDependencies["managedEnvironmentId"],
			"the environment id resolves once its diagnostic setting exists")
		assert.Equal(t, harness.Timeouts{Create: "30m", Update: "30m"}, app.CustomTimeouts)
		if preview {
			return
		}
		workspaceID := fakeID("Microsoft.OperationalInsights/workspaces/log-cae-test")
		assert.Equal(t, fakeID("Microsoft.App/managedEnvironments/cae-test"), setting.Plain("resourceUri"))
		assert.Equal(t, workspaceID, setting.Plain("workspaceId"))
		id, _ := outs.Get("workspace")
		assert.Equal(t, workspaceID, id)
		customer, _ := outs.Get("customer")
		assert.Equal(t, harness.WorkspaceCustomerID(workspaceID), customer)
	})
}

func TestWorkloadNamesItsLogWorkspace(t *testing.T) {
	m, _ := environmentWithOutputs(t, false, func(a *components.ContainerAppsEnvironmentArgs) {
		a.LogAnalyticsWorkspaceName = "log-shop"
	})
	assert.Equal(t, "log-shop", get(t, m, "aca-logs-workspace").Plain("workspaceName"))

	m, _ = environmentWithOutputs(t, false, func(a *components.ContainerAppsEnvironmentArgs) {
		a.EnvironmentName = "cae-" + strings.Repeat("x", 56)
	})
	name := get(t, m, "aca-logs-workspace").Plain("workspaceName").(string)
	assert.Len(t, name, 63, "the derived name is cut to the workspace limit")
}

func TestWorkloadReadsAnExistingLogWorkspace(t *testing.T) {
	for _, id := range map[string]pulumi.StringInput{
		"known":     pulumi.String(existingWorkspaceID),
		"an output": pulumi.String(existingWorkspaceID).ToStringOutput(),
	} {
		modes(t, func(t *testing.T, preview bool) {
			m, outs := environmentWithOutputs(t, preview, func(a *components.ContainerAppsEnvironmentArgs) {
				a.LogAnalyticsWorkspaceID = id
			})
			workspaces := m.OfType(tokWorkspace)
			require.Len(t, workspaces, 1)
			assert.Equal(t, existingWorkspaceID, workspaces[0].ReadID, "read, never created")
			assert.Equal(t, existingWorkspaceID, get(t, m, "aca-logs").Plain("workspaceId"))
			got, _ := outs.Get("workspace")
			assert.Equal(t, existingWorkspaceID, got)
			customer, known := outs.Get("customer")
			assert.True(t, known, "the read gives the customer id in preview too")
			assert.Equal(t, harness.WorkspaceCustomerID(existingWorkspaceID), customer)
		})
	}
}

func TestWorkloadRejectsABadLogWorkspace(t *testing.T) {
	for _, c := range []struct {
		mutate func(*components.ContainerAppsEnvironmentArgs)
		want   string
	}{
		{func(a *components.ContainerAppsEnvironmentArgs) { a.LogAnalyticsWorkspaceID = pulumi.String(vaultID) },
			"logAnalyticsWorkspaceId: \"" + vaultID + "\" is a Microsoft.KeyVault/vaults id, not a Microsoft.OperationalInsights/workspaces id"},
		{func(a *components.ContainerAppsEnvironmentArgs) { a.LogAnalyticsWorkspaceName = "-log" },
			`logAnalyticsWorkspaceName "-log" breaks the naming rule`},
	} {
		expectFailure(t, func(ctx *pulumi.Context) error {
			args := environmentArgs()
			c.mutate(args)
			_, err := components.NewContainerAppsEnvironment(ctx, "aca", args)
			return err
		}, c.want)
	}

	// An id that is an output is checked when it resolves.
	_, err := harness.Run(func(ctx *pulumi.Context) error {
		args := environmentArgs()
		args.LogAnalyticsWorkspaceID = pulumi.String(vaultID).ToStringOutput()
		_, err := components.NewContainerAppsEnvironment(ctx, "aca", args)
		return err
	}, harness.Options{})
	require.ErrorContains(t, err, "not a Microsoft.OperationalInsights/workspaces id")
}
