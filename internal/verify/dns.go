package verify

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/arm"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/privatedns/armprivatedns"
)

// Check names of the private DNS checks.
const (
	CheckDNSZonePerEndpoint = "dns.zonePerEndpoint"
	CheckDNSRecord          = "dns.record"
	CheckDNSVnetLink        = "dns.vnetLink"
	CheckDNSNoDataZone      = "dns.noDataZone"
)

// checkZonePerEndpoint fails when two of the registry's endpoints write to
// the same zone (their zone groups overwrite each other's records).
func checkZonePerEndpoint(o *Outputs, r *Report) {
	byZone := map[string][]string{}
	var order []string
	for _, pe := range o.RegistryPrivateEndpoints {
		z := NormalizeID(pe.DNSZoneID)
		if _, seen := byZone[z]; !seen {
			order = append(order, z)
		}
		byZone[z] = append(byZone[z], pe.Name)
	}
	shared := false
	for _, z := range order {
		if names := byZone[z]; len(names) > 1 {
			shared = true
			r.fail(CheckDNSZonePerEndpoint, z, "zone used by endpoints "+strings.Join(names, ", "),
				"one zone per private endpoint of the registry", fixZonePerEndpoint)
		}
	}
	if !shared {
		r.pass(CheckDNSZonePerEndpoint, o.RegistryID, fmt.Sprintf("%d endpoint(s), %d zone(s)", len(o.RegistryPrivateEndpoints), len(order)),
			"one zone per private endpoint of the registry")
	}
}

// checkRecords checks, in the endpoint's zone, the A record of the login
// server and of every data endpoint: present and pointing exactly at the
// endpoint's private IP for that FQDN (ips, from the endpoint's NIC; nil when
// the NIC could not be read).
func checkRecords(ctx context.Context, c *Clients, o *Outputs, pe PrivateEndpointOutput, ips map[string]string, r *Report) {
	zone, err := parseID(pe.DNSZoneID)
	if err != nil {
		r.fail(CheckDNSRecord, pe.DNSZoneID, err.Error(), "a private DNS zone id", fixZoneGroup)
		return
	}
	info, _ := cloudByName(o.Cloud)
	if !strings.EqualFold(zone.Name, info.registryZone) {
		r.fail(CheckDNSRecord, pe.DNSZoneID, "zone is named "+zone.Name, "zone "+info.registryZone, fixZoneGroup)
		return
	}
	f, err := c.privateDNS(zone.SubscriptionID)
	if err != nil {
		r.fail(CheckDNSRecord, pe.DNSZoneID, err.Error(), "a private DNS client", fixRead)
		return
	}
	records := f.NewRecordSetsClient()
	suffix := "." + strings.ToLower(strings.TrimPrefix(zone.Name, "privatelink."))
	for _, fqdn := range o.registryFQDNs() {
		if !strings.HasSuffix(fqdn, suffix) {
			r.fail(CheckDNSRecord, pe.DNSZoneID, fqdn+" does not belong to "+zone.Name, "an FQDN under "+suffix[1:], fixZoneGroup)
			continue
		}
		rel := strings.TrimSuffix(fqdn, suffix)
		checkARecord(ctx, records, zone, pe.DNSZoneID, fqdn, rel, ips[fqdn],
			recordRow{check: CheckDNSRecord, fix: fixRecord, ipCheck: CheckEndpointFQDNs, ipFix: fixEndpointFQDNs}, r)
	}
}

// recordRow names an A-record row: its check, the fix of a missing or wrong
// record, and the check (and its fix) that reports the endpoint's IPs.
type recordRow struct{ check, fix, ipCheck, ipFix string }

