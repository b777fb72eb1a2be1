package components

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi-azure-native-sdk/network/v2"
	"github.com/pulumi/pulumi-azure-native-sdk/resources/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// DelegationContainerApps is the subnet delegation of a workload-profiles
// Container Apps environment.
const DelegationContainerApps = "Microsoft.App/environments"

// DelegationAppService is the subnet delegation of App Service VNet integration.
const DelegationAppService = "Microsoft.Web/serverFarms"

// SubnetSpec describes one subnet of the virtual network.
type SubnetSpec struct {
	// Name is the subnet's Azure name.
	Name string
	// AddressPrefix is the subnet's CIDR, inside the VNet's address space.
	AddressPrefix string
	// Delegation is the service the subnet is delegated to ("" for none).
	Delegation string
}

// PrivateNetworkArgs configures the PrivateNetwork component.
type PrivateNetworkArgs struct {
	// Location is the Azure region of the resource group and VNet.
	Location string
	// ResourceGroupName is the resource group every resource of the stack goes to.
	ResourceGroupName string
	// CreateResourceGroup creates the resource group; false uses an existing one by name.
	CreateResourceGroup bool
	// VnetName is the virtual network's Azure name.
	VnetName string
	// VnetAddressSpace is the VNet's CIDR, e.g. 10.0.0.0/16.
	VnetAddressSpace string
	// ContainerAppsSubnet is the Container Apps infrastructure subnet; nil for none.
	ContainerAppsSubnet *SubnetSpec
	// PrivateEndpointSubnet holds the registry's private endpoints. Network
	// policies for private endpoints are disabled on it.
	PrivateEndpointSubnet SubnetSpec
	// AppServiceSubnet is the App Service VNet integration subnet (delegated
	// to Microsoft.Web/serverFarms, one plan per subnet); nil for none.
	AppServiceSubnet *SubnetSpec
	// WebAppDNSZone creates the App Service private DNS zone
	// (privatelink.azurewebsites.net) linked to the VNet, for web apps
	// reached through private endpoints (e.g. a hosted custom registry).
	WebAppDNSZone bool
	// Cloud selects the private DNS zone names.
	Cloud Cloud
	// Tags are applied to every taggable resource.
	Tags map[string]string
}

// PrivateNetwork is the resource group, VNet, subnets and the registry's
// private DNS zone (privatelink.azurecr.io) linked to the VNet.
type PrivateNetwork struct {
	pulumi.ResourceState

	// ResourceGroupName is the name of the stack's resource group.
	ResourceGroupName pulumi.StringOutput
	// VnetID is the virtual network's resource id.
	VnetID pulumi.StringOutput
	// ContainerAppsSubnetID is the Container Apps infrastructure subnet's id
	// (empty when no such subnet was requested).
	ContainerAppsSubnetID pulumi.StringOutput
	// PrivateEndpointSubnetID is the private-endpoint subnet's id.
	PrivateEndpointSubnetID pulumi.StringOutput
	// RegistryDNSZoneID is the id of the registry's private DNS zone.
	RegistryDNSZoneID pulumi.StringOutput
	// RegistryDNSZoneLinks are the zone's VNet links: workloads that pull must
	// depend on them, since name resolution is part of the pull.
	RegistryDNSZoneLinks []pulumi.Resource
	// AppServiceSubnetID is the App Service integration subnet's id (empty
	// when none was requested).
	AppServiceSubnetID pulumi.StringOutput
	// WebAppDNSZoneID is the App Service private DNS zone's id (empty when
	// none was requested).
	WebAppDNSZoneID pulumi.StringOutput
	// WebAppDNSZoneLinks are that zone's VNet links.
	WebAppDNSZoneLinks []pulumi.Resource
}

