package components

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// dnsZoneSet is what buildDNSZones registered: the outputs of
// PrivateDnsZones, and of PrivateNetwork's deprecated DNS inputs.
type dnsZoneSet struct {
	registryZoneID  pulumi.StringOutput
	registryZoneIDs pulumi.StringArrayOutput
	registryReady   pulumi.StringOutput
	registryLinks   []pulumi.Resource
	webZoneID       pulumi.StringOutput
	webReady        pulumi.StringOutput
	webLinks        []pulumi.Resource
}

// noDNSZones is the set of a component that composes no DNS zones: every
// output empty.
func noDNSZones() *dnsZoneSet {
	empty := pulumi.String("").ToStringOutput()
	return &dnsZoneSet{registryZoneID: empty, registryZoneIDs: pulumi.StringArray{}.ToStringArrayOutput(),
		registryReady: empty, webZoneID: empty, webReady: empty}
}

// outputs are the set's schema outputs, as its component registers them.
func (s *dnsZoneSet) outputs() pulumi.Map {
	return pulumi.Map{
		"registryDnsZoneId":  s.registryZoneID,
		"registryDnsZoneIds": s.registryZoneIDs,
		"registryDnsReady":   s.registryReady,
		"webAppDnsZoneId":    s.webZoneID,
		"webAppDnsReady":     s.webReady,
	}
}

// buildDNSZones registers the registry zones (and the web zone) args
// describe, with their VNet links, as children with zones' options: in
// zones' resource group, linking zones' VNet. args must have passed
// check(). When the ids the DNS layout depends on are outputs, the zones and
// links wait for the layout check (deferredCheck), whose error names owner.
// PrivateDnsZones and PrivateNetwork's deprecated DNS inputs both build
// their zones here.
func buildDNSZones(owner string, args *PrivateDnsZonesArgs, zones zoneArgs) (*dnsZoneSet, error) {
	if gate, deferred := args.deferredCheck(owner); deferred {
		// Ids given as outputs: zones and links wait for the DNS layout check.
		zones.opts = withOpts(zones.opts, pulumi.DependsOnInputs(gate))
	}
	zones.tags = tagsInput(args.Tags)
	if args.ProviderSettings != nil {
		zones.settings = *args.ProviderSettings
	}
	set := noDNSZones()
	var zoneIDs pulumi.StringArray
	for _, spec := range args.RegistryDNSZones {
		zoneID, links, err := zones.registryZone(spec, args.Cloud)
		if err != nil {
			return nil, err
		}
		zoneIDs = append(zoneIDs, zoneID)
		set.registryLinks = append(set.registryLinks, links...)
	}
	if args.WebAppDNSZone {
		webZoneID, webLink, err := zones.linkedZone("web", args.Cloud.WebAppPrivateDNSZone())
		if err != nil {
			return nil, err
		}
		set.webZoneID = webZoneID
		set.webLinks = []pulumi.Resource{webLink}
	}
	set.registryZoneID = zoneIDs[0].ToStringOutput()
	set.registryZoneIDs = zoneIDs.ToStringArrayOutput()
	set.registryReady = readyToken(set.registryLinks)
	set.webReady = readyToken(set.webLinks)
	return set, nil
}