// checkARecord checks the A record rel of host in the zone: present and
// pointing exactly at want, the endpoint's private IP for host ("" when the
// endpoint's NIC did not tell: a record is then a warning, none a failure).
func checkARecord(ctx context.Context, records *armprivatedns.RecordSetsClient, zone *arm.ResourceID, zoneID, host, rel, want string,
	row recordRow, r *Report) {
	res := zoneID + "/A/" + rel
	expected := "A " + rel + " → " + want
	if want == "" {
		expected = "A " + rel + " → the endpoint's IP for " + host + " (unknown: see " + row.ipCheck + ")"
	}
	got, err := aRecordIPs(ctx, records, zone, rel)
	if err != nil {
		fix := row.fix
		if !isNotFound(err) {
			fix = fixRead
		}
		r.fail(row.check, res, "A "+rel+": "+describeError(err), expected, fix)
		return
	}
	found := "A " + rel + " → " + orNone(strings.Join(got, ","))
	switch {
	case want == "" && len(got) == 0:
		r.fail(row.check, res, found, expected, row.fix)
	case want == "":
		r.warn(row.check, res, found, expected, row.ipFix)
	default:
		r.check(len(got) == 1 && got[0] == want, row.check, res, found, expected, row.fix)
	}
}

// aRecordIPs reads the A record set rel of a zone and returns its IPv4
// addresses.
func aRecordIPs(ctx context.Context, records *armprivatedns.RecordSetsClient, zone *arm.ResourceID, rel string) ([]string, error) {
	resp, err := records.Get(ctx, zone.ResourceGroupName, zone.Name, armprivatedns.RecordTypeA, rel, nil)
	if err != nil {
		return nil, err
	}
	var got []string
	if resp.Properties != nil {
		for _, a := range resp.Properties.ARecords {
			if a != nil && a.IPv4Address != nil {
				got = append(got, *a.IPv4Address)
			}
		}
	}
	return got, nil
}

// zoneLinks caches the VNet links of each zone (normalised id).
type zoneLinks map[string][]*armprivatedns.VirtualNetworkLink

// links returns the VNet links of a zone, reading them once.
func (zl zoneLinks) links(ctx context.Context, c *Clients, zoneID string) ([]*armprivatedns.VirtualNetworkLink, error) {
	key := NormalizeID(zoneID)
	if l, ok := zl[key]; ok {
		return l, nil
	}
	zone, err := parseID(zoneID)
	if err != nil {
		return nil, err
	}
	f, err := c.privateDNS(zone.SubscriptionID)
	if err != nil {
		return nil, err
	}
	var all []*armprivatedns.VirtualNetworkLink
	pager := f.NewVirtualNetworkLinksClient().NewListPager(zone.ResourceGroupName, zone.Name, nil)
	for pager.More() {
		page, err := pager.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("listing the VNet links of %s: %w", zoneID, err)
		}
		all = append(all, page.Value...)
	}
	zl[key] = all
	return all, nil
}

// checkVnetLinks checks the VNet links of a registry endpoint's zone.
func checkVnetLinks(ctx context.Context, c *Clients, o *Outputs, pe PrivateEndpointOutput, cache zoneLinks, r *Report) {
	checkZoneVnetLinks(ctx, c, zoneLinkExpectation{zoneID: pe.DNSZoneID, linked: pe.LinkedVnetIDs, workload: pe.WorkloadVnetIDs,
		vnetSources:       "registryPrivateEndpoints[].linkedVnetIds, registryPrivateEndpoints[].workloadVnetIds",
		resolvedElsewhere: o.DNSResolvedElsewhere, check: CheckDNSVnetLink, fix: fixVnetLink}, cache, r)
}

// zoneLinkExpectation is what the VNet links of one private DNS zone must
// be, and the row that reports them.
type zoneLinkExpectation struct {
	zoneID string
	// linked are the VNets the stack links to the zone; workload the VNets
	// hosting workloads that resolve through it.
	linked, workload []string
	// vnetSources names the outputs linked and workload come from, for the
	// row that says none was known.
	vnetSources string
	// resolvedElsewhere: the stack declares that workload VNets resolve the
	// zone through links or resolvers outside the stack.
	resolvedElsewhere bool
	check, fix        string
}

