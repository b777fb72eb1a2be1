package tests

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/privatepull/privatepull/components"
	"github.com/privatepull/privatepull/tests/harness"
)

// schemaOnly composes the nine components with what a consumer in another
// language has through the component provider: outputs consumed as inputs
// and the "ready" outputs in registryReady/pullReady/networkReady/dnsReady,
// never a Go resource handle (Gate, PullDependencies, PullIdentityGrant,
// NetworkDependencies, DNSDependencies). waitSeconds is the grant's
// propagation wait.
func schemaOnly(waitSeconds int, outs **harness.Outputs) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		spec := networkArgs()
		spec.AppServiceSubnet = &components.SubnetSpec{Name: "snet-app", AddressPrefix: "10.0.3.0/26",
			Delegation: components.DelegationAppService}
		net, err := components.NewPrivateNetwork(ctx, "net", &spec.PrivateNetworkArgs)
		if err != nil {
			return err
		}
		dns, err := components.NewPrivateDnsZones(ctx, "net", &components.PrivateDnsZonesArgs{
			ResourceGroupName: net.ResourceGroupName, VnetID: net.VnetID, RegistryDNSZones: spec.RegistryDNSZones,
			WebAppDNSZone: true,
		})
		if err != nil {
			return err
		}
		reg, err := components.NewPrivateRegistry(ctx, "acr", &components.PrivateRegistryArgs{
			Name: "acrtest01", Location: "koreacentral", ResourceGroupName: net.ResourceGroupName,
		})
		if err != nil {
			return err
		}
		endpoints, err := components.NewRegistryEndpoints(ctx, "acr", &components.RegistryEndpointsArgs{
			RegistryID: reg.RegistryID, LoginServer: reg.LoginServer, DataEndpointHostNames: reg.DataEndpointHostNames,
			ResourceGroupName: net.ResourceGroupName, Location: "koreacentral", RegistryReady: reg.RegistryReady,
			PrivateEndpoints: []components.RegistryEndpointSpec{{
				Name: "pe-acr-acrtest01", SubnetID: net.PrivateEndpointSubnetID, DNSZoneID: dns.RegistryDNSZoneID,
			}},
		})
		if err != nil {
			return err
		}
		images, err := components.NewRegistryImages(ctx, "acr", &components.RegistryImagesArgs{
			RegistryName: reg.RegistryName, ResourceGroupName: net.ResourceGroupName,
			CacheRules: []components.CacheRuleSpec{{Name: "cache-samples-hello",
				Source: "mcr.microsoft.com/azuredocs/containerapps-helloworld", Target: "samples/hello"}},
		})
		if err != nil {
			return err
		}
		identity, err := components.NewPullIdentity(ctx, "pull", &components.PullIdentityArgs{
			Name: "id-test", Location: "koreacentral", ResourceGroupName: net.ResourceGroupName,
			RegistryID: reg.RegistryID, SubscriptionID: harness.Subscription, PropagationWaitSeconds: waitSeconds,
		})
		if err != nil {
			return err
		}
		env, err := components.NewContainerAppsEnvironment(ctx, "aca", &components.ContainerAppsEnvironmentArgs{
			EnvironmentName: "cae-test", Location: "koreacentral", ResourceGroupName: net.ResourceGroupName,
			InfrastructureSubnetID: net.ContainerAppsSubnetID,
		})
		if err != nil {
			return err
		}
		aca, err := components.NewContainerAppWorkload(ctx, "aca", &components.ContainerAppWorkloadArgs{
			EnvironmentID: env.EnvironmentID, Location: "koreacentral", ResourceGroupName: net.ResourceGroupName,
			LoginServer: reg.LoginServer, PullIdentityID: identity.IdentityID, PullIdentityClientID: identity.ClientID,
			PullReady: []pulumi.StringInput{identity.AcrPullReadyID, endpoints.PullReady, images.PullReady,
				dns.RegistryDNSReady},
			Apps: []components.ContainerAppSpec{{Name: "ca-hello", ImageRepository: "samples/hello", ImageTag: "latest",
				TargetPort: 80, CPU: 0.5, Memory: "1Gi", MaxReplicas: 1}},
			Probe: &components.ProbeJobSpec{ImageRepository: "samples/hello", ImageTag: "latest",
				DataEndpointHostNames: reg.DataEndpointHostNames, ExpectedAddresses: endpoints.PrimaryEndpointAddresses},
		})
		if err != nil {
			return err
		}
		hosted := webApp("web-hosted", "")
		hosted.CustomRegistry = &components.CustomRegistrySpec{Hosted: true}
		web, err := components.NewWebAppWorkload(ctx, "web", &components.WebAppWorkloadArgs{
			PlanName: "asp-test", PlanSku: "P1v3", PlanInstances: 1, Location: "koreacentral",
			ResourceGroupName: net.ResourceGroupName, IntegrationSubnetID: net.AppServiceSubnetID,
			LoginServer: reg.LoginServer, RegistryID: reg.RegistryID, SubscriptionID: harness.Subscription,
			PullIdentityID: identity.IdentityID, PullIdentityClientID: identity.ClientID,
			PullIdentityGrantID: identity.AcrPullAssignmentID,
			NetworkReady:        []pulumi.StringInput{endpoints.PullReady, images.PullReady, dns.RegistryDNSReady},
			HostedRegistry: &components.HostedRegistrySpec{Name: "reg-test", AnonymousTestOnly: true,
				PrivateEndpointSubnetID: net.PrivateEndpointSubnetID, DNSZoneID: dns.WebAppDNSZoneID,
				DNSReady: []pulumi.StringInput{dns.WebAppDNSReady}},
			Apps: []components.WebAppSpec{webApp("web-uami", components.PullAuthUserAssigned), hosted},
		})
		if err != nil {
			return err
		}
		if outs != nil {
			*outs = harness.Collect(pulumi.Map{
				"acrPullAssignmentId": identity.AcrPullAssignmentID, "acrPullReadyId": identity.AcrPullReadyID,
				"registryReady": reg.RegistryReady, "endpointsPullReady": endpoints.PullReady,
				"imagesPullReady": images.PullReady, "registryDnsReady": dns.RegistryDNSReady,
				"webAppDnsReady": dns.WebAppDNSReady, "environmentId": env.EnvironmentID, "appIds": aca.AppIDs,
				"webAppIds": web.AppIDs,
			})
		}
		return nil
	}
}

