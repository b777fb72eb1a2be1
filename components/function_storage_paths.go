package components

import (
	"github.com/pulumi/pulumi-azure-native-sdk/network/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// storagePaths is what newStoragePaths registered.
type storagePaths struct {
	endpointIDs, zoneIDs, addresses pulumi.StringMapOutput
	linkedVnets                     pulumi.StringArrayOutput
	// dependencies are the zone groups and the VNet links: what the host's
	// first connection to its storage needs.
	dependencies []pulumi.Resource
}

// newStoragePaths registers, for each of FunctionStorageServices, the
// privatelink zone linked to the VNet (or uses the existing one, linked to
// the VNet on request), the private endpoint to the account (groupIds
// [service]) and its DNS zone group. Each service has a zone of its own:
// blob, queue and table names resolve in different zones.
func newStoragePaths(ctx *pulumi.Context, component string, args *FunctionStorageArgs, account *hostStorageAccount,
	child []pulumi.ResourceOption) (*storagePaths, error) {
	zones := zoneArgs{ctx: ctx, component: component, rgName: args.ResourceGroupName, tags: tagsInput(args.Tags),
		opts: child}
	if isSet(args.VnetID) {
		zones.vnetID, zones.vnetName = checkedID(args.VnetID, TypeVirtualNetwork), linkVnetName(args.VnetID, args.VnetName)
	}
	if args.ProviderSettings != nil {
		zones.settings = *args.ProviderSettings
	}
	endpointIDs, zoneIDs := pulumi.StringMap{}, pulumi.StringMap{}
	linked := pulumi.StringArray{}
	var groups []pulumi.Resource
	var addresses []pulumi.StringMapOutput
	paths := &storagePaths{}
	for _, service := range FunctionStorageServices {
		zoneID, link, err := storageZone(zones, args, service)
		if err != nil {
			return nil, err
		}
		if link != nil {
			paths.dependencies = append(paths.dependencies, link)
			if len(linked) == 0 {
				linked = append(linked, zones.vnetID)
			}
		}
		pe, group, err := newPrivateEndpoint(ctx, childName(component, service+"-pe"), privateEndpointSpec{
			name: "pe-" + service + "-" + args.endpointAccountName(), resourceGroupName: args.ResourceGroupName,
			location: args.Location, subnetID: args.PrivateEndpointSubnetID, targetID: account.id, groupID: service,
			dnsZoneID: zoneID, tags: args.Tags,
		}, child, child)
		if err != nil {
			return nil, err
		}
		endpointIDs[service], zoneIDs[service] = pe.ID().ToStringOutput(), zoneID
		groups = append(groups, group)
		addresses = append(addresses, serviceAddresses(group, account.hosts.MapIndex(pulumi.String(service))))
	}
	paths.dependencies = append(groups, paths.dependencies...)
	paths.endpointIDs, paths.zoneIDs = endpointIDs.ToStringMapOutput(), zoneIDs.ToStringMapOutput()
	paths.linkedVnets = linked.ToStringArrayOutput()
	paths.addresses = MergeAddresses(addresses...)
	return paths, nil
}

// storageZone returns the id of a service's zone and the stack VNet's link
// to it (nil when there is none): a zone it creates and links, or the
// existing zone, linked (in its resource group, through a provider for its
// subscription: <component>-<service>-dns-provider) when
// LinkVnetToExistingDNSZones asks for it.
func storageZone(zones zoneArgs, args *FunctionStorageArgs, service string) (pulumi.StringOutput, pulumi.Resource, error) {
	existingID := args.ExistingDNSZoneIDs[service]
	if existingID == "" {
		return zones.linkedZone(service, args.Cloud.StoragePrivateDNSZone(service))
	}
	if !args.LinkVnetToExistingDNSZones {
		return pulumi.String(existingID).ToStringOutput(), nil, nil
	}
	existing, err := zones.existingZone(pulumi.String(existingID), childName(zones.component, service+"-dns-provider"),
		"the "+service+" storage DNS zone")
	if err != nil {
		return pulumi.StringOutput{}, nil, err
	}
	link, err := zones.link(service+"-zone-link", prefixed("link-"+service+"-", zones.vnetName), existing.name,
		existing.resourceGroup, zones.vnetID, existing.linkOpts)
	if err != nil {
		return pulumi.StringOutput{}, nil, err
	}
	return existing.id, link, nil
}

// serviceAddresses maps a service's host name to the IPs of the A record
// its zone group registered (empty while the provider reports none).
func serviceAddresses(group *network.PrivateDnsZoneGroup, host pulumi.StringOutput) pulumi.StringMapOutput {
	return pulumi.All(group.PrivateDnsZoneConfigs, host).ApplyT(func(v []any) map[string]string {
		return recordAddresses(v[0].([]network.PrivateDnsZoneConfigResponse), []string{v[1].(string)})
	}).(pulumi.StringMapOutput)
}

// MergeAddresses merges host -> IPs maps into one (a later map's entry wins),
// e.g. RegistryEndpoints' primaryEndpointAddresses and FunctionStorage's
// expectedAddresses for ProbeJobSpec's expectedAddresses.
func MergeAddresses(maps ...pulumi.StringMapOutput) pulumi.StringMapOutput {
	all := make([]any, len(maps))
	for i, m := range maps {
		all[i] = m
	}
	return pulumi.All(all...).ApplyT(func(v []any) map[string]string {
		out := map[string]string{}
		for _, m := range v {
			for host, ips := range m.(map[string]string) {
				out[host] = ips
			}
		}
		return out
	}).(pulumi.StringMapOutput)
}
