package components

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// PrivateDnsZonesArgs configures the PrivateDnsZones component.
type PrivateDnsZonesArgs struct {
	// ResourceGroupName is the resource group of the zones privatepull
	// creates, e.g. PrivateNetwork's resourceGroupName. It may be an output
	// of another resource: the DNS layout is then checked when it resolves.
	ResourceGroupName pulumi.StringInput `pulumi:"resourceGroupName"`
	// VnetID is the stack's VNet, which linkStackVnet (and the web zone)
	// link, e.g. PrivateNetwork's vnetId; required when a zone links it or
	// webAppDnsZone is set. It may be an output of another resource: its
	// type and the DNS layout are then checked when it resolves.
	VnetID pulumi.StringInput `pulumi:"vnetId,optional"`
	// VnetName is the name of that VNet, which names its links
	// (link-acr-<vnetName>, link-web-<vnetName>); "" takes it from vnetId.
	// Give it when vnetId is an output, so that the links' names are known
	// in preview. Plain: it names the links.
	VnetName string `pulumi:"vnetName,optional"`
	// RegistryDNSZones are the registry private endpoints' DNS zones, one
	// per endpoint, in the endpoints' order (at least one). The first is the
	// zone the stack's VNet resolves the registry through. Plain list: it
	// decides how many zones and links exist and their logical names.
	RegistryDNSZones []RegistryDNSZoneSpec `pulumi:"registryDnsZones"`
	// AllowUnlinkedRegistryDNSZones accepts zones no VNet is linked to (a hub
	// DNS resolver answers for them, or policy owns the links).
	AllowUnlinkedRegistryDNSZones bool `pulumi:"allowUnlinkedRegistryDnsZones,optional"`
	// WebAppDNSZone creates the App Service private DNS zone
	// (privatelink.azurewebsites.net) linked to the VNet, for web apps
	// reached through private endpoints (e.g. a hosted custom registry).
	WebAppDNSZone bool `pulumi:"webAppDnsZone,optional"`
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

// PrivateDnsZones are the registry's private DNS zones (one per private
// endpoint, created or existing in any subscription) with their VNet links,
// and optionally the App Service private DNS zone.
type PrivateDnsZones struct {
	pulumi.ResourceState

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

// NewPrivateDnsZones registers the private DNS zones and their VNet links.
// Known values are validated before anything is registered; when the
// resource group, the VNet or an existing zone is given as an output, the
// DNS layout is checked once they resolve and the zones and links wait for
// that check. Its children kept the names they had in PrivateNetwork (of the
// same name), which they are aliased from.
func NewPrivateDnsZones(ctx *pulumi.Context, name string, args *PrivateDnsZonesArgs,
	opts ...pulumi.ResourceOption) (*PrivateDnsZones, error) {
	if err := args.check(); err != nil {
		return nil, fmt.Errorf("PrivateDnsZones %q: %w", name, err)
	}
	component := &PrivateDnsZones{}
	child, err := registerComponent(ctx, "PrivateDnsZones", name, component, opts...)
	if err != nil {
		return nil, err
	}
	zones := zoneArgs{ctx: ctx, component: name, rgName: args.ResourceGroupName,
		opts: withOpts(child, legacyParentAlias(component, "PrivateNetwork"))}
	if isSet(args.VnetID) {
		zones.vnetID, zones.vnetName = checkedID(args.VnetID, TypeVirtualNetwork), args.vnetName()
	}
	set, err := buildDNSZones(fmt.Sprintf("PrivateDnsZones %q", name), args, zones)
	if err != nil {
		return nil, err
	}
	component.RegistryDNSZoneID, component.RegistryDNSZoneIDs, component.RegistryDNSReady =
		set.registryZoneID, set.registryZoneIDs, set.registryReady
	component.WebAppDNSZoneID, component.WebAppDNSReady = set.webZoneID, set.webReady
	component.RegistryDNSZoneLinks, component.WebAppDNSZoneLinks = set.registryLinks, set.webLinks
	if err := ctx.RegisterResourceOutputs(component, set.outputs()); err != nil {
		return nil, fmt.Errorf("PrivateDnsZones %q outputs: %w", name, err)
	}
	return component, nil
}

// vnetName is the name that names the stack VNet's links: VnetName, else the
// name in a known vnetId, else that name once vnetId resolves.
func (a *PrivateDnsZonesArgs) vnetName() pulumi.StringInput {
	return linkVnetName(a.VnetID, a.VnetName)
}

// linkVnetName is the name that names a VNet's links to private DNS zones:
// name when given, else the name in a known vnetID (checked by the caller),
// else that name once vnetID resolves.
func linkVnetName(vnetID pulumi.StringInput, name string) pulumi.StringInput {
	if name != "" {
		return pulumi.String(name)
	}
	if id, known := knownString(vnetID); known {
		vnet, _ := ParseResourceIDOfType(id, TypeVirtualNetwork)
		return pulumi.String(vnet.Name())
	}
	return idPart(checkedID(vnetID, TypeVirtualNetwork), func(r ResourceID) string { return r.Name() })
}
