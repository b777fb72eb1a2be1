package main

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The consumer's own resources whose outputs feed the components.
const (
	consumerRG = consumer + "azure-native:resources:ResourceGroup::rg"
	rgName     = "rg-app"
	rgID       = "/subscriptions/" + subscription + "/resourceGroups/" + rgName
	peSubnetID = rgID + "/providers/Microsoft.Network/virtualNetworks/vnet-app/subnets/snet-pe"
	zoneID     = rgID + "/providers/Microsoft.Network/privateDnsZones/privatelink.azurecr.io"
	registryID = rgID + "/providers/Microsoft.ContainerRegistry/registries/acrapp01"
	vnetID     = rgID + "/providers/Microsoft.Network/virtualNetworks/vnet-app"
	envID      = rgID + "/providers/Microsoft.App/managedEnvironments/cae-app"

	// URNs of the consumer's components, whose outputs feed other components.
	networkURN   = consumer + "privatepull:index:PrivateNetwork::net"
	dnsURN       = consumer + "privatepull:index:PrivateDnsZones::net"
	registryURN  = consumer + "privatepull:index:PrivateRegistry::acr"
	endpointsURN = consumer + "privatepull:index:RegistryEndpoints::acr"
	imagesURN    = consumer + "privatepull:index:RegistryImages::acr"
	identityURN  = consumer + "privatepull:index:PullIdentity::pull"
	envURN       = consumer + "privatepull:index:ContainerAppsEnvironment::aca"
)

// networkInputs are a PrivateNetwork in an existing resource group the
// consumer created (an output), with a VNet and two subnets.
func networkInputs(preview bool) map[string]property.Value {
	return map[string]property.Value{
		"location":          str("koreacentral"),
		"resourceGroupName": out(preview, rgName, consumerRG),
		"vnetName":          str("vnet-app"),
		"vnetAddressSpace":  str("10.0.0.0/16"),
		"containerAppsSubnet": obj(map[string]property.Value{"name": str("snet-aca"),
			"addressPrefix": str("10.0.0.0/23"), "delegation": str("Microsoft.App/environments")}),
		"privateEndpointSubnet": obj(map[string]property.Value{"name": str("snet-pe"), "addressPrefix": str("10.0.2.0/24")}),
		"tags":                  obj(map[string]property.Value{"env": str("dev")}),
	}
}

func TestConstructPrivateNetwork(t *testing.T) {
	modes(t, func(t *testing.T, preview bool) {
		s, rec := newServer(t, preview)
		resp, err := construct(s, preview, "PrivateNetwork", "net", networkInputs(preview))
		require.NoError(t, err)
		assert.False(t, rec.has("net-rg"), "an existing resource group is not created")
		assert.False(t, rec.has("net-acr-zone"), "the DNS zones are PrivateDnsZones'")

		vnet := rec.get(t, "net-vnet")
		assert.Equal(t, "azure-native:network:VirtualNetwork", vnet.Type)
		assert.Equal(t, "net", vnet.Parent)
		assert.Equal(t, "vnet-app", vnet.input("virtualNetworkName"))
		assert.Equal(t, []any{"10.0.0.0/16"}, vnet.input("addressSpace.addressPrefixes"))
		assert.Equal(t, map[string]any{"env": "dev"}, vnet.input("tags"))
		assert.True(t, vnet.dependsOn(consumerRG), "the consumer's resource group output keeps its dependency")

		aca := rec.get(t, "net-snet-aca")
		assert.Equal(t, "net", aca.Parent)
		assert.Equal(t, []any{map[string]any{"name": "Microsoft.App.environments", "serviceName": "Microsoft.App/environments"}},
			aca.input("delegations"))
		pe := rec.get(t, "net-snet-pe")
		assert.Equal(t, "Disabled", pe.input("privateEndpointNetworkPolicies"))
		assert.True(t, pe.dependsOn("net-snet-aca"), "subnets of one VNet one after another")

		for _, o := range []string{"resourceGroupName", "vnetId", "privateEndpointSubnetId", "containerAppsSubnetId"} {
			v := resp.State.Get(o)
			if preview {
				assert.True(t, v.IsComputed() || o == "resourceGroupName", "%s unknown in preview: %v", o, v)
				continue
			}
			assert.NotEmpty(t, v.AsString(), o)
		}
		if !preview {
			assert.Equal(t, rgName, resp.State.Get("resourceGroupName").AsString())
			assert.Equal(t, "", resp.State.Get("appServiceSubnetId").AsString(), "no App Service subnet requested")
		}
	})
}

