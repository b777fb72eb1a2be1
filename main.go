// Command privatepull is the Pulumi program that composes privatepull's
// components into one stack: a private network, a Premium registry reachable
// over Private Link only, a user-assigned pull identity with AcrPull, and the
// Container Apps that pull from the registry with that identity.
package main

import (
	"fmt"
	"strings"

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
	net, err := components.NewPrivateNetwork(ctx, "network", networkArgs(cfg))
	if err != nil {
		return nil, fmt.Errorf("network: %w", err)
	}
	registry, err := components.NewPrivateRegistry(ctx, "acr", &components.PrivateRegistryArgs{
		Name:              cfg.RegistryName,
		Location:          cfg.Location,
		ResourceGroupName: net.ResourceGroupName,
		Cloud:             cfg.Cloud,
		PrivateEndpoints: []components.RegistryEndpointSpec{{
			Name:      "pe-acr-" + strings.ToLower(cfg.RegistryName),
			SubnetID:  net.PrivateEndpointSubnetID,
			DNSZoneID: net.RegistryDNSZoneID,
		}},
		Tags: cfg.Tags,
	})
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
	// What must exist before a workload's first pull: the grant, the A records
	// and the resolution path from the VNet.
	pullDependencies := append([]pulumi.Resource{identity.AcrPullAssignment}, registry.PullDependencies...)
	pullDependencies = append(pullDependencies, net.RegistryDNSZoneLinks...)

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
			WorkloadProfiles:       workloadProfiles(cfg),
			LoginServer:            registry.LoginServer,
			PullIdentityID:         identity.IdentityID,
			PullIdentityClientID:   identity.ClientID,
			PullDependencies:       pullDependencies,
			Apps:                   containerApps(cfg),
			Tags:                   cfg.Tags,
		})
		if err != nil {
			return nil, fmt.Errorf("container apps: %w", err)
		}
		appFqdns = workload.AppFQDNs
		environmentID = workload.EnvironmentID
	}

	return pulumi.Map{
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

// networkArgs maps the configuration to the PrivateNetwork component.
func networkArgs(cfg *stackconfig.Config) *components.PrivateNetworkArgs {
	acaSubnet := &components.SubnetSpec{Name: "snet-aca", AddressPrefix: cfg.ContainerAppsSubnetCidr}
	if cfg.UsesWorkloadProfiles() {
		acaSubnet.Delegation = components.DelegationContainerApps
	}
	return &components.PrivateNetworkArgs{
		Location:              cfg.Location,
		ResourceGroupName:     cfg.ResourceGroupName,
		CreateResourceGroup:   cfg.CreateResourceGroup,
		VnetName:              cfg.VnetName,
		VnetAddressSpace:      cfg.VnetCidr,
		ContainerAppsSubnet:   acaSubnet,
		PrivateEndpointSubnet: components.SubnetSpec{Name: "snet-pe", AddressPrefix: cfg.PrivateEndpointSubnetCidr},
		Cloud:                 cfg.Cloud,
		Tags:                  cfg.Tags,
	}
}

// workloadProfiles maps the configured dedicated profiles.
func workloadProfiles(cfg *stackconfig.Config) []components.WorkloadProfileSpec {
	var out []components.WorkloadProfileSpec
	for _, wp := range cfg.WorkloadProfiles {
		out = append(out, components.WorkloadProfileSpec{
			Name: wp.Name, Type: wp.Type, MinimumCount: *wp.MinimumCount, MaximumCount: *wp.MaximumCount,
		})
	}
	return out
}

// containerApps maps the configured apps (defaults already applied).
func containerApps(cfg *stackconfig.Config) []components.ContainerAppSpec {
	var out []components.ContainerAppSpec
	for _, a := range cfg.ContainerApps {
		out = append(out, components.ContainerAppSpec{
			Name:                a.Name,
			ImageRepository:     a.Image,
			ImageTag:            a.Tag,
			TargetPort:          *a.Port,
			ExternalIngress:     *a.ExternalIngress,
			Env:                 a.Env,
			CPU:                 *a.CPU,
			Memory:              a.Memory,
			MinReplicas:         *a.MinReplicas,
			MaxReplicas:         *a.MaxReplicas,
			WorkloadProfileName: a.WorkloadProfile,
		})
	}
	return out
}
