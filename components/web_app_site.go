package components

import (
	"fmt"
	"sort"

	"github.com/pulumi/pulumi-azure-native-sdk/web/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// App settings privatepull manages; users cannot set them.
const (
	SettingPort            = "WEBSITES_PORT"
	SettingAppStorage      = "WEBSITES_ENABLE_APP_SERVICE_STORAGE"
	SettingRegistryURL     = "DOCKER_REGISTRY_SERVER_URL"
	SettingRegistryUser    = "DOCKER_REGISTRY_SERVER_USERNAME"
	SettingRegistryPasword = "DOCKER_REGISTRY_SERVER_PASSWORD"
	// SettingPullOverVnet is the legacy switch for pulling the image over
	// VNet integration, set next to the vnetImagePullEnabled site property.
	SettingPullOverVnet = "WEBSITE_PULL_IMAGE_OVER_VNET"
)

// ReservedAppSettings are the app settings privatepull sets itself.
var ReservedAppSettings = []string{SettingPort, SettingAppStorage, SettingRegistryURL, SettingRegistryUser,
	SettingRegistryPasword, SettingPullOverVnet}

// siteBuilder registers the sites of one WebAppWorkload.
type siteBuilder struct {
	ctx       *pulumi.Context
	component string
	args      *WebAppWorkloadArgs
	planID    pulumi.StringOutput
	child     []pulumi.ResourceOption
	hosted    *hostedRegistry
	warnings  *[]string
	// subscription is where AcrPull is granted (known in preview).
	subscription pulumi.StringInput
}

// warn logs a warning to the Pulumi CLI and records it on the component.
func (b siteBuilder) warn(msg string) {
	*b.warnings = append(*b.warnings, msg)
	_ = b.ctx.Log.Warn(msg, nil)
}

// pullSource is where and how one site pulls its image.
type pullSource struct {
	server      pulumi.StringInput
	credentials *RegistryCredentials
	// deps (resource handles) and ready (values given by the caller) must
	// exist before the site's first pull.
	deps  []pulumi.Resource
	ready []pulumi.StringInput
}

// app registers one web app and, for a system-assigned pull identity, its
// pull grants.
func (b siteBuilder) app(spec WebAppSpec) (*web.WebApp, error) {
	src, err := b.source(spec)
	if err != nil {
		return nil, err
	}
	siteArgs := b.siteArgs(spec.Name, spec.Port, spec.AlwaysOn, spec.AppSettings, src,
		pulumi.Sprintf("DOCKER|%s/%s:%s", src.server, spec.ImageRepository, spec.ImageTag), false)
	b.pullOverVnet(siteArgs)
	if spec.CustomRegistry != nil || spec.PullAuth == PullAuthCredentials {
		siteArgs.SiteConfig.(*web.SiteConfigArgs).AcrUseManagedIdentityCreds = pulumi.Bool(false)
		if spec.CustomRegistry == nil {
			b.warn(fmt.Sprintf("web app %s pulls from the registry with a username and password "+
				"(pullAuth=credentials): prefer a managed identity, which has no secret to rotate", spec.Name))
		}
	} else {
		b.identityPull(siteArgs, spec.PullAuth)
	}
	site, err := web.NewWebApp(b.ctx, childName(b.component, spec.Name), siteArgs,
		gated(b.ctx, b.child, src.deps, src.ready)...)
	if err != nil {
		return nil, fmt.Errorf("web app %s: %w", spec.Name, err)
	}
	if spec.CustomRegistry == nil && spec.PullAuth == PullAuthSystemAssigned {
		if err := b.grantSiteIdentity(spec.Name, site); err != nil {
			return nil, err
		}
	}
	return site, nil
}

// pullOverVnet makes a site pull its image over VNet integration, belt and
// braces: the site property, and the legacy app setting with the same
// effect, because pulumi/pulumi-azure-native#2103 reports
// vnetImagePullEnabled not applied on web apps. Without either, the pull
// goes to the registry's public endpoint, which is disabled.
func (b siteBuilder) pullOverVnet(siteArgs *web.WebAppArgs) {
	siteArgs.VnetImagePullEnabled = pulumi.Bool(true)
	cfg := siteArgs.SiteConfig.(*web.SiteConfigArgs)
	cfg.AppSettings = append(cfg.AppSettings.(web.NameValuePairArray),
		&web.NameValuePairArgs{Name: pulumi.String(SettingPullOverVnet), Value: pulumi.String("true")})
}

// identityPull makes a site pull from the private registry with a managed
// identity: the stack's user-assigned one (acrUserManagedIdentityID = its
// CLIENT id) or the site's own (system-assigned, no id).
func (b siteBuilder) identityPull(siteArgs *web.WebAppArgs, auth PullAuth) {
	cfg := siteArgs.SiteConfig.(*web.SiteConfigArgs)
	cfg.AcrUseManagedIdentityCreds = pulumi.Bool(true)
	if auth == PullAuthUserAssigned {
		siteArgs.Identity = &web.ManagedServiceIdentityArgs{
			Type:                   web.ManagedServiceIdentityTypeUserAssigned,
			UserAssignedIdentities: pulumi.StringArray{b.args.PullIdentityID},
		}
		cfg.AcrUserManagedIdentityID = b.args.PullIdentityClientID
		return
	}
	siteArgs.Identity = &web.ManagedServiceIdentityArgs{Type: web.ManagedServiceIdentityTypeSystemAssigned}
}

// grantSiteIdentity grants the registry pull to a site's own identity, which
// exists only once the site does. Until the grant propagates, the
// platform's first pulls fail and are retried.
func (b siteBuilder) grantSiteIdentity(name string, site *web.WebApp) error {
	_, err := NewAcrPullAssignment(b.ctx, childName(b.component, name+"-acrpull"), AcrPullAssignmentArgs{
		RegistryID:         b.args.RegistryID,
		PrincipalID:        site.Identity.PrincipalId().Elem(),
		SubscriptionID:     b.subscription,
		RoleAssignmentMode: b.args.RegistryRoleAssignmentMode,
		RepositoryPrefix:   b.args.RepositoryPrefix,
	}, b.child...)
	return err
}

// source resolves the registry a site pulls from and what must exist first.
func (b siteBuilder) source(spec WebAppSpec) (pullSource, error) {
	network, ready := b.args.NetworkDependencies, b.args.NetworkReady
	if spec.CustomRegistry != nil {
		if spec.CustomRegistry.Hosted {
			deps := append(append([]pulumi.Resource{}, b.hosted.deps...), network...)
			return pullSource{server: b.hosted.host, credentials: spec.CustomRegistry.Credentials, deps: deps,
				ready: append(append([]pulumi.StringInput{}, b.args.HostedRegistry.DNSReady...), ready...)}, nil
		}
		return pullSource{server: spec.CustomRegistry.Server, credentials: spec.CustomRegistry.Credentials,
			deps: network, ready: ready}, nil
	}
	switch spec.PullAuth {
	case PullAuthUserAssigned:
		src := pullSource{server: b.args.LoginServer, deps: network, ready: ready}
		if b.args.PullIdentityGrant != nil {
			src.deps = append([]pulumi.Resource{b.args.PullIdentityGrant}, network...)
		}
		if b.args.PullIdentityGrantID != nil {
			src.ready = append([]pulumi.StringInput{b.args.PullIdentityGrantID}, ready...)
		}
		return src, nil
	case PullAuthCredentials:
		return pullSource{server: b.args.LoginServer, credentials: b.args.AcrCredentials, deps: network, ready: ready}, nil
	default:
		return pullSource{server: b.args.LoginServer, deps: network, ready: ready}, nil
	}
}

// siteArgs is what every site shares: the Linux plan, VNet integration with
// all outbound traffic routed through the VNet, and the hardening baseline.
func (b siteBuilder) siteArgs(name string, port int, alwaysOn bool, settings map[string]string,
	src pullSource, linuxFx pulumi.StringInput, appStorage bool) *web.WebAppArgs {
	return &web.WebAppArgs{
		Name:                   pulumi.String(name),
		ResourceGroupName:      b.args.ResourceGroupName,
		Location:               pulumi.String(b.args.Location),
		Kind:                   pulumi.String("app,linux,container"),
		ServerFarmId:           b.planID,
		HttpsOnly:              pulumi.Bool(true),
		ClientAffinityEnabled:  pulumi.Bool(false),
		VirtualNetworkSubnetId: b.args.IntegrationSubnetID,
		VnetRouteAllEnabled:    pulumi.Bool(true),
		SiteConfig: &web.SiteConfigArgs{
			LinuxFxVersion:   linuxFx,
			AlwaysOn:         pulumi.Bool(alwaysOn),
			MinTlsVersion:    pulumi.String("1.2"),
			ScmMinTlsVersion: pulumi.String("1.2"),
			FtpsState:        pulumi.String("Disabled"),
			Http20Enabled:    pulumi.Bool(true),
			AppSettings:      appSettings(port, settings, src, appStorage),
		},
		Tags: tagsInput(b.args.Tags),
	}
}

// appSettings builds the app settings: WEBSITES_PORT when the port is not 80,
// the /home share mount (off for stateless apps), the user's settings sorted,
// and registry credentials (as secrets) when the pull uses them.
func appSettings(port int, settings map[string]string, src pullSource, appStorage bool) web.NameValuePairArray {
	out := web.NameValuePairArray{}
	add := func(name string, value pulumi.StringInput) {
		out = append(out, &web.NameValuePairArgs{Name: pulumi.String(name), Value: value})
	}
	if port != 80 {
		add(SettingPort, pulumi.String(fmt.Sprint(port)))
	}
	add(SettingAppStorage, pulumi.String(fmt.Sprint(appStorage)))
	keys := make([]string, 0, len(settings))
	for k := range settings {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		add(k, pulumi.String(settings[k]))
	}
	if src.credentials != nil {
		add(SettingRegistryURL, pulumi.Sprintf("https://%s", src.server))
		add(SettingRegistryUser, pulumi.ToSecret(src.credentials.Username).(pulumi.StringOutput))
		add(SettingRegistryPasword, pulumi.ToSecret(src.credentials.Password).(pulumi.StringOutput))
	}
	return out
}
