package components

import (
	"fmt"

	"github.com/pulumi/pulumi-azure-native-sdk/network/v2"
	azurenative "github.com/pulumi/pulumi-azure-native-sdk/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// zoneArgs holds what every private DNS zone of a PrivateNetwork shares.
type zoneArgs struct {
	ctx       *pulumi.Context
	component string
	rgName    pulumi.StringInput
	vnetID    pulumi.StringOutput
	vnetName  string
	tags      pulumi.StringMapInput
	opts      []pulumi.ResourceOption
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
	link, err := z.link(role+"-zone-link", "link-"+role+"-"+z.vnetName, zone.Name, z.rgName, z.vnetID, z.opts)
	if err != nil {
		return pulumi.StringOutput{}, nil, err
	}
	return zone.ID().ToStringOutput(), link, nil
}

// registryZone creates the privatelink.azurecr.* zone or uses the existing
// one, then links the stack's VNet (unless skipped) and every extra VNet.
// Never a <region>.data.privatelink... zone: data endpoints' records live in
// this one zone.
func (z zoneArgs) registryZone(args *PrivateNetworkArgs) (pulumi.StringOutput, []pulumi.Resource, error) {
	zoneName := pulumi.StringInput(pulumi.String(args.Cloud.RegistryPrivateDNSZone()))
	zoneRG := z.rgName
	zoneID := pulumi.StringOutput{}
	linkOpts := z.opts
	if args.ExistingRegistryDNSZoneID != "" {
		existing, err := ParseResourceIDOfType(args.ExistingRegistryDNSZoneID, TypePrivateDNSZone)
		if err != nil {
			return zoneID, nil, err
		}
		zoneName, zoneRG = pulumi.String(existing.Name()), pulumi.String(existing.ResourceGroup)
		zoneID = pulumi.String(args.ExistingRegistryDNSZoneID).ToStringOutput()
		// Links live with the zone: use a provider scoped to its subscription,
		// which in hub-spoke estates is often not the stack's.
		provider, err := azurenative.NewProvider(z.ctx, childName(z.component, "dns-provider"), &azurenative.ProviderArgs{
			SubscriptionId: pulumi.String(existing.Subscription),
		}, z.opts...)
		if err != nil {
			return zoneID, nil, fmt.Errorf("provider for DNS zone subscription %s: %w", existing.Subscription, err)
		}
		linkOpts = withOpts(z.opts, pulumi.Provider(provider))
	} else {
		zone, err := network.NewPrivateZone(z.ctx, childName(z.component, "acr-zone"), &network.PrivateZoneArgs{
			PrivateZoneName:   zoneName,
			ResourceGroupName: z.rgName,
			Location:          pulumi.String("global"),
			Tags:              z.tags,
		}, z.opts...)
		if err != nil {
			return zoneID, nil, fmt.Errorf("registry private DNS zone: %w", err)
		}
		zoneName, zoneID = zone.Name, zone.ID().ToStringOutput()
	}

	var links []pulumi.Resource
	if !args.SkipRegistryDNSZoneLink {
		link, err := z.link("acr-zone-link", "link-acr-"+z.vnetName, zoneName, zoneRG, z.vnetID, linkOpts)
		if err != nil {
			return zoneID, nil, err
		}
		links = append(links, link)
	}
	for _, id := range args.RegistryDNSZoneLinkVnetIDs {
		vnet, _ := ParseResourceIDOfType(id, TypeVirtualNetwork) // checked by PrivateNetworkArgs.check
		link, err := z.link("acr-zone-link-"+vnet.Name(), "link-acr-"+vnet.Name(), zoneName, zoneRG,
			pulumi.String(id).ToStringOutput(), linkOpts)
		if err != nil {
			return zoneID, nil, err
		}
		links = append(links, link)
	}
	return zoneID, links, nil
}

// link registers one VNet link (registrationEnabled=false).
func (z zoneArgs) link(role, linkName string, zoneName, zoneRG pulumi.StringInput, vnetID pulumi.StringOutput,
	opts []pulumi.ResourceOption) (pulumi.Resource, error) {
	link, err := network.NewVirtualNetworkLink(z.ctx, childName(z.component, role), &network.VirtualNetworkLinkArgs{
		VirtualNetworkLinkName: pulumi.String(linkName),
		PrivateZoneName:        zoneName,
		ResourceGroupName:      zoneRG,
		Location:               pulumi.String("global"),
		RegistrationEnabled:    pulumi.Bool(false),
		VirtualNetwork:         &network.SubResourceArgs{Id: vnetID},
		Tags:                   z.tags,
	}, opts...)
	if err != nil {
		return nil, fmt.Errorf("VNet link %s: %w", linkName, err)
	}
	return link, nil
}