// dnsInputs are PrivateDnsZones on the consumer's resource group and the
// network's VNet (outputs), with one zone linked to that VNet.
func dnsInputs(preview bool) map[string]property.Value {
	return map[string]property.Value{
		"resourceGroupName": out(preview, rgName, consumerRG),
		"vnetId":            out(preview, vnetID, networkURN),
		"vnetName":          str("vnet-app"),
		"registryDnsZones":  list(obj(map[string]property.Value{"key": str("acr"), "linkStackVnet": boolean(true)})),
		"tags":              obj(map[string]property.Value{"env": str("dev")}),
	}
}

func TestConstructPrivateDnsZones(t *testing.T) {
	modes(t, func(t *testing.T, preview bool) {
		s, rec := newServer(t, preview)
		resp, err := construct(s, preview, "PrivateDnsZones", "net", dnsInputs(preview))
		require.NoError(t, err)

		zone := rec.get(t, "net-acr-zone")
		assert.Equal(t, "azure-native:network:PrivateZone", zone.Type)
		assert.Equal(t, "net", zone.Parent)
		assert.Equal(t, "privatelink.azurecr.io", zone.input("privateZoneName"))
		link := rec.get(t, "net-acr-zone-link")
		assert.Equal(t, "link-acr-vnet-app", link.input("virtualNetworkLinkName"), "named after vnetName, known in preview")
		assert.Equal(t, false, link.input("registrationEnabled"))
		assert.True(t, link.dependsOn("net-acr-zone"))
		assert.True(t, link.dependsOn(networkURN), "the link waits for the network's VNet")
		assert.True(t, link.dependsOn(consumerRG), "zones and links wait for the DNS layout check of the resolved ids")
		for _, child := range []string{"net-acr-zone", "net-acr-zone-link"} {
			assertAliasedFrom(t, rec.get(t, child), "PrivateNetwork::net", "%s moved out of PrivateNetwork: an existing stack keeps it", child)
		}

		if preview {
			assert.True(t, resp.State.Get("registryDnsReady").IsComputed())
			return
		}
		assert.Equal(t, "/subscriptions/"+subscription+"/fake/net-acr-zone-link", resp.State.Get("registryDnsReady").AsString())
		assert.Equal(t, vnetID, link.input("virtualNetwork.id"))
		assert.Equal(t, "", resp.State.Get("webAppDnsZoneId").AsString(), "no web zone requested")
	})
}

// TestConstructRejectsABadLayoutOnceItResolves: ids given as outputs are
// checked when they resolve, with the same message as known ids.
func TestConstructRejectsABadLayoutOnceItResolves(t *testing.T) {
	s, rec := newServer(t, false)
	in := dnsInputs(false)
	hubZone := out(false, zoneID, consumer+"azure-native:network:PrivateZone::hub")
	in["registryDnsZones"] = list(
		obj(map[string]property.Value{"key": str("acr"), "existingZoneId": hubZone, "linkStackVnet": boolean(true)}),
		obj(map[string]property.Value{"key": str("pe2"), "existingZoneId": hubZone,
			"linkVnetIds": list(str(rgID + "/providers/Microsoft.Network/virtualNetworks/vnet-hub"))}))
	_, err := construct(s, false, "PrivateDnsZones", "net", in)
	require.ErrorContains(t, err, `PrivateDnsZones "net": registry DNS zones 0 and 1 are the same zone`)
	assert.False(t, rec.has("net-acr-zone-link"), "no link from ids that failed the check")
}

// TestConstructRejectsKnownMistakesBeforeRegistering: known values are
// checked before anything is registered, as for Go callers.
func TestConstructRejectsKnownMistakesBeforeRegistering(t *testing.T) {
	s, rec := newServer(t, false)
	in := networkInputs(false)
	in["resourceGroupName"] = str(rgName)
	in["existingVnetId"] = str(peSubnetID)
	_, err := construct(s, false, "PrivateNetwork", "net", in)
	require.ErrorContains(t, err, "is a Microsoft.Network/virtualNetworks/subnets id, not a Microsoft.Network/virtualNetworks id")
	assert.Empty(t, rec.regs)
}

