package components

import (
	"fmt"

	"github.com/pulumi/pulumi-azure-native-sdk/network/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// privateEndpointSpec is one private endpoint to one private-link group of a
// resource, with the DNS zone group that registers its A records.
type privateEndpointSpec struct {
	// name is the endpoint's Azure name; its NIC is <name>-nic and its
	// connection <name>-conn.
	name              string
	resourceGroupName pulumi.StringInput
	location          string
	subnetID          pulumi.StringInput
	// targetID is the resource the endpoint connects to (privateLinkServiceId).
	targetID pulumi.StringInput
	// groupID is the private-link group (registry, sites, blob...); it also
	// names the zone group's zone config.
	groupID string
	// ipConfigs are static IPs per member; nil for dynamic allocation.
	ipConfigs network.PrivateEndpointIPConfigurationArray
	// dnsZoneID is the privatelink zone the zone group registers the records in.
	dnsZoneID pulumi.StringInput
	tags      map[string]string
}

// newPrivateEndpoint registers the private endpoint (logical name
// logicalName, with endpointOpts) and its DNS zone group "default"
// (logicalName-dns, with zoneGroupOpts): the zone group writes the A records
// of every member the endpoint covers into dnsZoneID.
func newPrivateEndpoint(ctx *pulumi.Context, logicalName string, spec privateEndpointSpec,
	endpointOpts, zoneGroupOpts []pulumi.ResourceOption) (*network.PrivateEndpoint, *network.PrivateDnsZoneGroup, error) {
	pe, err := network.NewPrivateEndpoint(ctx, logicalName, &network.PrivateEndpointArgs{
		PrivateEndpointName:        pulumi.String(spec.name),
		ResourceGroupName:          spec.resourceGroupName,
		Location:                   pulumi.String(spec.location),
		CustomNetworkInterfaceName: pulumi.String(spec.name + "-nic"),
		Subnet:                     &network.SubnetTypeArgs{Id: spec.subnetID},
		PrivateLinkServiceConnections: network.PrivateLinkServiceConnectionArray{
			&network.PrivateLinkServiceConnectionArgs{
				Name:                 pulumi.String(spec.name + "-conn"),
				PrivateLinkServiceId: spec.targetID,
				GroupIds:             pulumi.StringArray{pulumi.String(spec.groupID)},
			},
		},
		IpConfigurations: spec.ipConfigs,
		Tags:             tagsInput(spec.tags),
	}, endpointOpts...)
	if err != nil {
		return nil, nil, fmt.Errorf("private endpoint %s: %w", spec.name, err)
	}
	zoneGroup, err := network.NewPrivateDnsZoneGroup(ctx, logicalName+"-dns", &network.PrivateDnsZoneGroupArgs{
		PrivateDnsZoneGroupName: pulumi.String("default"),
		PrivateEndpointName:     pe.Name,
		ResourceGroupName:       spec.resourceGroupName,
		PrivateDnsZoneConfigs: network.PrivateDnsZoneConfigArray{
			&network.PrivateDnsZoneConfigArgs{
				Name:             pulumi.String(spec.groupID),
				PrivateDnsZoneId: spec.dnsZoneID,
			},
		},
	}, zoneGroupOpts...)
	if err != nil {
		return nil, nil, fmt.Errorf("DNS zone group of %s: %w", spec.name, err)
	}
	return pe, zoneGroup, nil
}
