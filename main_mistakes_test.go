package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/privatepull/privatepull/tests/harness"
)

const (
	hubVnet   = "/subscriptions/9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d/resourceGroups/rg-hub/providers/Microsoft.Network/virtualNetworks/vnet-hub"
	hubZone   = "/subscriptions/9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones/privatelink.azurecr.io"
	spokeVnet = "/subscriptions/" + harness.Subscription + "/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-spoke"
	// devVnet is the id of the VNet the dev stack creates.
	devVnet = "/subscriptions/" + harness.Subscription + "/resourceGroups/rg-myapp/providers/Microsoft.Network/virtualNetworks/vnet-myapp"
)

// devWith returns the dev stack's configuration with changes ("" deletes a key).
func devWith(t *testing.T, changes map[string]string) (map[string]string, []string) {
	t.Helper()
	config, secrets, err := harness.StackConfig(".", "dev")
	require.NoError(t, err)
	for k, v := range changes {
		if v == "" {
			delete(config, k)
			continue
		}
		config[k] = v
	}
	return config, secrets
}

// TestConfigurationMistakesFailBeforeAnyResource covers the mistakes that used
// to get through: each must fail `pulumi preview` and `pulumi up` naming the
// key and the rule, with no resource registered (nothing half-deployed).
func TestConfigurationMistakesFailBeforeAnyResource(t *testing.T) {
	endpoints := func(second string) string {
		return `[{"name":"pe-acr-a"},{"name":"pe-acr-b","location":"koreasouth",` + second + `}]`
	}
	assertMistakesRegisterNothing(t, []configMistake{
		{"misspelt key with the wrong case", map[string]string{"privatepull:ProtectRegistry": "true"},
			"privatepull:ProtectRegistry: is not a privatepull setting (did you mean privatepull:protectRegistry?)"},
		{"misspelt key", map[string]string{"privatepull:replica": `[{"location":"koreasouth"}]`},
			"privatepull:replica: is not a privatepull setting (did you mean privatepull:replicas?)"},
		{"unknown key", map[string]string{"privatepull:snowflake": "blue"}, "privatepull:snowflake: is not a privatepull setting; privatepull would ignore it"},
		{"region of another cloud", map[string]string{"privatepull:cloud": "usgovernment", "azure-native:environment": "usgovernment"},
			`privatepull:location: "koreacentral" is a region of the public cloud, but privatepull:cloud is "usgovernment"`},
		{"replica in another cloud", map[string]string{"privatepull:replicas": `[{"location":"chinanorth3"}]`},
			`privatepull:replicas[0].location: "chinanorth3" is a region of the china cloud`},
		{"provider in another cloud", map[string]string{"azure-native:environment": "china"},
			`privatepull:cloud: is "public" but azure-native:environment is "china"`},
		{"sovereign cloud without provider environment", map[string]string{"privatepull:cloud": "china",
			"privatepull:location": "chinanorth3"}, "run `pulumi config set azure-native:environment china`"},
		{"app larger than its profile's node", map[string]string{
			"privatepull:workloadProfiles": `[{"name":"general","type":"D4"}]`,
			"privatepull:containerApps":    `[{"name":"ca-big","image":"big","cpu":8,"memory":"32Gi","workloadProfile":"general"}]`},
			`privatepull:containerApps[0].cpu: 8 exceeds one node of workload profile "general" (D4: 4 vCPU, 16Gi)`},
		{"app memory larger than its profile's node", map[string]string{
			"privatepull:workloadProfiles": `[{"name":"general","type":"E4"}]`,
			"privatepull:containerApps":    `[{"name":"ca-big","image":"big","cpu":4,"memory":"48Gi","workloadProfile":"general"}]`},
			`privatepull:containerApps[0].memory: "48Gi" exceeds one node of workload profile "general" (E4: 4 vCPU, 32Gi)`},
		{"one subnet, two delegations", map[string]string{"privatepull:existingVnetId": spokeVnet,
			"privatepull:existingContainerAppsSubnetId": spokeVnet + "/subnets/snet-shared",
			"privatepull:existingAppServiceSubnetId":    spokeVnet + "/subnets/snet-shared"},
			"privatepull:existingAppServiceSubnetId: is the subnet privatepull:existingContainerAppsSubnetId gives to the " +
				"Container Apps environment: App Service VNet integration needs a subnet of its own (delegated to " +
				"Microsoft.Web/serverFarms), while the Container Apps environment need(s) delegated to Microsoft.App/environments"},
		{"tag name with a slash", map[string]string{"privatepull:tags": `{"cost/center":"shop"}`},
			`privatepull:tags: tag name "cost/center" contains one of <>%&\?/`},
		{"tag name with a space", map[string]string{"privatepull:tags": `{"cost center":"shop"}`},
			`privatepull:tags: tag name "cost center" contains a space`},
		{"reserved tag prefix", map[string]string{"privatepull:tags": `{"Azure-Owner":"me"}`},
			`privatepull:tags: tag name "Azure-Owner" starts with a prefix Azure reserves`},
		{"tag value too long", map[string]string{"privatepull:tags": `{"note":"` + strings.Repeat("x", 257) + `"}`},
			`privatepull:tags: the value of tag "note" has 257 characters; Azure allows at most 256`},
		{"too many tags", map[string]string{"privatepull:tags": manyTags(16)},
			"privatepull:tags: has 16 tags; private DNS zones accept at most 15"},
		{"existing VNet linked twice", map[string]string{"privatepull:existingVnetId": spokeVnet,
			"privatepull:registryDnsZoneLinkVnetIds": `["` + strings.ToUpper(spokeVnet) + `"]`},
			"privatepull:registryDnsZoneLinkVnetIds: links VNet " + strings.ToUpper(spokeVnet) + " to the zone twice"},
		{"created VNet linked twice", map[string]string{"privatepull:registryDnsZoneLinkVnetIds": `["` + devVnet + `"]`},
			"privatepull:registryDnsZoneLinkVnetIds: links VNet " + devVnet + " to the zone twice"},
		{"VNet listed twice", map[string]string{"privatepull:registryDnsZoneLinkVnetIds": `["` + hubVnet + `","` + hubVnet + `/"]`},
			"privatepull:registryDnsZoneLinkVnetIds: links VNet " + hubVnet + "/ to the zone twice"},
		{"two endpoints in one zone", map[string]string{"privatepull:registryDnsZoneId": hubZone,
			"privatepull:registryPrivateEndpoints": endpoints(`"dnsZoneId":"` + hubZone + `","linkVnetIds":["` + hubVnet + `"]`)},
			"privatepull:registryPrivateEndpoints[1].dnsZoneId: puts the DNS zone of privatepull:registryPrivateEndpoints[1] in the same zone as privatepull:registryPrivateEndpoints[0]"},
		{"second zone in the stack's group", map[string]string{
			"privatepull:registryPrivateEndpoints": endpoints(`"dnsZoneResourceGroupName":"rg-myapp","linkVnetIds":["` + hubVnet + `"]`)},
			"privatepull:registryPrivateEndpoints[1].dnsZoneResourceGroupName: puts the DNS zone of privatepull:registryPrivateEndpoints[1] in the same zone"},
		{"one VNet, two zones", map[string]string{"privatepull:registryDnsZoneLinkVnetIds": `["` + hubVnet + `"]`,
			"privatepull:registryPrivateEndpoints": endpoints(`"linkVnetIds":["` + hubVnet + `"]`)},
			"privatepull:registryPrivateEndpoints[1].linkVnetIds: links VNet " + hubVnet + ", which is already linked to the zone of privatepull:registryPrivateEndpoints[0]: a VNet cannot be linked to two zones named privatelink.azurecr.io"},
		{"zone nothing resolves through", map[string]string{"privatepull:linkVnetToRegistryDnsZone": "false"},
			"privatepull:linkVnetToRegistryDnsZone: leaves the DNS zone of privatepull:registryPrivateEndpoints[0] linked to no VNet"},
		{"second endpoint's zone unlinked", map[string]string{"privatepull:registryPrivateEndpoints": endpoints(`"subnetId":"` + spokeVnet + `/subnets/snet-pe"`)},
			"privatepull:registryPrivateEndpoints[1].linkVnetIds: leaves the DNS zone of privatepull:registryPrivateEndpoints[1] linked to no VNet"},
		{"first endpoint with a zone of its own", map[string]string{"privatepull:registryPrivateEndpoints": `[{"name":"pe-a","dnsZoneId":"` + hubZone + `"}]`},
			"privatepull:registryPrivateEndpoints[0].dnsZoneId: the first endpoint resolves through the stack's zone"},
		{"allow-list open to everyone", map[string]string{"privatepull:registryAllowedIpRanges": `["0.0.0.0/0"]`},
			`privatepull:registryAllowedIpRanges[0]: "0.0.0.0/0" opens the registry to 4294967296 addresses`},
		{"allow-list a /8", map[string]string{"privatepull:registryAllowedIpRanges": `["203.0.113.7","20.0.0.0/8"]`},
			`privatepull:registryAllowedIpRanges[1]: "20.0.0.0/8" opens the registry to 16777216 addresses`},
		{"log workspace id of another type", map[string]string{"privatepull:logAnalyticsWorkspaceId": hubZone},
			`privatepull:logAnalyticsWorkspaceId: "` + hubZone + `" is a Microsoft.Network/privateDnsZones id, not a Microsoft.OperationalInsights/workspaces id`},
		{"log workspace id that is no ARM id", map[string]string{"privatepull:logAnalyticsWorkspaceId": "log-central"},
			`privatepull:logAnalyticsWorkspaceId: "log-central" is not an ARM resource id`},
		{"log workspace without an environment", map[string]string{"privatepull:containerApps": "[]", "privatepull:probeJob": "false",
			"privatepull:logAnalyticsWorkspaceId": strings.Replace(hubZone, "Microsoft.Network/privateDnsZones/privatelink.azurecr.io",
				"Microsoft.OperationalInsights/workspaces/log-central", 1)},
			"privatepull:logAnalyticsWorkspaceId: receives the Container Apps environment's logs: the stack has none without privatepull:containerApps"},
		{"hosted registry without authentication", map[string]string{"privatepull:hostedRegistryName": "reg-myapp-dev01"},
			"privatepull:hostedRegistryHtpasswd: is required with privatepull:hostedRegistryName"},
		{"anonymous hosted registry in a protected stack", map[string]string{"privatepull:hostedRegistryName": "reg-myapp-dev01",
			"privatepull:hostedRegistryAnonymousTestOnly": "true", "privatepull:protectRegistry": "true"},
			"privatepull:hostedRegistryAnonymousTestOnly: is not allowed in a stack with privatepull:protectRegistry: true"},
		{"Basic plan with 4 instances", map[string]string{"privatepull:appServicePlanSku": "b1", "privatepull:appServicePlanInstances": "4"},
			"privatepull:appServicePlanInstances: 4 does not fit B1 (Basic tier): want 1-3 instances"},
		{"Standard plan with 11 instances", map[string]string{"privatepull:appServicePlanSku": "S1", "privatepull:appServicePlanInstances": "11"},
			"privatepull:appServicePlanInstances: 11 does not fit S1 (Standard tier): want 1-10 instances"},
		{"cache source without host", map[string]string{"privatepull:cacheRules": cacheRules(`{"source":"nginx","target":"nginx"}`)},
			`privatepull:cacheRules[0].source: "nginx" must be <registry host>/<repository>`},
		{"cache source with a tag", map[string]string{"privatepull:cacheRules": cacheRules(`{"source":"mcr.microsoft.com/dotnet/sdk:8.0","target":"dotnet/sdk"}`)},
			`privatepull:cacheRules[0].source: "mcr.microsoft.com/dotnet/sdk:8.0" names a tag or digest`},
		{"cache target not a repository", map[string]string{"privatepull:cacheRules": cacheRules(`{"source":"mcr.microsoft.com/dotnet/sdk","target":"Dotnet/SDK"}`)},
			`privatepull:cacheRules[0].target: "Dotnet/SDK" is not a repository of the registry`},
		{"wildcard on one side", map[string]string{"privatepull:cacheRules": cacheRules(`{"source":"mcr.microsoft.com/dotnet/*","target":"dotnet/sdk"}`)},
			`privatepull:cacheRules[0].target: "dotnet/sdk" and source "mcr.microsoft.com/dotnet/*" must both be wildcards`},
		{"overlapping wildcards", map[string]string{"privatepull:cacheRules": cacheRules(
			`{"source":"mcr.microsoft.com/dotnet/*","target":"dotnet/*"}`, `{"source":"mcr.microsoft.com/dotnet/sdk/*","target":"dotnet/sdk/*"}`)},
			`privatepull:cacheRules[1].target: "dotnet/sdk/*" overlaps the wildcard rule privatepull:cacheRules[0].target`},
		{"two rules, one target", map[string]string{"privatepull:cacheRules": cacheRules(
			`{"source":"mcr.microsoft.com/a/hello","target":"hello"}`, `{"name":"cache-hello-b","source":"mcr.microsoft.com/b/hello","target":"hello"}`)},
			`privatepull:cacheRules[1].target: "hello" is already the target of privatepull:cacheRules[0].target`},
		{"duplicate rule name", map[string]string{"privatepull:cacheRules": cacheRules(
			`{"name":"cache-x","source":"mcr.microsoft.com/a","target":"a"}`, `{"name":"CACHE-X","source":"mcr.microsoft.com/b","target":"b"}`)},
			`privatepull:cacheRules[1].name: "CACHE-X" is already used by privatepull:cacheRules[0].name`},
		{"Docker Hub without credentials", map[string]string{"privatepull:cacheRules": cacheRules(`{"source":"docker.io/library/nginx","target":"library/nginx"}`)},
			"privatepull:cacheRules[0].credentialSet: is required: docker.io serves artifact cache only authenticated pulls"},
		{"MCR with credentials", map[string]string{"privatepull:cacheRules": cacheRules(`{"source":"mcr.microsoft.com/a","target":"a","credentialSet":"mcr-creds"}`)},
			"privatepull:cacheRules[0].credentialSet: must be empty: mcr.microsoft.com serves artifact cache unauthenticated pulls only"},
		{"unknown credential set", map[string]string{"privatepull:cacheRules": cacheRules(`{"source":"docker.io/library/nginx","target":"library/nginx","credentialSet":"hub"}`)},
			`privatepull:cacheRules[0].credentialSet: "hub" is not the name of an entry of privatepull:credentialSets`},
		{"credential set of another upstream", map[string]string{
			"privatepull:cacheRules": cacheRules(`{"source":"docker.io/library/nginx","target":"library/nginx","credentialSet":"ghcr-creds"}`),
			"privatepull:credentialSets": `[{"name":"ghcr-creds","loginServer":"ghcr.io","usernameSecretId":"https://kv-up.vault.azure.net/secrets/u",` +
				`"passwordSecretId":"https://kv-up.vault.azure.net/secrets/p"}]`},
			`privatepull:cacheRules[0].credentialSet: "ghcr-creds" holds credentials for ghcr.io, but the rule's upstream is docker.io`},
		{"secret id not a Key Vault URI", map[string]string{"privatepull:credentialSets": `[{"name":"hub-creds","loginServer":"docker.io",` +
			`"usernameSecretId":"dockerhub-user","passwordSecretId":"https://kv-up.vault.azure.net/secrets/p"}]`},
			`privatepull:credentialSets[0].usernameSecretId: "dockerhub-user" is not a Key Vault secret URI`},
		{"vault id of another type", map[string]string{"privatepull:credentialSets": `[{"name":"hub-creds","loginServer":"docker.io",` +
			`"usernameSecretId":"https://kv-up.vault.azure.net/secrets/u","passwordSecretId":"https://kv-up.vault.azure.net/secrets/p",` +
			`"keyVaultId":"` + hubVnet + `"}]`},
			"privatepull:credentialSets[0].keyVaultId: \"" + hubVnet + "\" is a Microsoft.Network/virtualNetworks id, not a Microsoft.KeyVault/vaults id"},
		{"more cache rules than a registry takes", map[string]string{"privatepull:cacheRules": manyCacheRules(1000)},
			"privatepull:cacheRules: has 1001 rules; a registry accepts at most 1000"}, // 1000 + the probe's own rule
		{"agent pool without a subnet", map[string]string{"privatepull:agentPool": `{"tier":"S1"}`},
			"privatepull:agentPool.subnetCidr: is required: the agents need a dedicated subnet"},
		{"agent pool tier", map[string]string{"privatepull:agentPool": `{"tier":"S9","subnetCidr":"10.0.4.0/28"}`},
			`privatepull:agentPool.tier: "S9" is not an agent pool tier (want S1, S2, S3 or I6)`},
		{"agent pool subnet overlaps", map[string]string{"privatepull:agentPool": `{"subnetCidr":"10.0.2.0/28"}`},
			"privatepull:agentPool.subnetCidr: 10.0.2.0/28 overlaps 10.0.2.0/24 (privatepull:privateEndpointSubnetCidr)"},
		{"agent pool subnet outside the VNet", map[string]string{"privatepull:agentPool": `{"subnetCidr":"10.9.4.0/28"}`},
			"privatepull:agentPool.subnetCidr: 10.9.4.0/28 is not inside the VNet address space 10.0.0.0/16"},
		{"agent pool on the Docker bridge", map[string]string{"privatepull:vnetCidr": "172.16.0.0/12",
			"privatepull:containerAppsSubnetCidr": "172.16.0.0/23", "privatepull:privateEndpointSubnetCidr": "172.16.2.0/24",
			"privatepull:appServiceSubnetCidr": "172.16.3.0/26", "privatepull:agentPool": `{"subnetCidr":"172.17.0.0/28"}`},
			"privatepull:agentPool.subnetCidr: 172.17.0.0/28 overlaps 172.17.0.0/16, the Docker bridge range ACR Tasks agents use"},
		{"agent pool subnet too small", map[string]string{"privatepull:agentPool": `{"subnetCidr":"10.0.4.0/29"}`},
			"privatepull:agentPool.subnetCidr: 10.0.4.0/29 is too small: the ACR Tasks agent pool needs a /28 or larger subnet of its own"},
		{"agent pool shares the endpoints' subnet", map[string]string{"privatepull:existingVnetId": spokeVnet,
			"privatepull:existingPrivateEndpointSubnetId": spokeVnet + "/subnets/snet-pe",
			"privatepull:agentPool":                       `{"subnetId":"` + spokeVnet + `/subnets/snet-pe"}`},
			"privatepull:agentPool.subnetId: is the subnet privatepull:existingPrivateEndpointSubnetId gives to private endpoints"},
		{"agent pool in a region without agent pools", map[string]string{"privatepull:agentPool": `{"subnetCidr":"10.0.4.0/28"}`},
			"privatepull:agentPool: ACR Tasks agent pools are not offered in koreacentral (privatepull:location); they are in " +
				"westus2, southcentralus, eastus2, eastus, centralus, westeurope, northeurope, canadacentral, eastasia, " +
				"switzerlandnorth, usgovarizona, usgovtexas, usgovvirginia (Microsoft Learn, tasks-agent-pools). Use another " +
				"path into the registry (an in-VNet runner, privatepull:cacheRules), or set " +
				"privatepull:agentPoolRegionOverride: true if Azure has added koreacentral since"},
		{"agent pool over the default standard vCPU quota", agentPoolIn("eastus", `{"subnetCidr":"10.0.4.0/28","tier":"S2","count":3}`, nil),
			"privatepull:agentPool.count: 3 S2 agents take 24 vCPU (8 each), over the registry's standard agent pool vCPU " +
				"quota of 16 (the default quota; Azure's defaults per registry are 16 for standard tiers and 0 for isolated): " +
				"lower the tier or the count, or ask Azure support for a higher quota and set privatepull:agentPoolVcpuQuota to it"},
		{"isolated agent pool on the default quota", agentPoolIn("eastus", `{"subnetCidr":"10.0.4.0/28","tier":"I6"}`, nil),
			"privatepull:agentPool.count: 1 I6 agents take 64 vCPU (64 each), over the registry's isolated agent pool vCPU quota of 0 (the default quota"},
		{"agent pool over a raised quota", agentPoolIn("eastus", `{"subnetCidr":"10.0.4.0/28","tier":"S3","count":3}`,
			map[string]string{"privatepull:agentPoolVcpuQuota": "32"}),
			"privatepull:agentPool.count: 3 S3 agents take 48 vCPU (16 each), over the registry's standard agent pool vCPU quota of 32 (privatepull:agentPoolVcpuQuota;"},
		{"negative vCPU quota", agentPoolIn("eastus", `{"subnetCidr":"10.0.4.0/28"}`, map[string]string{"privatepull:agentPoolVcpuQuota": "-16"}),
			"privatepull:agentPoolVcpuQuota: -16 must be 0 (the default quota) or the vCPU quota Azure raised the registry's agent pools to"},
		{"more agents than the subnet has addresses", agentPoolIn("eastus", `{"subnetCidr":"10.0.4.0/28","count":12}`,
			map[string]string{"privatepull:agentPoolVcpuQuota": "24"}),
			"privatepull:agentPool.count: 12 agents need an address each, but 10.0.4.0/28 has 11 usable addresses (Azure reserves 5 in " +
				"every subnet): give privatepull:agentPool.subnetCidr a larger subnet or fewer agents"},
		{"region override without an agent pool", map[string]string{"privatepull:agentPoolRegionOverride": "true"},
			"privatepull:agentPoolRegionOverride: has no effect without privatepull:agentPool: remove it, or declare the agent pool"},
		{"vCPU quota without an agent pool", map[string]string{"privatepull:agentPoolVcpuQuota": "32"},
			"privatepull:agentPoolVcpuQuota: has no effect without privatepull:agentPool: remove it, or declare the agent pool"},
		{"probe job without an environment", map[string]string{"privatepull:containerApps": "[]"},
			"privatepull:probeJob: needs a Container Apps environment to run in"},
		{"propagation wait out of range", map[string]string{"privatepull:acrPullPropagationSeconds": "3600"},
			"privatepull:acrPullPropagationSeconds: 3600 must be between 0 (no wait) and 1800 seconds"},
	})
}