// checkZoneVnetLinks checks that every VNet the stack links to the zone, and
// every VNet hosting a workload that resolves through it, has a link with
// registrationEnabled=false that completed. A workload VNet the stack does
// not link is a warning when the stack declares that resolution happens
// elsewhere (dnsResolvedElsewhere), a failure otherwise. A zone for which
// the outputs name no VNet at all fails: its links cannot be checked.
func checkZoneVnetLinks(ctx context.Context, c *Clients, e zoneLinkExpectation, cache zoneLinks, r *Report) {
	vnets := unionIDs(e.linked, e.workload)
	if len(vnets) == 0 {
		r.fail(e.check, e.zoneID, "no VNet known: the stack outputs name none ("+e.vnetSources+")",
			"at least one VNet linked to the zone, each link with registrationEnabled=false, state Completed", fixNoVnetKnown)
		return
	}
	links, err := cache.links(ctx, c, e.zoneID)
	if err != nil {
		r.fail(e.check, e.zoneID, describeError(err), "the zone's VNet links", fixRead)
		return
	}
	for _, vnet := range vnets {
		expected := "a link to " + vnet + " with registrationEnabled=false, state Completed"
		var link *armprivatedns.VirtualNetworkLink
		for _, l := range links {
			if l != nil && l.Properties != nil && l.Properties.VirtualNetwork != nil && l.Properties.VirtualNetwork.ID != nil &&
				SameID(*l.Properties.VirtualNetwork.ID, vnet) {
				link = l
			}
		}
		if link == nil {
			found := "no link to " + shortID(vnet)
			if e.resolvedElsewhere && !containsID(e.linked, vnet) {
				r.warn(e.check, e.zoneID, found+" (stack declares resolution outside the stack)", expected, e.fix)
			} else {
				r.fail(e.check, e.zoneID, found, expected, e.fix)
			}
			continue
		}
		p := link.Properties
		reg := deref(p.RegistrationEnabled)
		state := string(derefString(p.VirtualNetworkLinkState))
		prov := string(derefString(p.ProvisioningState))
		name := ""
		if link.Name != nil {
			name = *link.Name
		}
		found := fmt.Sprintf("link %s to %s: registrationEnabled=%t, state %s, provisioning %s", name, shortID(vnet), reg, orNone(state), orNone(prov))
		res := e.zoneID
		if link.ID != nil {
			res = *link.ID
		}
		switch {
		case reg || strings.EqualFold(prov, string(armprivatedns.ProvisioningStateFailed)):
			r.fail(e.check, res, found, expected, e.fix)
		case strings.EqualFold(state, string(armprivatedns.VirtualNetworkLinkStateCompleted)) &&
			strings.EqualFold(prov, string(armprivatedns.ProvisioningStateSucceeded)):
			r.pass(e.check, res, found, expected)
		case strings.EqualFold(state, string(armprivatedns.VirtualNetworkLinkStateInProgress)):
			r.warn(e.check, res, found, expected, "the link is still being set up: run verify again in a few minutes")
		default:
			r.fail(e.check, res, found, expected, e.fix)
		}
	}
}

