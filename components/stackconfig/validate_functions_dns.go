package stackconfig

import (
	"slices"
	"sort"
	"strings"

	"github.com/privatepull/privatepull/components"
)

// validateFunctionsStorageDNS checks functionsStorageDnsZoneIds and
// linkVnetToFunctionsStorageDnsZones: only blob, queue and table keys, each
// an existing privatelink.<service>.<storage suffix> zone of the stack's
// cloud, all three or none; the link switch only for those zones, and off
// only when registryDnsResolvedElsewhere says something outside the stack
// links or answers for them (as for the registry's zone).
func validateFunctionsStorageDNS(cfg *Config, p *problems) {
	zones := cfg.FunctionsStorageDNSZoneIDs
	if len(zones) == 0 {
		if !cfg.LinkVnetToFunctionsStorageDNSZones && !p.has(KeyLinkVnetToFunctionsStorageDNSZones) {
			p.addf(KeyLinkVnetToFunctionsStorageDNSZones, "applies to the zones of %s only, which is not set: the "+
				"storage zones privatepull creates are always linked to the stack's VNet (nothing else resolves "+
				"through them); remove it", qualified(KeyFunctionsStorageDNSZoneIDs))
		}
		return
	}
	services := make([]string, 0, len(zones))
	for service := range zones {
		services = append(services, service)
	}
	sort.Strings(services)
	var given, unknown []string
	for _, service := range services {
		key := KeyFunctionsStorageDNSZoneIDs + "." + service
		if !slices.Contains(components.FunctionStorageServices, service) {
			p.addf(key, "%s", unknownStorageService(service))
			unknown = append(unknown, service)
			continue
		}
		given = append(given, service)
		checkStorageZoneID(cfg, p, key, service, zones[service])
	}
	// A misspelt service is reported as such, not as a missing one.
	if len(unknown) == 0 && len(given) > 0 && len(given) < len(components.FunctionStorageServices) {
		var missing []string
		for _, service := range components.FunctionStorageServices {
			if zones[service] == "" {
				missing = append(missing, service)
			}
		}
		p.addf(KeyFunctionsStorageDNSZoneIDs, "gives zones for %s but not for %s: give all three (blob, queue and "+
			"table) or none. The Functions host uses all three services; for one left out privatepull would create "+
			"its own %s zone and link the stack's VNet to it, which Azure refuses on a VNet already linked to the "+
			"hub's zone of that name, and a VNet resolving through the hub would get the account's public address "+
			"for it, which the account refuses (public network access disabled)", strings.Join(given, ", "),
			strings.Join(missing, ", "), cfg.Cloud.StoragePrivateDNSZone(missing[0]))
	}
	if !cfg.LinkVnetToFunctionsStorageDNSZones && !cfg.RegistryDNSResolvedElsewhere &&
		!p.has(KeyLinkVnetToFunctionsStorageDNSZones, KeyRegistryDNSResolvedElsewhere) {
		p.addf(KeyLinkVnetToFunctionsStorageDNSZones, "leaves the zones of %s linked to no VNet of the stack, so "+
			"nothing the stack owns resolves the host storage through them; keep it true, or set %s: true if the "+
			"zones' owner links the stack's VNet (a spoke already linked to the hub's zones) or a hub DNS resolver "+
			"answers for it", qualified(KeyFunctionsStorageDNSZoneIDs), qualified(KeyRegistryDNSResolvedElsewhere))
	}
}

// checkStorageZoneID checks one existing storage zone id: a private DNS
// zone named privatelink.<service>.<storage suffix of the stack's cloud>.
func checkStorageZoneID(cfg *Config, p *problems, key, service, id string) {
	zone, err := components.ParseResourceIDOfType(id, components.TypePrivateDNSZone)
	if err != nil {
		p.addf(key, "%v", err)
		return
	}
	if want := cfg.Cloud.StoragePrivateDNSZone(service); !strings.EqualFold(zone.Name(), want) {
		p.addf(key, "the zone is named %q; the %s endpoint's records must be in %s (%s cloud), the zone Azure "+
			"resolves <account>.%s.%s through", zone.Name(), service, want, cfg.Cloud, service, cfg.Cloud.StorageSuffix())
	}
}

// unknownStorageService words why a functionsStorageDnsZoneIds key is not a
// service of the host storage, suggesting the service it may misspell.
func unknownStorageService(service string) string {
	want := "only blob, queue and table take a zone (the services the Functions host uses)"
	if service == "file" {
		return "privatepull creates no file endpoint: the keyless host storage has no Azure Files content share; " + want
	}
	best, bestDistance := "", len(service)/2+1
	for _, s := range components.FunctionStorageServices {
		if d := editDistance(strings.ToLower(s), strings.ToLower(service)); d < bestDistance {
			best, bestDistance = s, d
		}
	}
	if best != "" {
		return "is not a storage service (did you mean " + best + "?); " + want
	}
	return "is not a storage service the Functions host uses; " + want
}
