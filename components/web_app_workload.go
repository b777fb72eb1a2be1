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
	// exists only once the site does, so its pull grants come after the
	// site and the first pull fails until the platform retries.
	PullAuthSystemAssigned PullAuth = "systemAssigned"
	// PullAuthCredentials pulls with a username and password kept in app
	// settings (discouraged: credentials to rotate).
	PullAuthCredentials PullAuth = "credentials"
)

// RegistryCredentials are a registry username and password; both are
// stored as Pulumi secrets.
type RegistryCredentials struct {
	// Username is the registry user (e.g. an ACR token name or a service principal's client id).
	Username pulumi.StringInput `pulumi:"username" provider:"secret"`
	// Password is the registry password.
	Password pulumi.StringInput `pulumi:"password" provider:"secret"`
}

// CustomRegistrySpec points a web app at a registry other than the private ACR.
type CustomRegistrySpec struct {
	// Server is the registry's host[:port], reachable and resolvable from the
	// integration VNet. Ignored when hosted is true.
	Server pulumi.StringInput `pulumi:"server,optional"`
	// Hosted pulls from the registry:2 site this component hosts (see hostedRegistry).
	Hosted bool `pulumi:"hosted,optional"`
	// Credentials authenticate the pull; unset for an anonymous registry.
	Credentials *RegistryCredentials `pulumi:"credentials,optional"`
}

// WebAppSpec describes one Linux web app running a custom container.
type WebAppSpec struct {
	// Name is the site's globally unique name (<name>.azurewebsites.net).
	// Plain: it names the site's resource.
	Name string `pulumi:"name"`
	// ImageRepository is the repository, without registry host or tag.
	ImageRepository string `pulumi:"imageRepository"`
	// ImageTag is the image tag.
	ImageTag string `pulumi:"imageTag"`
	// Port is the container's port; WEBSITES_PORT is set when it is not 80.
	Port int `pulumi:"port"`
	// AlwaysOn keeps the app loaded (privatepull's own program defaults it
	// to true).
	AlwaysOn bool `pulumi:"alwaysOn,optional"`
	// AppSettings are plain app settings. Plain map.
	AppSettings map[string]string `pulumi:"appSettings,optional"`
	// PullAuth selects the pull authentication for the private ACR:
	// userAssigned (recommended), systemAssigned or credentials. Required
	// unless customRegistry is set. Plain: systemAssigned adds a role
	// assignment.
	PullAuth PullAuth `pulumi:"pullAuth,optional"`
	// CustomRegistry is a registry other than the ACR to pull from
	// (credentials or anonymous, never a managed identity); unset pulls from
	// the ACR.
	CustomRegistry *CustomRegistrySpec `pulumi:"customRegistry,optional"`
}

// HostedRegistrySpec hosts a registry:2 container on the plan, reachable only
// through a private endpoint (groupIds=["sites"]).
type HostedRegistrySpec struct {
	// Name is the registry site's globally unique name.
	Name string `pulumi:"name"`
	// PrivateEndpointSubnetID is the subnet of its private endpoint.
	PrivateEndpointSubnetID pulumi.StringInput `pulumi:"privateEndpointSubnetId"`
	// DNSZoneID is the privatelink.azurewebsites.net zone, e.g.
	// PrivateDnsZones' webAppDnsZoneId.
	DNSZoneID pulumi.StringInput `pulumi:"dnsZoneId"`
	// DNSReady are values the apps that pull from the hosted registry wait
	// for, e.g. PrivateDnsZones' webAppDnsReady (the zone's VNet
	// links). Plain list of inputs: each element may be an output.
	DNSReady []pulumi.StringInput `pulumi:"dnsReady,optional"`
	// DNSDependencies are that zone's VNet links as resource handles (Go
	// only, not in the schema).
	DNSDependencies []pulumi.Resource
	// Htpasswd is the registry's htpasswd file (bcrypt entries, a Pulumi
	// secret): registry:2 then requires authentication for every push and
	// pull. Required unless anonymousTestOnly.
	Htpasswd pulumi.StringInput `pulumi:"htpasswd,optional" provider:"secret"`
	// AnonymousTestOnly runs the registry without authentication: anyone who
	// reaches its private endpoint can push. Only for throwaway test setups.
	AnonymousTestOnly bool `pulumi:"anonymousTestOnly,optional"`
}

