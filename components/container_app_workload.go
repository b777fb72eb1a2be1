package components

import (
	"fmt"
	"sort"

	app "github.com/pulumi/pulumi-azure-native-sdk/app/v2/v20240301"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// ClientIDEnvVar is the environment variable through which an app's code finds
// the client id of its user-assigned identity (DefaultAzureCredential reads it).
const ClientIDEnvVar = "AZURE_CLIENT_ID"

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
	// Kind is the app's kind: "" for a container app, or "functionapp" for
	// Azure Functions on Container Apps (the native model: the Functions
	// host in the image, KEDA scale rules from its triggers). A function
	// app is registered with the app v20241002preview API (the v2 SDK has
	// kind only in preview API versions) and pulls exactly like a container
	// app. Plain: it decides the API version the app is registered with.
	Kind string `pulumi:"kind,optional"`
}

// ContainerAppWorkloadArgs configures the ContainerAppWorkload component.
type ContainerAppWorkloadArgs struct {
	// EnvironmentID is the Container Apps environment the apps and the
	// probe job go to, e.g. ContainerAppsEnvironment's environmentId (which
	// resolves once the environment's diagnostic setting exists, so that a
	// failed first pull is logged), or an existing environment's id.
	// Required, unless the deprecated environmentName and
	// infrastructureSubnetId are given instead. It may be an output of
	// another resource: its type is checked when it resolves.
	EnvironmentID pulumi.StringInput `pulumi:"environmentId,optional"`
	// Location is the environment's region.
	Location string `pulumi:"location"`
	// ResourceGroupName is the resource group of the apps.
	ResourceGroupName pulumi.StringInput `pulumi:"resourceGroupName"`
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
	// RegistryEndpoints' pullReady (DNS zone groups), RegistryImages'
	// pullReady (cache rules) and PrivateDnsZones' registryDnsReady (VNet
	// links). Their values are not used; the resources they come from
	// become the apps' dependencies. Plain list of inputs: each element may
	// be an output.
	PullReady []pulumi.StringInput `pulumi:"pullReady,optional"`
	// PullDependencies are the same prerequisites as resource handles (Go
	// only, not in the schema): the grant and its propagation wait, the
	// private endpoints' DNS zone groups, the cache rules, the DNS zones'
	// VNet links and the environment's diagnostic setting.
	PullDependencies []pulumi.Resource
	// Apps are the container apps of the environment. Plain list: it decides
	// how many apps exist and their logical names.
	Apps []ContainerAppSpec `pulumi:"apps,optional"`
	// Probe declares the in-VNet pull-path probe job; unset for none.
	Probe *ProbeJobSpec `pulumi:"probe,optional"`
	// Tags are applied to every taggable resource. Plain map.
	Tags map[string]string `pulumi:"tags,optional"`

	// Deprecated: compose ContainerAppsEnvironment instead (faster across
	// languages: a component is built only once all its inputs are known,
	// so here the environment, the slowest resource, waits for the
	// registry's endpoints and the pull grant's propagation).
	//
	// EnvironmentName creates the environment with the apps (instead of
	// environmentId), with this name and infrastructureSubnetId, as
	// ContainerAppsEnvironment's environmentName, under the names its
	// resources had before ContainerAppsEnvironment existed (a stack
	// deployed then keeps them). Plain: it names the environment.
	EnvironmentName string `pulumi:"environmentName,optional"`
	// Deprecated: compose ContainerAppsEnvironment instead (faster across
	// languages: see environmentName).
	//
	// InfrastructureSubnetID is ContainerAppsEnvironment's
	// infrastructureSubnetId (with environmentName).
	InfrastructureSubnetID pulumi.StringInput `pulumi:"infrastructureSubnetId,optional"`
	// Deprecated: compose ContainerAppsEnvironment instead (faster across
	// languages: see environmentName).
	//
	// Internal is ContainerAppsEnvironment's internal (with
	// environmentName). Plain: it decides whether the environment's DNS zone
	// exists.
	Internal bool `pulumi:"internal,optional"`
	// Deprecated: compose ContainerAppsEnvironment instead (faster across
	// languages: see environmentName).
	//
	// VnetID is ContainerAppsEnvironment's vnetId (with environmentName).
	VnetID pulumi.StringInput `pulumi:"vnetId,optional"`
	// Deprecated: compose ContainerAppsEnvironment instead (faster across
	// languages: see environmentName).
	//
	// WorkloadProfiles are ContainerAppsEnvironment's workloadProfiles (with
	// environmentName). Plain list.
	WorkloadProfiles []WorkloadProfileSpec `pulumi:"workloadProfiles,optional"`
	// Deprecated: compose ContainerAppsEnvironment instead (faster across
	// languages: see environmentName).
	//
	// LogAnalyticsWorkspaceID is ContainerAppsEnvironment's
	// logAnalyticsWorkspaceId (with environmentName).
	LogAnalyticsWorkspaceID pulumi.StringInput `pulumi:"logAnalyticsWorkspaceId,optional"`
	// Deprecated: compose ContainerAppsEnvironment instead (faster across
	// languages: see environmentName).
	//
	// LogAnalyticsWorkspaceName is ContainerAppsEnvironment's
	// logAnalyticsWorkspaceName (with environmentName). Plain: it names the
	// workspace.
	LogAnalyticsWorkspaceName string `pulumi:"logAnalyticsWorkspaceName,optional"`
}

