package verify

import (
	"context"
	"strings"
)

// CheckStorageEndpointIP is the name of the check that a storage endpoint's
// NIC holds a private IP for its service host.
const CheckStorageEndpointIP = "storage.endpointIp"

// checkStorageEndpoints checks the private path to the host storage: one
// endpoint per service the Functions host uses (blob, queue, table), each
// Approved with a private IP for the service host, its DNS zone group
// writing to its privatelink.<service> zone, the account's A record there
// pointing at that IP, and every zone linked to the stack's VNets and to the
// VNets of the function apps' integration subnets.
func checkStorageEndpoints(ctx context.Context, c *Clients, o *Outputs, st *FunctionsStorageOutput, account *storageAccount,
	workloadVnets []string, r *Report) {
	for _, service := range functionStorageServices {
		declared := false
		for _, pe := range st.PrivateEndpoints {
			declared = declared || strings.EqualFold(pe.Service, service)
		}
		if !declared {
			r.fail(CheckStorageEndpoint, st.ID, "no private endpoint for "+service+" in the stack outputs",
				"a private endpoint for "+service+", connection Approved", fixStorageEndpoint)
		}
	}
	links := zoneLinks{}
	for _, pe := range st.PrivateEndpoints {
		host := st.ServiceHostNames[strings.ToLower(pe.Service)]
		if host == "" && account != nil {
			host = account.host(pe.Service)
		}
		ip := checkStorageEndpoint(ctx, c, st, pe, host, r)
		if host != "" {
			checkStorageZoneGroup(ctx, c, pe, host, r)
			checkStorageRecord(ctx, c, pe, host, ip, r)
		}
		checkZoneVnetLinks(ctx, c, zoneLinkExpectation{zoneID: pe.DNSZoneID, linked: st.LinkedVnetIDs, workload: workloadVnets,
			vnetSources:       "functionsStorage.linkedVnetIds, functionApps.<name>.integrationSubnetId",
			resolvedElsewhere: o.DNSResolvedElsewhere, check: CheckStorageVnetLink, fix: fixStorageVnetLink}, links, r)
	}
}

// checkStorageEndpoint checks one storage endpoint's connection to the
// account and the private IP its NIC holds for the service host, which it
// returns ("" when the NIC could not tell).
func checkStorageEndpoint(ctx context.Context, c *Clients, st *FunctionsStorageOutput, pe StoragePrivateEndpointOutput, host string,
	r *Report) string {
	service := strings.ToLower(pe.Service)
	var ep privateEndpoint
	if err := c.raw.get(ctx, pe.ID, networkAPIVersion, &ep); err != nil {
		r.fail(CheckStorageEndpoint, pe.ID, describeError(err), "the "+service+" private endpoint", fixRead)
		return ""
	}
	checkConnectionTo(&ep, pe.ID, linkTarget{id: st.ID, label: "the storage account", groupID: service,
		check: CheckStorageEndpoint, fix: fixStorageEndpoint}, r)
	if host == "" {
		r.fail(CheckStorageEndpointIP, pe.ID, "no host name for "+service+" (neither serviceHostNames nor the account's primaryEndpoints)",
			"a private IP for <account>."+service+".<storage suffix>", fixStorageEndpoint)
		return ""
	}
	expected := "a private IP for " + host
	ips, failed, err := nicIPs(ctx, c, &ep)
	if err != nil {
		r.fail(CheckStorageEndpointIP, failed, describeError(err), expected, fixRead)
		return ""
	}
	ip := ips[host]
	found := host + "=" + ip
	if ip == "" {
		found = "no IP for " + host + " on the endpoint's NIC"
	}
	r.check(ip != "", CheckStorageEndpointIP, pe.ID, found, expected, fixStorageEndpoint)
	return ip
}

// storageZoneOf returns the private DNS zone and the relative record name of
// a service host: <account>.<service>.<suffix> resolves through
// privatelink.<service>.<suffix>, record <account>.
func storageZoneOf(host string) (zone, rel string) {
	rel, rest, _ := strings.Cut(host, ".")
	return "privatelink." + rest, rel
}

// checkStorageZoneGroup checks that the endpoint's zone is the
// privatelink zone of its service host and that its DNS zone group writes
// there.
func checkStorageZoneGroup(ctx context.Context, c *Clients, pe StoragePrivateEndpointOutput, host string, r *Report) {
	wantZone, _ := storageZoneOf(host)
	expected := "a DNS zone group writing to " + pe.DNSZoneID + " (zone " + wantZone + ")"
	zone, err := parseID(pe.DNSZoneID)
	if err != nil || !strings.EqualFold(zone.Name, wantZone) {
		r.fail(CheckStorageZoneGroup, pe.ID, "the declared zone "+shortID(pe.DNSZoneID)+" is not "+wantZone, expected, fixStorageZoneGroup)
		return
	}
	found, ok, err := zoneGroupWrites(ctx, c, pe.ID, pe.DNSZoneID)
	if err != nil {
		r.fail(CheckStorageZoneGroup, pe.ID, describeError(err), expected, fixRead)
		return
	}
	r.check(ok, CheckStorageZoneGroup, pe.ID, found, expected, fixStorageZoneGroup)
}

// checkStorageRecord checks the account's A record in the endpoint's zone:
// present and pointing exactly at the endpoint's IP for the service host
// (ip; "" when the NIC did not tell).
func checkStorageRecord(ctx context.Context, c *Clients, pe StoragePrivateEndpointOutput, host, ip string, r *Report) {
	zoneName, rel := storageZoneOf(host)
	zone, err := parseID(pe.DNSZoneID)
	if err != nil || !strings.EqualFold(zone.Name, zoneName) {
		r.fail(CheckStorageRecord, pe.DNSZoneID+"/A/"+rel, "the declared zone "+shortID(pe.DNSZoneID)+" is not "+zoneName,
			"A "+rel+" in "+zoneName, fixStorageZoneGroup)
		return
	}
	f, err := c.privateDNS(zone.SubscriptionID)
	if err != nil {
		r.fail(CheckStorageRecord, pe.DNSZoneID+"/A/"+rel, err.Error(), "a private DNS client", fixRead)
		return
	}
	checkARecord(ctx, f.NewRecordSetsClient(), zone, pe.DNSZoneID, host, rel, ip,
		recordRow{check: CheckStorageRecord, fix: fixStorageRecord, ipCheck: CheckStorageEndpointIP, ipFix: fixStorageEndpoint}, r)
}
