package components

import (
	"fmt"

	"github.com/pulumi/pulumi-azure-native-sdk/authorization/v2"
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
	// AgentPoolSubnet is the dedicated subnet of an ACR Tasks agent pool (not
	// delegated); nil for none.
	AgentPoolSubnet *SubnetSpec
	// WebAppDNSZone creates the App Service private DNS zone
	// (privatelink.azurewebsites.net) linked to the VNet, for web apps
	// reached through private endpoints (e.g. a hosted custom registry).
	WebAppDNSZone bool
	// RegistryDNSZones are the registry private endpoints' DNS zones, one
	// per endpoint, in the endpoints' order (at least one). The first is the
	// zone the stack's VNet resolves the registry through.
	RegistryDNSZones []RegistryDNSZoneSpec
	// AllowUnlinkedRegistryDNSZones accepts zones no VNet is linked to (a hub
	// DNS resolver answers for them, or policy owns the links).
	AllowUnlinkedRegistryDNSZones bool
	// SubscriptionID is the stack's subscription ("" = the default provider's,
	// read with getClientConfig): it identifies the VNet the component creates.
	SubscriptionID string
	// ProviderSettings are the stack's azure-native settings, given to every
	// explicit provider the component creates (zones in other subscriptions).
	ProviderSettings AzureProviderSettings
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
	// AgentPoolSubnetID is the agent pool subnet's id (empty when none was
	// requested).
	AgentPoolSubnetID pulumi.StringOutput
	// RegistryDNSZoneID is the id of the first registry DNS zone (the one
	// the stack's VNet resolves the registry through).
	RegistryDNSZoneID pulumi.StringOutput
	// RegistryDNSZoneIDs are the ids of every registry DNS zone, in the order
	// of RegistryDNSZones.
	RegistryDNSZoneIDs pulumi.StringArrayOutput
	// RegistryDNSZoneLinks are the zones' VNet links: workloads that pull must
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
	if args != nil && args.SubscriptionID == "" {
		client, err := authorization.GetClientConfig(ctx)
		if err != nil {
			return nil, fmt.Errorf("PrivateNetwork %q: read the subscription: %w", name, err)
		}
		withSub := *args
		withSub.SubscriptionID = client.SubscriptionId
		args = &withSub
	}
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
	if component.AgentPoolSubnetID, err = subnets.optional("snet-acr-tasks", args.AgentPoolSubnet, false); err != nil {
		return nil, err
	}

	zones := zoneArgs{ctx: ctx, component: name, rgName: rgName, vnetID: vnet.id, vnetName: vnet.displayName,
		tags: tags, opts: child, settings: args.ProviderSettings}
	var zoneIDs pulumi.StringArray
	for _, spec := range args.RegistryDNSZones {
		zoneID, links, err := zones.registryZone(spec, args.Cloud)
		if err != nil {
			return nil, err
		}
		zoneIDs = append(zoneIDs, zoneID)
		component.RegistryDNSZoneLinks = append(component.RegistryDNSZoneLinks, links...)
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
	component.RegistryDNSZoneID = zoneIDs[0].ToStringOutput()
	component.RegistryDNSZoneIDs = zoneIDs.ToStringArrayOutput()

	if err := ctx.RegisterResourceOutputs(component, pulumi.Map{
		"resourceGroupName":       component.ResourceGroupName,
		"vnetId":                  component.VnetID,
		"containerAppsSubnetId":   component.ContainerAppsSubnetID,
		"privateEndpointSubnetId": component.PrivateEndpointSubnetID,
		"appServiceSubnetId":      component.AppServiceSubnetID,
		"agentPoolSubnetId":       component.AgentPoolSubnetID,
		"registryDnsZoneId":       component.RegistryDNSZoneID,
		"registryDnsZoneIds":      component.RegistryDNSZoneIDs,
		"webAppDnsZoneId":         component.WebAppDNSZoneID,
	}); err != nil {
		return nil, fmt.Errorf("PrivateNetwork %q outputs: %w", name, err)
	}
	return component, nil
}

// check validates the ids a caller passes and the registry DNS layout, before
// anything is registered.
func (a *PrivateNetworkArgs) check() error {
	if a == nil {
		return fmt.Errorf("args are required")
	}
	if len(a.RegistryDNSZones) == 0 {
		return fmt.Errorf("RegistryDNSZones needs at least one zone (one per registry private endpoint)")
	}
	checks := []struct{ id, typ string }{
		{a.ExistingVnetID, TypeVirtualNetwork},
		{a.PrivateEndpointSubnet.ExistingID, TypeSubnet},
	}
	for _, s := range []*SubnetSpec{a.ContainerAppsSubnet, a.AppServiceSubnet, a.AgentPoolSubnet} {
		if s != nil {
			checks = append(checks, struct{ id, typ string }{s.ExistingID, TypeSubnet})
		}
	}
	keys := map[string]bool{}
	for _, z := range a.RegistryDNSZones {
		if z.Key == "" || keys[z.Key] {
			return fmt.Errorf("registry DNS zone keys must be set and unique (got %q)", z.Key)
		}
		keys[z.Key] = true
		checks = append(checks, struct{ id, typ string }{z.ExistingZoneID, TypePrivateDNSZone})
		for _, id := range z.LinkVnetIDs {
			checks = append(checks, struct{ id, typ string }{id, TypeVirtualNetwork})
		}
	}
	for _, c := range checks {
		if c.id == "" {
			continue
		}
		if _, err := ParseResourceIDOfType(c.id, c.typ); err != nil {
			return err
		}
	}
	if issues := CheckRegistryDNSLayout(a.RegistryDNSZones, a.ResourceGroupName, a.stackVnetID(), a.AllowUnlinkedRegistryDNSZones); len(issues) > 0 {
		return issues[0]
	}
	return nil
}

// stackVnetID is the id of the VNet the component uses: the existing one, or
// the one it creates.
func (a *PrivateNetworkArgs) stackVnetID() string {
	if a.ExistingVnetID != "" {
		return a.ExistingVnetID
	}
	return VnetID(a.SubscriptionID, a.ResourceGroupName, a.VnetName)
}

// VnetID returns the resource id of a virtual network.
func VnetID(subscription, resourceGroup, name string) string {
	return fmt.Sprintf("/subscriptions/%s/resourceGroups/%s/providers/%s/%s", subscription, resourceGroup, TypeVirtualNetwork, name)
}
