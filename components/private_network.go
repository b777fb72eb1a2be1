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

// SubnetSpec describes one subnet of the virtual network: one privatepull
// creates (name and addressPrefix) or an existing one (existingId).
type SubnetSpec struct {
	// Name is the subnet's Azure name; required unless existingId is set.
	// Plain: it names the subnet privatepull creates.
	Name string `pulumi:"name,optional"`
	// AddressPrefix is the subnet's CIDR, inside the VNet's address space;
	// required unless existingId is set.
	AddressPrefix string `pulumi:"addressPrefix,optional"`
	// Delegation is the service the subnet is delegated to ("" for none):
	// Microsoft.App/environments for the Container Apps subnet,
	// Microsoft.Web/serverFarms for the App Service integration subnet.
	Delegation string `pulumi:"delegation,optional"`
	// ExistingID uses an existing subnet by resource id instead of creating
	// one; name, addressPrefix and delegation are then ignored (the subnet
	// must already be prepared for its role). It may be an output of another
	// resource: its type is checked when it resolves.
	ExistingID pulumi.StringInput `pulumi:"existingId,optional"`
}

// PrivateNetworkArgs configures the PrivateNetwork component.
type PrivateNetworkArgs struct {
	// Location is the Azure region of the resource group and VNet.
	Location string `pulumi:"location"`
	// ResourceGroupName is the resource group every resource of the stack
	// goes to: the name of the one privatepull creates (createResourceGroup),
	// or of an existing one, possibly an output of another resource (the DNS
	// layout is then checked when it resolves).
	ResourceGroupName pulumi.StringInput `pulumi:"resourceGroupName"`
	// CreateResourceGroup creates the resource group; false (the default)
	// uses an existing one by name.
	CreateResourceGroup bool `pulumi:"createResourceGroup,optional"`
	// VnetName is the name of the virtual network privatepull creates;
	// required unless existingVnetId is set. Plain: it names the VNet and
	// its DNS zone links.
	VnetName string `pulumi:"vnetName,optional"`
	// VnetAddressSpace is the CIDR of the VNet privatepull creates, e.g.
	// 10.0.0.0/16; required unless existingVnetId is set.
	VnetAddressSpace string `pulumi:"vnetAddressSpace,optional"`
	// ExistingVnetID uses an existing VNet (bring your own network): no VNet is
	// created, and subnets without existingId are created inside it. It may
	// be an output of another resource: its type and the DNS layout are
	// checked when it resolves.
	ExistingVnetID pulumi.StringInput `pulumi:"existingVnetId,optional"`
	// ContainerAppsSubnet is the Container Apps infrastructure subnet; unset for none.
	ContainerAppsSubnet *SubnetSpec `pulumi:"containerAppsSubnet,optional"`
	// PrivateEndpointSubnet holds the registry's private endpoints. Network
	// policies for private endpoints are disabled on it.
	PrivateEndpointSubnet SubnetSpec `pulumi:"privateEndpointSubnet"`
	// AppServiceSubnet is the App Service VNet integration subnet (delegated
	// to Microsoft.Web/serverFarms, one plan per subnet); unset for none.
	AppServiceSubnet *SubnetSpec `pulumi:"appServiceSubnet,optional"`
	// AgentPoolSubnet is the dedicated subnet of an ACR Tasks agent pool (not
	// delegated); unset for none.
	AgentPoolSubnet *SubnetSpec `pulumi:"agentPoolSubnet,optional"`
	// WebAppDNSZone creates the App Service private DNS zone
	// (privatelink.azurewebsites.net) linked to the VNet, for web apps
	// reached through private endpoints (e.g. a hosted custom registry).
	WebAppDNSZone bool `pulumi:"webAppDnsZone,optional"`
	// RegistryDNSZones are the registry private endpoints' DNS zones, one
	// per endpoint, in the endpoints' order (at least one). The first is the
	// zone the stack's VNet resolves the registry through. Plain list: it
	// decides how many zones and links exist and their logical names.
	RegistryDNSZones []RegistryDNSZoneSpec `pulumi:"registryDnsZones"`
	// AllowUnlinkedRegistryDNSZones accepts zones no VNet is linked to (a hub
	// DNS resolver answers for them, or policy owns the links).
	AllowUnlinkedRegistryDNSZones bool `pulumi:"allowUnlinkedRegistryDnsZones,optional"`
	// SubscriptionID is the stack's subscription ("" = the default provider's,
	// read with getClientConfig): it identifies the VNet the component
	// creates in the DNS layout check. Plain: the check runs before anything
	// is registered.
	SubscriptionID string `pulumi:"subscriptionId,optional"`
	// ProviderSettings are the stack's azure-native settings, given to every
	// explicit provider the component creates (zones in other subscriptions);
	// unset sends none but the subscription.
	ProviderSettings *AzureProviderSettings `pulumi:"providerSettings,optional"`
	// Cloud selects the private DNS zone names: public (the default),
	// usgovernment or china.
	Cloud Cloud `pulumi:"cloud,optional"`
	// Tags are applied to every taggable resource. Plain map.
	Tags map[string]string `pulumi:"tags,optional"`
}

