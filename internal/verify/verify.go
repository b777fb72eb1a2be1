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
// the container apps, the web apps, the function apps and their host
// storage (with its data-role grants), the pull grant of every pulling
// principal (the one the registry's live mode honours) and, with opts.Probe,
// the in-VNet probe. Read errors become
// failing rows; Run itself does not fail.
func Run(ctx context.Context, c *Clients, o *Outputs, opts RunOptions) *Report {
	r := &Report{}
	checkRegistry(ctx, c, o, r)
	checkEndpointsAndDNS(ctx, c, o, r)

	principals := pullPrincipals(o)
	logDestination := ""
	if o.isApp() && o.ContainerAppsEnvironment.ID == "" && o.ContainerAppsEnvironmentID != "" {
		r.skip(o, CheckEnvironment, o.ContainerAppsEnvironmentID, "the app stack was given the environment by id "+
			"(privatepull:platform), not its declaration")
	} else {
		logDestination = checkEnvironment(ctx, c, o, r)
	}
	for _, name := range slices.Sorted(maps.Keys(o.ContainerApps)) {
		checkContainerApp(ctx, c, o, name, o.ContainerApps[name], r)
	}
	for _, name := range slices.Sorted(maps.Keys(o.WebApps)) {
		if p := checkWebApp(ctx, c, o, name, o.WebApps[name], r); p != nil {
			principals = append(principals, *p)
		}
	}
	anc := &subscriptionAncestry{}
	principals = append(principals, checkFunctions(ctx, c, o, anc, r)...)
	for _, p := range principals {
		if p.id == "" && o.isApp() {
			r.skip(o, CheckPullGrant, o.RegistryID, p.label+": the app stack was given the platform's team identity "+
				"without its principal id (privatepull:platform.identityPrincipalId)")
			continue
		}
		checkPullGrant(ctx, c, o, p, anc, r)
	}

	if opts.Probe {
		if o.isApp() {
			r.skip(o, CheckProbe, o.ContainerAppsEnvironmentID, "an app stack has no probe job: the platform "+
				"stack's probe covers the pull path its apps use")
		} else {
			runProbe(ctx, c, o, opts.ProbeOptions, logDestination, r)
		}
	}
	return r
}

// checkEndpointsAndDNS checks every private endpoint of the registry and its
// DNS zone: one zone per endpoint, the endpoint, its records, its VNet links,
// and no shadowing data zone. An app stack given the platform's ids has no
// endpoints to check.
func checkEndpointsAndDNS(ctx context.Context, c *Clients, o *Outputs, r *Report) {
	if len(o.RegistryPrivateEndpoints) == 0 && o.isApp() {
		why := "the app stack was given the platform's ids (privatepull:platform), not its private endpoints and DNS zones"
		r.skip(o, CheckEndpointConnection, o.RegistryID, why)
		r.skip(o, CheckDNSRecord, o.RegistryID, why)
		return
	}
	checkZonePerEndpoint(o, r)
	links := zoneLinks{}
	for _, pe := range o.RegistryPrivateEndpoints {
		ips := checkEndpoint(ctx, c, o, pe, r)
		checkRecords(ctx, c, o, pe, ips, r)
		checkVnetLinks(ctx, c, o, pe, links, r)
	}
	checkNoDataZone(ctx, c, o, links, r)
}

// pullPrincipals are the identities whose pull grants verify checks: the
// stack's pull identity (an app stack's own or its team's, its Reader
// limited to the team's repository prefix) and, on a platform stack, every
// team identity it created.
func pullPrincipals(o *Outputs) []principal {
	principals := []principal{{label: "identity " + shortID(o.IdentityID), id: o.IdentityPrincipalID, prefix: pullPrefix(o)}}
	for _, team := range slices.Sorted(maps.Keys(o.TeamIdentities)) {
		t := o.TeamIdentities[team]
		principals = append(principals, principal{label: "team " + team + " identity " + shortID(t.ID),
			id: t.PrincipalID, prefix: t.RepositoryPrefix})
	}
	return principals
}

// pullPrefix is the repository prefix the Container Registry Repository
// Reader grants of the stack's own principals are limited to: an app
// stack's team prefix; none on a platform stack (its own identity and sites
// read every repository).
func pullPrefix(o *Outputs) string {
	if o.isApp() {
		return o.RepositoryPrefix
	}
	return ""
}