// WebAppWorkloadArgs configures the WebAppWorkload component.
type WebAppWorkloadArgs struct {
	// PlanID is an existing Linux App Service plan to put the sites on
	// (e.g. a platform team's), in the integration subnet's region; planName,
	// planSku and planInstances must then be unset. Unset: the component
	// creates the plan from them. It may be an output of another resource:
	// its type is checked when it resolves.
	PlanID pulumi.StringInput `pulumi:"planId,optional"`
	// PlanName is the name of the App Service plan the component creates;
	// required unless planId is set.
	PlanName string `pulumi:"planName,optional"`
	// PlanSku is the SKU of the plan the component creates, e.g. P1v3
	// (Basic or higher, any case); required unless planId is set.
	PlanSku string `pulumi:"planSku,optional"`
	// PlanInstances is the instance count of the plan the component creates
	// (Basic at most 3, Standard 10, Premium 30); required unless planId is
	// set.
	PlanInstances int `pulumi:"planInstances,optional"`
	// Location is the region of the plan and sites.
	Location string `pulumi:"location"`
	// ResourceGroupName is their resource group.
	ResourceGroupName pulumi.StringInput `pulumi:"resourceGroupName"`
	// IntegrationSubnetID is the VNet integration subnet (delegated to
	// Microsoft.Web/serverFarms), e.g. PrivateNetwork's appServiceSubnetId.
	IntegrationSubnetID pulumi.StringInput `pulumi:"integrationSubnetId"`
	// Cloud selects the App Service host name suffix: public (the default),
	// usgovernment or china.
	Cloud Cloud `pulumi:"cloud,optional"`
	// LoginServer is the private registry's login server (required by apps
	// that pull from the ACR).
	LoginServer pulumi.StringInput `pulumi:"loginServer,optional"`
	// RegistryID is the registry's id, the scope of system-assigned grants.
	RegistryID pulumi.StringInput `pulumi:"registryId,optional"`
	// RegistryRoleAssignmentMode is the registry's declared role-assignment
	// mode, which decides the grants of systemAssigned apps' own
	// identities: LegacyRegistryPermissions ("", the default) grants AcrPull
	// and Container Registry Repository Reader (pulls hold in either live
	// mode), AbacRepositoryPermissions the Reader alone. Plain: it decides
	// the roles.
	RegistryRoleAssignmentMode string `pulumi:"registryRoleAssignmentMode,optional"`
	// RepositoryPrefix limits the Reader grants of systemAssigned apps to
	// the repositories under it (an ABAC condition), e.g. an app team's
	// "shop/"; "" covers the registry. Plain: it is part of the condition.
	RepositoryPrefix string `pulumi:"repositoryPrefix,optional"`
	// PullIdentityID is the user-assigned identity's resource id (required by
	// userAssigned apps), e.g. PullIdentity's identityId.
	PullIdentityID pulumi.StringInput `pulumi:"pullIdentityId,optional"`
	// PullIdentityClientID is its client id (acrUserManagedIdentityID), e.g.
	// PullIdentity's clientId.
	PullIdentityClientID pulumi.StringInput `pulumi:"pullIdentityClientId,optional"`
	// PullIdentityGrantID is the identity's AcrPull assignment id, e.g.
	// PullIdentity's acrPullAssignmentId (or acrPullReadyId to also wait for
	// the propagation): userAssigned apps wait for it. Required by
	// userAssigned apps unless the Go-only PullIdentityGrant is set.
	PullIdentityGrantID pulumi.StringInput `pulumi:"pullIdentityGrantId,optional"`
	// PullIdentityGrant is the identity's AcrPull assignment as a resource
	// handle (Go only, not in the schema).
	PullIdentityGrant pulumi.Resource
	// SubscriptionID is the registry's subscription when registryId is an
	// output ("" = the default provider's; a known registryId's own
	// subscription wins). Plain, so system-assigned grants show their role
	// in preview.
	SubscriptionID string `pulumi:"subscriptionId,optional"`
	// NetworkReady are values every app waits for before its first pull:
	// RegistryEndpoints' pullReady (the endpoints' DNS zone groups),
	// RegistryImages' pullReady (cache rules) and PrivateDnsZones'
	// registryDnsReady (the zones' VNet links). Their values are not used.
	// Plain list of inputs: each element may be an output.
	NetworkReady []pulumi.StringInput `pulumi:"networkReady,optional"`
	// NetworkDependencies are the same prerequisites as resource handles (Go
	// only, not in the schema).
	NetworkDependencies []pulumi.Resource
	// AcrCredentials are used by apps with pullAuth credentials.
	AcrCredentials *RegistryCredentials `pulumi:"acrCredentials,optional"`
	// HostedRegistry hosts a registry:2 site behind a private endpoint; unset for none.
	HostedRegistry *HostedRegistrySpec `pulumi:"hostedRegistry,optional"`
	// Apps are the web apps. Plain list: it decides how many sites exist and
	// their logical names.
	Apps []WebAppSpec `pulumi:"apps,optional"`
	// Tags are applied to every taggable resource. Plain map.
	Tags map[string]string `pulumi:"tags,optional"`
}