// PrivateNetwork is the resource group, VNet, subnets and the registry's
// private DNS zones with their VNet links.
type PrivateNetwork struct {
	pulumi.ResourceState

	// ResourceGroupName is the name of the stack's resource group.
	ResourceGroupName pulumi.StringOutput `pulumi:"resourceGroupName"`
	// VnetID is the virtual network's resource id.
	VnetID pulumi.StringOutput `pulumi:"vnetId"`
	// ContainerAppsSubnetID is the Container Apps infrastructure subnet's id
	// (empty when no such subnet was requested).
	ContainerAppsSubnetID pulumi.StringOutput `pulumi:"containerAppsSubnetId"`
	// PrivateEndpointSubnetID is the private-endpoint subnet's id.
	PrivateEndpointSubnetID pulumi.StringOutput `pulumi:"privateEndpointSubnetId"`
	// AppServiceSubnetID is the App Service integration subnet's id (empty
	// when none was requested).
	AppServiceSubnetID pulumi.StringOutput `pulumi:"appServiceSubnetId"`
	// AgentPoolSubnetID is the agent pool subnet's id (empty when none was
	// requested).
	AgentPoolSubnetID pulumi.StringOutput `pulumi:"agentPoolSubnetId"`
	// RegistryDNSZoneID is the id of the first registry DNS zone (the one
	// the stack's VNet resolves the registry through).
	RegistryDNSZoneID pulumi.StringOutput `pulumi:"registryDnsZoneId"`
	// RegistryDNSZoneIDs are the ids of every registry DNS zone, in the order
	// of registryDnsZones.
	RegistryDNSZoneIDs pulumi.StringArrayOutput `pulumi:"registryDnsZoneIds"`
	// RegistryDNSReady is the ids of the registry zones' VNet links,
	// comma-separated: it resolves only once the links exist. Name
	// resolution is part of the pull, so pass it in a workload's pullReady
	// (ContainerAppWorkload) or networkReady (WebAppWorkload).
	RegistryDNSReady pulumi.StringOutput `pulumi:"registryDnsReady"`
	// RegistryDNSZoneLinks are the zones' VNet links (Go only, not in the
	// schema): Go callers put them in a workload's PullDependencies.
	RegistryDNSZoneLinks []pulumi.Resource
	// WebAppDNSZoneID is the App Service private DNS zone's id (empty when
	// none was requested).
	WebAppDNSZoneID pulumi.StringOutput `pulumi:"webAppDnsZoneId"`
	// WebAppDNSReady is the ids of that zone's VNet links, comma-separated
	// ("" without the zone): pass it in the hosted registry's dnsReady.
	WebAppDNSReady pulumi.StringOutput `pulumi:"webAppDnsReady"`
	// WebAppDNSZoneLinks are that zone's VNet links (Go only, not in the
	// schema): Go callers put them in HostedRegistrySpec.DNSDependencies.
	WebAppDNSZoneLinks []pulumi.Resource
}

// NewPrivateNetwork registers the network foundation of a stack. Known values
// are validated before anything is registered; ids given as outputs of other
// resources are validated when they resolve, and the DNS zones and their
// links wait for that check.
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

	rgName := args.ResourceGroupName.ToStringOutput()
	if args.CreateResourceGroup {
		rg, err := resources.NewResourceGroup(ctx, childName(name, "rg"), &resources.ResourceGroupArgs{
			ResourceGroupName: args.ResourceGroupName,
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

	zoneOpts := child
	if gate, deferred := args.deferredCheck(name); deferred {
		// Ids given as outputs: zones and links wait for the DNS layout check.
		zoneOpts = withOpts(child, pulumi.DependsOnInputs(gate))
	}
	zones := zoneArgs{ctx: ctx, component: name, rgName: rgName, vnetID: vnet.id, vnetName: vnet.displayName,
		tags: tags, opts: zoneOpts}
	if args.ProviderSettings != nil {
		zones.settings = *args.ProviderSettings
	}
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
	component.RegistryDNSReady = readyToken(component.RegistryDNSZoneLinks)
	component.WebAppDNSReady = readyToken(component.WebAppDNSZoneLinks)

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
		"registryDnsReady":        component.RegistryDNSReady,
		"webAppDnsReady":          component.WebAppDNSReady,
	}); err != nil {
		return nil, fmt.Errorf("PrivateNetwork %q outputs: %w", name, err)
	}
	return component, nil
}

// VnetID returns the resource id of a virtual network.
func VnetID(subscription, resourceGroup, name string) string {
	return fmt.Sprintf("/subscriptions/%s/resourceGroups/%s/providers/%s/%s", subscription, resourceGroup, TypeVirtualNetwork, name)
}
