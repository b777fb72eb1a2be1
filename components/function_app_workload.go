package components

import (
	"fmt"

	"github.com/pulumi/pulumi-azure-native-sdk/web/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// FunctionPlan is the plan a function app runs on.
type FunctionPlan string

const (
	// FunctionPlanElastic runs the app on the component's Elastic Premium
	// plan (EP1-EP3): event-driven scale-out, always-ready instances.
	FunctionPlanElastic FunctionPlan = "elastic"
	// FunctionPlanAppService runs the app on an existing Dedicated Linux App
	// Service plan (Basic or higher, e.g. the stack's): manual or autoscale,
	// alwaysOn so that non-HTTP triggers run.
	FunctionPlanAppService FunctionPlan = "appService"
)

// FunctionAppSpec describes one Linux function app running a container
// image from the private registry.
type FunctionAppSpec struct {
	// Name is the site's globally unique name (<name>.azurewebsites.net).
	// Plain: it names the site's resource.
	Name string `pulumi:"name"`
	// ImageRepository is the repository in the private registry, without
	// host or tag.
	ImageRepository string `pulumi:"imageRepository"`
	// ImageTag is the image tag.
	ImageTag string `pulumi:"imageTag"`
	// Plan is elastic (the component's Elastic Premium plan, elasticPlan) or
	// appService (the plan appServicePlanId names). Plain: it decides the
	// site's plan and settings.
	Plan FunctionPlan `pulumi:"plan"`
	// WorkerRuntime sets FUNCTIONS_WORKER_RUNTIME, which the Functions host
	// needs to start the app's language worker: dotnet-isolated, node,
	// python, java, powershell, custom, or dotnet (the in-process .NET model,
	// whose support ended on 10 November 2026: accepted with a warning).
	WorkerRuntime string `pulumi:"workerRuntime"`
	// PullAuth selects the identity the app pulls its image and reaches its
	// host storage with: userAssigned (the user-assigned identity:
	// recommended, its grants exist before the site) or systemAssigned (the
	// site's own identity, granted after the site). Plain: systemAssigned
	// adds role assignments.
	PullAuth PullAuth `pulumi:"pullAuth"`
	// FunctionAppScaleLimit is the most instances the app scales out to on
	// the Elastic Premium plan (at most the plan's
	// maximumElasticWorkerCount); 0 leaves it to the plan.
	FunctionAppScaleLimit int `pulumi:"functionAppScaleLimit,optional"`
	// MinimumElasticInstanceCount is the app's always-ready instances on the
	// Elastic Premium plan (they keep cold starts, which pull the image,
	// off the request path); 0 leaves Azure's default.
	MinimumElasticInstanceCount int `pulumi:"minimumElasticInstanceCount,optional"`
	// AppSettings are plain app settings. Plain map.
	AppSettings map[string]string `pulumi:"appSettings,optional"`
}

// ElasticPlanSpec is the Elastic Premium plan the component creates.
type ElasticPlanSpec struct {
	// Name is the plan's name. Plain: it names the plan.
	Name string `pulumi:"name"`
	// Sku is EP1, EP2 or EP3 (any case).
	Sku string `pulumi:"sku"`
	// MaximumElasticWorkerCount is the most instances the plan scales out
	// to (1-100); each takes an address in the integration subnet.
	MaximumElasticWorkerCount int `pulumi:"maximumElasticWorkerCount"`
}

// FunctionAppWorkloadArgs configures the FunctionAppWorkload component.
type FunctionAppWorkloadArgs struct {
	// ElasticPlan is the Elastic Premium plan the component creates for the
	// apps with plan elastic (required by them, refused without them).
	ElasticPlan *ElasticPlanSpec `pulumi:"elasticPlan,optional"`
	// AppServicePlanID is the existing Dedicated Linux App Service plan
	// (Basic or higher) of the apps with plan appService, e.g.
	// WebAppWorkload's planId. It may be an output of another resource: its
	// type is checked when it resolves.
	AppServicePlanID pulumi.StringInput `pulumi:"appServicePlanId,optional"`
	// Location is the region of the plan and sites.
	Location string `pulumi:"location"`
	// ResourceGroupName is their resource group.
	ResourceGroupName pulumi.StringInput `pulumi:"resourceGroupName"`
	// IntegrationSubnetID is the VNet integration subnet (delegated to
	// Microsoft.Web/serverFarms), e.g. PrivateNetwork's appServiceSubnetId;
	// plans may share it.
	IntegrationSubnetID pulumi.StringInput `pulumi:"integrationSubnetId"`
	// Cloud selects the storage suffix: public (the default), usgovernment
	// or china.
	Cloud Cloud `pulumi:"cloud,optional"`
	// LoginServer is the private registry's login server.
	LoginServer pulumi.StringInput `pulumi:"loginServer"`
	// RegistryID is the registry's id, the scope of system-assigned pull
	// grants (required by systemAssigned apps).
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
	// SubscriptionID is the registry's subscription when registryId is an
	// output ("" = the default provider's). Plain, so grants show their
	// role in preview.
	SubscriptionID string `pulumi:"subscriptionId,optional"`
	// PullIdentityID is the user-assigned identity's resource id (required
	// by userAssigned apps), e.g. PullIdentity's identityId.
	PullIdentityID pulumi.StringInput `pulumi:"pullIdentityId,optional"`
	// PullIdentityClientID is its client id: acrUserManagedIdentityID and
	// AzureWebJobsStorage__clientId.
	PullIdentityClientID pulumi.StringInput `pulumi:"pullIdentityClientId,optional"`
	// PullIdentityPrincipalID is its principal (object) id: the storage
	// data roles are granted to it.
	PullIdentityPrincipalID pulumi.StringInput `pulumi:"pullIdentityPrincipalId,optional"`
	// PullIdentityGrantID is the identity's registry pull assignment id,
	// e.g. PullIdentity's acrPullAssignmentId: userAssigned apps wait for it.
	// Required by userAssigned apps unless the Go-only PullIdentityGrant is
	// set.
	PullIdentityGrantID pulumi.StringInput `pulumi:"pullIdentityGrantId,optional"`
	// PullIdentityGrant is that assignment as a resource handle (Go only,
	// not in the schema).
	PullIdentityGrant pulumi.Resource
	// NetworkReady are values every app waits for before its first pull, as
	// for WebAppWorkload: RegistryEndpoints' pullReady, RegistryImages'
	// pullReady and PrivateDnsZones' registryDnsReady. Plain list of inputs:
	// each element may be an output.
	NetworkReady []pulumi.StringInput `pulumi:"networkReady,optional"`
	// NetworkDependencies are the same prerequisites as resource handles (Go
	// only, not in the schema).
	NetworkDependencies []pulumi.Resource
	// StorageAccountID is the host storage account's id, e.g.
	// FunctionStorage's storageAccountId: the scope of the data roles.
	StorageAccountID pulumi.StringInput `pulumi:"storageAccountId"`
	// StorageAccountName is its name, e.g. FunctionStorage's
	// storageAccountName: AzureWebJobsStorage__accountName.
	StorageAccountName pulumi.StringInput `pulumi:"storageAccountName"`
	// StorageServiceHostNames are its blob, queue and table host names, e.g.
	// FunctionStorage's serviceHostNames: outside the public cloud the host
	// needs them as AzureWebJobsStorage__<service>ServiceUri (accountName
	// assumes core.windows.net).
	StorageServiceHostNames pulumi.StringMapInput `pulumi:"storageServiceHostNames,optional"`
	// StorageReady are values every app waits for before the host starts,
	// e.g. FunctionStorage's dnsReady. Plain list of inputs: each element
	// may be an output.
	StorageReady []pulumi.StringInput `pulumi:"storageReady,optional"`
	// StorageDependencies are the same as resource handles (Go only, not in
	// the schema), e.g. FunctionStorage's DNSDependencies.
	StorageDependencies []pulumi.Resource
	// StoragePropagationWaitSeconds is how long userAssigned apps wait after
	// NEW storage data-role grants (as PullIdentity's
	// propagationWaitSeconds; privatepull's own program uses 300); 0 turns
	// the wait off. Plain: it decides whether the wait exists.
	StoragePropagationWaitSeconds int `pulumi:"storagePropagationWaitSeconds,optional"`
	// Apps are the function apps. Plain list: it decides how many sites
	// exist and their logical names.
	Apps []FunctionAppSpec `pulumi:"apps"`
	// Tags are applied to every taggable resource. Plain map.
	Tags map[string]string `pulumi:"tags,optional"`
}

// FunctionAppWorkload is Linux function apps running container images from
// the private registry, on an Elastic Premium plan of their own or an
// existing Dedicated plan, VNet-integrated, pulling over the VNet with a
// managed identity and reaching their host storage with it: no key, no
// connection string, no Azure Files content share.
type FunctionAppWorkload struct {
	pulumi.ResourceState

	// ElasticPlanID is the Elastic Premium plan's id ("" without one).
	ElasticPlanID pulumi.StringOutput `pulumi:"elasticPlanId"`
	// AppHostNames maps each app's name to its default host name.
	AppHostNames pulumi.StringMapOutput `pulumi:"appHostNames"`
	// AppIDs maps each app's name to its site's resource id.
	AppIDs pulumi.StringMapOutput `pulumi:"appIds"`
	// Sites maps each app's name to its resource (Go only, not in the schema).
	Sites map[string]*web.WebApp
	// Warnings are the warnings logged while registering, e.g. an app on
	// the retired in-process .NET model (Go only, not in the schema).
	Warnings []string
}

// NewFunctionAppWorkload registers the Elastic Premium plan (when an app
// runs on it), the user-assigned identity's storage data roles with their
// propagation wait (when an app pulls with it), and the function apps, each
// after its registry pull and storage prerequisites.
func NewFunctionAppWorkload(ctx *pulumi.Context, name string, args *FunctionAppWorkloadArgs,
	opts ...pulumi.ResourceOption) (*FunctionAppWorkload, error) {
	if err := args.check(); err != nil {
		return nil, fmt.Errorf("FunctionAppWorkload %q: %w", name, err)
	}
	component := &FunctionAppWorkload{Sites: map[string]*web.WebApp{}}
	child, err := registerComponent(ctx, "FunctionAppWorkload", name, component, opts...)
	if err != nil {
		return nil, err
	}
	plans, err := newFunctionPlans(ctx, name, args, child)
	if err != nil {
		return nil, err
	}
	b := functionSiteBuilder{siteBuilder: siteBuilder{ctx: ctx, component: name, args: args.siteView(), child: child,
		warnings: &component.Warnings, subscription: subscriptionInput(ctx, args.SubscriptionID, component)},
		workload: args, plans: plans, storageSubscription: subscriptionInput(ctx, "", component)}
	if args.usesPullAuth(PullAuthUserAssigned) {
		grants, err := newStorageDataGrants(ctx, name, args.StorageAccountID, args.PullIdentityPrincipalID,
			b.storageSubscription, args.StoragePropagationWaitSeconds, child)
		if err != nil {
			return nil, err
		}
		b.identityStorage = grants.ready
	}
	hostNames, ids := pulumi.StringMap{}, pulumi.StringMap{}
	for _, spec := range args.Apps {
		site, err := b.functionApp(spec)
		if err != nil {
			return nil, err
		}
		component.Sites[spec.Name] = site
		hostNames[spec.Name] = site.DefaultHostName
		ids[spec.Name] = site.ID().ToStringOutput()
	}
	component.ElasticPlanID = plans.elasticID
	component.AppHostNames = hostNames.ToStringMapOutput()
	component.AppIDs = ids.ToStringMapOutput()
	if err := ctx.RegisterResourceOutputs(component, pulumi.Map{
		"elasticPlanId": component.ElasticPlanID,
		"appHostNames":  component.AppHostNames,
		"appIds":        component.AppIDs,
	}); err != nil {
		return nil, fmt.Errorf("FunctionAppWorkload %q outputs: %w", name, err)
	}
	return component, nil
}

// siteView is the part of the args the shared site builder reads.
func (a *FunctionAppWorkloadArgs) siteView() *WebAppWorkloadArgs {
	return &WebAppWorkloadArgs{
		Location: a.Location, ResourceGroupName: a.ResourceGroupName, IntegrationSubnetID: a.IntegrationSubnetID,
		Cloud: a.Cloud, LoginServer: a.LoginServer, RegistryID: a.RegistryID, SubscriptionID: a.SubscriptionID,
		RegistryRoleAssignmentMode: a.RegistryRoleAssignmentMode, RepositoryPrefix: a.RepositoryPrefix,
		PullIdentityID: a.PullIdentityID, PullIdentityClientID: a.PullIdentityClientID,
		PullIdentityGrantID: a.PullIdentityGrantID, PullIdentityGrant: a.PullIdentityGrant,
		NetworkReady: a.NetworkReady, NetworkDependencies: a.NetworkDependencies, Tags: a.Tags,
	}
}

// usesPullAuth reports whether an app pulls with auth.
func (a *FunctionAppWorkloadArgs) usesPullAuth(auth PullAuth) bool {
	for _, app := range a.Apps {
		if app.PullAuth == auth {
			return true
		}
	}
	return false
}

// usesPlan reports whether an app runs on plan.
func (a *FunctionAppWorkloadArgs) usesPlan(plan FunctionPlan) bool {
	for _, app := range a.Apps {
		if app.Plan == plan {
			return true
		}
	}
	return false
}
