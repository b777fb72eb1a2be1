package harness

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// withZoneGroupRecords adds to a private DNS zone group's state the A
// records Azure reports it registered, shaped like the REST API's
// PrivateEndpointDnsZoneGroupGet example (network 2024-05-01):
// privateDnsZoneConfigs[].recordSets[] = {recordType, recordSetName, fqdn,
// ipAddresses}, the zone config's properties flattened as azure-native does.
// A zone group of a registry private endpoint holds the login server's
// record and one per region's data endpoint (home region and every
// replication of the registry), with the endpoint's static IPs, else .4 for
// the login server and .5, .6, ... for the regions in order. A zone group of
// a storage account's endpoint holds the account's record with
// StorageEndpointIP. Other zone groups (e.g. of a sites endpoint) get no
// record sets.
func (m *Mocks) withZoneGroupRecords(state resource.PropertyMap) {
	endpoint, ok := m.registration("network:PrivateEndpoint", func(r Registration) bool {
		return str(r.Inputs, "privateEndpointName") == str(state, "privateEndpointName") &&
			str(r.Inputs, "resourceGroupName") == str(state, "resourceGroupName")
	})
	if !ok {
		return
	}
	configs, ok := state["privateDnsZoneConfigs"]
	if !ok || !configs.IsArray() {
		return
	}
	if account, service := endpointStorageTarget(endpoint.Inputs); account != "" {
		out := []resource.PropertyValue{}
		for _, c := range configs.ArrayValue() {
			config := c.ObjectValue().Copy()
			zone := str(config, "privateDnsZoneId")
			config["recordSets"] = resource.NewPropertyValue([]interface{}{
				record(account, zone[strings.LastIndex(zone, "/")+1:], StorageEndpointIP(service))})
			out = append(out, resource.NewProperty(config))
		}
		state["privateDnsZoneConfigs"] = resource.NewProperty(out)
		return
	}
	registry := endpointRegistryName(endpoint.Inputs)
	if registry == "" {
		return
	}
	regions := m.registryRegions(registry)
	out := []resource.PropertyValue{}
	for _, c := range configs.ArrayValue() {
		config := c.ObjectValue().Copy()
		zone := str(config, "privateDnsZoneId")
		zone = zone[strings.LastIndex(zone, "/")+1:]
		ips := endpointMemberIPs(endpoint.Inputs, regions)
		records := []interface{}{record(registry, zone, ips["registry"])}
		for _, region := range regions {
			records = append(records, record(registry+"."+region+".data", zone, ips["registry_data_"+region]))
		}
		config["recordSets"] = resource.NewPropertyValue(records)
		out = append(out, resource.NewProperty(config))
	}
	state["privateDnsZoneConfigs"] = resource.NewProperty(out)
}

// endpointStorageTarget returns the lower-case name of the storage account a
// private endpoint connects to and its group (blob, queue, table), or "" for
// another endpoint.
func endpointStorageTarget(inputs resource.PropertyMap) (string, string) {
	conns, ok := inputs["privateLinkServiceConnections"]
	if !ok || !conns.IsArray() || len(conns.ArrayValue()) == 0 || !conns.ArrayValue()[0].IsObject() {
		return "", ""
	}
	c := conns.ArrayValue()[0].ObjectValue()
	id := str(c, "privateLinkServiceId")
	groups, ok := c["groupIds"]
	if !strings.Contains(id, "/Microsoft.Storage/storageAccounts/") || !ok || !groups.IsArray() ||
		len(groups.ArrayValue()) != 1 || !groups.ArrayValue()[0].IsString() {
		return "", ""
	}
	return strings.ToLower(id[strings.LastIndex(id, "/")+1:]), groups.ArrayValue()[0].StringValue()
}

// record is one record set of a zone group, as Azure reports it.
func record(name, zone, ip string) map[string]interface{} {
	return map[string]interface{}{"recordType": "A", "recordSetName": name, "fqdn": name + "." + zone,
		"ipAddresses": []interface{}{ip}}
}

// registration returns the first registration of a type (short form, e.g.
// network:PrivateEndpoint) that match accepts.
func (m *Mocks) registration(short string, match func(Registration) bool) (Registration, bool) {
	for _, r := range m.Registrations() {
		if shortType(r.Type) == short && match(r) {
			return r, true
		}
	}
	return Registration{}, false
}

// registryRegions returns a registry's home region, then its replications'
// regions in name order.
func (m *Mocks) registryRegions(registry string) []string {
	var home string
	var replicas []string
	for _, r := range m.Registrations() {
		if !strings.EqualFold(str(r.Inputs, "registryName"), registry) {
			continue
		}
		switch shortType(r.Type) {
		case "containerregistry:Registry":
			home = str(r.Inputs, "location")
		case "containerregistry:Replication":
			replicas = append(replicas, str(r.Inputs, "location"))
		}
	}
	sort.Strings(replicas)
	return append([]string{home}, replicas...)
}

// endpointRegistryName returns the lower-case name of the registry a
// `registry` private endpoint connects to ("" for another endpoint).
func endpointRegistryName(inputs resource.PropertyMap) string {
	conns, ok := inputs["privateLinkServiceConnections"]
	if !ok || !conns.IsArray() || len(conns.ArrayValue()) == 0 {
		return ""
	}
	c := conns.ArrayValue()[0]
	if !c.IsObject() || !strings.Contains(fmt.Sprint(c.ObjectValue()["groupIds"]), "registry") {
		return ""
	}
	id := str(c.ObjectValue(), "privateLinkServiceId")
	return strings.ToLower(id[strings.LastIndex(id, "/")+1:])
}

// endpointMemberIPs maps each member of a registry endpoint to its IP: the
// static one when configured, else 10.0.2.4 for the login server and .5, .6,
// ... for the regions' data endpoints in order.
func endpointMemberIPs(inputs resource.PropertyMap, regions []string) map[string]string {
	ips := map[string]string{"registry": "10.0.2.4"}
	for i, region := range regions {
		ips["registry_data_"+region] = "10.0.2." + strconv.Itoa(5+i)
	}
	if configs, ok := inputs["ipConfigurations"]; ok && configs.IsArray() {
		for _, c := range configs.ArrayValue() {
			ips[str(c.ObjectValue(), "memberName")] = str(c.ObjectValue(), "privateIPAddress")
		}
	}
	return ips
}