func TestConstructPrivateRegistry(t *testing.T) {
	modes(t, func(t *testing.T, preview bool) {
		s, rec := newServer(t, preview)
		resp, err := construct(s, preview, "PrivateRegistry", "acr", registryInputs(preview, 1))
		require.NoError(t, err)

		registry := rec.get(t, "acr-registry")
		assert.Equal(t, "azure-native:containerregistry/v20241101preview:Registry", registry.Type)
		assert.Equal(t, "acr", registry.Parent)
		assert.Equal(t, "acrapp01", registry.input("registryName"))
		assert.Equal(t, map[string]any{"name": "Premium"}, registry.input("sku"))
		assert.Equal(t, "Disabled", registry.input("publicNetworkAccess"))
		assert.Equal(t, false, registry.input("adminUserEnabled"))
		assert.Equal(t, true, registry.input("dataEndpointEnabled"))
		assert.True(t, registry.dependsOn(consumerRG))
		assert.Empty(t, registry.AliasParents, "the registry did not move")

		replica := rec.get(t, "acr-replica-koreasouth")
		assert.Equal(t, "koreasouth", replica.input("location"))
		assert.Equal(t, true, replica.input("regionEndpointEnabled"))
		assert.False(t, rec.has("acr-pe"), "the endpoints are RegistryEndpoints'")

		if preview {
			assert.True(t, resp.State.Get("registryReady").IsComputed())
			return
		}
		assert.Equal(t, "acrapp01.azurecr.io", resp.State.Get("loginServer").AsString())
		assert.Equal(t, "/subscriptions/"+subscription+"/fake/acr-registry,/subscriptions/"+subscription+"/fake/acr-replica-koreasouth",
			resp.State.Get("registryReady").AsString())
		assert.Equal(t, []any{"acrapp01.koreacentral.data.azurecr.io", "acrapp01.koreasouth.data.azurecr.io"},
			plain(resp.State.Get("dataEndpointHostNames")))
	})
}

func TestConstructRegistryEndpoints(t *testing.T) {
	modes(t, func(t *testing.T, preview bool) {
		s, rec := newServer(t, preview)
		resp, err := construct(s, preview, "RegistryEndpoints", "acr", endpointsInputs(preview, 1, 1))
		require.NoError(t, err)

		pe := rec.get(t, "acr-pe")
		assert.Equal(t, "azure-native:network:PrivateEndpoint", pe.Type)
		assert.Equal(t, "acr", pe.Parent)
		for _, dep := range []string{registryURN, consumer + "azure-native:network:Subnet::pe"} {
			assert.True(t, pe.dependsOn(dep), "the endpoint waits for %s; got %v", dep, pe.Deps)
		}
		assert.Equal(t, []any{"registry"}, pe.input("privateLinkServiceConnections.0.groupIds"))
		group := rec.get(t, "acr-pe-dns")
		assert.True(t, group.dependsOn(consumer+"azure-native:network:PrivateZone::acr"), "the zone group writes into the consumer's zone")
		for _, child := range []string{"acr-pe", "acr-pe-dns"} {
			assertAliasedFrom(t, rec.get(t, child), "PrivateRegistry::acr", child)
		}
		if preview {
			assert.True(t, resp.State.Get("pullReady").IsComputed())
			return
		}
		assert.Equal(t, registryID, pe.input("privateLinkServiceConnections.0.privateLinkServiceId"))
		assert.Equal(t, zoneID, group.input("privateDnsZoneConfigs.0.privateDnsZoneId"))
		assert.Equal(t, []any{"registry", "registry_data_koreacentral", "registry_data_koreasouth"},
			memberNames(pe.input("ipConfigurations")))
		assert.Equal(t, "/subscriptions/"+subscription+"/fake/acr-pe-dns", resp.State.Get("pullReady").AsString())
	})
}

// memberNames lists the memberName of every IP configuration.
func memberNames(configs any) []any {
	out := []any{}
	list, _ := configs.([]any)
	for _, c := range list {
		out = append(out, c.(map[string]any)["memberName"])
	}
	return out
}