// configMistake is one change to the dev stack's configuration and the
// problem it must be reported with.
type configMistake struct {
	name    string
	changes map[string]string
	want    string
}

// assertMistakesRegisterNothing runs each mistake in preview and update:
// the program fails naming the key and the rule, and registers nothing.
func assertMistakesRegisterNothing(t *testing.T, cases []configMistake) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			config, secrets := devWith(t, tc.changes)
			for _, preview := range []bool{true, false} {
				m, _, err := runConfig(t, config, secrets, preview)
				require.Error(t, err)
				assert.Contains(t, err.Error(), tc.want)
				assert.Contains(t, err.Error(), "nothing was deployed")
				assert.Empty(t, m.Registrations(), "a configuration mistake must register nothing")
			}
		})
	}
}

// TestCorrectedConfigurationsDeploy: the escape hatches and spellings the
// rules allow.
func TestCorrectedConfigurationsDeploy(t *testing.T) {
	cases := map[string]map[string]string{
		"seed 001's P1V3":                   {"privatepull:appServicePlanSku": "P1V3"},
		"resolution acknowledged elsewhere": {"privatepull:linkVnetToRegistryDnsZone": "false", "privatepull:registryDnsResolvedElsewhere": "true"},
		"sovereign cloud done right": {"privatepull:cloud": "usgovernment", "azure-native:environment": "usgovernment",
			"privatepull:location": "usgovvirginia"},
		"app on a dedicated node": {"privatepull:workloadProfiles": `[{"name":"general","type":"D4"}]`,
			"privatepull:containerApps": `[{"name":"ca-big","image":"big","cpu":4,"memory":"16Gi","workloadProfile":"general"}]`},
		"agent pool in a listed region":          agentPoolIn("eastus", `{"subnetCidr":"10.0.4.0/28","tier":"S2","count":2}`, nil),
		"agent pool region overridden":           {"privatepull:agentPool": `{"subnetCidr":"10.0.4.0/28"}`, "privatepull:agentPoolRegionOverride": "true"},
		"agent pool on a raised standard quota":  agentPoolIn("eastus", `{"subnetCidr":"10.0.4.0/28","tier":"S3","count":3}`, map[string]string{"privatepull:agentPoolVcpuQuota": "48"}),
		"isolated agent pool on a granted quota": agentPoolIn("eastus", `{"subnetCidr":"10.0.4.0/28","tier":"I6"}`, map[string]string{"privatepull:agentPoolVcpuQuota": "64"}),
		"as many agents as the subnet has addresses": agentPoolIn("eastus", `{"subnetCidr":"10.0.4.0/28","count":11}`,
			map[string]string{"privatepull:agentPoolVcpuQuota": "22"}),
		"hub VNet on the second endpoint only": {"privatepull:registryPrivateEndpoints": `[{"name":"pe-acr-a"},` +
			`{"name":"pe-acr-b","location":"koreasouth","linkVnetIds":["` + hubVnet + `"]}]`},
	}
	for name, changes := range cases {
		t.Run(name, func(t *testing.T) {
			config, secrets := devWith(t, changes)
			m, _, err := runConfig(t, config, secrets, false)
			require.NoError(t, err)
			assert.NotEmpty(t, m.Registrations())
		})
	}
	config, secrets := devWith(t, map[string]string{"privatepull:appServicePlanSku": "P1V3"})
	m, _, err := runConfig(t, config, secrets, false)
	require.NoError(t, err)
	assert.Equal(t, map[string]any{"name": "P1v3", "tier": "PremiumV3", "capacity": float64(1)}, get(t, m, "web-plan").Plain("sku"),
		"Azure's spelling is sent, so P1V3 and P1v3 never differ")
}

// agentPoolIn returns changes that declare agentPool (JSON) in location, plus
// more.
func agentPoolIn(location, pool string, more map[string]string) map[string]string {
	changes := map[string]string{"privatepull:location": location, "privatepull:agentPool": pool}
	for k, v := range more {
		changes[k] = v
	}
	return changes
}

// manyTags returns a tags object with n entries.
func manyTags(n int) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = fmt.Sprintf(`"tag%02d":"v"`, i)
	}
	return "{" + strings.Join(parts, ",") + "}"
}
