package components

import (
	"fmt"
	"regexp"
	"strings"

	app "github.com/pulumi/pulumi-azure-native-sdk/app/v2/v20240301"
	insights "github.com/pulumi/pulumi-azure-native-sdk/insights/v2/v20210501preview"
	operationalinsights "github.com/pulumi/pulumi-azure-native-sdk/operationalinsights/v2/v20221001"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// LogsDestinationAzureMonitor is the environment's
// appLogsConfiguration.destination: the environment then holds no workspace
// key, and a diagnostic setting routes its logs. The API accepts
// 'log-analytics', 'azure-monitor' or 'none' (azure-rest-api-specs,
// Microsoft.App/stable/2024-03-01/ManagedEnvironments.json, AppLogsConfiguration);
// 'log-analytics' would need the workspace's shared key in the environment.
const LogsDestinationAzureMonitor = "azure-monitor"

// LogsDiagnosticSettingName is the name of the diagnostic setting that sends
// the environment's logs to the workspace.
const LogsDiagnosticSettingName = "privatepull-logs"

// EnvironmentLogCategories are the log categories of
// Microsoft.App/managedEnvironments the diagnostic setting sends (Azure
// Monitor, supported logs): the containers' stdout and stderr (apps and jobs,
// e.g. the probe's PASS/FAIL lines) and the platform's events (revision
// provisioning, image pulls, job executions).
var EnvironmentLogCategories = []string{"ContainerAppConsoleLogs", "ContainerAppSystemLogs"}

// LogAnalyticsDestinationDedicated writes each category to its own
// resource-specific table (ContainerAppConsoleLogs, ContainerAppSystemLogs)
// instead of the shared AzureDiagnostics table (the only other value is null;
// Microsoft.Insights/preview/2021-05-01-preview/diagnosticsSettings_API.json).
const LogAnalyticsDestinationDedicated = "Dedicated"

// Settings of the workspace ContainerAppsEnvironment creates when it is given none
// (what `az containerapp env create` creates by default).
const (
	// LogAnalyticsWorkspaceSku is the pay-as-you-go pricing tier.
	LogAnalyticsWorkspaceSku = "PerGB2018"
	// LogAnalyticsRetentionDays is the retention included in that tier's price.
	LogAnalyticsRetentionDays = 30
)

// logAnalyticsWorkspaceNameRule: 4-63 letters, digits and hyphens, starting
// and ending with a letter or digit.
var logAnalyticsWorkspaceNameRule = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9-]{2,61}[A-Za-z0-9]$`)

// environmentLogs is where an environment's logs go: the workspace and the
// diagnostic setting that sends them there.
type environmentLogs struct {
	workspaceID pulumi.StringOutput
	customerID  pulumi.StringOutput
	setting     *insights.DiagnosticSetting
}

// logWorkspaceName is the name of the workspace the component creates:
// LogAnalyticsWorkspaceName, else log-<environmentName> cut to 63 characters.
func (a *ContainerAppsEnvironmentArgs) logWorkspaceName() string {
	if a.LogAnalyticsWorkspaceName != "" {
		return a.LogAnalyticsWorkspaceName
	}
	name := "log-" + a.EnvironmentName
	if len(name) > 63 {
		name = strings.TrimRight(name[:63], "-")
	}
	return name
}

// checkLogs rejects a known workspace id of another type and a workspace name
// Azure would refuse, before anything is registered.
func (a *ContainerAppsEnvironmentArgs) checkLogs() error {
	if id, known := knownString(a.LogAnalyticsWorkspaceID); known && id != "" {
		if _, err := ParseResourceIDOfType(id, TypeLogAnalyticsWorkspace); err != nil {
			return fmt.Errorf("logAnalyticsWorkspaceId: %w", err)
		}
	}
	if name := a.logWorkspaceName(); !isSet(a.LogAnalyticsWorkspaceID) && !logAnalyticsWorkspaceNameRule.MatchString(name) {
		return fmt.Errorf("logAnalyticsWorkspaceName %q breaks the naming rule: 4-63 letters, digits and hyphens, "+
			"starting and ending with a letter or digit", name)
	}
	return nil
}

// newEnvironmentLogs registers the workspace (or reads the existing one, whose
// customerId the stack outputs) and a diagnostic setting on the environment
// that sends its console and system logs to it. No shared key is involved:
// the environment's destination is azure-monitor.
func newEnvironmentLogs(ctx *pulumi.Context, name string, env *app.ManagedEnvironment, args *ContainerAppsEnvironmentArgs,
	child []pulumi.ResourceOption) (*environmentLogs, error) {
	workspace, err := logWorkspace(ctx, childName(name, "logs-workspace"), args, child)
	if err != nil {
		return nil, err
	}
	logs := insights.LogSettingsArray{}
	for _, category := range EnvironmentLogCategories {
		logs = append(logs, &insights.LogSettingsArgs{Category: pulumi.String(category), Enabled: pulumi.Bool(true)})
	}
	setting, err := insights.NewDiagnosticSetting(ctx, childName(name, "logs"), &insights.DiagnosticSettingArgs{
		Name:                        pulumi.String(LogsDiagnosticSettingName),
		ResourceUri:                 env.ID(),
		WorkspaceId:                 workspace.ID(),
		LogAnalyticsDestinationType: pulumi.String(LogAnalyticsDestinationDedicated),
		Logs:                        logs,
	}, child...)
	if err != nil {
		return nil, fmt.Errorf("diagnostic setting %s of %s: %w", LogsDiagnosticSettingName, args.EnvironmentName, err)
	}
	return &environmentLogs{
		workspaceID: workspace.ID().ToStringOutput(),
		customerID:  workspace.CustomerId,
		setting:     setting,
	}, nil
}

// logWorkspace reads the existing workspace by id (a read, not an invoke: it
// works in preview and records nothing to delete), or creates one in the
// environment's resource group.
func logWorkspace(ctx *pulumi.Context, name string, args *ContainerAppsEnvironmentArgs,
	child []pulumi.ResourceOption) (*operationalinsights.Workspace, error) {
	if isSet(args.LogAnalyticsWorkspaceID) {
		id := checkedID(args.LogAnalyticsWorkspaceID, TypeLogAnalyticsWorkspace).ApplyT(
			func(s string) pulumi.ID { return pulumi.ID(s) }).(pulumi.IDOutput)
		workspace, err := operationalinsights.GetWorkspace(ctx, name, id, nil, child...)
		if err != nil {
			return nil, fmt.Errorf("read Log Analytics workspace: %w", err)
		}
		return workspace, nil
	}
	workspaceName := args.logWorkspaceName()
	workspace, err := operationalinsights.NewWorkspace(ctx, name, &operationalinsights.WorkspaceArgs{
		WorkspaceName:     pulumi.String(workspaceName),
		ResourceGroupName: args.ResourceGroupName,
		Location:          pulumi.String(args.Location),
		Sku:               &operationalinsights.WorkspaceSkuArgs{Name: pulumi.String(LogAnalyticsWorkspaceSku)},
		RetentionInDays:   pulumi.Int(LogAnalyticsRetentionDays),
		Tags:              tagsInput(args.Tags),
	}, child...)
	if err != nil {
		return nil, fmt.Errorf("create Log Analytics workspace %s: %w", workspaceName, err)
	}
	return workspace, nil
}