func TestConstructRegistryImages(t *testing.T) {
	modes(t, func(t *testing.T, preview bool) {
		s, rec := newServer(t, preview)
		resp, err := construct(s, preview, "RegistryImages", "acr", imagesInputs(preview))
		require.NoError(t, err)
		cache := rec.get(t, "acr-cache-cache-hello")
		assert.Equal(t, "acr", cache.Parent)
		assert.Equal(t, "samples/hello", cache.input("targetRepository"))
		assert.True(t, cache.dependsOn(registryURN), "the rule waits for the registry (its name)")
		assertAliasedFrom(t, cache, "PrivateRegistry::acr")
		if preview {
			assert.True(t, resp.State.Get("pullReady").IsComputed())
			return
		}
		assert.Equal(t, "acrapp01", cache.input("registryName"))
		assert.Equal(t, "/subscriptions/"+subscription+"/fake/acr-cache-cache-hello", resp.State.Get("pullReady").AsString())
		assert.Equal(t, "", resp.State.Get("agentPoolName").AsString())
	})
}

// identityInputs are a PullIdentity on the consumer's registry with a wait.
func identityInputs(preview bool) map[string]property.Value {
	return map[string]property.Value{
		"name": str("id-pull"), "location": str("koreacentral"),
		"resourceGroupName":      out(preview, rgName, consumerRG),
		"registryId":             out(preview, registryID, consumer+"privatepull:index:PrivateRegistry::acr"),
		"subscriptionId":         str(subscription),
		"propagationWaitSeconds": num(120),
	}
}

func TestConstructPullIdentity(t *testing.T) {
	modes(t, func(t *testing.T, preview bool) {
		s, rec := newServer(t, preview)
		resp, err := construct(s, preview, "PullIdentity", "pull", identityInputs(preview))
		require.NoError(t, err)

		identity := rec.get(t, "pull-identity")
		assert.Equal(t, "azure-native:managedidentity:UserAssignedIdentity", identity.Type)
		assert.Equal(t, "pull", identity.Parent)
		assert.Equal(t, "id-pull", identity.input("resourceName"))

		grant := rec.get(t, "pull-acrpull")
		assert.Equal(t, "azure-native:authorization:RoleAssignment", grant.Type)
		assert.Equal(t, "pull", grant.Parent)
		assert.Equal(t, "ServicePrincipal", grant.input("principalType"))
		assert.Equal(t, "/subscriptions/"+subscription+
			"/providers/Microsoft.Authorization/roleDefinitions/7f951dda-4ed3-4680-a7ca-43fe172d538d",
			grant.input("roleDefinitionId"), "the role is known in preview")
		assert.Nil(t, grant.input("condition"))
		assert.True(t, grant.dependsOn("pull-identity"))
		assert.True(t, grant.dependsOn(registryURN))

		// The dual grant: Container Registry Repository Reader beside AcrPull,
		// so pulls hold in either registry mode; the wait follows both.
		reader := rec.get(t, "pull-acrpull-reader")
		assert.Equal(t, "pull", reader.Parent)
		assert.Equal(t, "ServicePrincipal", reader.input("principalType"))
		assert.Equal(t, "/subscriptions/"+subscription+
			"/providers/Microsoft.Authorization/roleDefinitions/b93aa761-3e63-49ed-ac28-beffa264f7ac",
			reader.input("roleDefinitionId"), "the role is known in preview")
		assert.True(t, reader.dependsOn(registryURN))

		wait := rec.get(t, "pull-acrpull-propagation")
		assert.Equal(t, "time:index/sleep:Sleep", wait.Type)
		assert.Equal(t, "120s", wait.input("createDuration"))
		assert.True(t, wait.dependsOn("pull-acrpull"))
		assert.True(t, wait.dependsOn("pull-acrpull-reader"))

		if preview {
			assert.True(t, resp.State.Get("acrPullReadyId").IsComputed())
			return
		}
		grantID := "/subscriptions/" + subscription + "/fake/pull-acrpull"
		assert.Equal(t, grantID, resp.State.Get("acrPullAssignmentId").AsString())
		assert.Equal(t, grantID, resp.State.Get("acrPullReadyId").AsString())
		assert.Equal(t, "client-pull-identity", resp.State.Get("clientId").AsString())
	})
}

