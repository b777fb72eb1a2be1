package verify

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/appcontainers/armappcontainers/v3"
)

// Check names of the container app checks.
const (
	CheckContainerAppRegistry = "containerapp.registry"
	CheckContainerAppIdentity = "containerapp.identity"
	CheckContainerAppImage    = "containerapp.image"
	CheckContainerAppRevision = "containerapp.revision"
)

// checkContainerApp reads one container app and checks its registry entry,
// its identity, its images and its latest revision.
func checkContainerApp(ctx context.Context, c *Clients, o *Outputs, name string, app ContainerAppOutput, r *Report) {
	id, err := parseID(app.ID)
	if err != nil {
		r.fail(CheckContainerAppRegistry, app.ID, err.Error(), "a container app id", fixRead)
		return
	}
	f, err := c.appContainers(id.SubscriptionID)
	if err != nil {
		r.fail(CheckContainerAppRegistry, app.ID, err.Error(), "a Container Apps client", fixRead)
		return
	}
	resp, err := f.NewContainerAppsClient().Get(ctx, id.ResourceGroupName, id.Name, nil)
	if err != nil {
		r.fail(CheckContainerAppRegistry, app.ID, describeError(err), "container app "+name, fixRead)
		return
	}
	ca := resp.ContainerApp
	props := ca.Properties
	if props == nil {
		props = &armappcontainers.ContainerAppProperties{}
	}
	checkAppRegistry(props, o, app, r)
	checkAppIdentity(ca.Identity, o, app, r)
	checkAppImages(props, o, app, r)
	checkLatestRevision(ctx, f, id.ResourceGroupName, id.Name, props, app, r)
}

// checkAppRegistry checks configuration.registries: the login server with
// the pull identity, no credentials.
func checkAppRegistry(props *armappcontainers.ContainerAppProperties, o *Outputs, app ContainerAppOutput, r *Report) {
	expected := fmt.Sprintf("registries: {server: %s, identity: %s}", o.LoginServer, o.IdentityID)
	var entries []string
	ok := false
	if props.Configuration != nil {
		for _, reg := range props.Configuration.Registries {
			if reg == nil {
				continue
			}
			server, identity := derefString(reg.Server), derefString(reg.Identity)
			entry := fmt.Sprintf("{server: %s, identity: %s", orNone(server), orNone(identity))
			if derefString(reg.Username) != "" || derefString(reg.PasswordSecretRef) != "" {
				entry += ", username/password"
			}
			entries = append(entries, entry+"}")
			if strings.EqualFold(server, o.LoginServer) && SameID(identity, o.IdentityID) &&
				derefString(reg.Username) == "" && derefString(reg.PasswordSecretRef) == "" {
				ok = true
			}
		}
	}
	found := "registries: none"
	if len(entries) > 0 {
		found = "registries: " + strings.Join(entries, ", ")
	}
	r.check(ok, CheckContainerAppRegistry, app.ID, found, expected, fixContainerAppRegistry)
}

// checkAppIdentity checks that the pull identity is assigned to the app.
func checkAppIdentity(mi *armappcontainers.ManagedServiceIdentity, o *Outputs, app ContainerAppOutput, r *Report) {
	expected := "identity.userAssignedIdentities includes " + o.IdentityID
	var ids []string
	kind := ""
	if mi != nil {
		kind = string(derefString(mi.Type))
		for k := range mi.UserAssignedIdentities {
			ids = append(ids, k)
		}
	}
	slices.Sort(ids)
	found := fmt.Sprintf("identity.type=%s, userAssignedIdentities=[%s]", orNone(kind), strings.Join(ids, ","))
	r.check(containsID(ids, o.IdentityID), CheckContainerAppIdentity, app.ID, found, expected, fixContainerAppRegistry)
}

// checkAppImages checks that every container pulls from the login server,
// and warns when the image differs from the one the stack deployed.
func checkAppImages(props *armappcontainers.ContainerAppProperties, o *Outputs, app ContainerAppOutput, r *Report) {
	var images []string
	if t := props.Template; t != nil {
		for _, cont := range t.InitContainers {
			if cont != nil && cont.Image != nil {
				images = append(images, *cont.Image)
			}
		}
		for _, cont := range t.Containers {
			if cont != nil && cont.Image != nil {
				images = append(images, *cont.Image)
			}
		}
	}
	expected := "images from " + o.LoginServer + " (" + app.Image + ")"
	found := "images [" + strings.Join(images, ",") + "]"
	if len(images) == 0 {
		r.fail(CheckContainerAppImage, app.ID, "no container image", expected, fixContainerAppImage)
		return
	}
	for _, img := range images {
		if !strings.EqualFold(imageHost(img), o.LoginServer) {
			r.fail(CheckContainerAppImage, app.ID, found, expected, fixContainerAppImage)
			return
		}
	}
	if app.Image != "" && !slices.ContainsFunc(images, func(s string) bool { return strings.EqualFold(s, app.Image) }) {
		r.warn(CheckContainerAppImage, app.ID, found+" (differs from the stack's image)", expected, fixImageDrift)
		return
	}
	r.pass(CheckContainerAppImage, app.ID, found, expected)
}

