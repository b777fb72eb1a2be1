package components

import (
	"fmt"

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
	// ExistingID uses an existing subnet by resource id instead of creating
	// one; Name, AddressPrefix and Delegation are then ignored (the subnet
	// must already be prepared for its role).
	ExistingID string
}

// PrivateNetworkArgs configures the PrivateNetwork component.
type PrivateNetworkArgs struct {
	// Location is the Azure region of the resource group and VNet.
	Location string
	// ResourceGroupName is the resource group every resource of the stack goes to.
	ResourceGroupName string
	// CreateResourceGroup creates the resource group; false uses an existing one by name.
	CreateResourceGroup bool
	// VnetName is the virtual network's Azure name (when privatepull creates it).
	VnetName string
	// VnetAddressSpace is the VNet's CIDR, e.g. 10.0.0.0/16.
	VnetAddressSpace string
	// ExistingVnetID uses an existing VNet (bring your own network): no VNet is
	// created, and subnets without ExistingID are created inside it.
	ExistingVnetID string
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
	// ExistingRegistryDNSZoneID uses an existing privatelink.azurecr.* zone
	// (hub-spoke: often in a central subscription) instead of creating one.
	// VNet links to it are created through a provider scoped to its subscription.
	ExistingRegistryDNSZoneID string
	// SkipRegistryDNSZoneLink does not link the stack's VNet to the registry
	// zone (when a hub's DNS resolver answers for it, or policy owns links).
	SkipRegistryDNSZoneLink bool
	// RegistryDNSZoneLinkVnetIDs are further VNets (hubs, other regions'
	// VNets) to link to the registry zone.
	RegistryDNSZoneLinkVnetIDs []string
	// Cloud selects the private DNS zone names.
	Cloud Cloud
	// Tags are applied to every taggable resource.
	Tags map[string]string
}

// PrivateNetwork is the resource group, VNet, subnets and the registry's
// private DNS zone with its VNet links.
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
	// AppServiceSubnetID is the App Service integration subnet's id (empty
	// when none was requested).
	AppServiceSubnetID pulumi.StringOutput
	// RegistryDNSZoneID is the id of the registry's private DNS zone.
	RegistryDNSZoneID pulumi.StringOutput
	// RegistryDNSZoneLinks are the zone's VNet links: workloads that pull must
	// depend on them, since name resolution is part of the pull.
	RegistryDNSZoneLinks []pulumi.Resource
	// WebAppDNSZoneID is the App Service private DNS zone's id (empty when
	// none was requested).
	WebAppDNSZoneID pulumi.StringOutput
	// WebAppDNSZoneLinks are that zone's VNet links.
	WebAppDNSZoneLinks []pulumi.Resource
}

// NewPrivateNetwork registers the network foundation of a stack.
func NewPrivateNetwork(ctx *pulumi.Context, name string, args *PrivateNetworkArgs,
	opts ...pulumi.ResourceOption) (*PrivateNetwork, error) {
	if err := args.check(); err != nil {
		return nil, fmt.Errorf("PrivateNetwork %q: %w", name, err)
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

	vnet, err := newVnet(ctx, name, args, rgName, tags, child)
	if err != nil {
		return nil, err
	}
	subnets := subnetFactory{ctx: ctx, component: name, vnet: vnet, opts: child}
	if component.ContainerAppsSubnetID, err = subnets.optional("snet-aca", args.ContainerAppsSubnet, false); err != nil {
		return nil, err
	}
	if component.PrivateEndpointSubnetID, err = subnets.optional("snet-pe", &args.PrivateEndpointSubnet, true); err != nil {
		return nil, err
	}
	if component.AppServiceSubnetID, err = subnets.optional("snet-app", args.AppServiceSubnet, false); err != nil {
		return nil, err
	}

	zones := zoneArgs{ctx: ctx, component: name, rgName: rgName, vnetID: vnet.id, vnetName: vnet.displayName,
		tags: tags, opts: child}
	zoneID, links, err := zones.registryZone(args)
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
	component.VnetID = vnet.id
	component.RegistryDNSZoneID = zoneID
	component.RegistryDNSZoneLinks = links

	if err := ctx.RegisterResourceOutputs(component, pulumi.Map{
		"resourceGroupName":       component.ResourceGroupName,
		"vnetId":                  component.VnetID,
		"containerAppsSubnetId":   component.ContainerAppsSubnetID,
		"privateEndpointSubnetId": component.PrivateEndpointSubnetID,
		"appServiceSubnetId":      component.AppServiceSubnetID,
		"registryDnsZoneId":       component.RegistryDNSZoneID,
		"webAppDnsZoneId":         component.WebAppDNSZoneID,
	}); err != nil {
		return nil, fmt.Errorf("PrivateNetwork %q outputs: %w", name, err)
	}
	return component, nil
}

// check validates the ids a caller passes, before anything is registered.
func (a *PrivateNetworkArgs) check() error {
	if a == nil {
		return fmt.Errorf("args are required")
	}
	checks := []struct{ id, typ string }{
		{a.ExistingVnetID, TypeVirtualNetwork},
		{a.PrivateEndpointSubnet.ExistingID, TypeSubnet},
		{a.ExistingRegistryDNSZoneID, TypePrivateDNSZone},
	}
	for _, s := range []*SubnetSpec{a.ContainerAppsSubnet, a.AppServiceSubnet} {
		if s != nil {
			checks = append(checks, struct{ id, typ string }{s.ExistingID, TypeSubnet})
		}
	}
	for _, id := range a.RegistryDNSZoneLinkVnetIDs {
		checks = append(checks, struct{ id, typ string }{id, TypeVirtualNetwork})
	}
	for _, c := range checks {
		if c.id == "" {
			continue
		}
		if _, err := ParseResourceIDOfType(c.id, c.typ); err != nil {
			return err
		}
	}
	return nil
}
