package main

import (
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
//     dependencies of every app and of the probe job (not of the
//     environment), in preview as in update.

// TestConstructAnswersAfterEveryChild: fact 1, with the slowest children
// answered last.
func TestConstructAnswersAfterEveryChild(t *testing.T) {
	s, rec := newServer(t, false)
	rec.slow["pull-acrpull-propagation"] = 300 * time.Millisecond
	_, err := construct(s, false, "PullIdentity", "pull", identityInputs(false))
	returned := time.Now()
	require.NoError(t, err)
	for _, child := range []string{"pull-identity", "pull-acrpull", "pull-acrpull-propagation"} {
		assert.False(t, rec.get(t, child).Done.After(returned), "%s existed before Construct answered", child)
	}

	s, rec = newServer(t, false)
	rec.slow["acr-pe-dns"] = 200 * time.Millisecond
	rec.slow["acr-cache-cache-hello"] = 300 * time.Millisecond
	_, err = construct(s, false, "PrivateRegistry", "acr", registryInputs(false, 1, 1))
	returned = time.Now()
	require.NoError(t, err)
	for _, child := range []string{"acr-registry", "acr-pe-dns", "acr-cache-cache-hello"} {
		assert.False(t, rec.get(t, child).Done.After(returned), "%s existed before Construct answered", child)
	}
}

// registryInputs are a PrivateRegistry with replicas and endpoints.
func registryInputs(preview bool, replicas, endpoints int) map[string]property.Value {
	regions := []string{"koreasouth", "japaneast", "japanwest"}
	var reps, pes []property.Value
	for i := range replicas {
		reps = append(reps, obj(map[string]property.Value{"location": str(regions[i]), "regionEndpointEnabled": boolean(true)}))
	}
	for i := range endpoints {
		pes = append(pes, obj(map[string]property.Value{"name": str("pe-" + string(rune('a'+i))),
			"subnetId":  out(preview, peSubnetID, consumer+"azure-native:network:Subnet::pe"),
			"dnsZoneId": out(preview, zoneID, consumer+"azure-native:network:PrivateZone::acr")}))
	}
	return map[string]property.Value{
		"name": str("acrapp01"), "location": str("koreacentral"), "resourceGroupName": out(preview, rgName, consumerRG),
		"replicas": list(reps...), "privateEndpoints": list(pes...),
		"cacheRules": list(obj(map[string]property.Value{"name": str("cache-hello"),
			"source": str("mcr.microsoft.com/azuredocs/containerapps-helloworld"), "target": str("samples/hello")})),
	}
}

// TestEveryEndpointAfterTheRegistryAndAllReplications: a registry private
// endpoint created before a replication fails, so each one waits for all.
func TestEveryEndpointAfterTheRegistryAndAllReplications(t *testing.T) {
	modes(t, func(t *testing.T, preview bool) {
		s, rec := newServer(t, preview)
		_, err := construct(s, preview, "PrivateRegistry", "acr", registryInputs(preview, 2, 2))
		require.NoError(t, err)
		for _, pe := range []string{"acr-pe", "acr-pe2"} {
			r := rec.get(t, pe)
			for _, dep := range []string{"acr-registry", "acr-replica-koreasouth", "acr-replica-japaneast"} {
				assert.True(t, r.dependsOn(dep), "%s must wait for %s; got %v", pe, dep, r.Deps)
			}
		}
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
// components as a TypeScript or YAML program does: PullIdentity, then a
// ContainerAppWorkload whose pullReady holds its acrPullReadyId, the
// registry's pullReady and the network's registryDnsReady.
func TestAppsWaitForThePullPrerequisitesAcrossTheBoundary(t *testing.T) {
	identityURN := consumer + "privatepull:index:PullIdentity::pull"
	registryURN := consumer + "privatepull:index:PrivateRegistry::acr"
	networkURN := consumer + "privatepull:index:PrivateNetwork::net"
	modes(t, func(t *testing.T, preview bool) {
		s, rec := newServer(t, preview)
		identity, err := construct(s, preview, "PullIdentity", "pull", identityInputs(preview))
		require.NoError(t, err)
		ready := identity.State.Get("acrPullReadyId")
		if !preview {
			assert.Equal(t, "/subscriptions/"+subscription+"/fake/pull-acrpull", ready.AsString())
		}

		inputs := workloadInputs(preview,
			withDeps(ready, identityURN),
			out(preview, "zone-group-ids", registryURN),
			out(preview, "link-ids", networkURN))
		// Literal ids (e.g. from the consumer's configuration): only pullReady
		// ties the apps to the components.
		inputs["loginServer"] = str("acrapp01.azurecr.io")
		inputs["infrastructureSubnetId"] = str(peSubnetID)
		inputs["pullIdentityId"] = str("identity-id")
		inputs["pullIdentityClientId"] = str("client-id")
		_, err = construct(s, preview, "ContainerAppWorkload", "aca", inputs)
		require.NoError(t, err)
		for _, name := range []string{"aca-ca-hello", "aca-probe"} {
			r := rec.get(t, name)
			for _, dep := range []string{identityURN, registryURN, networkURN} {
				assert.True(t, r.dependsOn(dep), "%s must wait for %s; got %v", name, dep, r.Deps)
			}
		}
		env := rec.get(t, "aca-env")
		assert.False(t, env.dependsOn(identityURN), "the environment is created while the grant propagates")
		assert.False(t, env.dependsOn(registryURN))
	})
}

// TestAppsWaitForTheGrantAndItsWait: when the ready value carries the
// grant's and the wait's own URNs (as a Go consumer's output does, or a
// provider that forwards output dependencies), the apps depend on exactly
// those children.
func TestAppsWaitForTheGrantAndItsWait(t *testing.T) {
	identity := consumer + "privatepull:index:PullIdentity::pull"
	grant := identity + "$azure-native:authorization:RoleAssignment::pull-acrpull"
	wait := identity + "$time:index/sleep:Sleep::pull-acrpull-propagation"
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
	grant := consumer + "privatepull:index:PullIdentity::pull"
	zoneGroups := consumer + "privatepull:index:PrivateRegistry::acr"
	links := consumer + "privatepull:index:PrivateNetwork::net"
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
			"pullIdentityGrantId":  out(preview, "grant-id", grant),
			"networkReady":         list(out(preview, "groups", zoneGroups), out(preview, "links", links)),
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
		for _, dep := range []string{grant, zoneGroups, links} {
			assert.True(t, uami.dependsOn(dep), "web-uami must wait for %s; got %v", dep, uami.Deps)
		}
		hosted := rec.get(t, "web-web-hosted")
		for _, dep := range []string{webLinks, "web-registry-pe-dns", zoneGroups, links} {
			assert.True(t, hosted.dependsOn(dep), "web-hosted must wait for %s; got %v", dep, hosted.Deps)
		}
	})
}
