package stackconfig

import (
	"strings"

	"github.com/privatepull/privatepull/components"
)

// validateDNS checks the registry's DNS zones: one zone per private endpoint
// (the first endpoint uses the stack's zone, every other one a zone of its
// own), zone names that fit the cloud, and a layout Azure accepts: no zone
// shared by two endpoints, no VNet linked twice to a zone or to two zones of
// the same name, and no zone that nothing of the stack resolves through
// unless registryDnsResolvedElsewhere acknowledges it.
func validateDNS(cfg *Config, p *problems) {
	checkZoneID(cfg, p, KeyRegistryDNSZoneID, cfg.RegistryDNSZoneID)
	for i, id := range cfg.RegistryDNSZoneLinkVnetIDs {
		if _, err := components.ParseResourceIDOfType(id, components.TypeVirtualNetwork); err != nil {
			p.addf(entryKey(KeyRegistryDNSZoneLinkVnetIDs, i, ""), "%v", err)
		}
	}
	for i, e := range cfg.RegistryPrivateEndpoints {
		key := func(field string) string { return entryKey(KeyRegistryPrivateEndpoints, i, field) }
		if i == 0 {
			if e.DNSZoneID != "" || e.DNSZoneResourceGroupName != "" || len(e.LinkVnetIDs) > 0 {
				p.addf(key("dnsZoneId"), "the first endpoint resolves through the stack's zone: use %s and %s "+
					"instead of dnsZoneId, dnsZoneResourceGroupName and linkVnetIds",
					qualified(KeyRegistryDNSZoneID), qualified(KeyRegistryDNSZoneLinkVnetIDs))
			}
			continue
		}
		checkZoneID(cfg, p, key("dnsZoneId"), e.DNSZoneID)
		if e.DNSZoneID != "" && e.DNSZoneResourceGroupName != "" {
			p.addf(key("dnsZoneResourceGroupName"), "is only for a zone privatepull creates; this endpoint uses dnsZoneId")
		}
		if e.DNSZoneID == "" {
			checkName(p, key("dnsZoneResourceGroupName"), e.DNSZoneResourceGroupName, resourceGroupRule,
				"1-90 letters, digits, underscores, hyphens, periods and parentheses, not ending with a period")
		}
		for j, id := range e.LinkVnetIDs {
			if _, err := components.ParseResourceIDOfType(id, components.TypeVirtualNetwork); err != nil {
				p.addf(entryKey(KeyRegistryPrivateEndpoints, i, "linkVnetIds")+"["+itoa(j)+"]", "%v", err)
			}
		}
	}
	if p.has(KeyRegistryDNSZoneID, KeyRegistryDNSZoneLinkVnetIDs, KeyRegistryPrivateEndpoints, KeyExistingVnetID) {
		return // the layout is only meaningful on well-formed ids
	}
	for _, issue := range components.CheckRegistryDNSLayout(cfg.RegistryDNSZones(), cfg.ResourceGroupName,
		cfg.StackVnetID(), cfg.RegistryDNSResolvedElsewhere) {
		reportDNSIssue(cfg, p, issue)
	}
}

// checkZoneID checks an existing registry zone id: a private DNS zone named
// as the cloud's registry zone, never a <region>.data zone.
func checkZoneID(cfg *Config, p *problems, key, id string) {
	if id == "" {
		return
	}
	zone, err := components.ParseResourceIDOfType(id, components.TypePrivateDNSZone)
	switch {
	case err != nil:
		p.addf(key, "%v", err)
	case strings.Contains(zone.Name(), ".data."):
		p.addf(key, "%q is a data-endpoint zone: never create or use a <region>.data.privatelink zone, "+
			"it breaks pulls; data endpoints register in %s", zone.Name(), cfg.Cloud.RegistryPrivateDNSZone())
	case !strings.EqualFold(zone.Name(), cfg.Cloud.RegistryPrivateDNSZone()):
		p.addf(key, "the zone is named %q; the registry's records must be in %s (%s cloud)",
			zone.Name(), cfg.Cloud.RegistryPrivateDNSZone(), cfg.Cloud)
	}
}

// zoneKey is the key that decides where zone i lives.
func zoneKey(cfg *Config, zone int) string {
	switch {
	case zone == 0 && cfg.RegistryDNSZoneID != "":
		return KeyRegistryDNSZoneID
	case zone == 0:
		return KeyResourceGroupName
	case cfg.RegistryPrivateEndpoints[zone].DNSZoneID != "":
		return entryKey(KeyRegistryPrivateEndpoints, zone, "dnsZoneId")
	default:
		return entryKey(KeyRegistryPrivateEndpoints, zone, "dnsZoneResourceGroupName")
	}
}

// linksKey is the key that lists the VNets linked to zone i.
func linksKey(zone int) string {
	if zone == 0 {
		return KeyRegistryDNSZoneLinkVnetIDs
	}
	return entryKey(KeyRegistryPrivateEndpoints, zone, "linkVnetIds")
}

// reportDNSIssue words one layout issue with the keys a user edits.
func reportDNSIssue(cfg *Config, p *problems, issue components.DNSLayoutIssue) {
	endpoint := func(i int) string { return qualified(entryKey(KeyRegistryPrivateEndpoints, i, "")) }
	switch issue.Problem {
	case components.DNSSameZone:
		p.addf(zoneKey(cfg, issue.Zone), "puts the DNS zone of %s in the same zone as %s (%s): two private endpoints' "+
			"DNS zone groups in one zone overwrite each other's records (the last write wins) and deleting either "+
			"endpoint deletes them; give every endpoint a zone of its own (dnsZoneId, or a dnsZoneResourceGroupName "+
			"of its own)", endpoint(issue.Zone), endpoint(issue.Other), qualified(zoneKey(cfg, issue.Other)))
	case components.DNSVnetLinkedTwice:
		p.addf(linksKey(issue.Zone), "links VNet %s to the zone twice (the stack's own VNet, %s, is linked through %s "+
			"already); list each VNet once", issue.VnetID, qualified(KeyExistingVnetID), qualified(KeyLinkVnetToRegistryDNSZone))
	case components.DNSVnetInTwoZones:
		p.addf(linksKey(issue.Zone), "links VNet %s, which is already linked to the zone of %s: a VNet cannot be linked "+
			"to two zones named %s; link it only to the zone of the endpoint it uses",
			issue.VnetID, endpoint(issue.Other), cfg.Cloud.RegistryPrivateDNSZone())
	case components.DNSLinkNameClash:
		p.addf(linksKey(issue.Zone), "links two VNets with the same name as %s: their links would both be named "+
			"link-acr-<vnetName>; link one of them outside privatepull", issue.VnetID)
	case components.DNSUnlinkedZone:
		key := linksKey(issue.Zone)
		if issue.Zone == 0 {
			key = KeyLinkVnetToRegistryDNSZone
		}
		p.addf(key, "leaves the DNS zone of %s linked to no VNet, so nothing resolves the registry through it; link "+
			"the VNets that use it, or set %s: true if a hub DNS resolver or policy-owned links answer for it",
			endpoint(issue.Zone), qualified(KeyRegistryDNSResolvedElsewhere))
	}
}
