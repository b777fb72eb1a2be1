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
	// or of an existing one, possibly an output of another resource.
	ResourceGroupName pulumi.StringInput `pulumi:"resourceGroupName"`
	// CreateResourceGroup creates the resource group; false (the default)
	// uses an existing one by name.
	CreateResourceGroup bool `pulumi:"createResourceGroup,optional"`
	// VnetName is the name of the virtual network privatepull creates;
	// required unless existingVnetId is set. Plain: it names the VNet.
	VnetName string `pulumi:"vnetName,optional"`
	// VnetAddressSpace is the CIDR of the VNet privatepull creates, e.g.
	// 10.0.0.0/16; required unless existingVnetId is set.
	VnetAddressSpace string `pulumi:"vnetAddressSpace,optional"`
	// ExistingVnetID uses an existing VNet (bring your own network): no VNet is
	// created, and subnets without existingId are created inside it. It may
	// be an output of another resource: its type is checked when it
	// resolves.
	ExistingVnetID pulumi.StringInput `pulumi:"existingVnetId,optional"`
	// ContainerAppsSubnet is the Container Apps infrastructure subnet; unset for none.
	ContainerAppsSubnet *SubnetSpec `pulumi:"containerAppsSubnet,optional"`
	// PrivateEndpointSubnet holds the registry's private endpoints. Network
	// policies for private endpoints are disabled on it.
	PrivateEndpointSubnet SubnetSpec `pulumi:"privateEndpointSubnet"`
	// AppServiceSubnet is the App Service VNet integration subnet (delegated
	// to Microsoft.Web/serverFarms; several plans may share it); unset for none.
	AppServiceSubnet *SubnetSpec `pulumi:"appServiceSubnet,optional"`
	// AgentPoolSubnet is the dedicated subnet of an ACR Tasks agent pool (not
	// delegated); unset for none.
	AgentPoolSubnet *SubnetSpec `pulumi:"agentPoolSubnet,optional"`
	// Tags are applied to every taggable resource. Plain map.
	Tags map[string]string `pulumi:"tags,optional"`

	// Deprecated: compose PrivateDnsZones instead (faster across languages:
	// see registryDnsZones).
	//
	// WebAppDNSZone is PrivateDnsZones' webAppDnsZone, created by the network
	// itself (with registryDnsZones).
	WebAppDNSZone bool `pulumi:"webAppDnsZone,optional"`
	// Deprecated: compose PrivateDnsZones instead (faster across languages:
	// a component's outputs all arrive once its slowest child exists, so
	// here every consumer of a subnet waits for the zones and their links).
	//
	// RegistryDNSZones are PrivateDnsZones' registryDnsZones, created by the
	// network itself with their links to its VNet, under the names they had
	// before PrivateDnsZones existed (a stack deployed then keeps them).
	// Plain list: it decides how many zones and links exist and their
	// logical names.
	RegistryDNSZones []RegistryDNSZoneSpec `pulumi:"registryDnsZones,optional"`
	// Deprecated: compose PrivateDnsZones instead (faster across languages:
	// see registryDnsZones).
	//
	// AllowUnlinkedRegistryDNSZones is PrivateDnsZones'
	// allowUnlinkedRegistryDnsZones (with registryDnsZones).
	AllowUnlinkedRegistryDNSZones bool `pulumi:"allowUnlinkedRegistryDnsZones,optional"`
	// Deprecated: compose PrivateDnsZones instead (faster across languages:
	// see registryDnsZones).
	//
	// SubscriptionID is the stack's subscription ("" = the default
	// provider's, read with getClientConfig): with registryDnsZones, it
	// identifies the VNet the component creates in the DNS layout check.
	// Plain: the check runs before anything is registered.
	SubscriptionID string `pulumi:"subscriptionId,optional"`
	// Deprecated: compose PrivateDnsZones instead (faster across languages:
	// see registryDnsZones).
	//
	// ProviderSettings are PrivateDnsZones' providerSettings (with
	// registryDnsZones).
	ProviderSettings *AzureProviderSettings `pulumi:"providerSettings,optional"`
	// Deprecated: compose PrivateDnsZones instead (faster across languages:
	// see registryDnsZones).
	//
	// Cloud is PrivateDnsZones' cloud (with registryDnsZones).
	Cloud Cloud `pulumi:"cloud,optional"`
}