// ContainerAppWorkload are container apps (and the pull-path probe job) in a
// Container Apps environment (or, deprecated, in the environment it creates
// with environmentName), pulling from the private registry with the
// user-assigned identity.
type ContainerAppWorkload struct {
	pulumi.ResourceState

	// AppFQDNs maps each app's name to its ingress FQDN.
	AppFQDNs pulumi.StringMapOutput `pulumi:"appFqdns"`
	// AppIDs maps each app's name to its resource id.
	AppIDs pulumi.StringMapOutput `pulumi:"appIds"`
	// Apps maps each container app's name to its resource (Go only, not in
	// the schema); function apps (kind functionapp) are in FunctionApps.
	Apps map[string]*app.ContainerApp
	// FunctionApps maps each function app's name (kind functionapp) to its
	// resource, of the app v20241002preview API (Go only).
	FunctionApps map[string]*FunctionApp
	// ProbeJobID is the probe job's id ("" without one).
	ProbeJobID pulumi.StringOutput `pulumi:"probeJobId"`

	// Deprecated: compose ContainerAppsEnvironment instead (faster across
	// languages: see environmentName).
	//
	// EnvironmentID is the id of the environment the apps are in: the one
	// environmentName created, or environmentId.
	EnvironmentID pulumi.StringOutput `pulumi:"environmentId"`
	// Deprecated: compose ContainerAppsEnvironment instead (faster across
	// languages: see environmentName).
	//
	// DefaultDomain is ContainerAppsEnvironment's defaultDomain for
	// environmentName ("" with environmentId).
	DefaultDomain pulumi.StringOutput `pulumi:"defaultDomain"`
	// Deprecated: compose ContainerAppsEnvironment instead (faster across
	// languages: see environmentName).
	//
	// StaticIP is ContainerAppsEnvironment's staticIp for environmentName
	// ("" with environmentId).
	StaticIP pulumi.StringOutput `pulumi:"staticIp"`
	// Deprecated: compose ContainerAppsEnvironment instead (faster across
	// languages: see environmentName).
	//
	// LogAnalyticsWorkspaceID is ContainerAppsEnvironment's
	// logAnalyticsWorkspaceId for environmentName ("" with environmentId).
	LogAnalyticsWorkspaceID pulumi.StringOutput `pulumi:"logAnalyticsWorkspaceId"`
	// Deprecated: compose ContainerAppsEnvironment instead (faster across
	// languages: see environmentName).
	//
	// LogAnalyticsCustomerID is ContainerAppsEnvironment's
	// logAnalyticsCustomerId for environmentName ("" with environmentId).
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

// NewContainerAppWorkload registers the container apps and the probe job in
// the environment and, with the deprecated environment inputs, the
// environment first (as ContainerAppsEnvironment does, under the names its
// resources had before it existed).
func NewContainerAppWorkload(ctx *pulumi.Context, name string, args *ContainerAppWorkloadArgs,
	opts ...pulumi.ResourceOption) (*ContainerAppWorkload, error) {
	if err := args.check(); err != nil {
		return nil, fmt.Errorf("ContainerAppWorkload %q: %w", name, err)
	}
	component := &ContainerAppWorkload{Apps: map[string]*app.ContainerApp{},
		FunctionApps: map[string]*FunctionApp{}}
	child, err := registerComponent(ctx, "ContainerAppWorkload", name, component, opts...)
	if err != nil {
		return nil, err
	}
	environmentID, pullDependencies, err := args.environment(ctx, name, component, child)
	if err != nil {
		return nil, err
	}

	// Every app and the probe job wait for what their first pull needs and
	// for the environment's diagnostic setting (through environmentId, or
	// explicitly for an environment created here), so that a failed first
	// pull is logged, and get a timeout long enough for the platform's pull
	// retries.
	workloadOpts := withOpts(gated(ctx, child, pullDependencies, args.PullReady),
		pulumi.Timeouts(&pulumi.CustomTimeouts{Create: ContainerAppTimeout, Update: ContainerAppTimeout}))
	fqdns, ids := pulumi.StringMap{}, pulumi.StringMap{}
	for _, spec := range args.Apps {
		if spec.Kind == KindFunctionApp {
			fa, err := newFunctionApp(ctx, childName(name, spec.Name), spec, environmentID, args, workloadOpts)
			if err != nil {
				return nil, err
			}
			component.FunctionApps[spec.Name] = fa
			fqdns[spec.Name] = fa.Configuration.Ingress().Fqdn().Elem()
			ids[spec.Name] = fa.ID().ToStringOutput()
			continue
		}
		ca, err := app.NewContainerApp(ctx, childName(name, spec.Name), containerAppArgs(spec, environmentID, args),
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
		job, err := newProbeJob(ctx, name, environmentID, args, workloadOpts)
		if err != nil {
			return nil, err
		}
		component.ProbeJobID = job.ID().ToStringOutput()
	}
	component.AppFQDNs = fqdns.ToStringMapOutput()
	component.AppIDs = ids.ToStringMapOutput()

	if err := ctx.RegisterResourceOutputs(component, pulumi.Map{
		"appFqdns":                component.AppFQDNs,
		"appIds":                  component.AppIDs,
		"probeJobId":              component.ProbeJobID,
		"environmentId":           component.EnvironmentID,
		"defaultDomain":           component.DefaultDomain,
		"staticIp":                component.StaticIP,
		"logAnalyticsWorkspaceId": component.LogAnalyticsWorkspaceID,
		"logAnalyticsCustomerId":  component.LogAnalyticsCustomerID,
	}); err != nil {
		return nil, fmt.Errorf("ContainerAppWorkload %q outputs: %w", name, err)
	}
	return component, nil
}

// check rejects args the apps cannot be built from, before anything is
// registered.
func (a *ContainerAppWorkloadArgs) check() error {
	if a == nil || a.LoginServer == nil || a.PullIdentityID == nil || a.PullIdentityClientID == nil {
		return fmt.Errorf("args with LoginServer and the pull identity are required")
	}
	if a.ResourceGroupName == nil {
		return fmt.Errorf("ResourceGroupName is required")
	}
	if err := a.checkEnvironment(); err != nil {
		return err
	}
	if a.Probe != nil && a.Probe.DataEndpointHostNames == nil {
		return fmt.Errorf("the probe job needs DataEndpointHostNames")
	}
	for _, spec := range a.Apps {
		if spec.Kind != "" && spec.Kind != KindFunctionApp {
			return fmt.Errorf("app %s: kind %q: want \"\" (a container app) or %q (Azure Functions on Container Apps)",
				spec.Name, spec.Kind, KindFunctionApp)
		}
	}
	return nil
}

// containerAppArgs builds one app: the user-assigned identity attached and
// named as the registry's pull identity, AZURE_CLIENT_ID set, the image taken
// from the private login server.
func containerAppArgs(spec ContainerAppSpec, environmentID pulumi.StringInput, args *ContainerAppWorkloadArgs) *app.ContainerAppArgs {
	parts := appPartsOf(spec, args)
	envVars := app.EnvironmentVarArray{}
	for _, e := range parts.env {
		envVars = append(envVars, &app.EnvironmentVarArgs{Name: pulumi.String(e.name), Value: e.value})
	}
	return &app.ContainerAppArgs{
		ContainerAppName:     pulumi.String(spec.Name),
		ResourceGroupName:    args.ResourceGroupName,
		Location:             pulumi.String(args.Location),
		ManagedEnvironmentId: environmentID,
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
				Name:      pulumi.String(spec.Name),
				Image:     parts.image,
				Env:       envVars,
				Resources: &app.ContainerResourcesArgs{Cpu: pulumi.Float64(spec.CPU), Memory: pulumi.String(spec.Memory)},
			}},
			Scale: &app.ScaleArgs{MinReplicas: pulumi.Int(spec.MinReplicas), MaxReplicas: pulumi.Int(spec.MaxReplicas)},
		},
		WorkloadProfileName: pulumi.String(parts.profile),
		Tags:                tagsInput(args.Tags),
	}
}

// appParts are the values of an app that do not depend on the API version
// it is registered with.
type appParts struct {
	// image is <loginServer>/<repository>:<tag>.
	image pulumi.StringInput
	// env is AZURE_CLIENT_ID (the pull identity's client id), then the
	// spec's variables sorted by name.
	env []envVar
	// profile is the workload profile (Consumption when unset).
	profile string
}

// envVar is one environment variable of a container.
type envVar struct {
	name  string
	value pulumi.StringInput
}

// appPartsOf computes an app's version-independent values.
func appPartsOf(spec ContainerAppSpec, args *ContainerAppWorkloadArgs) appParts {
	parts := appParts{
		image:   pulumi.Sprintf("%s/%s:%s", args.LoginServer, spec.ImageRepository, spec.ImageTag),
		env:     []envVar{{name: ClientIDEnvVar, value: args.PullIdentityClientID}},
		profile: spec.WorkloadProfileName,
	}
	keys := make([]string, 0, len(spec.Env))
	for k := range spec.Env {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		parts.env = append(parts.env, envVar{name: k, value: pulumi.String(spec.Env[k])})
	}
	if parts.profile == "" {
		parts.profile = ConsumptionProfileName
	}
	return parts
}
