package verify

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

// Check names of the web app checks.
const (
	CheckWebAppState        = "webapp.state"
	CheckWebAppVnetImage    = "webapp.vnetImagePull"
	CheckWebAppSubnet       = "webapp.vnetIntegration"
	CheckWebAppPullIdentity = "webapp.pullIdentity"
	CheckWebAppImage        = "webapp.image"
)

// webAPIVersion is the Microsoft.Web API version the program deploys sites
// with; vnetImagePullEnabled is read at that version (from 2024-11-01 it
// moved to outboundVnetRouting.imagePullTraffic).
const webAPIVersion = "2022-09-01"

// vnetPullSetting is the legacy app setting that also turns VNet image pull on.
const vnetPullSetting = "WEBSITE_PULL_IMAGE_OVER_VNET"

// site is the part of Microsoft.Web/sites verify reads.
type site struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Kind     string `json:"kind"`
	Identity *struct {
		Type                   string `json:"type"`
		PrincipalID            string `json:"principalId"`
		UserAssignedIdentities map[string]struct {
			PrincipalID string `json:"principalId"`
			ClientID    string `json:"clientId"`
		} `json:"userAssignedIdentities"`
	} `json:"identity"`
	Properties struct {
		State                  string `json:"state"`
		Reserved               *bool  `json:"reserved"`
		VnetImagePullEnabled   *bool  `json:"vnetImagePullEnabled"`
		VirtualNetworkSubnetID string `json:"virtualNetworkSubnetId"`
	} `json:"properties"`
}

// siteConfig is the part of Microsoft.Web/sites/config/web verify reads
// (a plain site GET does not return the site configuration).
type siteConfig struct {
	Properties struct {
		LinuxFxVersion             string `json:"linuxFxVersion"`
		AcrUseManagedIdentityCreds *bool  `json:"acrUseManagedIdentityCreds"`
		AcrUserManagedIdentityID   string `json:"acrUserManagedIdentityID"`
	} `json:"properties"`
}

// appSettings is the answer of config/appsettings/list.
type appSettings struct {
	Properties map[string]string `json:"properties"`
}

// siteCheck is the name of one row of a site check and its fix.
type siteCheck struct{ name, fix string }

// siteChecks names the rows of one kind of site (web app or function app)
// and says which forms of acrUserManagedIdentityID it accepts.
type siteChecks struct {
	state, subnet, vnetImage, pullIdentity, image siteCheck

	// label names the kind of site in the report, e.g. "web app".
	label string
	// acceptResourceID accepts the user-assigned identity's resource id as
	// well as its client id in acrUserManagedIdentityID, and "system" for a
	// system-assigned pull (function apps: Azure accepts both forms).
	acceptResourceID bool
	// requireSubnet fails the subnet row when the outputs name no
	// integration subnet (function apps always have one) instead of
	// leaving it out.
	requireSubnet bool
}

// webAppChecks are the rows of a web app.
var webAppChecks = siteChecks{
	label:        "web app",
	state:        siteCheck{CheckWebAppState, fixWebState},
	subnet:       siteCheck{CheckWebAppSubnet, fixWebSubnet},
	vnetImage:    siteCheck{CheckWebAppVnetImage, fixWebVnetPull},
	pullIdentity: siteCheck{CheckWebAppPullIdentity, fixWebIdentity},
	image:        siteCheck{CheckWebAppImage, fixWebImage},
}

// checkWebApp reads one site, its web configuration and (when needed) its app
// settings, and checks state, VNet integration, VNet image pull, the pull
// identity and the image. It returns the site's own principal when the site
// pulls with its system-assigned identity, for the AcrPull check.
func checkWebApp(ctx context.Context, c *Clients, o *Outputs, name string, w WebAppOutput, r *Report) *principal {
	p, _ := checkSite(ctx, c, o, name, w, webAppChecks, r)
	return p
}