// TestConstructPullIdentityLimitedToARepositoryPrefix: from another
// language, a registry in ABAC mode gets Container Registry Repository
// Reader under the prefix condition, and a bad prefix is refused before
// anything is registered.
func TestConstructPullIdentityLimitedToARepositoryPrefix(t *testing.T) {
	modes(t, func(t *testing.T, preview bool) {
		s, rec := newServer(t, preview)
		in := identityInputs(preview)
		in["registryRoleAssignmentMode"] = str("AbacRepositoryPermissions")
		in["repositoryPrefix"] = str("shop/")
		_, err := construct(s, preview, "PullIdentity", "pull", in)
		require.NoError(t, err)
		assert.False(t, rec.has("pull-acrpull"), "ABAC mode: the Reader alone")
		grant := rec.get(t, "pull-acrpull-reader")
		assert.Equal(t, "/subscriptions/"+subscription+
			"/providers/Microsoft.Authorization/roleDefinitions/b93aa761-3e63-49ed-ac28-beffa264f7ac", grant.input("roleDefinitionId"))
		assert.Equal(t, "((!(ActionMatches{'Microsoft.ContainerRegistry/registries/repositories/content/read'}) AND "+
			"!(ActionMatches{'Microsoft.ContainerRegistry/registries/repositories/metadata/read'})) OR "+
			"(@Request[Microsoft.ContainerRegistry/registries/repositories:name] StringStartsWithIgnoreCase 'shop/'))",
			grant.input("condition"))
		assert.Equal(t, "2.0", grant.input("conditionVersion"))
	})
	s, rec := newServer(t, false)
	in := identityInputs(false)
	in["registryRoleAssignmentMode"] = str("AbacRepositoryPermissions")
	in["repositoryPrefix"] = str("shop")
	_, err := construct(s, false, "PullIdentity", "pull", in)
	require.ErrorContains(t, err, `PullIdentity "pull": repositoryPrefix "shop" is not a repository prefix`)
	assert.Empty(t, rec.regs)
}

// environmentInputs are a ContainerAppsEnvironment in the network's subnet.
func environmentInputs(preview bool) map[string]property.Value {
	return map[string]property.Value{
		"environmentName": str("cae-app"), "location": str("koreacentral"),
		"resourceGroupName":      out(preview, rgName, consumerRG),
		"infrastructureSubnetId": out(preview, vnetID+"/subnets/snet-aca", networkURN),
	}
}

func TestConstructContainerAppsEnvironment(t *testing.T) {
	modes(t, func(t *testing.T, preview bool) {
		s, rec := newServer(t, preview)
		resp, err := construct(s, preview, "ContainerAppsEnvironment", "aca", environmentInputs(preview))
		require.NoError(t, err)

		env := rec.get(t, "aca-env")
		assert.Equal(t, "azure-native:app/v20240301:ManagedEnvironment", env.Type)
		assert.Equal(t, "aca", env.Parent)
		assert.Equal(t, []any{map[string]any{"name": "Consumption", "workloadProfileType": "Consumption"}},
			env.input("workloadProfiles"))
		assert.Equal(t, []string{consumerRG, networkURN}, env.Deps, "the environment waits for its subnet and nothing else")
		setting := rec.get(t, "aca-logs")
		assert.Equal(t, "privatepull-logs", setting.input("name"))
		for _, child := range []string{"aca-env", "aca-logs", "aca-logs-workspace"} {
			assertAliasedFrom(t, rec.get(t, child), "ContainerAppWorkload::aca", child)
		}
		if preview {
			assert.True(t, resp.State.Get("environmentId").IsComputed())
			return
		}
		assert.Equal(t, envID, resp.State.Get("environmentId").AsString())
	})
}

// workloadInputs are a ContainerAppWorkload with one app and the probe job
// in the consumer's environment, gated on the given ready values.
func workloadInputs(preview bool, ready ...property.Value) map[string]property.Value {
	return map[string]property.Value{
		"environmentId": out(preview, envID, envURN), "location": str("koreacentral"),
		"resourceGroupName":    out(preview, rgName, consumerRG),
		"loginServer":          out(preview, "acrapp01.azurecr.io", registryURN),
		"pullIdentityId":       out(preview, rgID+"/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-pull", identityURN),
		"pullIdentityClientId": out(preview, "client-id", identityURN),
		"pullReady":            list(ready...),
		"apps": list(obj(map[string]property.Value{"name": str("ca-hello"), "imageRepository": str("samples/hello"),
			"imageTag": str("latest"), "targetPort": num(80), "externalIngress": boolean(true), "cpu": num(0.5),
			"memory": str("1Gi"), "minReplicas": num(1), "maxReplicas": num(3),
			"env": obj(map[string]property.Value{"GREETING": str("hi")})})),
		"probe": obj(map[string]property.Value{"imageRepository": str("privatepull/probe"), "imageTag": str("3.0"),
			"dataEndpointHostNames": list(str("acrapp01.koreacentral.data.azurecr.io"))}),
	}
}

