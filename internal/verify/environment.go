package verify

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/appcontainers/armappcontainers/v3"
)

// Check names of the Container Apps environment checks.
const (
	CheckEnvironment     = "containerapp.environment"
	CheckEnvironmentLogs = "containerapp.environmentLogs"
)

// The log destinations of a Container Apps environment (appLogsConfiguration.destination).
const (
	// logsAzureMonitor sends logs through the environment's diagnostic
	// settings (resource-specific tables such as ContainerAppConsoleLogs).
	logsAzureMonitor = "azure-monitor"
	// logsLogAnalytics sends logs straight to a workspace
	// (ContainerAppConsoleLogs_CL).
	logsLogAnalytics = "log-analytics"
)

// insightsAPIVersion is the Microsoft.Insights API version of the
// diagnostic settings read (the version azure-native deploys them with).
const insightsAPIVersion = "2021-05-01-preview"

// environmentLogCategories are the diagnostic log categories of an
// environment that carry its containers' output and its system events
// (pull errors): both must reach the workspace.
var environmentLogCategories = []string{"ContainerAppConsoleLogs", "ContainerAppSystemLogs"}

// diagnosticSetting is the part of a Microsoft.Insights/diagnosticSettings
// resource verify reads.
type diagnosticSetting struct {
	Name       string `json:"name"`
	Properties struct {
		WorkspaceID                 string `json:"workspaceId"`
		LogAnalyticsDestinationType string `json:"logAnalyticsDestinationType"`
		Logs                        []struct {
			Category      string `json:"category"`
			CategoryGroup string `json:"categoryGroup"`
			Enabled       bool   `json:"enabled"`
		} `json:"logs"`
	} `json:"properties"`
}

// checkEnvironment reads the Container Apps environment and checks it
// against the stack: provisioned, on the declared subnet, internal or
// external as declared, with every declared workload profile; then where its
// logs go. It returns the environment's log destination ("" when unknown),
// which tells the probe where to read its log.
func checkEnvironment(ctx context.Context, c *Clients, o *Outputs, r *Report) string {
	want := o.ContainerAppsEnvironment
	if want.ID == "" {
		return ""
	}
	id, err := parseID(want.ID)
	if err != nil {
		r.fail(CheckEnvironment, want.ID, err.Error(), "a Container Apps environment id", fixRead)
		return ""
	}
	f, err := c.appContainers(id.SubscriptionID)
	if err != nil {
		r.fail(CheckEnvironment, want.ID, err.Error(), "a Container Apps client", fixRead)
		return ""
	}
	resp, err := f.NewManagedEnvironmentsClient().Get(ctx, id.ResourceGroupName, id.Name, nil)
	if err != nil {
		r.fail(CheckEnvironment, want.ID, describeError(err), "the Container Apps environment", fixRead)
		return ""
	}
	props := resp.Properties
	if props == nil {
		props = &armappcontainers.ManagedEnvironmentProperties{}
	}
	checkEnvironmentShape(props, want, r)
	return checkEnvironmentLogs(ctx, c, o, props, r)
}

// checkEnvironmentShape compares provisioning, subnet, internal and the
// workload profiles with the declaration.
func checkEnvironmentShape(props *armappcontainers.ManagedEnvironmentProperties, want EnvironmentOutput, r *Report) {
	state := string(derefString(props.ProvisioningState))
	subnet, internal := "", false
	if v := props.VnetConfiguration; v != nil {
		subnet, internal = derefString(v.InfrastructureSubnetID), deref(v.Internal)
	}
	var live []string
	for _, p := range props.WorkloadProfiles {
		if p != nil {
			live = append(live, profileLabel(derefString(p.Name), derefString(p.WorkloadProfileType)))
		}
	}
	var declared, missing []string
	for _, p := range want.WorkloadProfiles {
		label := profileLabel(p.Name, p.Type)
		declared = append(declared, label)
		if !slices.ContainsFunc(live, func(l string) bool { return strings.EqualFold(l, label) }) {
			missing = append(missing, label)
		}
	}
	found := fmt.Sprintf("provisioningState=%s, subnet=%s, internal=%t, workloadProfiles=[%s]",
		orNone(state), orNone(subnet), internal, strings.Join(live, ","))
	expected := fmt.Sprintf("provisioningState=Succeeded, subnet=%s, internal=%t, workloadProfiles include [%s]",
		want.SubnetID, want.Internal, strings.Join(declared, ","))
	if len(missing) > 0 {
		found += " (missing " + strings.Join(missing, ",") + ")"
	}
	failedState := slices.ContainsFunc([]armappcontainers.EnvironmentProvisioningState{
		armappcontainers.EnvironmentProvisioningStateFailed, armappcontainers.EnvironmentProvisioningStateUpgradeFailed,
		armappcontainers.EnvironmentProvisioningStateCanceled,
	}, func(s armappcontainers.EnvironmentProvisioningState) bool { return strings.EqualFold(state, string(s)) })
	switch {
	case failedState || !SameID(subnet, want.SubnetID) || internal != want.Internal || len(missing) > 0:
		r.fail(CheckEnvironment, want.ID, found, expected, fixEnvironment)
	case !strings.EqualFold(state, string(armappcontainers.EnvironmentProvisioningStateSucceeded)):
		r.warn(CheckEnvironment, want.ID, found+" (not settled)", expected, "run verify again in a few minutes; if it stays, "+fixEnvironment)
	default:
		r.pass(CheckEnvironment, want.ID, found, expected)
	}
}

