package components

import (
	"fmt"

	app "github.com/pulumi/pulumi-azure-native-sdk/app/v2/v20240301"
	"github.com/pulumi/pulumi-azure-native-sdk/network/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// newEnvironmentDNS makes an internal environment's apps resolvable in the
// VNet: a private DNS zone named after the environment's default domain, a
// wildcard A record to its static IP, and the zone's VNet link.
func newEnvironmentDNS(ctx *pulumi.Context, name string, env *app.ManagedEnvironment,
	args *ContainerAppsEnvironmentArgs, child []pulumi.ResourceOption) error {
	zone, err := network.NewPrivateZone(ctx, childName(name, "env-zone"), &network.PrivateZoneArgs{
		PrivateZoneName:   env.DefaultDomain,
		ResourceGroupName: args.ResourceGroupName,
		Location:          pulumi.String("global"),
		Tags:              tagsInput(args.Tags),
	}, child...)
	if err != nil {
		return fmt.Errorf("environment private DNS zone: %w", err)
	}
	if _, err := network.NewPrivateRecordSet(ctx, childName(name, "env-wildcard"), &network.PrivateRecordSetArgs{
		PrivateZoneName:       zone.Name,
		ResourceGroupName:     args.ResourceGroupName,
		RecordType:            pulumi.String("A"),
		RelativeRecordSetName: pulumi.String("*"),
		Ttl:                   pulumi.Float64(300),
		ARecords:              network.ARecordArray{&network.ARecordArgs{Ipv4Address: env.StaticIp}},
	}, child...); err != nil {
		return fmt.Errorf("environment wildcard record: %w", err)
	}
	if _, err := network.NewVirtualNetworkLink(ctx, childName(name, "env-zone-link"), &network.VirtualNetworkLinkArgs{
		VirtualNetworkLinkName: pulumi.String("link-" + args.EnvironmentName),
		PrivateZoneName:        zone.Name,
		ResourceGroupName:      args.ResourceGroupName,
		Location:               pulumi.String("global"),
		RegistrationEnabled:    pulumi.Bool(false),
		VirtualNetwork:         &network.SubResourceArgs{Id: args.VnetID},
		Tags:                   tagsInput(args.Tags),
	}, child...); err != nil {
		return fmt.Errorf("environment private DNS zone VNet link: %w", err)
	}
	return nil
}
