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

// checkWebApp reads one site, its web configuration and (when needed) its app
// settings, and checks state, VNet integration, VNet image pull, the pull
// identity and the image. It returns the site's own principal when the site
// pulls with its system-assigned identity, for the AcrPull check.
func checkWebApp(ctx context.Context, c *Clients, o *Outputs, name string, w WebAppOutput, r *Report) *principal {
	var s site
	if err := c.raw.get(ctx, w.ID, webAPIVersion, &s); err != nil {
		r.fail(CheckWebAppState, w.ID, describeError(err), "web app "+name, fixRead)
		return nil
	}
	r.check(strings.EqualFold(s.Properties.State, "Running"), CheckWebAppState, w.ID,
		"state "+orNone(s.Properties.State), "state Running", fixWebState)

	if w.IntegrationSubnetID != "" {
		r.check(SameID(s.Properties.VirtualNetworkSubnetID, w.IntegrationSubnetID), CheckWebAppSubnet, w.ID,
			"virtualNetworkSubnetId="+orNone(s.Properties.VirtualNetworkSubnetID),
			"virtualNetworkSubnetId="+w.IntegrationSubnetID, fixWebSubnet)
	}

	checkVnetImagePull(ctx, c, &s, w, r)

	var cfg siteConfig
	if err := c.raw.get(ctx, w.ID+"/config/web", webAPIVersion, &cfg); err != nil {
		r.fail(CheckWebAppPullIdentity, w.ID+"/config/web", describeError(err), "the site configuration", fixRead)
		return nil
	}
	p := checkPullIdentity(&s, &cfg, o, w, r)
	checkWebImage(&cfg, o, w, r)
	return p
}

// checkVnetImagePull checks that the site pulls over VNet integration:
// vnetImagePullEnabled=true, or the app setting WEBSITE_PULL_IMAGE_OVER_VNET=true
// (the same switch; see pulumi/pulumi-azure-native#2103).
func checkVnetImagePull(ctx context.Context, c *Clients, s *site, w WebAppOutput, r *Report) {
	expected := "vnetImagePullEnabled=true (or " + vnetPullSetting + "=true)"
	prop := "vnetImagePullEnabled=(not reported)"
	if s.Properties.VnetImagePullEnabled != nil {
		prop = fmt.Sprintf("vnetImagePullEnabled=%t", *s.Properties.VnetImagePullEnabled)
	}
	if deref(s.Properties.VnetImagePullEnabled) {
		r.pass(CheckWebAppVnetImage, w.ID, prop, expected)
		return
	}
	var settings appSettings
	if err := c.raw.post(ctx, w.ID+"/config/appsettings/list", webAPIVersion, nil, &settings); err != nil {
		r.fail(CheckWebAppVnetImage, w.ID, prop+"; app settings: "+describeError(err), expected, fixWebVnetPull+"; "+fixRead)
		return
	}
	for k, v := range settings.Properties {
		if strings.EqualFold(k, vnetPullSetting) && strings.EqualFold(strings.TrimSpace(v), "true") {
			r.pass(CheckWebAppVnetImage, w.ID, prop+", "+vnetPullSetting+"=true", expected)
			return
		}
	}
	r.fail(CheckWebAppVnetImage, w.ID, prop+", "+vnetPullSetting+" not set", expected, fixWebVnetPull)
}

// checkPullIdentity checks the registry credentials of the site for its
// pull mode and returns the site's own principal for systemAssigned pulls.
func checkPullIdentity(s *site, cfg *siteConfig, o *Outputs, w WebAppOutput, r *Report) *principal {
	if w.Registry == "custom" {
		return nil
	}
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
		if len(assigned) > 0 {
			found += ", userAssignedIdentities=[" + strings.Join(assigned, ",") + "]"
		}
		if strings.EqualFold(uami, o.IdentityPrincipalID) && uami != "" {
			found += " (the PRINCIPAL id, not the client id)"
		}
		ok := useMI && strings.EqualFold(uami, o.IdentityClientID) && containsID(assigned, o.IdentityID)
		r.check(ok, CheckWebAppPullIdentity, w.ID, found, expected, fixWebIdentity)
		return nil
	case PullAuthSystemAssigned:
		expected := "acrUseManagedIdentityCreds=true, no acrUserManagedIdentityID, identity.type includes SystemAssigned"
		pid := ""
		if s.Identity != nil {
			pid = s.Identity.PrincipalID
		}
		ok := useMI && uami == "" && strings.Contains(strings.ToLower(idType), "systemassigned") && pid != ""
		r.check(ok, CheckWebAppPullIdentity, w.ID, found, expected, fixWebIdentity)
		if pid == "" {
			return nil
		}
		return &principal{label: "site " + s.Name + " (system-assigned)", id: pid, prefix: pullPrefix(o)}
	default:
		r.warn(CheckWebAppPullIdentity, w.ID, found+" (credential pull)", "a managed-identity pull", fixWebCredentials)
		return nil
	}
}

// checkWebImage checks that linuxFxVersion runs an image from the login
// server (for the stack's registry) and warns when it drifted from the stack.
func checkWebImage(cfg *siteConfig, o *Outputs, w WebAppOutput, r *Report) {
	fx := cfg.Properties.LinuxFxVersion
	found := "linuxFxVersion=" + orNone(fx)
	expected := "linuxFxVersion=DOCKER|" + w.Image
	if !strings.HasPrefix(strings.ToUpper(fx), "DOCKER|") {
		r.fail(CheckWebAppImage, w.ID, found, expected, fixWebImage)
		return
	}
	image := fx[len("DOCKER|"):]
	if w.Registry != "custom" && !strings.EqualFold(imageHost(image), o.LoginServer) {
		r.fail(CheckWebAppImage, w.ID, found+" (host is not "+o.LoginServer+")", expected, fixWebImage)
		return
	}
	if w.Image != "" && !strings.EqualFold(image, w.Image) {
		r.warn(CheckWebAppImage, w.ID, found+" (differs from the stack's image)", expected, fixImageDrift)
		return
	}
	r.pass(CheckWebAppImage, w.ID, found, expected)
}