// PrivateNetwork is the resource group, the VNet and its subnets: what the
// environment, the private endpoints, the App Service integration and the
// agent pool are placed in. The private DNS zones are PrivateDnsZones (or,
// deprecated, this component's registryDnsZones).
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

	// Deprecated: compose PrivateDnsZones instead (faster across languages:
	// see registryDnsZones).
	//
	// RegistryDNSZoneID is PrivateDnsZones' registryDnsZoneId for
	// registryDnsZones ("" without them).
	RegistryDNSZoneID pulumi.StringOutput `pulumi:"registryDnsZoneId"`
	// Deprecated: compose PrivateDnsZones instead (faster across languages:
	// see registryDnsZones).
	//
	// RegistryDNSZoneIDs are PrivateDnsZones' registryDnsZoneIds for
	// registryDnsZones (empty without them).
	RegistryDNSZoneIDs pulumi.StringArrayOutput `pulumi:"registryDnsZoneIds"`
	// Deprecated: compose PrivateDnsZones instead (faster across languages:
	// see registryDnsZones).
	//
	// RegistryDNSReady is PrivateDnsZones' registryDnsReady for
	// registryDnsZones ("" without them).
	RegistryDNSReady pulumi.StringOutput `pulumi:"registryDnsReady"`
	// Deprecated: compose PrivateDnsZones instead (faster across languages:
	// see registryDnsZones).
	//
	// RegistryDNSZoneLinks are the VNet links of registryDnsZones (Go only,
	// not in the schema), as PrivateDnsZones' RegistryDNSZoneLinks.
	RegistryDNSZoneLinks []pulumi.Resource
	// Deprecated: compose PrivateDnsZones instead (faster across languages:
	// see registryDnsZones).
	//
	// WebAppDNSZoneID is PrivateDnsZones' webAppDnsZoneId for webAppDnsZone
	// ("" without it).
	WebAppDNSZoneID pulumi.StringOutput `pulumi:"webAppDnsZoneId"`
	// Deprecated: compose PrivateDnsZones instead (faster across languages:
	// see registryDnsZones).
	//
	// WebAppDNSReady is PrivateDnsZones' webAppDnsReady for webAppDnsZone
	// ("" without it).
	WebAppDNSReady pulumi.StringOutput `pulumi:"webAppDnsReady"`
	// Deprecated: compose PrivateDnsZones instead (faster across languages:
	// see registryDnsZones).
	//
	// WebAppDNSZoneLinks are the VNet links of webAppDnsZone (Go only, not
	// in the schema), as PrivateDnsZones' WebAppDNSZoneLinks.
	WebAppDNSZoneLinks []pulumi.Resource
}

// NewPrivateNetwork registers the network foundation of a stack and, with
// the deprecated DNS inputs, the DNS zones and their links (as
// PrivateDnsZones does, under the names they had before it existed). Known
// values are validated before anything is registered; ids given as outputs
// of other resources are validated when they resolve.
func NewPrivateNetwork(ctx *pulumi.Context, name string, args *PrivateNetworkArgs,
	opts ...pulumi.ResourceOption) (*PrivateNetwork, error) {
	args, err := args.withSubscription(ctx)
	if err != nil {
		return nil, fmt.Errorf("PrivateNetwork %q: %w", name, err)
	}
	if err := args.check(); err != nil {
		return nil, fmt.Errorf("PrivateNetwork %q: %w", name, err)
	}
	dnsArgs, err := args.checkedDNSZonesArgs()
	if err != nil {
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
	component.ResourceGroupName = rgName
	component.VnetID = vnet.id

	dns, err := args.deprecatedDNSZones(ctx, name, dnsArgs, rgName, vnet, child)
	if err != nil {
		return nil, err
	}
	component.RegistryDNSZoneID, component.RegistryDNSZoneIDs, component.RegistryDNSReady =
		dns.registryZoneID, dns.registryZoneIDs, dns.registryReady
	component.WebAppDNSZoneID, component.WebAppDNSReady = dns.webZoneID, dns.webReady
	component.RegistryDNSZoneLinks, component.WebAppDNSZoneLinks = dns.registryLinks, dns.webLinks
	outputs := dns.outputs()
	for k, v := range map[string]pulumi.StringOutput{
		"resourceGroupName":       component.ResourceGroupName,
		"vnetId":                  component.VnetID,
		"containerAppsSubnetId":   component.ContainerAppsSubnetID,
		"privateEndpointSubnetId": component.PrivateEndpointSubnetID,
		"appServiceSubnetId":      component.AppServiceSubnetID,
		"agentPoolSubnetId":       component.AgentPoolSubnetID,
	} {
		outputs[k] = v
	}
	if err := ctx.RegisterResourceOutputs(component, outputs); err != nil {
		return nil, fmt.Errorf("PrivateNetwork %q outputs: %w", name, err)
	}
	return component, nil
}

// VnetID returns the resource id of a virtual network.
func VnetID(subscription, resourceGroup, name string) string {
	return fmt.Sprintf("/subscriptions/%s/resourceGroups/%s/providers/%s/%s", subscription, resourceGroup, TypeVirtualNetwork, name)
}
