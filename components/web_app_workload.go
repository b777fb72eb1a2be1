package components

import (
	"fmt"

	"github.com/pulumi/pulumi-azure-native-sdk/web/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// PullAuth is how a web app authenticates its image pull.
type PullAuth string

const (
	// PullAuthUserAssigned pulls with the shared user-assigned identity
	// (recommended: it exists, with AcrPull, before the app).
	PullAuthUserAssigned PullAuth = "userAssigned"
	// PullAuthSystemAssigned pulls with the site's own identity. The identity
	// exists only once the site does, so its AcrPull grant comes after the
	// site and the first pull fails until the platform retries.
	PullAuthSystemAssigned PullAuth = "systemAssigned"
	// PullAuthCredentials pulls with a username and password kept in app
	// settings (discouraged: credentials to rotate).
	PullAuthCredentials PullAuth = "credentials"
)

// RegistryCredentials are a registry username and password; both must be
// Pulumi secrets.
type RegistryCredentials struct {
	// Username is the registry user (e.g. an ACR token name or a service principal's client id).
	Username pulumi.StringInput
	// Password is the registry password.
	Password pulumi.StringInput
}

// CustomRegistrySpec points a web app at a registry other than the private ACR.
type CustomRegistrySpec struct {
	// Server is the registry's host[:port], reachable and resolvable from the
	// integration VNet. Ignored when Hosted is true.
	Server string
	// Hosted pulls from the registry:2 site this component hosts (see HostedRegistry).
	Hosted bool
	// Credentials authenticate the pull; nil for an anonymous registry.
	Credentials *RegistryCredentials
}

// WebAppSpec describes one Linux web app running a custom container.
type WebAppSpec struct {
	// Name is the site's globally unique name (<name>.azurewebsites.net).
	Name string
	// ImageRepository is the repository, without registry host or tag.
	ImageRepository string
	// ImageTag is the image tag.
	ImageTag string
	// Port is the container's port; WEBSITES_PORT is set when it is not 80.
	Port int
	// AlwaysOn keeps the app loaded.
	AlwaysOn bool
	// AppSettings are plain app settings.
	AppSettings map[string]string
	// PullAuth selects the pull authentication for the private ACR.
	PullAuth PullAuth
	// CustomRegistry, when set, pulls from that registry instead of the ACR
	// (credentials or anonymous, never a managed identity).
	CustomRegistry *CustomRegistrySpec
}

// HostedRegistrySpec hosts a registry:2 container on the plan, reachable only
// through a private endpoint (groupIds=["sites"]).
type HostedRegistrySpec struct {
	// Name is the registry site's globally unique name.
	Name string
	// PrivateEndpointSubnetID is the subnet of its private endpoint.
	PrivateEndpointSubnetID pulumi.StringInput
	// DNSZoneID is the privatelink.azurewebsites.net zone.
	DNSZoneID pulumi.StringInput
	// DNSDependencies are that zone's VNet links.
	DNSDependencies []pulumi.Resource
	// Htpasswd is the registry's htpasswd file (bcrypt entries, a Pulumi
	// secret): registry:2 then requires authentication for every push and
	// pull. Required unless AnonymousTestOnly.
	Htpasswd pulumi.StringInput
	// AnonymousTestOnly runs the registry without authentication: anyone who
	// reaches its private endpoint can push. Only for throwaway test setups.
	AnonymousTestOnly bool
}

// WebAppWorkloadArgs configures the WebAppWorkload component.
type WebAppWorkloadArgs struct {
	// PlanName is the App Service plan's name.
	PlanName string
	// PlanSku is the plan SKU, e.g. P1v3 (Basic or higher, any case).
	PlanSku string
	// PlanInstances is the plan's instance count (Basic at most 3, Standard
	// 10, Premium 30).
	PlanInstances int
	// Location is the region of the plan and sites.
	Location string
	// ResourceGroupName is their resource group.
	ResourceGroupName pulumi.StringInput
	// IntegrationSubnetID is the VNet integration subnet (delegated to
	// Microsoft.Web/serverFarms).
	IntegrationSubnetID pulumi.StringInput
	// Cloud selects the App Service host name suffix.
	Cloud Cloud
	// LoginServer is the private registry's login server.
	LoginServer pulumi.StringInput
	// RegistryID is the registry's id, the scope of system-assigned grants.
	RegistryID pulumi.StringInput
	// PullIdentityID and PullIdentityClientID are the user-assigned identity.
	PullIdentityID pulumi.StringInput
	// PullIdentityClientID is its client id (acrUserManagedIdentityID).
	PullIdentityClientID pulumi.StringInput
	// PullIdentityGrant is the identity's AcrPull assignment.
	PullIdentityGrant pulumi.Resource
	// SubscriptionID is the registry's subscription ("" = the default
	// provider's), so system-assigned grants show their role in preview.
	SubscriptionID string
	// NetworkDependencies must exist before any pull: the registry endpoints'
	// DNS zone groups and the zone's VNet links.
	NetworkDependencies []pulumi.Resource
	// AcrCredentials are used by apps with PullAuthCredentials.
	AcrCredentials *RegistryCredentials
	// HostedRegistry, when set, hosts a registry:2 site behind a private endpoint.
	HostedRegistry *HostedRegistrySpec
	// Apps are the web apps.
	Apps []WebAppSpec
	// Tags are applied to every taggable resource.
	Tags map[string]string
}

// WebAppWorkload is a Linux App Service plan and its VNet-integrated web apps,
// pulling their images over the VNet.
type WebAppWorkload struct {
	pulumi.ResourceState

	// PlanID is the App Service plan's id.
	PlanID pulumi.StringOutput
	// AppHostNames maps each app's name to its default host name.
	AppHostNames pulumi.StringMapOutput
	// HostedRegistryHost is the hosted registry's host name ("" without one).
	HostedRegistryHost pulumi.StringOutput
	// Sites maps each app's name to its resource.
	Sites map[string]*web.WebApp
	// Warnings are the warnings logged while registering (e.g. credential pulls).
	Warnings []string
}

// NewWebAppWorkload registers the plan, the optional hosted registry and the apps.
func NewWebAppWorkload(ctx *pulumi.Context, name string, args *WebAppWorkloadArgs,
	opts ...pulumi.ResourceOption) (*WebAppWorkload, error) {
	if err := args.check(); err != nil {
		return nil, fmt.Errorf("WebAppWorkload %q: %w", name, err)
	}
	sku, err := ParseAppServiceSku(args.PlanSku)
	if err != nil {
		return nil, fmt.Errorf("WebAppWorkload %q: plan SKU: %w", name, err)
	}
	if args.PlanInstances < 1 || args.PlanInstances > sku.MaxInstances {
		return nil, fmt.Errorf("WebAppWorkload %q: %d instances do not fit the %s tier (1-%d)",
			name, args.PlanInstances, sku.Tier, sku.MaxInstances)
	}
	component := &WebAppWorkload{Sites: map[string]*web.WebApp{}}
	child, err := registerComponent(ctx, "WebAppWorkload", name, component, opts...)
	if err != nil {
		return nil, err
	}
	plan, err := web.NewAppServicePlan(ctx, childName(name, "plan"), &web.AppServicePlanArgs{
		Name:              pulumi.String(args.PlanName),
		ResourceGroupName: args.ResourceGroupName,
		Location:          pulumi.String(args.Location),
		Kind:              pulumi.String("linux"),
		Reserved:          pulumi.Bool(true),
		Sku: &web.SkuDescriptionArgs{
			Name:     pulumi.String(sku.Name),
			Tier:     pulumi.String(sku.Tier),
			Capacity: pulumi.Int(args.PlanInstances),
		},
		Tags: tagsInput(args.Tags),
	}, child...)
	if err != nil {
		return nil, fmt.Errorf("app service plan %s: %w", args.PlanName, err)
	}

	b := siteBuilder{ctx: ctx, component: name, args: args, planID: plan.ID(), child: child, warnings: &component.Warnings,
		subscription: subscriptionInput(ctx, args.SubscriptionID, component)}
	component.HostedRegistryHost = pulumi.String("").ToStringOutput()
	if args.HostedRegistry != nil {
		hosted, err := b.hostedRegistry()
		if err != nil {
			return nil, err
		}
		b.hosted = hosted
		component.HostedRegistryHost = hosted.host
	}
	hostNames := pulumi.StringMap{}
	for _, spec := range args.Apps {
		site, err := b.app(spec)
		if err != nil {
			return nil, err
		}
		component.Sites[spec.Name] = site
		hostNames[spec.Name] = site.DefaultHostName
	}
	component.PlanID = plan.ID().ToStringOutput()
	component.AppHostNames = hostNames.ToStringMapOutput()

	if err := ctx.RegisterResourceOutputs(component, pulumi.Map{
		"planId":             component.PlanID,
		"appHostNames":       component.AppHostNames,
		"hostedRegistryHost": component.HostedRegistryHost,
	}); err != nil {
		return nil, fmt.Errorf("WebAppWorkload %q outputs: %w", name, err)
	}
	return component, nil
}

// check rejects args a site cannot be built from, before anything is registered.
func (a *WebAppWorkloadArgs) check() error {
	if a == nil || a.ResourceGroupName == nil || a.IntegrationSubnetID == nil {
		return fmt.Errorf("args with ResourceGroupName and IntegrationSubnetID are required")
	}
	if h := a.HostedRegistry; h != nil && h.Htpasswd == nil && !h.AnonymousTestOnly {
		return fmt.Errorf("the hosted registry needs Htpasswd: registry:2 without authentication lets anyone " +
			"who reaches it push (set AnonymousTestOnly only for a throwaway test setup)")
	}
	for _, app := range a.Apps {
		switch {
		case app.CustomRegistry != nil:
			if app.CustomRegistry.Hosted && a.HostedRegistry == nil {
				return fmt.Errorf("app %s pulls from the hosted registry, but HostedRegistry is not set", app.Name)
			}
		case app.PullAuth == PullAuthUserAssigned:
			if a.LoginServer == nil || a.PullIdentityID == nil || a.PullIdentityClientID == nil || a.PullIdentityGrant == nil {
				return fmt.Errorf("app %s pulls with the user-assigned identity, which is not set", app.Name)
			}
		case app.PullAuth == PullAuthSystemAssigned:
			if a.LoginServer == nil || a.RegistryID == nil {
				return fmt.Errorf("app %s pulls with its system-assigned identity: LoginServer and RegistryID are required", app.Name)
			}
		case app.PullAuth == PullAuthCredentials:
			if a.LoginServer == nil || a.AcrCredentials == nil {
				return fmt.Errorf("app %s pulls with credentials, but AcrCredentials are not set", app.Name)
			}
		default:
			return fmt.Errorf("app %s: unknown pull authentication %q", app.Name, app.PullAuth)
		}
	}
	return nil
}
