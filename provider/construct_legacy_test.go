package main

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The constructs below use the pre-split shapes, as a YAML or TypeScript
// program written before the split does: their inputs and outputs are
// deprecated but served, and the children keep their names under the old
// component, with no alias.

// assertOwnChildren checks that the children are the component's (parent),
// as before the split, with no alias to another parent.
func assertOwnChildren(t *testing.T, rec *recorder, parent string, children ...string) {
	t.Helper()
	for _, child := range children {
		r := rec.get(t, child)
		assert.Equal(t, parent, r.Parent, child)
		assert.Empty(t, r.AliasParents, "%s is %s's own child, as before the split", child, parent)
	}
}

// legacyFake is the id the recorder gives a created child.
func legacyFake(name string) string { return "/subscriptions/" + subscription + "/fake/" + name }

func TestConstructPrivateNetworkWithItsDNSZones(t *testing.T) {
	modes(t, func(t *testing.T, preview bool) {
		s, rec := newServer(t, preview)
		in := networkInputs(preview)
		in["registryDnsZones"] = list(obj(map[string]property.Value{"key": str("acr"), "linkStackVnet": boolean(true)}))
		in["webAppDnsZone"] = boolean(true)
		resp, err := construct(s, preview, "PrivateNetwork", "net", in)
		require.NoError(t, err)

		zone := rec.get(t, "net-acr-zone")
		assert.Equal(t, "azure-native:network:PrivateZone", zone.Type)
		assert.Equal(t, "privatelink.azurecr.io", zone.input("privateZoneName"))
		link := rec.get(t, "net-acr-zone-link")
		assert.Equal(t, "link-acr-vnet-app", link.input("virtualNetworkLinkName"))
		assert.True(t, link.dependsOn("net-vnet"), "the link waits for the network's own VNet; got %v", link.Deps)
		assert.True(t, link.dependsOn(consumerRG), "the resource group is an output: the layout is checked once it resolves")
		web := rec.get(t, "net-web-zone-link")
		assert.Equal(t, "link-web-vnet-app", web.input("virtualNetworkLinkName"))
		assertOwnChildren(t, rec, "net", "net-acr-zone", "net-acr-zone-link", "net-web-zone", "net-web-zone-link")
		if preview {
			assert.True(t, resp.State.Get("registryDnsReady").IsComputed())
			return
		}
		assert.Equal(t, legacyFake("net-acr-zone"), resp.State.Get("registryDnsZoneId").AsString())
		assert.Equal(t, []any{legacyFake("net-acr-zone")}, plain(resp.State.Get("registryDnsZoneIds")))
		assert.Equal(t, legacyFake("net-acr-zone-link"), resp.State.Get("registryDnsReady").AsString())
		assert.Equal(t, legacyFake("net-web-zone"), resp.State.Get("webAppDnsZoneId").AsString())
		assert.Equal(t, legacyFake("net-web-zone-link"), resp.State.Get("webAppDnsReady").AsString())
	})
}

// TestConstructPrivateNetworkWithoutDNSZones: the deprecated outputs are
// there, empty.
func TestConstructPrivateNetworkWithoutDNSZones(t *testing.T) {
	s, rec := newServer(t, false)
	resp, err := construct(s, false, "PrivateNetwork", "net", networkInputs(false))
	require.NoError(t, err)
	assert.False(t, rec.has("net-acr-zone"))
	for _, o := range []string{"registryDnsZoneId", "registryDnsReady", "webAppDnsZoneId", "webAppDnsReady"} {
		assert.Equal(t, "", plain(resp.State.Get(o)), o)
	}
	assert.Equal(t, []any{}, plain(resp.State.Get("registryDnsZoneIds")))
}