// profileLabel names a workload profile as name(type).
func profileLabel(name, typ string) string {
	return name + "(" + typ + ")"
}

// checkEnvironmentLogs checks that the environment's logs reach the stack's
// workspace: destination azure-monitor with a diagnostic setting sending
// ContainerAppConsoleLogs and ContainerAppSystemLogs to it (what privatepull
// deploys), or destination log-analytics with the workspace's customer id.
// It returns the destination.
func checkEnvironmentLogs(ctx context.Context, c *Clients, o *Outputs, props *armappcontainers.ManagedEnvironmentProperties, r *Report) string {
	envID := o.ContainerAppsEnvironment.ID
	destination, customerID := "", ""
	if l := props.AppLogsConfiguration; l != nil {
		destination = derefString(l.Destination)
		if l.LogAnalyticsConfiguration != nil {
			customerID = derefString(l.LogAnalyticsConfiguration.CustomerID)
		}
	}
	if o.LogAnalyticsWorkspaceID == "" {
		r.warn(CheckEnvironmentLogs, envID, "appLogsConfiguration.destination="+orNone(destination)+
			"; the stack declares no Log Analytics workspace (output logAnalyticsWorkspaceId is empty)",
			"the environment's logs in the stack's Log Analytics workspace", fixEnvironmentLogs)
		return destination
	}
	expected := fmt.Sprintf("destination %s with a diagnostic setting sending [%s] to %s (or destination %s with customerId %s)",
		logsAzureMonitor, strings.Join(environmentLogCategories, ","), o.LogAnalyticsWorkspaceID, logsLogAnalytics, o.LogAnalyticsCustomerID)
	switch strings.ToLower(destination) {
	case logsLogAnalytics:
		found := "destination " + logsLogAnalytics + ", customerId " + orNone(customerID)
		r.check(customerID != "" && strings.EqualFold(customerID, o.LogAnalyticsCustomerID), CheckEnvironmentLogs, envID, found, expected, fixEnvironmentLogs)
	case logsAzureMonitor:
		settings, err := listAll[diagnosticSetting](ctx, c.raw, envID+"/providers/Microsoft.Insights/diagnosticSettings", insightsAPIVersion)
		if err != nil {
			r.fail(CheckEnvironmentLogs, envID, "destination "+logsAzureMonitor+"; diagnostic settings: "+describeError(err), expected, fixRead)
			return destination
		}
		found, ok := describeDiagnosticSettings(settings, o.LogAnalyticsWorkspaceID)
		r.check(ok, CheckEnvironmentLogs, envID, "destination "+logsAzureMonitor+"; "+found, expected, fixEnvironmentLogs)
	default:
		r.fail(CheckEnvironmentLogs, envID, "appLogsConfiguration.destination="+orNone(destination)+" (the environment keeps no logs)",
			expected, fixEnvironmentLogs)
	}
	return destination
}

// describeDiagnosticSettings summarises the settings and reports whether one
// of them sends both log categories to the workspace.
func describeDiagnosticSettings(settings []diagnosticSetting, workspaceID string) (string, bool) {
	if len(settings) == 0 {
		return "no diagnostic setting", false
	}
	var parts []string
	ok := false
	for _, s := range settings {
		var enabled []string
		for _, l := range s.Properties.Logs {
			if !l.Enabled {
				continue
			}
			if l.CategoryGroup != "" {
				enabled = append(enabled, "group "+l.CategoryGroup)
			} else {
				enabled = append(enabled, l.Category)
			}
		}
		covers := func(category string) bool {
			return slices.ContainsFunc(enabled, func(e string) bool {
				return strings.EqualFold(e, category) || strings.EqualFold(e, "group allLogs")
			})
		}
		toWorkspace := SameID(s.Properties.WorkspaceID, workspaceID)
		if toWorkspace && covers(environmentLogCategories[0]) && covers(environmentLogCategories[1]) {
			ok = true
		}
		parts = append(parts, fmt.Sprintf("%s → %s [%s]", s.Name, orNone(s.Properties.WorkspaceID), strings.Join(enabled, ",")))
	}
	return "diagnostic settings " + strings.Join(parts, "; "), ok
}