// checkSite runs the checks of a site under the row names of sc and returns
// the site's own principal (systemAssigned pulls) and the site as read (nil
// when it could not be read).
func checkSite(ctx context.Context, c *Clients, o *Outputs, name string, w WebAppOutput, sc siteChecks, r *Report) (*principal, *site) {
	var s site
	if err := c.raw.get(ctx, w.ID, webAPIVersion, &s); err != nil {
		r.fail(sc.state.name, w.ID, describeError(err), sc.label+" "+name, fixRead)
		return nil, nil
	}
	r.check(strings.EqualFold(s.Properties.State, "Running"), sc.state.name, w.ID,
		"state "+orNone(s.Properties.State), "state Running", sc.state.fix)

	switch {
	case w.IntegrationSubnetID != "":
		r.check(SameID(s.Properties.VirtualNetworkSubnetID, w.IntegrationSubnetID), sc.subnet.name, w.ID,
			"virtualNetworkSubnetId="+orNone(s.Properties.VirtualNetworkSubnetID),
			"virtualNetworkSubnetId="+w.IntegrationSubnetID, sc.subnet.fix)
	case sc.requireSubnet:
		r.fail(sc.subnet.name, w.ID, "virtualNetworkSubnetId="+orNone(s.Properties.VirtualNetworkSubnetID),
			"virtualNetworkSubnetId=(unknown: the stack outputs name no integration subnet)", sc.subnet.fix)
	}

	checkVnetImagePull(ctx, c, &s, w, sc.vnetImage, r)

	var cfg siteConfig
	if err := c.raw.get(ctx, w.ID+"/config/web", webAPIVersion, &cfg); err != nil {
		r.fail(sc.pullIdentity.name, w.ID+"/config/web", describeError(err), "the site configuration", fixRead)
		r.fail(sc.image.name, w.ID+"/config/web", "linuxFxVersion: "+describeError(err), "linuxFxVersion=DOCKER|"+w.Image, fixRead)
	} else {
		checkPullIdentity(&s, &cfg, o, w, sc, r)
		checkWebImage(&cfg, o, w, sc.image, r)
	}
	return ownPrincipal(&s, o, w), &s
}

// ownPrincipal returns the site's system-assigned principal, from the site
// GET (identity.principalId), when the site pulls with its own identity; nil
// otherwise or when the site reports no principal (the pull identity row
// then fails).
func ownPrincipal(s *site, o *Outputs, w WebAppOutput) *principal {
	if w.Registry == "custom" || w.PullAuth != PullAuthSystemAssigned || s.Identity == nil || s.Identity.PrincipalID == "" {
		return nil
	}
	return &principal{label: "site " + s.Name + " (system-assigned)", id: s.Identity.PrincipalID, prefix: pullPrefix(o)}
}

// checkVnetImagePull checks that the site pulls over VNet integration:
// vnetImagePullEnabled=true, or the app setting WEBSITE_PULL_IMAGE_OVER_VNET=true
// (the same switch; see pulumi/pulumi-azure-native#2103).
func checkVnetImagePull(ctx context.Context, c *Clients, s *site, w WebAppOutput, row siteCheck, r *Report) {
	expected := "vnetImagePullEnabled=true (or " + vnetPullSetting + "=true)"
	prop := "vnetImagePullEnabled=(not reported)"
	if s.Properties.VnetImagePullEnabled != nil {
		prop = fmt.Sprintf("vnetImagePullEnabled=%t", *s.Properties.VnetImagePullEnabled)
	}
	if deref(s.Properties.VnetImagePullEnabled) {
		r.pass(row.name, w.ID, prop, expected)
		return
	}
	var settings appSettings
	if err := c.raw.post(ctx, w.ID+"/config/appsettings/list", webAPIVersion, nil, &settings); err != nil {
		r.fail(row.name, w.ID, prop+"; app settings: "+describeError(err), expected, row.fix+"; "+fixRead)
		return
	}
	for k, v := range settings.Properties {
		if strings.EqualFold(k, vnetPullSetting) && strings.EqualFold(strings.TrimSpace(v), "true") {
			r.pass(row.name, w.ID, prop+", "+vnetPullSetting+"=true", expected)
			return
		}
	}
	r.fail(row.name, w.ID, prop+", "+vnetPullSetting+" not set", expected, row.fix)
}

