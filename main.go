// Command privatepull is the Pulumi program that composes privatepull's
// components into one stack: a private network, a Premium registry reachable
// over Private Link only, a user-assigned pull identity with AcrPull, and the
// Container Apps and App Service web apps that pull from the registry with a
// managed identity.
package main

import (
	"fmt"

	"github.com/pulumi/pulumi-azure-native-sdk/authorization/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/privatepull/privatepull/components"
	"github.com/privatepull/privatepull/components/stackconfig"
)

func main() {
	pulumi.Run(newProgram(stackconfig.ConfigKeysFromEnv()))
}

// newProgram returns the program for a stack whose configuration sets
// configKeys (qualified), so that unknown keys can be reported.
func newProgram(configKeys []string) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		outputs, err := stack(ctx, configKeys)
		if err != nil {
			return err
		}
		for name, value := range outputs {
			ctx.Export(name, value)
		}
		return nil
	}
}

// stack reads and validates the whole configuration before it registers any
// resource, then composes the components and returns the stack outputs. The
// default provider's client configuration (an invoke, not a resource) gives
// the subscription that role definitions and the stack's VNet id live in.
func stack(ctx *pulumi.Context, configKeys []string) (pulumi.Map, error) {
	client, err := authorization.GetClientConfig(ctx)
	if err != nil {
		return nil, fmt.Errorf("read the Azure client configuration (log in with `az login` or set the "+
			"azure-native credentials): %w", err)
	}
	cfg, err := stackconfig.Load(ctx, configKeys, stackconfig.Environment{
		Project: ctx.Project(), Stack: ctx.Stack(), SubscriptionID: client.SubscriptionId,
	})
	if err != nil {
		return nil, err
	}
	if cfg.IsAppStack() {
		// The platform's values, read and validated before any registration.
		platform, err := stackconfig.ReadPlatform(ctx, cfg)
		if err != nil {
			return nil, err
		}
		logWarnings(ctx, cfg)
		return deployApp(ctx, cfg, platform)
	}
	logWarnings(ctx, cfg)
	return deploy(ctx, cfg)
}

// logWarnings logs the configuration's warnings (advice that does not block
// the deployment).
func logWarnings(ctx *pulumi.Context, cfg *stackconfig.Config) {
	for _, warning := range cfg.Warnings {
		_ = ctx.Log.Warn(warning, nil)
	}
}

// deployment is what deploy registered: every component of the stack
// (workload, webApps, functionStorage and functions are nil when the stack
// has none).
type deployment struct {
	net       *components.PrivateNetwork
	dns       *components.PrivateDnsZones
	registry  *components.PrivateRegistry
	endpoints *components.RegistryEndpoints
	images    *components.RegistryImages
	identity  *components.PullIdentity
	env       *components.ContainerAppsEnvironment
	workload  *components.ContainerAppWorkload
	webApps   *components.WebAppWorkload
	// functionStorage is the function apps' host storage; functions are
	// the function apps.
	functionStorage *components.FunctionStorage
	functions       *components.FunctionAppWorkload
	// teams are the identities created for app teams (teamIdentities), in
	// the configuration's order.
	teams []*components.PullIdentity
}

// deploy registers the components and returns the stack outputs. Each
// component takes only what its resources need, so every long pole starts as
// soon as its own inputs exist (the environment after its subnet, the grant
// after the registry). The components that took over children of another
// (the DNS zones, the registry's endpoints and images, the environment) have
// that component's name, so the children keep their URNs through aliases.
func deploy(ctx *pulumi.Context, cfg *stackconfig.Config) (pulumi.Map, error) {
	d, err := deployPlatform(ctx, cfg)
	if err != nil {
		return nil, err
	}
	// What must exist before a workload's first pull: the A records and the
	// resolution path from the VNet, the cache rules of cached repositories,
	// and (for identity pulls) the grant, given time to propagate.
	networkDependencies := append(append(append([]pulumi.Resource{}, d.endpoints.PullDependencies...),
		d.images.PullDependencies...), d.dns.RegistryDNSZoneLinks...)
	pullDependencies := append(append([]pulumi.Resource{}, d.identity.PullGrants...), networkDependencies...)
	if d.identity.AcrPullPropagation != nil {
		pullDependencies = append(pullDependencies, d.identity.AcrPullPropagation)
	}

	if cfg.HasEnvironment() {
		d.env, err = components.NewContainerAppsEnvironment(ctx, "aca",
			cfg.EnvironmentArgs(d.net.ResourceGroupName, d.net.ContainerAppsSubnetID, d.net.VnetID))
		if err != nil {
			return nil, fmt.Errorf("container apps environment: %w", err)
		}
	}
	if len(cfg.ContainerApps) > 0 || cfg.ProbeJob {
		d.workload, err = components.NewContainerAppWorkload(ctx, "aca", &components.ContainerAppWorkloadArgs{
			EnvironmentID:        d.env.EnvironmentID,
			Location:             cfg.Location,
			ResourceGroupName:    d.net.ResourceGroupName,
			LoginServer:          d.registry.LoginServer,
			PullIdentityID:       d.identity.IdentityID,
			PullIdentityClientID: d.identity.ClientID,
			// ... and the diagnostic setting, so that a failed first pull is logged.
			PullDependencies: append(pullDependencies, d.env.LogsSetting),
			Apps:             cfg.ContainerAppSpecs(),
			Probe:            probeSpec(cfg, d),
			Tags:             cfg.Tags,
		})
		if err != nil {
			return nil, fmt.Errorf("container apps: %w", err)
		}
	}

	if cfg.HasWebApps() {
		d.webApps, err = components.NewWebAppWorkload(ctx, "web", &components.WebAppWorkloadArgs{
			PlanName:            cfg.AppServicePlanName,
			PlanSku:             cfg.AppServicePlanSku,
			PlanInstances:       cfg.AppServicePlanInstances,
			Location:            cfg.Location,
			ResourceGroupName:   d.net.ResourceGroupName,
			IntegrationSubnetID: d.net.AppServiceSubnetID,
			Cloud:               cfg.Cloud,
			LoginServer:         d.registry.LoginServer,
			RegistryID:          d.registry.RegistryID,
			// systemAssigned sites' grants follow the registry's mode.
			RegistryRoleAssignmentMode: cfg.RegistryRoleAssignmentMode,
			PullIdentityID:             d.identity.IdentityID,
			PullIdentityClientID:       d.identity.ClientID,
			PullIdentityGrant:          d.identity.AcrPullAssignment,
			// resolves once every pull grant exists (AcrPull and the Reader)
			PullIdentityGrantID: d.identity.AcrPullAssignmentID,
			SubscriptionID:      cfg.Env.SubscriptionID,
			NetworkDependencies: networkDependencies,
			AcrCredentials:      cfg.AcrCredentials(),
			HostedRegistry:      hostedRegistry(cfg, d.net, d.dns),
			Apps:                cfg.WebAppSpecs(),
			Tags:                cfg.Tags,
		})
		if err != nil {
			return nil, fmt.Errorf("web apps: %w", err)
		}
	}
	if d.functions, err = deployFunctions(ctx, cfg, d, networkDependencies); err != nil {
		return nil, err
	}
	return stackOutputs(cfg, d), nil
}

