package components

import (
	"fmt"
	"sort"

	app "github.com/pulumi/pulumi-azure-native-sdk/app/v2/v20240301"
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

// ClientIDEnvVar is the environment variable through which an app's code finds
// the client id of its user-assigned identity (DefaultAzureCredential reads it).
const ClientIDEnvVar = "AZURE_CLIENT_ID"

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

// ContainerAppSpec describes one container app.
type ContainerAppSpec struct {
	// Name is the app's Azure name; the container has the same name. Plain:
	// it names the app's resource.
	Name string `pulumi:"name"`
	// ImageRepository is the repository in the private registry, e.g. "myapp"
	// (no host, no tag: the login server is prepended).
	ImageRepository string `pulumi:"imageRepository"`
	// ImageTag is the image tag, e.g. "1.4.2".
	ImageTag string `pulumi:"imageTag"`
	// TargetPort is the port the container listens on (ingress target port).
	TargetPort int `pulumi:"targetPort"`
	// ExternalIngress exposes the app outside the environment (in an internal
	// environment: to the VNet); false (the default) limits it to the
	// environment.
	ExternalIngress bool `pulumi:"externalIngress,optional"`
	// Env are plain environment variables (AZURE_CLIENT_ID is always set to
	// the pull identity's client id). Plain map.
	Env map[string]string `pulumi:"env,optional"`
	// CPU is the container's vCPU, e.g. 0.5 (a multiple of 0.25).
	CPU float64 `pulumi:"cpu"`
	// Memory is the container's memory, e.g. "1Gi" (on the Consumption
	// profile 2 x cpu).
	Memory string `pulumi:"memory"`
	// MinReplicas is the minimum replica count.
	MinReplicas int `pulumi:"minReplicas,optional"`
	// MaxReplicas is the maximum replica count (at least 1).
	MaxReplicas int `pulumi:"maxReplicas"`
	// WorkloadProfileName is the profile the app runs on ("" = Consumption).
	WorkloadProfileName string `pulumi:"workloadProfileName,optional"`
}

// ContainerAppWorkloadArgs configures the ContainerAppWorkload component.
type ContainerAppWorkloadArgs struct {
	// EnvironmentName is the Container Apps environment's Azure name.
	EnvironmentName string `pulumi:"environmentName"`
	// Location is the environment's region.
	Location string `pulumi:"location"`
	// ResourceGroupName is the resource group of the environment and apps.
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
	// LoginServer is the private registry's login server, e.g.
	// PrivateRegistry's loginServer.
	LoginServer pulumi.StringInput `pulumi:"loginServer"`
	// PullIdentityID is the user-assigned identity's resource id, e.g.
	// PullIdentity's identityId.
	PullIdentityID pulumi.StringInput `pulumi:"pullIdentityId"`
	// PullIdentityClientID is that identity's client id, e.g. PullIdentity's
	// clientId.
	PullIdentityClientID pulumi.StringInput `pulumi:"pullIdentityClientId"`
	// PullReady are values every app and the probe job wait for, because
	// Container Apps validates the image pull when an app is created: pass
	// PullIdentity's acrPullReadyId (the grant and its propagation wait),
	// PrivateRegistry's pullReady (DNS zone groups, cache rules) and
	// PrivateNetwork's registryDnsReady (VNet links). Their values are
	// not used; the resources they come from become the apps' dependencies.
	// Plain list of inputs: each element may be an output.
	PullReady []pulumi.StringInput `pulumi:"pullReady,optional"`
	// PullDependencies are the same prerequisites as resource handles (Go
	// only, not in the schema): the AcrPull assignment and its propagation
	// wait, the private endpoints' DNS zone groups, the cache rules and the
	// DNS zones' VNet links.
	PullDependencies []pulumi.Resource
	// Apps are the container apps of the environment. Plain list: it decides
	// how many apps exist and their logical names.
	Apps []ContainerAppSpec `pulumi:"apps,optional"`
	// Probe declares the in-VNet pull-path probe job; unset for none.
	Probe *ProbeJobSpec `pulumi:"probe,optional"`
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

// ContainerAppWorkload is a VNet-integrated Container Apps environment and its
// apps, pulling from the private registry with the user-assigned identity.
type ContainerAppWorkload struct {
	pulumi.ResourceState

	// EnvironmentID is the environment's resource id.
	EnvironmentID pulumi.StringOutput `pulumi:"environmentId"`
	// DefaultDomain is the environment's default domain.
	DefaultDomain pulumi.StringOutput `pulumi:"defaultDomain"`
	// StaticIP is the environment's static IP (private when internal).
	StaticIP pulumi.StringOutput `pulumi:"staticIp"`
	// AppFQDNs maps each app's name to its ingress FQDN.
	AppFQDNs pulumi.StringMapOutput `pulumi:"appFqdns"`
	// AppIDs maps each app's name to its resource id.
	AppIDs pulumi.StringMapOutput `pulumi:"appIds"`
	// Apps maps each app's name to its resource (Go only, not in the schema).
	Apps map[string]*app.ContainerApp
	// ProbeJobID is the probe job's id ("" without one).
	ProbeJobID pulumi.StringOutput `pulumi:"probeJobId"`
	// LogAnalyticsWorkspaceID is the resource id of the workspace that
	// receives the environment's logs (created or given).
	LogAnalyticsWorkspaceID pulumi.StringOutput `pulumi:"logAnalyticsWorkspaceId"`
	// LogAnalyticsCustomerID is that workspace's customer id (a GUID): the
	// workspace the Log Analytics query API and `az monitor log-analytics
	// query --workspace` address.
	LogAnalyticsCustomerID pulumi.StringOutput `pulumi:"logAnalyticsCustomerId"`
}

// ContainerAppTimeout is the create and update timeout of every container app
// and of the probe job. Container Apps validates the image pull when the app
// is PUT and the platform retries a failed pull (a grant or a DNS record
// still propagating: RBAC can take up to 10 minutes), so a creation may take
// many minutes before it succeeds; one that hangs (microsoft/azure-container-apps#1061)
// fails after this instead of azure-native's default of 2 hours
// (pulumi-azure-native provider.go, azureContext).
const ContainerAppTimeout = "30m"

// NewContainerAppWorkload registers the environment and its container apps.
func NewContainerAppWorkload(ctx *pulumi.Context, name string, args *ContainerAppWorkloadArgs,
	opts ...pulumi.ResourceOption) (*ContainerAppWorkload, error) {
	if args == nil || args.LoginServer == nil || args.PullIdentityID == nil || args.PullIdentityClientID == nil {
		return nil, fmt.Errorf("ContainerAppWorkload %q: args with LoginServer and the pull identity are required", name)
	}
	if args.Probe != nil && args.Probe.DataEndpointHostNames == nil {
		return nil, fmt.Errorf("ContainerAppWorkload %q: the probe job needs DataEndpointHostNames", name)
	}
	if err := args.checkLogs(); err != nil {
		return nil, fmt.Errorf("ContainerAppWorkload %q: %w", name, err)
	}
	component := &ContainerAppWorkload{Apps: map[string]*app.ContainerApp{}}
	child, err := registerComponent(ctx, "ContainerAppWorkload", name, component, opts...)
	if err != nil {
		return nil, err
	}
	tags := tagsInput(args.Tags)

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
		Tags:                 tags,
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

	// Every app and the probe job wait for what their first pull needs and
	// for the diagnostic setting, so that a failed first pull is logged, and
	// get a timeout long enough for the platform's pull retries.
	workloadOpts := withOpts(gated(ctx, child, append(append([]pulumi.Resource{}, args.PullDependencies...),
		logs.setting), args.PullReady),
		pulumi.Timeouts(&pulumi.CustomTimeouts{Create: ContainerAppTimeout, Update: ContainerAppTimeout}))
	fqdns, ids := pulumi.StringMap{}, pulumi.StringMap{}
	for _, spec := range args.Apps {
		ca, err := app.NewContainerApp(ctx, childName(name, spec.Name), containerAppArgs(spec, env, args),
			workloadOpts...)
		if err != nil {
			return nil, fmt.Errorf("container app %s: %w", spec.Name, err)
		}
		component.Apps[spec.Name] = ca
		fqdns[spec.Name] = ca.Configuration.Ingress().Fqdn().Elem()
		ids[spec.Name] = ca.ID().ToStringOutput()
	}

	component.ProbeJobID = pulumi.String("").ToStringOutput()
	if args.Probe != nil {
		job, err := newProbeJob(ctx, name, env, args, workloadOpts)
		if err != nil {
			return nil, err
		}
		component.ProbeJobID = job.ID().ToStringOutput()
	}

	component.EnvironmentID = env.ID().ToStringOutput()
	component.DefaultDomain = env.DefaultDomain
	component.StaticIP = env.StaticIp
	component.AppFQDNs = fqdns.ToStringMapOutput()
	component.AppIDs = ids.ToStringMapOutput()
	component.LogAnalyticsWorkspaceID = logs.workspaceID
	component.LogAnalyticsCustomerID = logs.customerID

	if err := ctx.RegisterResourceOutputs(component, pulumi.Map{
		"environmentId": component.EnvironmentID,
		"defaultDomain": component.DefaultDomain,
		"staticIp":      component.StaticIP,
		"appFqdns":      component.AppFQDNs,
		"appIds":        component.AppIDs,
		"probeJobId":    component.ProbeJobID,

		"logAnalyticsWorkspaceId": component.LogAnalyticsWorkspaceID,
		"logAnalyticsCustomerId":  component.LogAnalyticsCustomerID,
	}); err != nil {
		return nil, fmt.Errorf("ContainerAppWorkload %q outputs: %w", name, err)
	}
	return component, nil
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

// containerAppArgs builds one app: the user-assigned identity attached and
// named as the registry's pull identity, AZURE_CLIENT_ID set, the image taken
// from the private login server.
func containerAppArgs(spec ContainerAppSpec, env *app.ManagedEnvironment, args *ContainerAppWorkloadArgs) *app.ContainerAppArgs {
	image := pulumi.Sprintf("%s/%s:%s", args.LoginServer, spec.ImageRepository, spec.ImageTag)
	envVars := app.EnvironmentVarArray{&app.EnvironmentVarArgs{
		Name:  pulumi.String(ClientIDEnvVar),
		Value: args.PullIdentityClientID,
	}}
	keys := make([]string, 0, len(spec.Env))
	for k := range spec.Env {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		envVars = append(envVars, &app.EnvironmentVarArgs{Name: pulumi.String(k), Value: pulumi.String(spec.Env[k])})
	}
	caArgs := &app.ContainerAppArgs{
		ContainerAppName:     pulumi.String(spec.Name),
		ResourceGroupName:    args.ResourceGroupName,
		Location:             pulumi.String(args.Location),
		ManagedEnvironmentId: env.ID(),
		Identity: &app.ManagedServiceIdentityArgs{
			Type:                   pulumi.String("UserAssigned"),
			UserAssignedIdentities: pulumi.StringArray{args.PullIdentityID},
		},
		Configuration: &app.ConfigurationArgs{
			ActiveRevisionsMode: pulumi.String("Single"),
			Ingress: &app.IngressArgs{
				External:      pulumi.Bool(spec.ExternalIngress),
				TargetPort:    pulumi.Int(spec.TargetPort),
				Transport:     pulumi.String("auto"),
				AllowInsecure: pulumi.Bool(false),
			},
			Registries: app.RegistryCredentialsArray{&app.RegistryCredentialsArgs{
				Server:   args.LoginServer,
				Identity: args.PullIdentityID,
			}},
		},
		Template: &app.TemplateArgs{
			Containers: app.ContainerArray{&app.ContainerArgs{
				Name:  pulumi.String(spec.Name),
				Image: image,
				Env:   envVars,
				Resources: &app.ContainerResourcesArgs{
					Cpu:    pulumi.Float64(spec.CPU),
					Memory: pulumi.String(spec.Memory),
				},
			}},
			Scale: &app.ScaleArgs{
				MinReplicas: pulumi.Int(spec.MinReplicas),
				MaxReplicas: pulumi.Int(spec.MaxReplicas),
			},
		},
		Tags: tagsInput(args.Tags),
	}
	profile := spec.WorkloadProfileName
	if profile == "" {
		profile = ConsumptionProfileName
	}
	caArgs.WorkloadProfileName = pulumi.String(profile)
	return caArgs
}
