package components

import (
	"fmt"

	"github.com/pulumi/pulumi-azure-native-sdk/web/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// FunctionAppKind is the site kind of a Linux function app running a
// custom container (what AVM and the portal deploy; Microsoft's docs also
// show functionapp,linux).
const FunctionAppKind = "functionapp,linux,container"

// FunctionsExtensionVersion is the Functions runtime version: ~4, the only
// one still supported.
const FunctionsExtensionVersion = "~4"

// functionSiteBuilder registers the sites of one FunctionAppWorkload with
// the web apps' site builder: the same hardening, VNet integration, VNet
// image pull and managed-identity pull, and the same system-assigned
// registry grant.
type functionSiteBuilder struct {
	siteBuilder
	workload *FunctionAppWorkloadArgs
	plans    *functionPlans
	// storageSubscription is where the storage data roles are granted: the
	// default provider's, the account's (known in preview).
	storageSubscription pulumi.StringInput
	// identityStorage are the user-assigned identity's storage data grants
	// and their propagation wait.
	identityStorage []pulumi.Resource
}

// functionApp registers one function app after its registry pull and
// storage prerequisites and, for a system-assigned identity, the site's
// registry pull grant and storage data roles.
func (b functionSiteBuilder) functionApp(spec FunctionAppSpec) (*web.WebApp, error) {
	src, err := b.source(WebAppSpec{Name: spec.Name, PullAuth: spec.PullAuth})
	if err != nil {
		return nil, err
	}
	if spec.WorkerRuntime == FunctionWorkerRuntimeInProcess {
		b.warn(fmt.Sprintf("function app %s: workerRuntime %s is the in-process .NET model, whose support ended on "+
			"10 November 2026: move the app to the isolated worker model (dotnet-isolated)", spec.Name,
			FunctionWorkerRuntimeInProcess))
	}
	b.planID = b.plans.id(spec.Plan)
	// A Dedicated plan unloads idle apps unless alwaysOn: timer and queue
	// triggers would stop firing. Elastic Premium keeps instances itself.
	alwaysOn := spec.Plan == FunctionPlanAppService
	siteArgs := b.siteArgs(spec.Name, 80, alwaysOn, spec.AppSettings, src,
		pulumi.Sprintf("DOCKER|%s/%s:%s", src.server, spec.ImageRepository, spec.ImageTag), false)
	siteArgs.Kind = pulumi.String(FunctionAppKind)
	siteArgs.Reserved = pulumi.Bool(true)
	cfg := siteArgs.SiteConfig.(*web.SiteConfigArgs)
	cfg.AppSettings = append(cfg.AppSettings.(web.NameValuePairArray), b.hostSettings(spec)...)
	if spec.FunctionAppScaleLimit > 0 {
		cfg.FunctionAppScaleLimit = pulumi.Int(spec.FunctionAppScaleLimit)
	}
	if spec.MinimumElasticInstanceCount > 0 {
		cfg.MinimumElasticInstanceCount = pulumi.Int(spec.MinimumElasticInstanceCount)
	}
	b.pullOverVnet(siteArgs)
	b.identityPull(siteArgs, spec.PullAuth)

	deps := append(append([]pulumi.Resource{}, src.deps...), b.workload.StorageDependencies...)
	ready := append(append([]pulumi.StringInput{}, src.ready...), b.workload.StorageReady...)
	if spec.PullAuth == PullAuthUserAssigned {
		deps = append(deps, b.identityStorage...)
	}
	site, err := web.NewWebApp(b.ctx, childName(b.component, spec.Name), siteArgs, gated(b.ctx, b.child, deps, ready)...)
	if err != nil {
		return nil, fmt.Errorf("function app %s: %w", spec.Name, err)
	}
	if spec.PullAuth == PullAuthSystemAssigned {
		if err := b.grantSiteIdentity(spec.Name, site); err != nil {
			return nil, err
		}
		// The host retries its storage connection until these propagate.
		if _, err := newStorageDataGrants(b.ctx, childName(b.component, spec.Name), b.workload.StorageAccountID,
			site.Identity.PrincipalId().Elem(), b.storageSubscription, 0, b.child); err != nil {
			return nil, err
		}
	}
	return site, nil
}

// hostSettings are the Functions settings privatepull manages: the runtime,
// the registry URL (no username or password: the pull uses the identity)
// and the identity-based host storage connection. No key, no connection
// string and no Azure Files content share (WEBSITE_CONTENT*), which needs
// one: Microsoft notes Elastic Premium scaling "could be limited" without
// it (storage-considerations, "Create an app without Azure Files").
func (b functionSiteBuilder) hostSettings(spec FunctionAppSpec) web.NameValuePairArray {
	out := web.NameValuePairArray{}
	add := func(name string, value pulumi.StringInput) {
		out = append(out, &web.NameValuePairArgs{Name: pulumi.String(name), Value: value})
	}
	add(SettingExtensionVersion, pulumi.String(FunctionsExtensionVersion))
	add(SettingWorkerRuntime, pulumi.String(spec.WorkerRuntime))
	add(SettingRegistryURL, pulumi.Sprintf("https://%s", b.workload.LoginServer))
	add(SettingHostStorage+"__accountName", b.workload.StorageAccountName)
	add(SettingHostStorage+"__credential", pulumi.String("managedidentity"))
	if spec.PullAuth == PullAuthUserAssigned {
		add(SettingHostStorage+"__clientId", b.workload.PullIdentityClientID)
	}
	if cloud := b.workload.Cloud; cloud != "" && cloud != CloudPublic {
		// __accountName assumes core.windows.net; elsewhere the host needs
		// the service URIs (functions-reference, "Connecting to host storage
		// with an identity").
		for _, service := range FunctionStorageServices {
			add(SettingHostStorage+"__"+service+"ServiceUri", pulumi.Sprintf("https://%s", b.storageHost(service)))
		}
	}
	return out
}

// storageHost is the storage account's host name for a service: from
// storageServiceHostNames when given, else built from the account's name.
func (b functionSiteBuilder) storageHost(service string) pulumi.StringOutput {
	if hosts := b.workload.StorageServiceHostNames; hosts != nil {
		return hosts.ToStringMapOutput().MapIndex(pulumi.String(service))
	}
	cloud := b.workload.Cloud
	return b.workload.StorageAccountName.ToStringOutput().ApplyT(func(name string) string {
		return cloud.StorageHostName(name, service)
	}).(pulumi.StringOutput)
}