// deployPlatform registers what the workloads share: the network, the DNS
// zones, the registry with its endpoints and images, the pull identity and
// the function apps' host storage.
func deployPlatform(ctx *pulumi.Context, cfg *stackconfig.Config) (*deployment, error) {
	d := &deployment{}
	var err error
	if d.net, err = components.NewPrivateNetwork(ctx, "network", cfg.NetworkArgs()); err != nil {
		return nil, fmt.Errorf("network: %w", err)
	}
	if d.dns, err = components.NewPrivateDnsZones(ctx, "network", cfg.DNSZonesArgs(d.net.ResourceGroupName, d.net.VnetID)); err != nil {
		return nil, fmt.Errorf("DNS zones: %w", err)
	}
	if d.registry, err = components.NewPrivateRegistry(ctx, "acr", cfg.RegistryArgs(d.net.ResourceGroupName)); err != nil {
		return nil, fmt.Errorf("registry: %w", err)
	}
	d.endpoints, err = components.NewRegistryEndpoints(ctx, "acr",
		cfg.EndpointsArgs(d.registry, d.net.ResourceGroupName, d.net.PrivateEndpointSubnetID, d.dns.RegistryDNSZoneIDs))
	if err != nil {
		return nil, fmt.Errorf("registry endpoints: %w", err)
	}
	d.images, err = components.NewRegistryImages(ctx, "acr",
		cfg.ImagesArgs(d.registry.RegistryName, d.net.ResourceGroupName, d.net.AgentPoolSubnetID))
	if err != nil {
		return nil, fmt.Errorf("registry images: %w", err)
	}
	d.identity, err = components.NewPullIdentity(ctx, "pull", &components.PullIdentityArgs{
		Name:              cfg.IdentityName,
		Location:          cfg.Location,
		ResourceGroupName: d.net.ResourceGroupName,
		RegistryID:        d.registry.RegistryID,
		SubscriptionID:    cfg.Env.SubscriptionID,
		// The platform's own identity reads every repository: AcrPull and
		// the Reader, or in ABAC mode the Reader alone.
		RegistryRoleAssignmentMode: cfg.RegistryRoleAssignmentMode,
		PropagationWaitSeconds:     cfg.AcrPullPropagationSeconds,
		Tags:                       cfg.Tags,
	})
	if err != nil {
		return nil, fmt.Errorf("pull identity: %w", err)
	}
	if d.teams, err = deployTeamIdentities(ctx, cfg, d.net.ResourceGroupName, d.registry.RegistryID); err != nil {
		return nil, err
	}
	if d.functionStorage, err = deployFunctionStorage(ctx, cfg, d.net); err != nil {
		return nil, err
	}
	return d, nil
}

// hostedRegistry returns the hosted registry:2 settings, or nil without one.
func hostedRegistry(cfg *stackconfig.Config, net *components.PrivateNetwork, dns *components.PrivateDnsZones) *components.HostedRegistrySpec {
	if cfg.HostedRegistryName == "" {
		return nil
	}
	spec := &components.HostedRegistrySpec{
		Name:                    cfg.HostedRegistryName,
		PrivateEndpointSubnetID: net.PrivateEndpointSubnetID,
		DNSZoneID:               dns.WebAppDNSZoneID,
		DNSDependencies:         dns.WebAppDNSZoneLinks,
		AnonymousTestOnly:       cfg.HostedRegistryAnonymousTestOnly,
	}
	if cfg.HostedRegistryHtpasswd.IsSet() {
		spec.Htpasswd = cfg.HostedRegistryHtpasswd.Output()
	}
	return spec
}
