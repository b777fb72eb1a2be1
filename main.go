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
	for _, warning := range cfg.Warnings {
		_ = ctx.Log.Warn(warning, nil)
	}
	return deploy(ctx, cfg)
}

// deploy registers the components in dependency order and returns the stack
// outputs.
func deploy(ctx *pulumi.Context, cfg *stackconfig.Config) (pulumi.Map, error) {
	net, err := components.NewPrivateNetwork(ctx, "network", cfg.NetworkArgs())
	if err != nil {
		return nil, fmt.Errorf("network: %w", err)
	}
	registry, err := components.NewPrivateRegistry(ctx, "acr",
		cfg.RegistryArgs(net.ResourceGroupName, net.PrivateEndpointSubnetID, net.RegistryDNSZoneIDs, net.AgentPoolSubnetID))
	if err != nil {
		return nil, fmt.Errorf("registry: %w", err)
	}
	identity, err := components.NewPullIdentity(ctx, "pull", &components.PullIdentityArgs{
		Name:                   cfg.IdentityName,
		Location:               cfg.Location,
		ResourceGroupName:      net.ResourceGroupName,
		RegistryID:             registry.RegistryID,
		SubscriptionID:         cfg.Env.SubscriptionID,
		PropagationWaitSeconds: cfg.AcrPullPropagationSeconds,
		Tags:                   cfg.Tags,
	})
	if err != nil {
		return nil, fmt.Errorf("pull identity: %w", err)
	}
	// What must exist before a workload's first pull: the A records and the
	// resolution path from the VNet, the cache rules of cached repositories,
	// and (for identity pulls) the grant, given time to propagate.
	networkDependencies := append(append([]pulumi.Resource{}, registry.PullDependencies...), net.RegistryDNSZoneLinks...)
	pullDependencies := append([]pulumi.Resource{identity.AcrPullAssignment}, networkDependencies...)
	if identity.AcrPullPropagation != nil {
		pullDependencies = append(pullDependencies, identity.AcrPullPropagation)
	}

	var workload *components.ContainerAppWorkload
	if len(cfg.ContainerApps) > 0 {
		workload, err = components.NewContainerAppWorkload(ctx, "aca", &components.ContainerAppWorkloadArgs{
			EnvironmentName:        cfg.EnvironmentName,
			Location:               cfg.Location,
			ResourceGroupName:      net.ResourceGroupName,
			InfrastructureSubnetID: net.ContainerAppsSubnetID,
			Internal:               cfg.EnvironmentInternal,
			VnetID:                 net.VnetID,
			WorkloadProfiles:       cfg.WorkloadProfileSpecs(),
			LoginServer:            registry.LoginServer,
			PullIdentityID:         identity.IdentityID,
			PullIdentityClientID:   identity.ClientID,
			PullDependencies:       pullDependencies,
			Apps:                   cfg.ContainerAppSpecs(),
			Probe:                  cfg.ProbeSpec(registry.DataEndpointHostNames, registry.PrimaryEndpointAddresses),
			// The stack's log workspace: the given one, else log-<baseName>.
			LogAnalyticsWorkspaceID:   cfg.ExistingLogAnalyticsWorkspace(),
			LogAnalyticsWorkspaceName: cfg.LogAnalyticsWorkspaceName(),
			Tags:                      cfg.Tags,
		})
		if err != nil {
			return nil, fmt.Errorf("container apps: %w", err)
		}
	}

	var webApps *components.WebAppWorkload
	if cfg.HasWebApps() {
		webApps, err = components.NewWebAppWorkload(ctx, "web", &components.WebAppWorkloadArgs{
			PlanName:             cfg.AppServicePlanName,
			PlanSku:              cfg.AppServicePlanSku,
			PlanInstances:        cfg.AppServicePlanInstances,
			Location:             cfg.Location,
			ResourceGroupName:    net.ResourceGroupName,
			IntegrationSubnetID:  net.AppServiceSubnetID,
			Cloud:                cfg.Cloud,
			LoginServer:          registry.LoginServer,
			RegistryID:           registry.RegistryID,
			PullIdentityID:       identity.IdentityID,
			PullIdentityClientID: identity.ClientID,
			PullIdentityGrant:    identity.AcrPullAssignment,
			SubscriptionID:       cfg.Env.SubscriptionID,
			NetworkDependencies:  networkDependencies,
			AcrCredentials:       cfg.AcrCredentials(),
			HostedRegistry:       hostedRegistry(cfg, net),
			Apps:                 cfg.WebAppSpecs(),
			Tags:                 cfg.Tags,
		})
		if err != nil {
			return nil, fmt.Errorf("web apps: %w", err)
		}
	}
	return stackOutputs(cfg, net, registry, identity, workload, webApps), nil
}

// hostedRegistry returns the hosted registry:2 settings, or nil without one.
func hostedRegistry(cfg *stackconfig.Config, net *components.PrivateNetwork) *components.HostedRegistrySpec {
	if cfg.HostedRegistryName == "" {
		return nil
	}
	spec := &components.HostedRegistrySpec{
		Name:                    cfg.HostedRegistryName,
		PrivateEndpointSubnetID: net.PrivateEndpointSubnetID,
		DNSZoneID:               net.WebAppDNSZoneID,
		DNSDependencies:         net.WebAppDNSZoneLinks,
		AnonymousTestOnly:       cfg.HostedRegistryAnonymousTestOnly,
	}
	if cfg.HostedRegistryHtpasswd.IsSet() {
		spec.Htpasswd = cfg.HostedRegistryHtpasswd.Output()
	}
	return spec
}
