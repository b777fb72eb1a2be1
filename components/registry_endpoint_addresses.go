package components

import (
	"strings"

	"github.com/pulumi/pulumi-azure-native-sdk/network/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// zoneGroupAddresses maps each registry host name a DNS zone group
// registered an A record for to the record's IPs, comma-separated. The zone
// group reports its records in privateDnsZoneConfigs[].recordSets[]
// (recordSetName, fqdn in the privatelink zone, ipAddresses: REST API
// example PrivateEndpointDnsZoneGroupGet, network 2024-05-01), which Azure
// fills even when the endpoint's customDnsConfigs is empty
// (pulumi/pulumi-azure-native#3245). Keys are the registry's own host names:
// the login server and the data endpoint host names (dataHosts). A record
// set the provider does not report leaves its host out of the map.
func zoneGroupAddresses(group *network.PrivateDnsZoneGroup, loginServer pulumi.StringOutput,
	dataHosts pulumi.StringArrayOutput) pulumi.StringMapOutput {
	return pulumi.All(group.PrivateDnsZoneConfigs, loginServer, dataHosts).ApplyT(
		func(v []any) map[string]string {
			hosts := append([]string{v[1].(string)}, v[2].([]string)...)
			return recordAddresses(v[0].([]network.PrivateDnsZoneConfigResponse), hosts)
		}).(pulumi.StringMapOutput)
}

// recordAddresses maps each of hosts that an A record set of the zone
// configs serves (see servedHost) to the record's IPs, comma-separated; a
// host without a record, or whose record has no IP, is left out.
func recordAddresses(configs []network.PrivateDnsZoneConfigResponse, hosts []string) map[string]string {
	out := map[string]string{}
	for _, config := range configs {
		for _, rs := range config.RecordSets {
			if host, ok := servedHost(rs, hosts); ok && len(rs.IpAddresses) > 0 {
				out[host] = strings.Join(rs.IpAddresses, ",")
			}
		}
	}
	return out
}

// hostNames are the data endpoint host names the first endpoint's records
// may serve: the given ones and every region's data endpoint named after
// the login server (<label>.<region>.data.<domain>), which covers a
// domain-name-label scope's <name>-<hash>.azurecr.io without the registry's
// own report.
func (a *RegistryEndpointsArgs) hostNames() pulumi.StringArrayOutput {
	given := pulumi.StringArray{}.ToStringArrayOutput()
	if a.DataEndpointHostNames != nil {
		given = a.DataEndpointHostNames.ToStringArrayOutput()
	}
	regions := a.Regions()
	return pulumi.All(a.LoginServer, given).ApplyT(func(v []any) []string {
		hosts := append([]string{}, v[1].([]string)...)
		for _, region := range regions {
			if host := dataEndpointHostName(v[0].(string), region); host != "" {
				hosts = append(hosts, host)
			}
		}
		return hosts
	}).(pulumi.StringArrayOutput)
}

// servedHost returns the host, among hosts, that an A record set of a
// privatelink zone serves: <label>.privatelink.<domain> answers for
// <label>.<domain> (myreg.privatelink.azurecr.io for myreg.azurecr.io,
// myreg.koreacentral.data.privatelink.azurecr.io for
// myreg.koreacentral.data.azurecr.io). Host names are matched, never built
// from the registry's name: a domain-name-label scope makes the login server
// <name>-<hash>.azurecr.io.
func servedHost(rs network.RecordSetResponse, hosts []string) (string, bool) {
	if rs.RecordSetName == nil || rs.Fqdn == nil || (rs.RecordType != nil && !strings.EqualFold(*rs.RecordType, "A")) {
		return "", false
	}
	label := strings.ToLower(*rs.RecordSetName)
	zone, ok := strings.CutPrefix(strings.ToLower(strings.TrimSuffix(*rs.Fqdn, ".")), label+".")
	if !ok {
		return "", false
	}
	domain, ok := strings.CutPrefix(zone, "privatelink.")
	if !ok {
		return "", false
	}
	for _, host := range hosts {
		if strings.EqualFold(host, label+"."+domain) {
			return host, true
		}
	}
	return "", false
}