// TestReadyOutputsKeepThePullOrderWithoutGoHandles: composed only with what
// the schema carries, every container app and the probe job still wait for
// the AcrPull grant and its propagation wait, the DNS zone group, the cache
// rule and the VNet link; web apps for the grant and the network; hosted
// registry pulls for the web zone's link. The edges are recorded in preview
// too (the ready gate resolves to the values' resources even when they are
// unknown).
func TestReadyOutputsKeepThePullOrderWithoutGoHandles(t *testing.T) {
	modes(t, func(t *testing.T, preview bool) {
		m := run(t, preview, schemaOnly(120, nil))
		pull := []string{"pull-acrpull", "pull-acrpull-propagation", "acr-pe-dns", "acr-cache-cache-samples-hello",
			"net-acr-zone-link"}
		for _, name := range []string{"aca-ca-hello", "aca-probe"} {
			r := get(t, m, name)
			for _, dep := range pull {
				assert.True(t, r.DependsOn(dep), "%s must depend on %s; got %v", name, dep, r.Dependencies)
			}
		}
		for _, name := range []string{"aca-ca-hello", "aca-probe"} {
			assert.True(t, get(t, m, name).DependsOn("aca-logs"), "%s: its first pull is logged", name)
		}
		// Each long pole waits only for what it needs: the environment for its
		// subnet, the grant for the registry (not its endpoints), the
		// endpoints for the registry and its replications.
		assert.Equal(t, []string{"net-rg", "net-snet-aca"}, get(t, m, "aca-env").Dependencies,
			"the environment is created while the registry, its endpoints and the grant are")
		assert.Equal(t, []string{"acr-registry", "pull-identity"}, get(t, m, "pull-acrpull").Dependencies)
		assert.True(t, get(t, m, "acr-pe").DependsOn("acr-registry"))

		uami := get(t, m, "web-web-uami")
		for _, dep := range []string{"pull-acrpull", "acr-pe-dns", "acr-cache-cache-samples-hello", "net-acr-zone-link"} {
			assert.True(t, uami.DependsOn(dep), "web-web-uami must depend on %s; got %v", dep, uami.Dependencies)
		}
		hosted := get(t, m, "web-web-hosted")
		for _, dep := range []string{"net-web-zone-link", "web-registry-pe-dns", "acr-pe-dns", "net-acr-zone-link"} {
			assert.True(t, hosted.DependsOn(dep), "web-web-hosted must depend on %s; got %v", dep, hosted.Dependencies)
		}
		assert.False(t, hosted.DependsOn("pull-acrpull"), "a custom-registry pull does not need the AcrPull grant")
	})
}

// TestReadyOutputsWithoutPropagationWait: with the wait off, acrPullReadyId
// stands for the grant alone.
func TestReadyOutputsWithoutPropagationWait(t *testing.T) {
	m := run(t, false, schemaOnly(0, nil))
	app := get(t, m, "aca-ca-hello")
	assert.True(t, app.DependsOn("pull-acrpull"), "got %v", app.Dependencies)
	_, wait := m.Get("pull-acrpull-propagation")
	assert.False(t, wait)
}

// TestReadyOutputValues: the ready outputs are the ids of what they stand for.
func TestReadyOutputValues(t *testing.T) {
	var outs *harness.Outputs
	m := run(t, false, schemaOnly(120, &outs))
	id := func(name string) string {
		t.Helper()
		r := get(t, m, name)
		return harnessID(t, r)
	}
	grant := id("pull-acrpull")
	for key, want := range map[string]any{
		"acrPullAssignmentId": grant,
		"acrPullReadyId":      grant,
		"registryReady":       id("acr-registry"),
		"endpointsPullReady":  id("acr-pe-dns"),
		"imagesPullReady":     id("acr-cache-cache-samples-hello"),
		"environmentId":       id("aca-env"),
		"registryDnsReady":    id("net-acr-zone-link"),
		"webAppDnsReady":      id("net-web-zone-link"),
		"appIds":              map[string]string{"ca-hello": id("aca-ca-hello")},
		"webAppIds":           map[string]string{"web-uami": id("web-web-uami"), "web-hosted": id("web-web-hosted")},
	} {
		got, ok := outs.Get(key)
		require.True(t, ok, key)
		assert.Equal(t, want, got, key)
	}
}

// harnessID is the id the mocks gave a custom resource.
func harnessID(t *testing.T, r harness.Registration) string {
	t.Helper()
	require.True(t, r.Custom, "%s is not a custom resource", r.Name)
	return harness.IDOf(r)
}