func TestConstructPrivateRegistryWithItsEndpointsAndImages(t *testing.T) {
	modes(t, func(t *testing.T, preview bool) {
		s, rec := newServer(t, preview)
		in := registryInputs(preview, 1)
		in["privateEndpoints"] = list(obj(map[string]property.Value{"name": str("pe-acr"),
			"subnetId":  out(preview, peSubnetID, networkURN),
			"dnsZoneId": out(preview, zoneID, networkURN)}))
		in["cacheRules"] = imagesInputs(preview)["cacheRules"]
		resp, err := construct(s, preview, "PrivateRegistry", "acr", in)
		require.NoError(t, err)

		pe := rec.get(t, "acr-pe")
		assert.Equal(t, "azure-native:network:PrivateEndpoint", pe.Type)
		for _, dep := range []string{"acr-registry", "acr-replica-koreasouth", networkURN} {
			assert.True(t, pe.dependsOn(dep), "the endpoint waits for %s; got %v", dep, pe.Deps)
		}
		group := rec.get(t, "acr-pe-dns")
		assert.True(t, group.dependsOn("acr-pe"))
		cache := rec.get(t, "acr-cache-cache-hello")
		assert.True(t, cache.dependsOn("acr-registry"), "the rule waits for the registry (its name)")
		assertOwnChildren(t, rec, "acr", "acr-pe", "acr-pe-dns", "acr-cache-cache-hello")
		if preview {
			assert.True(t, resp.State.Get("pullReady").IsComputed())
			return
		}
		assert.Equal(t, legacyFake("acr-registry"), pe.input("privateLinkServiceConnections.0.privateLinkServiceId"))
		assert.Equal(t, []any{legacyFake("acr-pe")}, plain(resp.State.Get("privateEndpointIds")))
		assert.Equal(t, legacyFake("acr-pe-dns")+","+legacyFake("acr-cache-cache-hello"),
			resp.State.Get("pullReady").AsString(), "the zone groups, then the cache rules")
		assert.Equal(t, map[string]any{"samples/hello": legacyFake("acr-cache-cache-hello")}, plain(resp.State.Get("cacheRuleIds")))
		assert.Equal(t, "", resp.State.Get("agentPoolName").AsString())
	})
}

func TestConstructContainerAppWorkloadWithItsEnvironment(t *testing.T) {
	modes(t, func(t *testing.T, preview bool) {
		s, rec := newServer(t, preview)
		in := workloadInputs(preview)
		delete(in, "environmentId")
		in["environmentName"] = str("cae-app")
		in["infrastructureSubnetId"] = out(preview, vnetID+"/subnets/snet-aca", networkURN)
		resp, err := construct(s, preview, "ContainerAppWorkload", "aca", in)
		require.NoError(t, err)

		env := rec.get(t, "aca-env")
		assert.Equal(t, "azure-native:app/v20240301:ManagedEnvironment", env.Type)
		assert.Equal(t, "cae-app", env.input("environmentName"))
		app := rec.get(t, "aca-ca-hello")
		for _, dep := range []string{"aca-env", "aca-logs", identityURN} {
			assert.True(t, app.dependsOn(dep), "the app waits for %s; got %v", dep, app.Deps)
		}
		assert.True(t, rec.get(t, "aca-probe").dependsOn("aca-logs"))
		assertOwnChildren(t, rec, "aca", "aca-env", "aca-logs", "aca-logs-workspace", "aca-ca-hello", "aca-probe")
		if preview {
			assert.True(t, resp.State.Get("environmentId").IsComputed())
			return
		}
		assert.Equal(t, envID, resp.State.Get("environmentId").AsString())
		assert.Equal(t, envID, app.input("managedEnvironmentId"))
		assert.Equal(t, "happy.koreacentral.azurecontainerapps.io", resp.State.Get("defaultDomain").AsString())
		assert.Equal(t, "10.0.1.250", resp.State.Get("staticIp").AsString())
		assert.Equal(t, legacyFake("aca-logs-workspace"), resp.State.Get("logAnalyticsWorkspaceId").AsString())
	})
}

// TestConstructWorkloadRefusesTwoEnvironments: environmentId and the
// deprecated environment inputs exclude each other; the error comes before
// anything is registered.
func TestConstructWorkloadRefusesTwoEnvironments(t *testing.T) {
	s, rec := newServer(t, false)
	in := workloadInputs(false)
	in["environmentName"] = str("cae-app")
	_, err := construct(s, false, "ContainerAppWorkload", "aca", in)
	require.ErrorContains(t, err, `ContainerAppWorkload "aca": environmentId and the deprecated environment inputs`)
	assert.Empty(t, rec.regs)

	delete(in, "environmentId")
	delete(in, "environmentName")
	_, err = construct(s, false, "ContainerAppWorkload", "aca", in)
	require.ErrorContains(t, err, `ContainerAppWorkload "aca": environmentId is required`)
	assert.Empty(t, rec.regs)
}
