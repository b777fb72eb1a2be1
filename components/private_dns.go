package components

import (
	"fmt"

	"github.com/pulumi/pulumi-azure-native-sdk/network/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// zoneArgs holds what every private DNS zone of a PrivateNetwork shares.
type zoneArgs struct {
	ctx       *pulumi.Context
	component string
	rgName    pulumi.StringInput
	vnetID    pulumi.IDOutput
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
	link, err := network.NewVirtualNetworkLink(z.ctx, childName(z.component, role+"-zone-link"), &network.VirtualNetworkLinkArgs{
		VirtualNetworkLinkName: pulumi.String(fmt.Sprintf("link-%s-%s", role, z.vnetName)),
		PrivateZoneName:        zone.Name,
		ResourceGroupName:      z.rgName,
		Location:               pulumi.String("global"),
		RegistrationEnabled:    pulumi.Bool(false),
		VirtualNetwork:         &network.SubResourceArgs{Id: z.vnetID},
		Tags:                   z.tags,
	}, z.opts...)
	if err != nil {
		return pulumi.StringOutput{}, nil, fmt.Errorf("VNet link of %s: %w", zoneName, err)
	}
	return zone.ID().ToStringOutput(), link, nil
}
