package components

import (
	"fmt"

	"github.com/pulumi/pulumi-azure-native-sdk/network/v2"
	"github.com/pulumi/pulumi-azure-native-sdk/resources/v2"
	azurenative "github.com/pulumi/pulumi-azure-native-sdk/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// PrimaryRegistryDNSZoneKey is the key of the first registry DNS zone: the
// one the stack's own VNet resolves the registry through.
const PrimaryRegistryDNSZoneKey = "acr"

// RegistryDNSZoneSpec is the private DNS zone (privatelink.azurecr.*) of ONE
// registry private endpoint. Every endpoint needs a zone of its own: two
// endpoints' DNS zone groups in one zone write the same record names, the
// last write wins and deleting either endpoint deletes the records.
type RegistryDNSZoneSpec struct {
	// Key names the zone's resources (<component>-<key>-zone, ...); unique.
	// Plain: it names resources.
	Key string `pulumi:"key"`
	// ExistingZoneID uses an existing zone (e.g. a region's hub zone, possibly
	// in another subscription) instead of creating one. Its VNet links are
	// created in the zone's resource group through an explicit provider for
	// the zone's subscription. It may be an output of another resource: the
	// DNS layout is then checked when it resolves.
	ExistingZoneID pulumi.StringInput `pulumi:"existingZoneId,optional"`
	// ResourceGroupName is where a new zone is created ("" = the stack's
	// resource group). A zone name is unique per resource group, so every
	// zone but the first needs a resource group of its own. Plain: it is
	// compared with the other zones' before anything is registered.
	ResourceGroupName string `pulumi:"resourceGroupName,optional"`
	// CreateResourceGroup creates resourceGroupName (in location).
	CreateResourceGroup bool `pulumi:"createResourceGroup,optional"`
	// Location is the region of a created resource group.
	Location string `pulumi:"location,optional"`
	// LinkStackVnet links the stack's VNet to the zone (registrationEnabled=false).
	LinkStackVnet bool `pulumi:"linkStackVnet,optional"`
	// LinkVnetIDs are further VNets to link: only VNets that use this
	// zone's endpoint. A VNet cannot be linked to two zones of the same
	// name. Plain list: each VNet's name names its link.
	LinkVnetIDs []string `pulumi:"linkVnetIds,optional"`
}

// zoneArgs holds what every private DNS zone of a PrivateDnsZones shares:
// vnetID and vnetName are the stack's VNet (unset when no zone links it).
type zoneArgs struct {
	ctx       *pulumi.Context
	component string
	rgName    pulumi.StringInput
	vnetID    pulumi.StringOutput
	vnetName  pulumi.StringInput
	tags      pulumi.StringMapInput
	opts      []pulumi.ResourceOption
	settings  AzureProviderSettings
}

// linkedZone registers a private DNS zone and its link to the VNet
// (registrationEnabled=false: private endpoints' zone groups write the records).
func (z zoneArgs) linkedZone(role, zoneName string) (pulumi.StringOutput, pulumi.Resource, error) {
	zone, err := network.NewPrivateZone(z.ctx, childName(z.component, role+"-zone"), &network.PrivateZoneArgs{
		PrivateZoneName:   pulumi.String(zoneName),
		ResourceGroupName: z.rgName,
		Location:          pulumi.String("global"),
		Tags:              z.tags,
	}, z.opts...)
	if err != nil {
		return pulumi.StringOutput{}, nil, fmt.Errorf("private DNS zone %s: %w", zoneName, err)
	}
	link, err := z.link(role+"-zone-link", prefixed("link-"+role+"-", z.vnetName), zone.Name, z.rgName, z.vnetID, z.opts)
	if err != nil {
		return pulumi.StringOutput{}, nil, err
	}
	return zone.ID().ToStringOutput(), link, nil
}

// registryZone creates one registry zone or uses the existing one, then links
// the stack's VNet (when asked) and the spec's further VNets. Never a
// <region>.data.privatelink... zone: data endpoints' records live in this zone.
func (z zoneArgs) registryZone(spec RegistryDNSZoneSpec, cloud Cloud) (pulumi.StringOutput, []pulumi.Resource, error) {
	name := func(role string) string { return childName(z.component, spec.Key+"-"+role) }
	zoneName := pulumi.StringInput(pulumi.String(cloud.RegistryPrivateDNSZone()))
	zoneRG := z.rgName
	var zoneID pulumi.StringOutput
	linkOpts := z.opts
	if isSet(spec.ExistingZoneID) {
		existing, err := z.existingZone(spec.ExistingZoneID, z.providerName(spec.Key), "registry DNS zone "+spec.Key)
		if err != nil {
			return zoneID, nil, err
		}
		zoneID, zoneName, zoneRG, linkOpts = existing.id, existing.name, existing.resourceGroup, existing.linkOpts
	} else {
		if spec.ResourceGroupName != "" {
			zoneRG = pulumi.String(spec.ResourceGroupName)
		}
		if spec.CreateResourceGroup {
			rg, err := resources.NewResourceGroup(z.ctx, name("zone-rg"), &resources.ResourceGroupArgs{
				ResourceGroupName: pulumi.String(spec.ResourceGroupName),
				Location:          pulumi.String(spec.Location),
				Tags:              z.tags,
			}, z.opts...)
			if err != nil {
				return zoneID, nil, fmt.Errorf("resource group %s of registry DNS zone %s: %w", spec.ResourceGroupName, spec.Key, err)
			}
			zoneRG = rg.Name
		}
		zone, err := network.NewPrivateZone(z.ctx, name("zone"), &network.PrivateZoneArgs{
			PrivateZoneName:   zoneName,
			ResourceGroupName: zoneRG,
			Location:          pulumi.String("global"),
			Tags:              z.tags,
		}, z.opts...)
		if err != nil {
			return zoneID, nil, fmt.Errorf("registry private DNS zone %s: %w", spec.Key, err)
		}
		zoneName, zoneID = zone.Name, zone.ID().ToStringOutput()
	}

	var links []pulumi.Resource
	if spec.LinkStackVnet {
		link, err := z.link(spec.Key+"-zone-link", prefixed("link-acr-", z.vnetName), zoneName, zoneRG, z.vnetID, linkOpts)
		if err != nil {
			return zoneID, nil, err
		}
		links = append(links, link)
	}
	for _, id := range spec.LinkVnetIDs {
		vnet, _ := ParseResourceIDOfType(id, TypeVirtualNetwork) // checked by PrivateDnsZonesArgs.check
		link, err := z.link(spec.Key+"-zone-link-"+vnet.Name(), pulumi.String("link-acr-"+vnet.Name()), zoneName, zoneRG,
			pulumi.String(id).ToStringOutput(), linkOpts)
		if err != nil {
			return zoneID, nil, err
		}
		links = append(links, link)
	}
	return zoneID, links, nil
}

// existingPrivateZone is a zone privatepull uses but does not own: its id,
// name and resource group, and the options of the links privatepull adds to
// it (through a provider for the zone's subscription).
type existingPrivateZone struct {
	id                  pulumi.StringOutput
	name, resourceGroup pulumi.StringInput
	linkOpts            []pulumi.ResourceOption
}

// existingZone reads an existing zone's id (known, or an output checked when
// it resolves) and registers providerName, an explicit provider for the
// zone's subscription: links live with the zone, which in hub-spoke estates
// is often in another subscription than the stack's. The provider carries
// the stack's cloud and credentials settings. label names the zone in errors.
func (z zoneArgs) existingZone(zoneID pulumi.StringInput, providerName, label string) (*existingPrivateZone, error) {
	out := &existingPrivateZone{}
	var subscription pulumi.StringInput
	if id, known := knownString(zoneID); known {
		existing, err := ParseResourceIDOfType(id, TypePrivateDNSZone)
		if err != nil {
			return nil, err
		}
		out.id, out.name = pulumi.String(id).ToStringOutput(), pulumi.String(existing.Name())
		out.resourceGroup, subscription = pulumi.String(existing.ResourceGroup), pulumi.String(existing.Subscription)
	} else {
		out.id = checkedID(zoneID, TypePrivateDNSZone)
		out.name = idPart(out.id, func(r ResourceID) string { return r.Name() })
		out.resourceGroup = idPart(out.id, func(r ResourceID) string { return r.ResourceGroup })
		subscription = idPart(out.id, func(r ResourceID) string { return r.Subscription })
	}
	provider, err := azurenative.NewProvider(z.ctx, providerName, z.settings.providerArgs(subscription), z.opts...)
	if err != nil {
		return nil, fmt.Errorf("provider for the subscription of %s: %w", label, err)
	}
	out.linkOpts = withOpts(z.opts, pulumi.Provider(provider))
	return out, nil
}

// providerName keeps the first zone's provider at its original logical name,
// so stacks deployed before per-endpoint zones keep their links.
func (z zoneArgs) providerName(key string) string {
	if key == PrimaryRegistryDNSZoneKey {
		return childName(z.component, "dns-provider")
	}
	return childName(z.component, key+"-dns-provider")
}

// link registers one VNet link (registrationEnabled=false).
func (z zoneArgs) link(role string, linkName, zoneName, zoneRG pulumi.StringInput, vnetID pulumi.StringOutput,
	opts []pulumi.ResourceOption) (pulumi.Resource, error) {
	link, err := network.NewVirtualNetworkLink(z.ctx, childName(z.component, role), &network.VirtualNetworkLinkArgs{
		VirtualNetworkLinkName: linkName,
		PrivateZoneName:        zoneName,
		ResourceGroupName:      zoneRG,
		Location:               pulumi.String("global"),
		RegistrationEnabled:    pulumi.Bool(false),
		VirtualNetwork:         &network.SubResourceArgs{Id: vnetID},
		Tags:                   z.tags,
	}, opts...)
	if err != nil {
		return nil, fmt.Errorf("VNet link %s: %w", childName(z.component, role), err)
	}
	return link, nil
}