// checkPullIdentity checks the registry credentials of the site for its
// pull mode.
func checkPullIdentity(s *site, cfg *siteConfig, o *Outputs, w WebAppOutput, sc siteChecks, r *Report) {
	if w.Registry == "custom" {
		return
	}
	row := sc.pullIdentity
	useMI := deref(cfg.Properties.AcrUseManagedIdentityCreds)
	uami := cfg.Properties.AcrUserManagedIdentityID
	idType := ""
	var assigned []string
	if s.Identity != nil {
		idType = s.Identity.Type
		for k := range s.Identity.UserAssignedIdentities {
			assigned = append(assigned, k)
		}
	}
	slices.Sort(assigned)
	found := fmt.Sprintf("acrUseManagedIdentityCreds=%t, acrUserManagedIdentityID=%s, identity.type=%s",
		useMI, orNone(uami), orNone(idType))
	switch w.PullAuth {
	case PullAuthUserAssigned:
		expected := fmt.Sprintf("acrUseManagedIdentityCreds=true, acrUserManagedIdentityID=%s (client id), identity %s assigned",
			o.IdentityClientID, shortID(o.IdentityID))
		form := ""
		switch {
		case uami != "" && strings.EqualFold(uami, o.IdentityClientID):
			form = "client id"
		case sc.acceptResourceID && uami != "" && SameID(uami, o.IdentityID):
			form = "resource id"
		}
		if sc.acceptResourceID {
			expected = fmt.Sprintf("acrUseManagedIdentityCreds=true, acrUserManagedIdentityID=%s (client id) or %s (resource id), "+
				"identity %s assigned", o.IdentityClientID, o.IdentityID, shortID(o.IdentityID))
			if form != "" {
				found += " (the " + form + ")"
			}
		}
		if len(assigned) > 0 {
			found += ", userAssignedIdentities=[" + strings.Join(assigned, ",") + "]"
		}
		if strings.EqualFold(uami, o.IdentityPrincipalID) && uami != "" {
			found += " (the PRINCIPAL id, not the client id)"
		}
		ok := useMI && form != "" && containsID(assigned, o.IdentityID)
		r.check(ok, row.name, w.ID, found, expected, row.fix)
	case PullAuthSystemAssigned:
		expected := "acrUseManagedIdentityCreds=true, no acrUserManagedIdentityID, identity.type includes SystemAssigned"
		if sc.acceptResourceID {
			expected = "acrUseManagedIdentityCreds=true, acrUserManagedIdentityID empty or system, identity.type includes SystemAssigned"
		}
		pid := ""
		if s.Identity != nil {
			pid = s.Identity.PrincipalID
		}
		noUAMI := uami == "" || sc.acceptResourceID && strings.EqualFold(uami, "system")
		ok := useMI && noUAMI && strings.Contains(strings.ToLower(idType), "systemassigned") && pid != ""
		r.check(ok, row.name, w.ID, found, expected, row.fix)
	default:
		r.warn(row.name, w.ID, found+" (credential pull)", "a managed-identity pull", fixWebCredentials)
	}
}

// checkWebImage checks that linuxFxVersion runs an image from the login
// server (for the stack's registry) and warns when it drifted from the stack.
func checkWebImage(cfg *siteConfig, o *Outputs, w WebAppOutput, row siteCheck, r *Report) {
	fx := cfg.Properties.LinuxFxVersion
	found := "linuxFxVersion=" + orNone(fx)
	expected := "linuxFxVersion=DOCKER|" + w.Image
	if !strings.HasPrefix(strings.ToUpper(fx), "DOCKER|") {
		r.fail(row.name, w.ID, found, expected, row.fix)
		return
	}
	image := fx[len("DOCKER|"):]
	if w.Registry != "custom" && !strings.EqualFold(imageHost(image), o.LoginServer) {
		r.fail(row.name, w.ID, found+" (host is not "+o.LoginServer+")", expected, row.fix)
		return
	}
	if w.Image != "" && !strings.EqualFold(image, w.Image) {
		r.warn(row.name, w.ID, found+" (differs from the stack's image)", expected, fixImageDrift)
		return
	}
	r.pass(row.name, w.ID, found, expected)
}
