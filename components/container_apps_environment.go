package components

import (
	"fmt"

	app "github.com/pulumi/pulumi-azure-native-sdk/app/v2/v20240301"
	insights "github.com/pulumi/pulumi-azure-native-sdk/insights/v2/v20210501preview"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// ConsumptionProfileName is the workload profile every environment has; apps
// without a dedicated profile run on it.
const ConsumptionProfileName = "Consumption"

// WorkloadProfileNode is the size of one node of a dedicated workload profile
// type: an app on that profile cannot ask for more.
type WorkloadProfileNode struct {
	// CPU is the node's vCPU count.
	CPU float64
	// MemoryGiB is the node's memory in GiB.
	MemoryGiB float64
}

// WorkloadProfileNodes are the dedicated workload profile types Azure offers
// and their node sizes.
var WorkloadProfileNodes = map[string]WorkloadProfileNode{
	"D4": {4, 16}, "D8": {8, 32}, "D16": {16, 64}, "D32": {32, 128},
	"E4": {4, 32}, "E8": {8, 64}, "E16": {16, 128}, "E32": {32, 256},
	"NC24-A100": {24, 220}, "NC48-A100": {48, 440}, "NC96-A100": {96, 880},
}

// WorkloadProfileSpec is one dedicated workload profile of the environment.
type WorkloadProfileSpec struct {
	// Name is the profile's name, referenced by apps' workloadProfileName.
	Name string `pulumi:"name"`
	// Type is the profile type, e.g. D4, D8, E4.
	Type string `pulumi:"type"`
	// MinimumCount is the minimum number of nodes.
	MinimumCount int `pulumi:"minimumCount,optional"`
	// MaximumCount is the maximum number of nodes (at least 1).
	MaximumCount int `pulumi:"maximumCount"`
}

// ContainerAppsEnvironmentArgs configures the ContainerAppsEnvironment component.
type ContainerAppsEnvironmentArgs struct {
	// EnvironmentName is the Container Apps environment's Azure name.
	EnvironmentName string `pulumi:"environmentName"`
	// Location is the environment's region.
	Location string `pulumi:"location"`
	// ResourceGroupName is the resource group of the environment and its logs.
	ResourceGroupName pulumi.StringInput `pulumi:"resourceGroupName"`
	// InfrastructureSubnetID is the environment's subnet: /27 or larger,
	// delegated to Microsoft.App/environments (a workload-profiles
	// environment; Azure no longer creates consumption-only environments on
	// undelegated subnets), e.g. PrivateNetwork's containerAppsSubnetId.
	InfrastructureSubnetID pulumi.StringInput `pulumi:"infrastructureSubnetId"`
	// Internal gives the environment a private static IP only; a private DNS
	// zone for its default domain is then created and linked to vnetId.
	// Plain: it decides whether that zone exists.
	Internal bool `pulumi:"internal,optional"`
	// VnetID is the VNet to link the internal environment's DNS zone to
	// (required when internal).
	VnetID pulumi.StringInput `pulumi:"vnetId,optional"`
	// WorkloadProfiles are the dedicated profiles. The environment is always
	// a workload-profiles (v2) environment: the Consumption profile is always
	// sent first, so the list Azure receives is never empty. Plain list.
	WorkloadProfiles []WorkloadProfileSpec `pulumi:"workloadProfiles,optional"`
	// LogAnalyticsWorkspaceID is an existing Log Analytics workspace
	// (/subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.OperationalInsights/workspaces/<name>,
	// any subscription the deployment can read) that receives the
	// environment's console and system logs. Unset: the component creates
	// one (logAnalyticsWorkspaceName). Either way the environment's log
	// destination is azure-monitor and a diagnostic setting named
	// privatepull-logs sends the ContainerAppConsoleLogs and
	// ContainerAppSystemLogs categories to the workspace's resource-specific
	// tables: no workspace key is used or stored. It may be an output of
	// another resource: its type is checked when it resolves.
	LogAnalyticsWorkspaceID pulumi.StringInput `pulumi:"logAnalyticsWorkspaceId,optional"`
	// LogAnalyticsWorkspaceName names the workspace the component creates
	// when logAnalyticsWorkspaceId is unset: 4-63 letters, digits and
	// hyphens ("" = log-<environmentName>). It is created in the
	// environment's resource group and region, pay-as-you-go (PerGB2018)
	// with 30 days' retention. Plain: it names the workspace.
	LogAnalyticsWorkspaceName string `pulumi:"logAnalyticsWorkspaceName,optional"`
	// Tags are applied to every taggable resource. Plain map.
	Tags map[string]string `pulumi:"tags,optional"`
}

// ContainerAppsEnvironment is a VNet-integrated workload-profiles Container
// Apps environment with its logs (a Log Analytics workspace and a keyless
// diagnostic setting) and, when internal, the private DNS zone of its
// default domain. ContainerAppWorkload puts apps in it.
type ContainerAppsEnvironment struct {
	pulumi.ResourceState

	// EnvironmentID is the environment's resource id. It resolves only once
	// the environment's diagnostic setting exists too, so that apps created
	// in it (ContainerAppWorkload's environmentId) have their first pull
	// logged.
	EnvironmentID pulumi.StringOutput `pulumi:"environmentId"`
	// DefaultDomain is the environment's default domain.
	DefaultDomain pulumi.StringOutput `pulumi:"defaultDomain"`
	// StaticIP is the environment's static IP (private when internal).
	StaticIP pulumi.StringOutput `pulumi:"staticIp"`
	// LogAnalyticsWorkspaceID is the resource id of the workspace that
	// receives the environment's logs (created or given).
	LogAnalyticsWorkspaceID pulumi.StringOutput `pulumi:"logAnalyticsWorkspaceId"`
	// LogAnalyticsCustomerID is that workspace's customer id (a GUID): the
	// workspace the Log Analytics query API and `az monitor log-analytics
	// query --workspace` address.
	LogAnalyticsCustomerID pulumi.StringOutput `pulumi:"logAnalyticsCustomerId"`
	// Environment is the environment resource (Go only, not in the schema).
	Environment *app.ManagedEnvironment
	// LogsSetting is the diagnostic setting that sends the environment's
	// logs to the workspace (Go only, not in the schema): Go callers put it
	// in ContainerAppWorkload's PullDependencies.
	LogsSetting *insights.DiagnosticSetting
}

// NewContainerAppsEnvironment registers the environment, its logs and, when
// internal, its private DNS zone. Its children kept the names they had in
// ContainerAppWorkload (of the same name), which they are aliased from.
func NewContainerAppsEnvironment(ctx *pulumi.Context, name string, args *ContainerAppsEnvironmentArgs,
	opts ...pulumi.ResourceOption) (*ContainerAppsEnvironment, error) {
	if err := args.check(); err != nil {
		return nil, fmt.Errorf("ContainerAppsEnvironment %q: %w", name, err)
	}
	component := &ContainerAppsEnvironment{}
	child, err := registerComponent(ctx, "ContainerAppsEnvironment", name, component, opts...)
	if err != nil {
		return nil, err
	}
	parts, err := buildEnvironment(ctx, name, args, withOpts(child, legacyParentAlias(component, "ContainerAppWorkload")))
	if err != nil {
		return nil, err
	}
	env, logs := parts.environment, parts.logs

	component.Environment = env
	component.LogsSetting = logs.setting
	component.EnvironmentID = pulumi.All(env.ID(), logs.setting.ID()).ApplyT(func(v []any) string {
		return string(v[0].(pulumi.ID))
	}).(pulumi.StringOutput)
	component.DefaultDomain = env.DefaultDomain
	component.StaticIP = env.StaticIp
	component.LogAnalyticsWorkspaceID = logs.workspaceID
	component.LogAnalyticsCustomerID = logs.customerID
	if err := ctx.RegisterResourceOutputs(component, pulumi.Map{
		"environmentId":           component.EnvironmentID,
		"defaultDomain":           component.DefaultDomain,
		"staticIp":                component.StaticIP,
		"logAnalyticsWorkspaceId": component.LogAnalyticsWorkspaceID,
		"logAnalyticsCustomerId":  component.LogAnalyticsCustomerID,
	}); err != nil {
		return nil, fmt.Errorf("ContainerAppsEnvironment %q outputs: %w", name, err)
	}
	return component, nil
}

// environmentParts are what buildEnvironment registered.
type environmentParts struct {
	environment *app.ManagedEnvironment
	logs        *environmentLogs
}

// buildEnvironment registers the environment args describe (args passed
// check()), its logs and, when internal, its private DNS zone, as children
// with the options child. ContainerAppsEnvironment and ContainerAppWorkload's
// deprecated environment inputs both build the environment here.
func buildEnvironment(ctx *pulumi.Context, name string, args *ContainerAppsEnvironmentArgs,
	child []pulumi.ResourceOption) (*environmentParts, error) {
	env, err := app.NewManagedEnvironment(ctx, childName(name, "env"), &app.ManagedEnvironmentArgs{
		EnvironmentName:   pulumi.String(args.EnvironmentName),
		ResourceGroupName: args.ResourceGroupName,
		Location:          pulumi.String(args.Location),
		VnetConfiguration: &app.VnetConfigurationArgs{
			InfrastructureSubnetId: args.InfrastructureSubnetID,
			Internal:               pulumi.Bool(args.Internal),
		},
		WorkloadProfiles: workloadProfiles(args.WorkloadProfiles),
		// Keyless: a diagnostic setting routes the logs (container_app_logs.go).
		AppLogsConfiguration: &app.AppLogsConfigurationArgs{Destination: pulumi.String(LogsDestinationAzureMonitor)},
		Tags:                 tagsInput(args.Tags),
	}, child...)
	if err != nil {
		return nil, fmt.Errorf("container apps environment %s: %w", args.EnvironmentName, err)
	}
	logs, err := newEnvironmentLogs(ctx, name, env, args, child)
	if err != nil {
		return nil, err
	}
	if args.Internal {
		if err := newEnvironmentDNS(ctx, name, env, args, child); err != nil {
			return nil, err
		}
	}
	return &environmentParts{environment: env, logs: logs}, nil
}

// check rejects args the environment cannot be built from, before anything
// is registered.
func (a *ContainerAppsEnvironmentArgs) check() error {
	if a == nil || a.EnvironmentName == "" || a.ResourceGroupName == nil || a.InfrastructureSubnetID == nil {
		return fmt.Errorf("args with EnvironmentName, ResourceGroupName and InfrastructureSubnetID are required")
	}
	if err := checkKnownIDs([]idCheck{{a.InfrastructureSubnetID, TypeSubnet}, {a.VnetID, TypeVirtualNetwork}}); err != nil {
		return err
	}
	if a.Internal && !isSet(a.VnetID) {
		return fmt.Errorf("an internal environment needs VnetID for its DNS zone")
	}
	return a.checkLogs()
}

// workloadProfiles returns the Consumption profile followed by the dedicated
// ones. It is never empty: an empty array is not the Consumption profile, and
// deploying a consumption-only (v1) environment now fails asking for the
// Microsoft.App/environments delegation.
func workloadProfiles(specs []WorkloadProfileSpec) app.WorkloadProfileArray {
	profiles := app.WorkloadProfileArray{&app.WorkloadProfileArgs{
		Name:                pulumi.String(ConsumptionProfileName),
		WorkloadProfileType: pulumi.String(ConsumptionProfileName),
	}}
	for _, p := range specs {
		profiles = append(profiles, &app.WorkloadProfileArgs{
			Name:                pulumi.String(p.Name),
			WorkloadProfileType: pulumi.String(p.Type),
			MinimumCount:        pulumi.Int(p.MinimumCount),
			MaximumCount:        pulumi.Int(p.MaximumCount),
		})
	}
	return profiles
}
