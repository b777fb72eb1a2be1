package verify

import (
	"context"
	"maps"
	"slices"
)

// RunOptions configures a verification.
type RunOptions struct {
	// Probe starts the in-VNet probe job and reports its result.
	Probe bool
	// ProbeOptions configures the probe run.
	ProbeOptions ProbeOptions
}

// Run reads the live resources of the stack described by o and returns one
// result per check: the registry, every private endpoint and its DNS zone,
// the container apps, the web apps, the AcrPull grant of every pulling
// principal and, with opts.Probe, the in-VNet probe. Read errors become
// failing rows; Run itself does not fail.
func Run(ctx context.Context, c *Clients, o *Outputs, opts RunOptions) *Report {
	r := &Report{}
	checkRegistry(ctx, c, o, r)

	checkZonePerEndpoint(o, r)
	links := zoneLinks{}
	for _, pe := range o.RegistryPrivateEndpoints {
		ips := checkEndpoint(ctx, c, o, pe, r)
		checkRecords(ctx, c, o, pe, ips, r)
		checkVnetLinks(ctx, c, o, pe, links, r)
	}
	checkNoDataZone(ctx, c, o, links, r)

	principals := []principal{{label: "identity " + shortID(o.IdentityID), id: o.IdentityPrincipalID}}
	logDestination := checkEnvironment(ctx, c, o, r)
	for _, name := range slices.Sorted(maps.Keys(o.ContainerApps)) {
		checkContainerApp(ctx, c, o, name, o.ContainerApps[name], r)
	}
	for _, name := range slices.Sorted(maps.Keys(o.WebApps)) {
		if p := checkWebApp(ctx, c, o, name, o.WebApps[name], r); p != nil {
			principals = append(principals, *p)
		}
	}
	anc := &subscriptionAncestry{}
	for _, p := range principals {
		checkAcrPull(ctx, c, o, p, anc, r)
	}

	if opts.Probe {
		runProbe(ctx, c, o, opts.ProbeOptions, logDestination, r)
	}
	return r
}