func TestConstructContainerAppWorkload(t *testing.T) {
	modes(t, func(t *testing.T, preview bool) {
		s, rec := newServer(t, preview)
		resp, err := construct(s, preview, "ContainerAppWorkload", "aca", workloadInputs(preview))
		require.NoError(t, err)
		assert.False(t, rec.has("aca-env"), "the environment is ContainerAppsEnvironment's (or exists)")

		app := rec.get(t, "aca-ca-hello")
		assert.Equal(t, "azure-native:app/v20240301:ContainerApp", app.Type)
		assert.Equal(t, "aca", app.Parent)
		assert.Equal(t, "ca-hello", app.input("containerAppName"))
		assert.True(t, app.dependsOn(identityURN))
		assert.True(t, app.dependsOn(envURN), "the app waits for its environment (and its diagnostic setting)")
		assert.Empty(t, app.AliasParents, "the apps did not move")
		if !preview { // in preview the login server, and so the whole configuration, is unknown
			assert.Equal(t, envID, app.input("managedEnvironmentId"))
			assert.Equal(t, "UserAssigned", app.input("identity.type"))
			assert.Equal(t, 80.0, app.input("configuration.ingress.targetPort"))
			assert.Equal(t, []any{map[string]any{"server": "acrapp01.azurecr.io",
				"identity": rgID + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-pull"}},
				app.input("configuration.registries"))
			assert.Equal(t, "acrapp01.azurecr.io/samples/hello:latest", app.input("template.containers.0.image"))
			assert.Equal(t, []any{map[string]any{"name": "AZURE_CLIENT_ID", "value": "client-id"},
				map[string]any{"name": "GREETING", "value": "hi"}}, app.input("template.containers.0.env"))
		}
		probe := rec.get(t, "aca-probe")
		assert.Equal(t, "azure-native:app/v20240301:Job", probe.Type)
		assert.Equal(t, "job-pullpath-probe", probe.input("jobName"))
		assert.True(t, probe.dependsOn(envURN))

		if preview {
			return
		}
		assert.Equal(t, map[string]any{"ca-hello": "/subscriptions/" + subscription + "/fake/aca-ca-hello"},
			plain(resp.State.Get("appIds")))
	})
}

func TestConstructWebAppWorkload(t *testing.T) {
	modes(t, func(t *testing.T, preview bool) {
		s, rec := newServer(t, preview)
		identity, registry, network := identityURN, endpointsURN, dnsURN
		resp, err := construct(s, preview, "WebAppWorkload", "web", map[string]property.Value{
			"planName": str("asp-app"), "planSku": str("P1V3"), "planInstances": num(1), "location": str("koreacentral"),
			"resourceGroupName":    out(preview, rgName, consumerRG),
			"integrationSubnetId":  out(preview, rgID+"/providers/Microsoft.Network/virtualNetworks/vnet-app/subnets/snet-app", network),
			"loginServer":          out(preview, "acrapp01.azurecr.io", registry),
			"pullIdentityId":       out(preview, rgID+"/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-pull", identity),
			"pullIdentityClientId": out(preview, "client-id", identity),
			"pullIdentityGrantId":  out(preview, "grant-id", identity),
			"networkReady":         list(out(preview, "zone-group-id", registry), out(preview, "link-id", network)),
			"acrCredentials": obj(map[string]property.Value{
				"username": str("puller").WithSecret(true), "password": str("s3cr3t").WithSecret(true)}),
			"apps": list(
				obj(map[string]property.Value{"name": str("web-uami"), "imageRepository": str("privatewebsite"),
					"imageTag": str("lnx-v1"), "port": num(8000), "alwaysOn": boolean(true), "pullAuth": str("userAssigned")}),
				obj(map[string]property.Value{"name": str("web-creds"), "imageRepository": str("privatewebsite"),
					"imageTag": str("lnx-v1"), "port": num(80), "pullAuth": str("credentials")})),
		})
		require.NoError(t, err)

		plan := rec.get(t, "web-plan")
		assert.Equal(t, "azure-native:web:AppServicePlan", plan.Type)
		assert.Equal(t, "linux", plan.input("kind"))
		assert.Equal(t, "web", plan.Parent)
		assert.Equal(t, map[string]any{"name": "P1v3", "tier": "PremiumV3", "capacity": 1.0}, plan.input("sku"))

		uami := rec.get(t, "web-web-uami")
		assert.Equal(t, "azure-native:web:WebApp", uami.Type)
		assert.Equal(t, "web", uami.Parent)
		assert.Equal(t, true, uami.input("vnetImagePullEnabled"))
		assert.Equal(t, "UserAssigned", uami.input("identity.type"))
		if !preview { // in preview the login server, and so the whole siteConfig, is unknown
			assert.Equal(t, true, uami.input("siteConfig.acrUseManagedIdentityCreds"))
		}
		for _, dep := range []string{identity, registry, network} {
			assert.True(t, uami.dependsOn(dep), "web-uami waits for %s; got %v", dep, uami.Deps)
		}
		creds := rec.get(t, "web-web-creds")
		assert.True(t, creds.dependsOn(registry) && creds.dependsOn(network))
		if !preview {
			siteConfig := creds.Inputs.Get("siteConfig")
			password, found := appSetting(siteConfig, "DOCKER_REGISTRY_SERVER_PASSWORD")
			require.True(t, found)
			assert.Equal(t, "s3cr3t", password.AsString())
			assert.True(t, siteConfig.Secret(), "the credentials keep the whole siteConfig secret")
		}

		if !preview {
			assert.Equal(t, map[string]any{"web-uami": "web-uami.azurewebsites.net", "web-creds": "web-creds.azurewebsites.net"},
				plain(resp.State.Get("appHostNames")))
		}
	})
}

// appSetting finds an app setting of a site's siteConfig (the SDK marks the
// whole siteConfig secret when a setting is).
func appSetting(siteConfig property.Value, name string) (property.Value, bool) {
	for _, setting := range siteConfig.AsMap().Get("appSettings").AsArray().All {
		if setting.AsMap().Get("name").AsString() == name {
			return setting.AsMap().Get("value"), true
		}
	}
	return property.Value{}, false
}

// TestConstructWebAppWorkloadOnAnExistingPlan: with planId no plan is
// created and every site is put on it; plan settings next to it are refused
// before anything is registered.
func TestConstructWebAppWorkloadOnAnExistingPlan(t *testing.T) {
	planID := rgID + "/providers/Microsoft.Web/serverFarms/asp-platform"
	inputs := func(preview bool) map[string]property.Value {
		return map[string]property.Value{
			"planId": out(preview, planID, consumer+"azure-native:web:AppServicePlan::platform"), "location": str("koreacentral"),
			"resourceGroupName": str(rgName), "integrationSubnetId": str(peSubnetID), "loginServer": str("acrapp01.azurecr.io"),
			"pullIdentityId": str("identity-id"), "pullIdentityClientId": str("client-id"), "pullIdentityGrantId": str("grant-id"),
			"apps": list(obj(map[string]property.Value{"name": str("web-shop"), "imageRepository": str("shop/web"),
				"imageTag": str("1"), "port": num(80), "pullAuth": str("userAssigned")})),
		}
	}
	modes(t, func(t *testing.T, preview bool) {
		s, rec := newServer(t, preview)
		resp, err := construct(s, preview, "WebAppWorkload", "web", inputs(preview))
		require.NoError(t, err)
		assert.False(t, rec.has("web-plan"))
		site := rec.get(t, "web-web-shop")
		assert.True(t, site.dependsOn(consumer+"azure-native:web:AppServicePlan::platform"))
		if !preview {
			assert.Equal(t, planID, site.input("serverFarmId"))
			assert.Equal(t, planID, resp.State.Get("planId").AsString())
		}
	})
	s, rec := newServer(t, false)
	in := inputs(false)
	in["planSku"] = str("P1v3")
	_, err := construct(s, false, "WebAppWorkload", "web", in)
	require.ErrorContains(t, err, "planName, planSku and planInstances must be unset with planId")
	assert.Empty(t, rec.regs)
}

// assertAliasedFrom checks that a moved child carries exactly one alias to
// another parent: its component's URN with the old component's type and
// name (kindAndName, e.g. "PrivateNetwork::net").
func assertAliasedFrom(t *testing.T, r registration, kindAndName string, msgAndArgs ...any) {
	t.Helper()
	if assert.Len(t, r.AliasParents, 1, msgAndArgs...) {
		assert.True(t, strings.HasSuffix(r.AliasParents[0], "::privatepull:index:"+kindAndName),
			"%s: alias parent %s", r.Name, r.AliasParents[0])
	}
}
