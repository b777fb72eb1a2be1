// Command privatepull is the Pulumi program that composes privatepull's
// components into one stack: a private network, a Premium registry reachable
// over Private Link only, a user-assigned pull identity with AcrPull, and the
// Container Apps that pull from the registry with that identity.
package main

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/privatepull/privatepull/components"
	"github.com/privatepull/privatepull/components/stackconfig"
)

func main() {
	pulumi.Run(program)
}

// program composes the stack and exports its outputs.
func program(ctx *pulumi.Context) error {
	outputs, err := stack(ctx)
	if err != nil {
		return err
	}
	for name, value := range outputs {
		ctx.Export(name, value)
	}
	return nil
}

// stack reads and validates the whole configuration before it registers any
// resource, then composes the components and returns the stack outputs.
func stack(ctx *pulumi.Context) (pulumi.Map, error) {
	cfg, err := stackconfig.Load(ctx)
	if err != nil {
		return nil, err
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
		cfg.RegistryArgs(net.ResourceGroupName, net.PrivateEndpointSubnetID, net.RegistryDNSZoneID))
	if err != nil {
		return nil, fmt.Errorf("registry: %w", err)
	}
	identity, err := components.NewPullIdentity(ctx, "pull", &components.PullIdentityArgs{
		Name:              cfg.IdentityName,
		Location:          cfg.Location,
		ResourceGroupName: net.ResourceGroupName,
		RegistryID:        registry.RegistryID,
		Tags:              cfg.Tags,
	})
	if err != nil {
		return nil, fmt.Errorf("pull identity: %w", err)
	}
	// What must exist before a workload's first pull: the A records and the
	// resolution path from the VNet, and (for identity pulls) the grant.
	networkDependencies := append(append([]pulumi.Resource{}, registry.PullDependencies...), net.RegistryDNSZoneLinks...)
	pullDependencies := append([]pulumi.Resource{identity.AcrPullAssignment}, networkDependencies...)

	appFqdns := pulumi.StringMap{}.ToStringMapOutput()
	environmentID := pulumi.String("").ToStringOutput()
	if len(cfg.ContainerApps) > 0 {
		workload, err := components.NewContainerAppWorkload(ctx, "aca", &components.ContainerAppWorkloadArgs{
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
			Tags:                   cfg.Tags,
		})
		if err != nil {
			return nil, fmt.Errorf("container apps: %w", err)
		}
		appFqdns = workload.AppFQDNs
		environmentID = workload.EnvironmentID
	}

	webHostNames := pulumi.StringMap{}.ToStringMapOutput()
	hostedRegistryHost := pulumi.String("").ToStringOutput()
	if cfg.HasWebApps() {
		webApps, err := components.NewWebAppWorkload(ctx, "web", &components.WebAppWorkloadArgs{
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
			NetworkDependencies:  networkDependencies,
			AcrCredentials:       cfg.AcrCredentials(),
			HostedRegistry:       hostedRegistry(cfg, net),
			Apps:                 cfg.WebAppSpecs(),
			Tags:                 cfg.Tags,
		})
		if err != nil {
			return nil, fmt.Errorf("web apps: %w", err)
		}
		webHostNames = webApps.AppHostNames
		hostedRegistryHost = webApps.HostedRegistryHost
	}

	return pulumi.Map{
		"webAppHostNames":            webHostNames,
		"hostedRegistryHost":         hostedRegistryHost,
		"resourceGroupName":          net.ResourceGroupName,
		"vnetId":                     net.VnetID,
		"registryId":                 registry.RegistryID,
		"loginServer":                registry.LoginServer,
		"dataEndpointHostNames":      registry.DataEndpointHostNames,
		"privateEndpointId":          registry.PrivateEndpointIDs.Index(pulumi.Int(0)),
		"privateEndpointIds":         registry.PrivateEndpointIDs,
		"identityId":                 identity.IdentityID,
		"identityClientId":           identity.ClientID,
		"identityPrincipalId":        identity.PrincipalID,
		"containerAppsEnvironmentId": environmentID,
		"appFqdns":                   appFqdns,
	}, nil
}

// hostedRegistry returns the hosted registry:2 settings, or nil without one.
func hostedRegistry(cfg *stackconfig.Config, net *components.PrivateNetwork) *components.HostedRegistrySpec {
	if cfg.HostedRegistryName == "" {
		return nil
	}
	return &components.HostedRegistrySpec{
		Name:                    cfg.HostedRegistryName,
		PrivateEndpointSubnetID: net.PrivateEndpointSubnetID,
		DNSZoneID:               net.WebAppDNSZoneID,
		DNSDependencies:         net.WebAppDNSZoneLinks,
	}
}