// WebAppWorkload is a Linux App Service plan and its VNet-integrated web apps,
// pulling their images over the VNet.
type WebAppWorkload struct {
	pulumi.ResourceState

	// PlanID is the App Service plan's id: the one created, or planId.
	PlanID pulumi.StringOutput `pulumi:"planId"`
	// AppHostNames maps each app's name to its default host name.
	AppHostNames pulumi.StringMapOutput `pulumi:"appHostNames"`
	// AppIDs maps each app's name to its site's resource id.
	AppIDs pulumi.StringMapOutput `pulumi:"appIds"`
	// HostedRegistryHost is the hosted registry's host name ("" without one).
	HostedRegistryHost pulumi.StringOutput `pulumi:"hostedRegistryHost"`
	// Sites maps each app's name to its resource (Go only, not in the schema).
	Sites map[string]*web.WebApp
	// Warnings are the warnings logged while registering, e.g. credential
	// pulls (Go only, not in the schema).
	Warnings []string
}

// NewWebAppWorkload registers the plan (unless planId names an existing
// one), the optional hosted registry and the apps.
func NewWebAppWorkload(ctx *pulumi.Context, name string, args *WebAppWorkloadArgs,
	opts ...pulumi.ResourceOption) (*WebAppWorkload, error) {
	if err := args.check(); err != nil {
		return nil, fmt.Errorf("WebAppWorkload %q: %w", name, err)
	}
	component := &WebAppWorkload{Sites: map[string]*web.WebApp{}}
	child, err := registerComponent(ctx, "WebAppWorkload", name, component, opts...)
	if err != nil {
		return nil, err
	}
	planID, err := newPlan(ctx, name, args, child)
	if err != nil {
		return nil, err
	}

	b := siteBuilder{ctx: ctx, component: name, args: args, planID: planID, child: child, warnings: &component.Warnings,
		subscription: subscriptionInput(ctx, args.SubscriptionID, component)}
	if warning := args.planWarning(); warning != "" {
		b.warn(warning)
	}
	component.HostedRegistryHost = pulumi.String("").ToStringOutput()
	if args.HostedRegistry != nil {
		hosted, err := b.hostedRegistry()
		if err != nil {
			return nil, err
		}
		b.hosted = hosted
		component.HostedRegistryHost = hosted.host
	}
	hostNames, ids := pulumi.StringMap{}, pulumi.StringMap{}
	for _, spec := range args.Apps {
		site, err := b.app(spec)
		if err != nil {
			return nil, err
		}
		component.Sites[spec.Name] = site
		hostNames[spec.Name] = site.DefaultHostName
		ids[spec.Name] = site.ID().ToStringOutput()
	}
	component.PlanID = planID
	component.AppHostNames = hostNames.ToStringMapOutput()
	component.AppIDs = ids.ToStringMapOutput()

	if err := ctx.RegisterResourceOutputs(component, pulumi.Map{
		"planId":             component.PlanID,
		"appHostNames":       component.AppHostNames,
		"appIds":             component.AppIDs,
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
	if err := a.checkPlan(); err != nil {
		return err
	}
	if err := checkPullMode(a.RegistryRoleAssignmentMode, a.RepositoryPrefix); err != nil {
		return err
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
			if !app.CustomRegistry.Hosted && !isSet(app.CustomRegistry.Server) {
				return fmt.Errorf("app %s pulls from a custom registry: its Server is required", app.Name)
			}
		case app.PullAuth == PullAuthUserAssigned:
			if a.LoginServer == nil || a.PullIdentityID == nil || a.PullIdentityClientID == nil ||
				(a.PullIdentityGrant == nil && a.PullIdentityGrantID == nil) {
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
