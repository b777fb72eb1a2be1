package main

import (
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	presource "github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Across the language boundary a consumer's SDK holds no handle on the
// components' children: it sees the components' outputs. Two facts make the
// ready outputs safe:
//
//  1. Construct answers only after every child registration has completed
//     (the engine has created the resource), so no output of a component,
//     acrPullReadyId included, resolves before all of its children exist.
//     pulumi-go-provider v1.5.0 drops the outputs' own dependencies, so the
//     consumer's SDK records the component itself as their dependency.
//  2. A workload's pullReady values, whatever they depend on, become
//     dependencies of every app and of the probe job, in preview as in
//     update; RegistryEndpoints' registryReady becomes a dependency of
//     every endpoint.
//
// So each long pole is its own component and takes only what it needs: the
// environment only the network's subnet, the grant only the registry, the
// endpoints the registry's registryReady; the apps take the environment's
// id and the ready values.

// TestConstructAnswersAfterEveryChild: fact 1, with the slowest children
// answered last.
func TestConstructAnswersAfterEveryChild(t *testing.T) {
	s, rec := newServer(t, false)
	rec.slow["pull-acrpull-propagation"] = 300 * time.Millisecond
	_, err := construct(s, false, "PullIdentity", "pull", identityInputs(false))
	returned := time.Now()
	require.NoError(t, err)
	for _, child := range []string{"pull-identity", "pull-acrpull", "pull-acrpull-reader", "pull-acrpull-propagation"} {
		assert.False(t, rec.get(t, child).Done.After(returned), "%s existed before Construct answered", child)
	}

	s, rec = newServer(t, false)
	rec.slow["acr-pe-dns"] = 300 * time.Millisecond
	_, err = construct(s, false, "RegistryEndpoints", "acr", endpointsInputs(false, 1, 1))
	returned = time.Now()
	require.NoError(t, err)
	for _, child := range []string{"acr-pe", "acr-pe-dns"} {
		assert.False(t, rec.get(t, child).Done.After(returned), "%s existed before Construct answered", child)
	}

	s, rec = newServer(t, false)
	rec.slow["aca-logs"] = 300 * time.Millisecond
	resp, err := construct(s, false, "ContainerAppsEnvironment", "aca", environmentInputs(false))
	returned = time.Now()
	require.NoError(t, err)
	assert.False(t, rec.get(t, "aca-logs").Done.After(returned),
		"environmentId reaches the apps only once the diagnostic setting exists")
	assert.NotEmpty(t, resp.State.Get("environmentId").AsString())
}

// registryInputs are a PrivateRegistry with replicas.
func registryInputs(preview bool, replicas int) map[string]property.Value {
	var reps []property.Value
	for _, region := range replicaRegions[:replicas] {
		reps = append(reps, obj(map[string]property.Value{"location": str(region), "regionEndpointEnabled": boolean(true)}))
	}
	return map[string]property.Value{
		"name": str("acrapp01"), "location": str("koreacentral"), "resourceGroupName": out(preview, rgName, consumerRG),
		"replicas": list(reps...),
	}
}

// replicaRegions are the replicas' regions, in order.
var replicaRegions = []string{"koreasouth", "japaneast", "japanwest"}

// endpointsInputs are RegistryEndpoints of a registry with replicas (the
// PrivateRegistry's outputs, registryReady among them), the first endpoint
// with a static IP per member.
func endpointsInputs(preview bool, replicas, endpoints int) map[string]property.Value {
	regions := append([]string{"koreacentral"}, replicaRegions[:replicas]...)
	staticIPs := map[string]property.Value{"registry": str("10.0.2.10")}
	var reps []property.Value
	for i, region := range regions {
		staticIPs["registry_data_"+region] = str(fmt.Sprintf("10.0.2.%d", 11+i))
		if i > 0 {
			reps = append(reps, str(region))
		}
	}
	var pes []property.Value
	for i := range endpoints {
		pe := map[string]property.Value{"name": str("pe-" + string(rune('a'+i))),
			"subnetId":  out(preview, peSubnetID, consumer+"azure-native:network:Subnet::pe"),
			"dnsZoneId": out(preview, zoneID, consumer+"azure-native:network:PrivateZone::acr")}
		if i == 0 {
			pe["staticIps"] = obj(staticIPs)
		}
		pes = append(pes, obj(pe))
	}
	return map[string]property.Value{
		"registryId": out(preview, registryID, registryURN), "loginServer": out(preview, "acrapp01.azurecr.io", registryURN),
		"registryReady":     out(preview, "registry-and-replica-ids", registryURN),
		"resourceGroupName": out(preview, rgName, consumerRG), "location": str("koreacentral"),
		"replicaLocations": list(reps...), "privateEndpoints": list(pes...),
	}
}

// imagesInputs are RegistryImages of the consumer's registry with one cache rule.
func imagesInputs(preview bool) map[string]property.Value {
	return map[string]property.Value{
		"registryName": out(preview, "acrapp01", registryURN), "resourceGroupName": out(preview, rgName, consumerRG),
		"cacheRules": list(obj(map[string]property.Value{"name": str("cache-hello"),
			"source": str("mcr.microsoft.com/azuredocs/containerapps-helloworld"), "target": str("samples/hello")})),
	}
}

// TestEveryEndpointAfterTheRegistryAndAllReplications: a registry private
// endpoint created before a replication fails, so each one waits for the
// registry's registryReady, which resolves once the registry and every
// replication exist (PrivateRegistry answers after all its children).
func TestEveryEndpointAfterTheRegistryAndAllReplications(t *testing.T) {
	modes(t, func(t *testing.T, preview bool) {
		s, rec := newServer(t, preview)
		registry, err := construct(s, preview, "PrivateRegistry", "acr", registryInputs(preview, 2))
		require.NoError(t, err)
		in := endpointsInputs(preview, 2, 2)
		in["registryReady"] = withDeps(registry.State.Get("registryReady"), registryURN)
		_, err = construct(s, preview, "RegistryEndpoints", "acr", in)
		require.NoError(t, err)
		for _, pe := range []string{"acr-pe", "acr-pe2"} {
			r := rec.get(t, pe)
			assert.True(t, r.dependsOn(registryURN), "%s must wait for the registry and its replications; got %v", pe, r.Deps)
			assert.NotContains(t, r.PropDeps["privateLinkServiceConnections"], consumerRG)
		}
		if !preview {
			assert.Equal(t, "/subscriptions/"+subscription+"/fake/acr-registry,/subscriptions/"+subscription+
				"/fake/acr-replica-koreasouth,/subscriptions/"+subscription+"/fake/acr-replica-japaneast",
				registry.State.Get("registryReady").AsString())
		}
	})
}

// TestEndpointsWaitForTheReplicationsThemselves: when registryReady carries
// the registry's and the replications' own URNs (as a Go consumer's output
// does), every endpoint depends on exactly those.
func TestEndpointsWaitForTheReplicationsThemselves(t *testing.T) {
	registry := registryURN + "$azure-native:containerregistry/v20241101preview:Registry::acr-registry"
	replica := registryURN + "$azure-native:containerregistry/v20241101preview:Replication::acr-replica-koreasouth"
	modes(t, func(t *testing.T, preview bool) {
		s, rec := newServer(t, preview)
		in := endpointsInputs(preview, 1, 1)
		in["registryId"] = str(registryID)
		in["registryReady"] = out(preview, "ids", registry, replica)
		_, err := construct(s, preview, "RegistryEndpoints", "acr", in)
		require.NoError(t, err)
		pe := rec.get(t, "acr-pe")
		assert.True(t, pe.dependsOn(registry) && pe.dependsOn(replica), "got %v", pe.Deps)
		assert.NotContains(t, pe.PropDeps, "registryReady", "the ready value is not an input of the endpoint")
	})
}

// withDeps gives a value from a Construct response the dependencies a
// consumer's SDK attaches when it passes it on.
func withDeps(v property.Value, urns ...string) property.Value {
	deps := make([]presource.URN, len(urns))
	for i, u := range urns {
		deps[i] = presource.URN(u)
	}
	return v.WithDependencies(deps)
}

// TestAppsWaitForThePullPrerequisitesAcrossTheBoundary composes the
// components as a TypeScript or YAML program does: the environment from the
// network's subnet alone; PullIdentity from the registry; then a
// ContainerAppWorkload in the environment whose pullReady holds the
// identity's acrPullReadyId, the endpoints' and the images' pullReady and
// the zones' registryDnsReady.
func TestAppsWaitForThePullPrerequisitesAcrossTheBoundary(t *testing.T) {
	modes(t, func(t *testing.T, preview bool) {
		s, rec := newServer(t, preview)
		env, err := construct(s, preview, "ContainerAppsEnvironment", "aca", environmentInputs(preview))
		require.NoError(t, err)
		identity, err := construct(s, preview, "PullIdentity", "pull", identityInputs(preview))
		require.NoError(t, err)
		ready := identity.State.Get("acrPullReadyId")
		if !preview {
			assert.Equal(t, "/subscriptions/"+subscription+"/fake/pull-acrpull", ready.AsString())
		}

		inputs := workloadInputs(preview,
			withDeps(ready, identityURN),
			out(preview, "zone-group-ids", endpointsURN),
			out(preview, "cache-rule-ids", imagesURN),
			out(preview, "link-ids", dnsURN))
		// Literal values (e.g. from the consumer's configuration): only
		// environmentId and pullReady tie the apps to the components.
		inputs["environmentId"] = withDeps(env.State.Get("environmentId"), envURN)
		inputs["loginServer"] = str("acrapp01.azurecr.io")
		inputs["pullIdentityId"] = str("identity-id")
		inputs["pullIdentityClientId"] = str("client-id")
		_, err = construct(s, preview, "ContainerAppWorkload", "aca", inputs)
		require.NoError(t, err)
		for _, name := range []string{"aca-ca-hello", "aca-probe"} {
			r := rec.get(t, name)
			for _, dep := range []string{identityURN, endpointsURN, imagesURN, dnsURN, envURN} {
				assert.True(t, r.dependsOn(dep), "%s must wait for %s; got %v", name, dep, r.Deps)
			}
		}
		envResource := rec.get(t, "aca-env")
		assert.Equal(t, []string{consumerRG, networkURN}, envResource.Deps,
			"the environment is created while the registry, its endpoints and the grant are")
		assert.Equal(t, []string{consumerRG, registryURN}, sortedDeps(rec.get(t, "pull-identity").Deps, rec.get(t, "pull-acrpull").Deps),
			"the identity and its grant wait for the registry only")
	})
}

// sortedDeps merges dependency lists into one sorted list without the
// component's own children.
func sortedDeps(lists ...[]string) []string {
	seen := map[string]bool{}
	for _, l := range lists {
		for _, d := range l {
			if !strings.Contains(d, "$") {
				seen[d] = true
			}
		}
	}
	out := make([]string, 0, len(seen))
	for d := range seen {
		out = append(out, d)
	}
	sort.Strings(out)
	return out
}

// TestAppsWaitForTheGrantAndItsWait: when the ready value carries the
// grant's and the wait's own URNs (as a Go consumer's output does, or a
// provider that forwards output dependencies), the apps depend on exactly
// those children.
func TestAppsWaitForTheGrantAndItsWait(t *testing.T) {
	grant := identityURN + "$azure-native:authorization:RoleAssignment::pull-acrpull"
	wait := identityURN + "$time:index/sleep:Sleep::pull-acrpull-propagation"
	modes(t, func(t *testing.T, preview bool) {
		s, rec := newServer(t, preview)
		_, err := construct(s, preview, "ContainerAppWorkload", "aca",
			workloadInputs(preview, out(preview, "/fake/pull-acrpull", grant, wait)))
		require.NoError(t, err)
		app := rec.get(t, "aca-ca-hello")
		assert.True(t, app.dependsOn(grant), "got %v", app.Deps)
		assert.True(t, app.dependsOn(wait), "got %v", app.Deps)
		assert.NotContains(t, app.PropDeps, "pullReady", "the ready values are not an input of the app")
	})
}

// TestWebAppsWaitForTheGrantAndTheNetwork: the web app counterpart, and the
// hosted registry's DNS.
func TestWebAppsWaitForTheGrantAndTheNetwork(t *testing.T) {
	webLinks := consumer + "azure-native:network:VirtualNetworkLink::web"
	modes(t, func(t *testing.T, preview bool) {
		s, rec := newServer(t, preview)
		_, err := construct(s, preview, "WebAppWorkload", "web", map[string]property.Value{
			"planName": str("asp-app"), "planSku": str("P1v3"), "planInstances": num(1), "location": str("koreacentral"),
			"resourceGroupName":    out(preview, rgName, consumerRG),
			"integrationSubnetId":  str(peSubnetID),
			"loginServer":          str("acrapp01.azurecr.io"),
			"pullIdentityId":       str("identity-id"),
			"pullIdentityClientId": str("client-id"),
			"pullIdentityGrantId":  out(preview, "grant-id", identityURN),
			"networkReady": list(out(preview, "groups", endpointsURN), out(preview, "rules", imagesURN),
				out(preview, "links", dnsURN)),
			"hostedRegistry": obj(map[string]property.Value{"name": str("reg-app"), "anonymousTestOnly": boolean(true),
				"privateEndpointSubnetId": str(peSubnetID), "dnsZoneId": str("web-zone"),
				"dnsReady": list(out(preview, "web-links", webLinks))}),
			"apps": list(
				obj(map[string]property.Value{"name": str("web-uami"), "imageRepository": str("site"), "imageTag": str("1"),
					"port": num(80), "pullAuth": str("userAssigned")}),
				obj(map[string]property.Value{"name": str("web-hosted"), "imageRepository": str("site"), "imageTag": str("1"),
					"port": num(80), "customRegistry": obj(map[string]property.Value{"hosted": boolean(true)})})),
		})
		require.NoError(t, err)
		uami := rec.get(t, "web-web-uami")
		for _, dep := range []string{identityURN, endpointsURN, imagesURN, dnsURN} {
			assert.True(t, uami.dependsOn(dep), "web-uami must wait for %s; got %v", dep, uami.Deps)
		}
		hosted := rec.get(t, "web-web-hosted")
		for _, dep := range []string{webLinks, "web-registry-pe-dns", endpointsURN, dnsURN} {
			assert.True(t, hosted.dependsOn(dep), "web-hosted must wait for %s; got %v", dep, hosted.Deps)
		}
	})
}