// checkNoDataZone looks, in the stack's subscription and every zone's
// subscription, for a private DNS zone below the registry zone (e.g.
// koreacentral.data.privatelink.azurecr.io): such a zone shadows the
// data-endpoint records for every VNet linked to it. It fails when the zone
// sits in the stack's or a registry zone's resource group or is linked to
// one of the stack's VNets, and warns when it exists elsewhere. When the
// identity running verify cannot list a whole subscription, it lists the
// stack's and the zones' resource groups instead.
func checkNoDataZone(ctx context.Context, c *Clients, o *Outputs, cache zoneLinks, r *Report) {
	info, _ := cloudByName(o.Cloud)
	expected := "no zone named *." + info.registryZone
	var subs []string
	rgs := map[string][]string{} // subscription (lower case) → resource groups
	addRG := func(sub, rg string) {
		key := strings.ToLower(sub)
		if sub == "" {
			return
		}
		if _, seen := rgs[key]; !seen {
			subs = append(subs, sub)
			rgs[key] = nil
		}
		if rg != "" && !slices.ContainsFunc(rgs[key], func(x string) bool { return strings.EqualFold(x, rg) }) {
			rgs[key] = append(rgs[key], rg)
		}
	}
	addRG(o.subscription(), o.ResourceGroupName)
	var vnets []string
	for _, pe := range o.RegistryPrivateEndpoints {
		if z, err := parseID(pe.DNSZoneID); err == nil {
			addRG(z.SubscriptionID, z.ResourceGroupName)
		}
		vnets = unionIDs(vnets, unionIDs(pe.LinkedVnetIDs, pe.WorkloadVnetIDs))
	}
	inScope := func(zoneID string) bool {
		zid, err := parseID(zoneID)
		return err == nil && slices.ContainsFunc(rgs[strings.ToLower(zid.SubscriptionID)],
			func(x string) bool { return strings.EqualFold(x, zid.ResourceGroupName) })
	}
	bad := 0
	var listed []string
	for _, sub := range subs {
		zones, scopes, err := listZonesIn(ctx, c, sub, rgs[strings.ToLower(sub)])
		if err != nil {
			r.warn(CheckDNSNoDataZone, "/subscriptions/"+sub, "could not list private DNS zones: "+describeError(err), expected, fixRead)
			continue
		}
		listed = append(listed, scopes...)
		for _, z := range zones {
			if z == nil || z.Name == nil || z.ID == nil || !strings.HasSuffix(strings.ToLower(*z.Name), "."+info.registryZone) {
				continue
			}
			bad++
			var ours []string
			if linked, err := cache.links(ctx, c, *z.ID); err == nil {
				for _, l := range linked {
					if l != nil && l.Properties != nil && l.Properties.VirtualNetwork != nil && l.Properties.VirtualNetwork.ID != nil &&
						containsID(vnets, *l.Properties.VirtualNetwork.ID) {
						ours = append(ours, shortID(*l.Properties.VirtualNetwork.ID))
					}
				}
			}
			found := "zone " + *z.Name + " exists"
			if len(ours) > 0 {
				found += ", linked to " + strings.Join(ours, ", ")
			}
			if inScope(*z.ID) || len(ours) > 0 {
				r.fail(CheckDNSNoDataZone, *z.ID, found, expected, fixDataZone)
			} else {
				r.warn(CheckDNSNoDataZone, *z.ID, found+" (not linked to this stack's VNets)", expected, fixDataZone)
			}
		}
	}
	if bad == 0 && len(listed) > 0 {
		r.pass(CheckDNSNoDataZone, strings.Join(listed, ","), "none found", expected)
	}
}

// listZonesIn lists the private DNS zones of a subscription or, when the
// subscription cannot be listed (e.g. Reader on resource groups only), of the
// given resource groups. It returns the zones and the scopes it listed.
func listZonesIn(ctx context.Context, c *Clients, sub string, rgs []string) ([]*armprivatedns.PrivateZone, []string, error) {
	f, err := c.privateDNS(sub)
	if err != nil {
		return nil, nil, err
	}
	var zones []*armprivatedns.PrivateZone
	var subErr error
	pager := f.NewPrivateZonesClient().NewListPager(nil)
	for pager.More() {
		page, err := pager.NextPage(ctx)
		if err != nil {
			subErr = fmt.Errorf("listing the private DNS zones of subscription %s: %w", sub, err)
			break
		}
		zones = append(zones, page.Value...)
	}
	if subErr == nil {
		return zones, []string{"/subscriptions/" + sub}, nil
	}
	if len(rgs) == 0 {
		return nil, nil, subErr
	}
	zones = nil
	var scopes []string
	for _, rg := range rgs {
		pager := f.NewPrivateZonesClient().NewListByResourceGroupPager(rg, nil)
		for pager.More() {
			page, err := pager.NextPage(ctx)
			if err != nil {
				return nil, nil, fmt.Errorf("listing the private DNS zones of resource group %s: %w", rg, err)
			}
			zones = append(zones, page.Value...)
		}
		scopes = append(scopes, "/subscriptions/"+sub+"/resourceGroups/"+rg)
	}
	return zones, scopes, nil
}

// unionIDs returns the ids of a and b without duplicates (compared after
// normalisation), in order, as first spelled.
func unionIDs(a, b []string) []string {
	var out []string
	for _, id := range append(append([]string{}, a...), b...) {
		if strings.TrimSpace(id) != "" && !containsID(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// containsID reports whether ids holds id, compared after normalisation.
func containsID(ids []string, id string) bool {
	return slices.ContainsFunc(ids, func(x string) bool { return SameID(x, id) })
}