// revisionRunningAtMaxScale is the running state of a healthy revision that
// has scaled out to its maximum replica count. Azure reports it although the
// REST spec's RevisionRunningState enum (and so the SDK) does not list it.
const revisionRunningAtMaxScale = "RunningAtMaxScale"

// checkLatestRevision checks that the app is provisioned and its latest
// revision provisioned, running and healthy.
func checkLatestRevision(ctx context.Context, f *armappcontainers.ClientFactory, rg, appName string,
	props *armappcontainers.ContainerAppProperties, app ContainerAppOutput, r *Report) {
	expected := "app Succeeded; latest revision Provisioned, Running (or RunningAtMaxScale), Healthy"
	appState := string(derefString(props.ProvisioningState))
	rev := derefString(props.LatestRevisionName)
	if rev == "" {
		r.fail(CheckContainerAppRevision, app.ID, "app provisioningState="+orNone(appState)+", no revision", expected, fixRevision)
		return
	}
	res := app.ID + "/revisions/" + rev
	resp, err := f.NewContainerAppsRevisionsClient().GetRevision(ctx, rg, appName, rev, nil)
	if err != nil {
		r.fail(CheckContainerAppRevision, res, describeError(err), expected, fixRead)
		return
	}
	p := resp.Properties
	if p == nil {
		p = &armappcontainers.RevisionProperties{}
	}
	prov := string(derefString(p.ProvisioningState))
	health := string(derefString(p.HealthState))
	running := string(derefString(p.RunningState))
	replicas := int32(-1)
	if p.Replicas != nil {
		replicas = *p.Replicas
	}
	found := fmt.Sprintf("app %s; revision %s: provisioning %s, running %s, health %s", orNone(appState), rev, orNone(prov), orNone(running), orNone(health))
	if replicas >= 0 {
		found += fmt.Sprintf(", %d replica(s)", replicas)
	}
	if e := derefString(p.ProvisioningError); e != "" {
		found += ", error: " + e
	}
	is := func(got string, want ...string) bool {
		return slices.ContainsFunc(want, func(w string) bool { return strings.EqualFold(got, w) })
	}
	switch {
	case is(appState, "Failed", "Canceled") ||
		is(prov, string(armappcontainers.RevisionProvisioningStateFailed), string(armappcontainers.RevisionProvisioningStateDeprovisioned),
			string(armappcontainers.RevisionProvisioningStateDeprovisioning)) ||
		is(health, string(armappcontainers.RevisionHealthStateUnhealthy)) ||
		is(running, string(armappcontainers.RevisionRunningStateFailed), string(armappcontainers.RevisionRunningStateDegraded)):
		r.fail(CheckContainerAppRevision, res, found, expected, fixRevision)
	case is(prov, string(armappcontainers.RevisionProvisioningStateProvisioned)) &&
		is(health, string(armappcontainers.RevisionHealthStateHealthy)) &&
		is(running, string(armappcontainers.RevisionRunningStateRunning), revisionRunningAtMaxScale) && is(appState, "Succeeded"):
		r.pass(CheckContainerAppRevision, res, found, expected)
	case is(running, string(armappcontainers.RevisionRunningStateStopped)) && replicas != 0:
		r.fail(CheckContainerAppRevision, res, found, expected, fixRevision)
	default:
		r.warn(CheckContainerAppRevision, res, found+" (not settled: still provisioning, or scaled to zero)", expected,
			"run verify again in a few minutes; if it stays, "+fixRevision)
	}
}

// imageHost returns the registry host of an image reference
// ("docker.io" style references without a host return "").
func imageHost(image string) string {
	image = strings.TrimPrefix(image, "DOCKER|")
	host, _, found := strings.Cut(image, "/")
	if !found || !strings.ContainsAny(host, ".:") && host != "localhost" {
		return ""
	}
	return host
}