// NewPrivateNetwork registers the network foundation of a stack.
func NewPrivateNetwork(ctx *pulumi.Context, name string, args *PrivateNetworkArgs,
	opts ...pulumi.ResourceOption) (*PrivateNetwork, error) {
	if args == nil {
		return nil, fmt.Errorf("PrivateNetwork %q: args are required", name)
	}
	component := &PrivateNetwork{}
	child, err := registerComponent(ctx, "PrivateNetwork", name, component, opts...)
	if err != nil {
		return nil, err
	}
	tags := tagsInput(args.Tags)

	rgName := pulumi.String(args.ResourceGroupName).ToStringOutput()
	if args.CreateResourceGroup {
		rg, err := resources.NewResourceGroup(ctx, childName(name, "rg"), &resources.ResourceGroupArgs{
			ResourceGroupName: pulumi.String(args.ResourceGroupName),
			Location:          pulumi.String(args.Location),
			Tags:              tags,
		}, child...)
		if err != nil {
			return nil, fmt.Errorf("resource group: %w", err)
		}
		rgName = rg.Name
	}

	vnet, err := network.NewVirtualNetwork(ctx, childName(name, "vnet"), &network.VirtualNetworkArgs{
		VirtualNetworkName: pulumi.String(args.VnetName),
		ResourceGroupName:  rgName,
		Location:           pulumi.String(args.Location),
		AddressSpace: &network.AddressSpaceArgs{
			AddressPrefixes: pulumi.StringArray{pulumi.String(args.VnetAddressSpace)},
		},
		Tags: tags,
	}, child...)
	if err != nil {
		return nil, fmt.Errorf("virtual network: %w", err)
	}

	// Subnets of one VNet are created one after another: Azure rejects
	// concurrent subnet writes on a VNet (AnotherOperationInProgress).
	var previous pulumi.Resource
	newSubnet := func(role string, spec SubnetSpec, privateEndpoints bool) (*network.Subnet, error) {
		subnetArgs := &network.SubnetArgs{
			SubnetName:         pulumi.String(spec.Name),
			ResourceGroupName:  rgName,
			VirtualNetworkName: vnet.Name,
			AddressPrefix:      pulumi.String(spec.AddressPrefix),
		}
		if privateEndpoints {
			subnetArgs.PrivateEndpointNetworkPolicies = pulumi.String("Disabled")
		}
		if spec.Delegation != "" {
			subnetArgs.Delegations = network.DelegationArray{&network.DelegationArgs{
				Name:        pulumi.String(strings.ReplaceAll(spec.Delegation, "/", ".")),
				ServiceName: pulumi.String(spec.Delegation),
			}}
		}
		subnetOpts := child
		if previous != nil {
			subnetOpts = withOpts(child, pulumi.DependsOn([]pulumi.Resource{previous}))
		}
		subnet, err := network.NewSubnet(ctx, childName(name, role), subnetArgs, subnetOpts...)
		if err != nil {
			return nil, fmt.Errorf("subnet %s: %w", spec.Name, err)
		}
		previous = subnet
		return subnet, nil
	}

	component.ContainerAppsSubnetID = pulumi.String("").ToStringOutput()
	if args.ContainerAppsSubnet != nil {
		subnet, err := newSubnet("snet-aca", *args.ContainerAppsSubnet, false)
		if err != nil {
			return nil, err
		}
		component.ContainerAppsSubnetID = subnet.ID().ToStringOutput()
	}
	peSubnet, err := newSubnet("snet-pe", args.PrivateEndpointSubnet, true)
	if err != nil {
		return nil, err
	}
	component.AppServiceSubnetID = pulumi.String("").ToStringOutput()
	if args.AppServiceSubnet != nil {
		subnet, err := newSubnet("snet-app", *args.AppServiceSubnet, false)
		if err != nil {
			return nil, err
		}
		component.AppServiceSubnetID = subnet.ID().ToStringOutput()
	}

	zones := zoneArgs{ctx: ctx, component: name, rgName: rgName, vnetID: vnet.ID(), vnetName: args.VnetName,
		tags: tags, opts: child}
	zoneID, link, err := zones.linkedZone("acr", args.Cloud.RegistryPrivateDNSZone())
	if err != nil {
		return nil, err
	}
	component.WebAppDNSZoneID = pulumi.String("").ToStringOutput()
	if args.WebAppDNSZone {
		webZoneID, webLink, err := zones.linkedZone("web", args.Cloud.WebAppPrivateDNSZone())
		if err != nil {
			return nil, err
		}
		component.WebAppDNSZoneID = webZoneID
		component.WebAppDNSZoneLinks = []pulumi.Resource{webLink}
	}

	component.ResourceGroupName = rgName
	component.VnetID = vnet.ID().ToStringOutput()
	component.PrivateEndpointSubnetID = peSubnet.ID().ToStringOutput()
	component.RegistryDNSZoneID = zoneID
	component.RegistryDNSZoneLinks = []pulumi.Resource{link}

	if err := ctx.RegisterResourceOutputs(component, pulumi.Map{
		"resourceGroupName":       component.ResourceGroupName,
		"vnetId":                  component.VnetID,
		"containerAppsSubnetId":   component.ContainerAppsSubnetID,
		"privateEndpointSubnetId": component.PrivateEndpointSubnetID,
		"registryDnsZoneId":       component.RegistryDNSZoneID,
		"appServiceSubnetId":      component.AppServiceSubnetID,
		"webAppDnsZoneId":         component.WebAppDNSZoneID,
	}); err != nil {
		return nil, fmt.Errorf("PrivateNetwork %q outputs: %w", name, err)
	}
	return component, nil
}
