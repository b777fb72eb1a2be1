package verify

import (
	"bytes"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/to"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/appcontainers/armappcontainers/v3"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/authorization/armauthorization/v2"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/containerregistry/armcontainerregistry/v3"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/privatedns/armprivatedns"
)

// everyCheck lists the checks a healthy run of the fixture must report.
var everyCheck = []string{
	CheckRegistrySKU, CheckRegistryPublicAccess, CheckRegistryAdminUser, CheckRegistryAnonymousPull,
	CheckRegistryDataEndpoints, CheckRegistryARMAudience, CheckRegistryRBACMode, CheckRegistryCredentialSet,
	CheckEndpointConnection, CheckEndpointFQDNs, CheckEndpointZoneGroup,
	CheckDNSZonePerEndpoint, CheckDNSRecord, CheckDNSVnetLink, CheckDNSNoDataZone,
	CheckEnvironment, CheckEnvironmentLogs,
	CheckContainerAppRegistry, CheckContainerAppIdentity, CheckContainerAppImage, CheckContainerAppRevision,
	CheckWebAppState, CheckWebAppSubnet, CheckWebAppVnetImage, CheckWebAppPullIdentity, CheckWebAppImage,
	CheckPullGrant, CheckProbe,
}

func TestHealthyStackPassesEveryCheck(t *testing.T) {
	w := newWorld()
	r := w.run(t, RunOptions{Probe: true, ProbeOptions: ProbeOptions{Interval: time.Millisecond}})
	for _, res := range r.Results {
		if res.Status != StatusPass {
			t.Errorf("%s %s on %s: found %q, expected %q", res.Status, res.Check, res.Resource, res.Found, res.Expected)
		}
		if res.Fix != "" {
			t.Errorf("%s on %s: a passing row carries a fix", res.Check, res.Resource)
		}
	}
	for _, check := range everyCheck {
		if !slices.ContainsFunc(r.Results, func(res Result) bool { return res.Check == check }) {
			t.Errorf("check %s not reported", check)
		}
	}
	if r.Failed() {
		t.Error("Failed() on a healthy stack")
	}
	// One record per FQDN (login server + 2 data endpoints), one grant per
	// pulling principal (the identity + the system-assigned site).
	if n := countRows(r, CheckDNSRecord); n != 3 {
		t.Errorf("dns.record rows = %d, want 3", n)
	}
	if n := countRows(r, CheckPullGrant); n != 2 {
		t.Errorf("grant.pull rows = %d, want 2", n)
	}
}

func countRows(r *Report, check string) int {
	n := 0
	for _, res := range r.Results {
		if res.Check == check {
			n++
		}
	}
	return n
}

// brokenCase breaks one resource of a healthy world.
type brokenCase struct {
	name   string
	break_ func(t *testing.T, w *world)
	// check must FAIL (with fix) on a resource containing resource, with found containing found
	// and, when set, expected containing expected.
	check, resource, found, fix, expected string
	// alsoFail lists other checks that legitimately fail with it; alsoWarn those that warn.
	alsoFail, alsoWarn []string
}

func TestEachCheckFailsOnItsBrokenResource(t *testing.T) {
	cases := []brokenCase{
		{
			name: "ARM-audience policy disabled",
			break_: func(_ *testing.T, w *world) {
				w.registry.Properties.Policies.AzureADAuthenticationAsArmPolicy.Status = to.Ptr(armcontainerregistry.AzureADAuthenticationAsArmPolicyStatusDisabled)
			},
			check: CheckRegistryARMAudience, resource: registryID, found: "azureADAuthenticationAsArmPolicy=disabled", fix: fixARMAudience,
		},
		{
			name: "public access enabled unexpectedly",
			break_: func(_ *testing.T, w *world) {
				w.registry.Properties.PublicNetworkAccess = to.Ptr(armcontainerregistry.PublicNetworkAccessEnabled)
			},
			check: CheckRegistryPublicAccess, resource: registryID, found: "publicNetworkAccess=Enabled", fix: fixPublicAccess,
		},
		{
			name: "allow-list has an extra range",
			break_: func(_ *testing.T, w *world) {
				allowList(w, "203.0.113.10", "198.51.100.0/24")
			},
			check: CheckRegistryPublicAccess, resource: registryID, found: "ipRules=[198.51.100.0/24,203.0.113.10/32]", fix: fixPublicAccess,
		},
		{
			name: "allow-list with default action Allow",
			break_: func(_ *testing.T, w *world) {
				allowList(w, "203.0.113.10")
				w.registry.Properties.NetworkRuleSet.DefaultAction = to.Ptr(armcontainerregistry.DefaultActionAllow)
			},
			check: CheckRegistryPublicAccess, resource: registryID, found: "defaultAction=Allow", fix: fixPublicAccess,
		},
		{
			name:   "admin user on",
			break_: func(_ *testing.T, w *world) { w.registry.Properties.AdminUserEnabled = to.Ptr(true) },
			check:  CheckRegistryAdminUser, resource: registryID, found: "adminUserEnabled=true", fix: fixAdminUser,
		},
		{
			name:   "anonymous pull on",
			break_: func(_ *testing.T, w *world) { w.registry.Properties.AnonymousPullEnabled = to.Ptr(true) },
			check:  CheckRegistryAnonymousPull, resource: registryID, found: "anonymousPullEnabled=true", fix: fixAnonymousPull,
		},
		{
			name:   "registry not Premium",
			break_: func(_ *testing.T, w *world) { w.registry.SKU.Name = to.Ptr(armcontainerregistry.SKUNameStandard) },
			check:  CheckRegistrySKU, resource: registryID, found: "sku Standard", fix: fixSKU,
		},
		{
			name:   "data endpoints off",
			break_: func(_ *testing.T, w *world) { w.registry.Properties.DataEndpointEnabled = to.Ptr(false) },
			check:  CheckRegistryDataEndpoints, resource: registryID, found: "dataEndpointEnabled=false", fix: fixDataEndpoints,
		},
		{
			name: "replica's data endpoint not served",
			break_: func(_ *testing.T, w *world) {
				w.registry.Properties.DataEndpointHostNames = []*string{to.Ptr(dataKC)}
			},
			check: CheckRegistryDataEndpoints, resource: registryID, found: "dataEndpointHostNames=[" + dataKC + "]", fix: fixDataEndpoints,
		},
		{
			name: "registry switched to ABAC mode, the identity's Reader missing",
			break_: func(_ *testing.T, w *world) {
				w.registry.Properties.RoleAssignmentMode = to.Ptr(armcontainerregistry.RoleAssignmentModeAbacRepositoryPermissions)
				w.assignments = append(w.assignments[:2], w.assignments[3])
			},
			check: CheckPullGrant, resource: registryID,
			found: "identity userAssignedIdentities/id-myapp: no Container Registry Repository Reader assignment at or " +
				"above the registry (AcrPull, which the registry ignores in ABAC mode)",
			fix: fixAcrPull,
		},
		{
			name: "credential set cannot read its Key Vault secrets",
			break_: func(_ *testing.T, w *world) {
				w.credentialSets[0].Properties.AuthCredentials[0].CredentialHealth = &armcontainerregistry.CredentialHealth{
					Status:       to.Ptr(armcontainerregistry.CredentialHealthStatusUnhealthy),
					ErrorCode:    to.Ptr("KeyVaultSecretAccessDenied"),
					ErrorMessage: to.Ptr("the identity cannot read the secret"),
				}
			},
			check: CheckRegistryCredentialSet, resource: registryID + "/credentialSets/dockerhub",
			found: "Credential1: Unhealthy (KeyVaultSecretAccessDenied the identity cannot read the secret)", fix: fixCredentialSet,
		},
		{
			name:   "credential sets unreadable",
			break_: func(_ *testing.T, w *world) { w.credentialSetsErr = http.StatusForbidden },
			check:  CheckRegistryCredentialSet, resource: registryID + "/credentialSets", found: "listing credential sets: read failed: 403", fix: fixRead,
		},
		{
			name:   "registry unreadable",
			break_: func(_ *testing.T, w *world) { w.registryErr = http.StatusForbidden },
			check:  CheckRegistrySKU, resource: registryID, found: "read failed: 403", fix: fixRead,
		},
		{
			name: "private endpoint connection pending",
			break_: func(t *testing.T, w *world) {
				conn := w.rawMap(t, http.MethodGet, peID)["properties"].(map[string]any)["privateLinkServiceConnections"].([]any)[0].(map[string]any)
				conn["properties"].(map[string]any)["privateLinkServiceConnectionState"] = map[string]any{"status": "Pending", "description": "awaiting approval"}
			},
			check: CheckEndpointConnection, resource: peID, found: "Pending (awaiting approval)", fix: fixEndpointConnection,
		},
		{
			name: "private endpoint connected to another registry",
			break_: func(t *testing.T, w *world) {
				conn := w.rawMap(t, http.MethodGet, peID)["properties"].(map[string]any)["privateLinkServiceConnections"].([]any)[0].(map[string]any)
				conn["properties"].(map[string]any)["privateLinkServiceId"] = registryID + "other"
			},
			check: CheckEndpointConnection, resource: peID, found: "no connection to the registry", fix: fixEndpointConnection,
		},
		{
			name: "NIC lacks a data-endpoint FQDN",
			break_: func(_ *testing.T, w *world) {
				w.setRaw(http.MethodGet, nicID, nic(map[string]string{loginServer: "10.0.2.4", dataKC: "10.0.2.5"}))
			},
			check: CheckEndpointFQDNs, resource: peID, found: "missing [" + dataJE + "]", fix: fixEndpointFQDNs,
			// The record exists but cannot be compared with an IP the NIC lacks.
			alsoWarn: []string{CheckDNSRecord},
		},
		{
			name: "DNS zone group missing",
			break_: func(_ *testing.T, w *world) {
				w.setRaw(http.MethodGet, peID+"/privateDnsZoneGroups", map[string]any{"value": []any{}})
			},
			check: CheckEndpointZoneGroup, resource: peID, found: "no DNS zone group", fix: fixZoneGroup,
		},
		{
			name: "DNS zone group writes to another zone",
			break_: func(_ *testing.T, w *world) {
				other := "/subscriptions/" + sub + "/resourceGroups/rg-hub/providers/Microsoft.Network/privateDnsZones/privatelink.azurecr.io"
				w.setRaw(http.MethodGet, peID+"/privateDnsZoneGroups", map[string]any{"value": []any{zoneGroup("acr-pe-dns", other)}})
			},
			check: CheckEndpointZoneGroup, resource: peID, found: "rg-hub", fix: fixZoneGroup,
		},
		{
			name:   "login-server record points at another IP",
			break_: func(_ *testing.T, w *world) { w.records[regName] = []string{"10.1.2.4"} },
			check:  CheckDNSRecord, resource: zoneID + "/A/" + regName, found: "A " + regName + " → 10.1.2.4", fix: fixRecord,
		},
		{
			name:   "data-endpoint record points at two IPs",
			break_: func(_ *testing.T, w *world) { w.records[regName+".japaneast.data"] = []string{"10.0.2.6", "10.1.2.6"} },
			check:  CheckDNSRecord, resource: zoneID + "/A/" + regName + ".japaneast.data", found: "10.0.2.6,10.1.2.6", fix: fixRecord,
		},
		{
			name:   "data-endpoint record missing",
			break_: func(_ *testing.T, w *world) { delete(w.records, regName+".koreacentral.data") },
			check:  CheckDNSRecord, resource: zoneID + "/A/" + regName + ".koreacentral.data", found: "not found (404)", fix: fixRecord,
		},
		{
			name: "a <region>.data.privatelink zone in the stack's resource group",
			break_: func(_ *testing.T, w *world) {
				w.zones = append(w.zones, &armprivatedns.PrivateZone{
					ID:   to.Ptr(rgID + "/providers/Microsoft.Network/privateDnsZones/koreacentral.data.privatelink.azurecr.io"),
					Name: to.Ptr("koreacentral.data.privatelink.azurecr.io"),
				})
			},
			check: CheckDNSNoDataZone, resource: "koreacentral.data.privatelink.azurecr.io", found: "exists", fix: fixDataZone,
		},
		{
			name: "a <region>.data.privatelink zone elsewhere, linked to the workload VNet",
			break_: func(_ *testing.T, w *world) {
				id := "/subscriptions/" + sub + "/resourceGroups/rg-other/providers/Microsoft.Network/privateDnsZones/japaneast.data.privatelink.azurecr.io"
				w.zones = append(w.zones, &armprivatedns.PrivateZone{ID: to.Ptr(id), Name: to.Ptr("japaneast.data.privatelink.azurecr.io")})
				w.links[NormalizeID(id)] = []*armprivatedns.VirtualNetworkLink{vnetLink("l", vnetID, false)}
			},
			check: CheckDNSNoDataZone, resource: "japaneast.data.privatelink.azurecr.io", found: "linked to virtualNetworks/vnet-myapp", fix: fixDataZone,
		},
		{
			name: "a <region>.data.privatelink zone found by resource group when the subscription cannot be listed",
			break_: func(_ *testing.T, w *world) {
				w.zoneListErr = http.StatusForbidden
				w.zones = append(w.zones, &armprivatedns.PrivateZone{
					ID:   to.Ptr(rgID + "/providers/Microsoft.Network/privateDnsZones/koreacentral.data.privatelink.azurecr.io"),
					Name: to.Ptr("koreacentral.data.privatelink.azurecr.io"),
				})
			},
			check: CheckDNSNoDataZone, resource: "koreacentral.data.privatelink.azurecr.io", found: "exists", fix: fixDataZone,
		},
		{
			name:   "VNet link missing",
			break_: func(_ *testing.T, w *world) { w.links[NormalizeID(zoneID)] = nil },
			check:  CheckDNSVnetLink, resource: zoneID, found: "no link to virtualNetworks/vnet-myapp", fix: fixVnetLink,
		},
		{
			name: "no VNet known for the registry zone",
			break_: func(_ *testing.T, w *world) {
				pe := &w.outputs.RegistryPrivateEndpoints[0]
				pe.LinkedVnetIDs, pe.WorkloadVnetIDs = nil, nil
			},
			check: CheckDNSVnetLink, resource: zoneID, found: "no VNet known: the stack outputs name none (registryPrivateEndpoints[].linkedVnetIds",
			fix: fixNoVnetKnown,
		},
		{
			name: "VNet link with registration enabled",
			break_: func(_ *testing.T, w *world) {
				w.links[NormalizeID(zoneID)] = []*armprivatedns.VirtualNetworkLink{vnetLink("network-acr-zone-link", vnetID, true)}
			},
			check: CheckDNSVnetLink, resource: "virtualNetworkLinks/network-acr-zone-link", found: "registrationEnabled=true", fix: fixVnetLink,
		},
		{
			name: "two endpoints share one zone",
			break_: func(_ *testing.T, w *world) {
				second := PrivateEndpointOutput{Name: "pe-acr-je", ID: peID + "-je", DNSZoneID: zoneID,
					LinkedVnetIDs: []string{vnetID}, WorkloadVnetIDs: []string{vnetID}}
				w.outputs.RegistryPrivateEndpoints = append(w.outputs.RegistryPrivateEndpoints, second)
				pe := w.raw["GET "+NormalizeID(peID)]
				w.setRaw(http.MethodGet, second.ID, pe)
				w.setRaw(http.MethodGet, second.ID+"/privateDnsZoneGroups", map[string]any{"value": []any{zoneGroup("acr-pe-dns", zoneID)}})
			},
			check: CheckDNSZonePerEndpoint, resource: strings.ToLower(zoneID), found: "pe-acr, pe-acr-je", fix: fixZonePerEndpoint,
		},
		{
			name: "AcrPull grant of the identity missing",
			break_: func(_ *testing.T, w *world) {
				w.assignments = w.assignments[1:]
			},
			check: CheckPullGrant, resource: registryID, found: "identity userAssignedIdentities/id-myapp: no AcrPull assignment", fix: fixAcrPull,
		},
		{
			name: "AcrPull grant of the identity on another registry",
			break_: func(_ *testing.T, w *world) {
				w.assignments[0] = acrPull(principalID, registryID+"other", acrPullDef)
			},
			check: CheckPullGrant, resource: registryID, found: "identity userAssignedIdentities/id-myapp: no AcrPull assignment", fix: fixAcrPull,
		},
		{
			name: "AcrPull at a management group that is not an ancestor of the subscription",
			break_: func(_ *testing.T, w *world) {
				w.assignments[0] = acrPull(principalID, "/providers/Microsoft.Management/managementGroups/mg-sandbox", acrPullDef)
			},
			check: CheckPullGrant, resource: registryID,
			found: "no AcrPull assignment at or above the registry (AcrPull at management group mg-sandbox, which is not an ancestor",
			fix:   fixAcrPull,
		},
		{
			name: "identity holds another role, not AcrPull",
			break_: func(_ *testing.T, w *world) {
				w.assignments[0] = acrPull(principalID, registryID,
					"/subscriptions/"+sub+"/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7")
			},
			check: CheckPullGrant, resource: registryID, found: "no AcrPull assignment", fix: fixAcrPull,
		},
		{
			name: "AcrPull grant of the system-assigned site missing",
			break_: func(_ *testing.T, w *world) {
				w.assignments = []*armauthorization.RoleAssignment{w.assignments[0], w.assignments[2]}
			},
			check: CheckPullGrant, resource: registryID, found: "site web-sys-dev01 (system-assigned): no AcrPull", fix: fixAcrPull,
		},
		{
			name: "environment on another subnet",
			break_: func(_ *testing.T, w *world) {
				w.environment.Properties.VnetConfiguration.InfrastructureSubnetID = to.Ptr(vnetID + "/subnets/snet-other")
			},
			check: CheckEnvironment, resource: envID, found: "subnet=" + vnetID + "/subnets/snet-other", fix: fixEnvironment,
		},
		{
			name:   "environment external though declared internal",
			break_: func(_ *testing.T, w *world) { w.environment.Properties.VnetConfiguration.Internal = to.Ptr(false) },
			check:  CheckEnvironment, resource: envID, found: "internal=false", fix: fixEnvironment,
		},
		{
			name: "declared workload profile missing",
			break_: func(_ *testing.T, w *world) {
				w.environment.Properties.WorkloadProfiles = w.environment.Properties.WorkloadProfiles[:1]
			},
			check: CheckEnvironment, resource: envID, found: "workloadProfiles=[Consumption(Consumption)] (missing general(D4))", fix: fixEnvironment,
		},
		{
			name: "workload profile of another type",
			break_: func(_ *testing.T, w *world) {
				w.environment.Properties.WorkloadProfiles[1].WorkloadProfileType = to.Ptr("E4")
			},
			check: CheckEnvironment, resource: envID, found: "(missing general(D4))", fix: fixEnvironment,
		},
		{
			name: "environment failed to provision",
			break_: func(_ *testing.T, w *world) {
				w.environment.Properties.ProvisioningState = to.Ptr(armappcontainers.EnvironmentProvisioningStateFailed)
			},
			check: CheckEnvironment, resource: envID, found: "provisioningState=Failed", fix: fixEnvironment,
		},
		{
			name:   "environment keeps no logs",
			break_: func(_ *testing.T, w *world) { w.environment.Properties.AppLogsConfiguration = nil },
			check:  CheckEnvironmentLogs, resource: envID, found: "destination=(none) (the environment keeps no logs)", fix: fixEnvironmentLogs,
		},
		{
			name: "diagnostic setting sends the logs to another workspace",
			break_: func(_ *testing.T, w *world) {
				other := rgID + "/providers/Microsoft.OperationalInsights/workspaces/log-other"
				w.setRaw(http.MethodGet, envID+"/providers/Microsoft.Insights/diagnosticSettings", map[string]any{"value": []any{
					diagnosticSettingTo("privatepull-logs", other, "ContainerAppConsoleLogs", "ContainerAppSystemLogs")}})
			},
			check: CheckEnvironmentLogs, resource: envID, found: "privatepull-logs → " + rgID + "/providers/Microsoft.OperationalInsights/workspaces/log-other",
			fix: fixEnvironmentLogs,
		},
		{
			name: "diagnostic setting without the system logs",
			break_: func(_ *testing.T, w *world) {
				w.setRaw(http.MethodGet, envID+"/providers/Microsoft.Insights/diagnosticSettings", map[string]any{"value": []any{
					diagnosticSettingTo("privatepull-logs", workspaceID, "ContainerAppConsoleLogs")}})
			},
			check: CheckEnvironmentLogs, resource: envID, found: "[ContainerAppConsoleLogs]", fix: fixEnvironmentLogs,
		},
		{
			name: "no diagnostic setting",
			break_: func(_ *testing.T, w *world) {
				w.setRaw(http.MethodGet, envID+"/providers/Microsoft.Insights/diagnosticSettings", map[string]any{"value": []any{}})
			},
			check: CheckEnvironmentLogs, resource: envID, found: "destination azure-monitor; no diagnostic setting", fix: fixEnvironmentLogs,
		},
		{
			name: "diagnostic settings unreadable",
			break_: func(_ *testing.T, w *world) {
				w.setRaw(http.MethodGet, envID+"/providers/Microsoft.Insights/diagnosticSettings", http.StatusForbidden)
			},
			check: CheckEnvironmentLogs, resource: envID, found: "diagnostic settings: read failed: 403", fix: fixRead,
		},
		{
			name: "logs sent straight to another workspace",
			break_: func(_ *testing.T, w *world) {
				w.environment.Properties.AppLogsConfiguration = &armappcontainers.AppLogsConfiguration{
					Destination:               to.Ptr("log-analytics"),
					LogAnalyticsConfiguration: &armappcontainers.LogAnalyticsConfiguration{CustomerID: to.Ptr("66666666-6666-6666-6666-666666666666")},
				}
			},
			check: CheckEnvironmentLogs, resource: envID, found: "destination log-analytics, customerId 66666666", fix: fixEnvironmentLogs,
		},
		{
			name: "container app registry identity wrong",
			break_: func(_ *testing.T, w *world) {
				w.apps["ca-myapp"].Properties.Configuration.Registries[0].Identity = to.Ptr("system")
			},
			check: CheckContainerAppRegistry, resource: appID, found: "identity: system", fix: fixContainerAppRegistry,
		},
		{
			name: "container app registry entry for another server",
			break_: func(_ *testing.T, w *world) {
				w.apps["ca-myapp"].Properties.Configuration.Registries[0].Server = to.Ptr("otherregistry.azurecr.io")
			},
			check: CheckContainerAppRegistry, resource: appID, found: "server: otherregistry.azurecr.io", fix: fixContainerAppRegistry,
		},
		{
			name: "container app pulls with a password",
			break_: func(_ *testing.T, w *world) {
				reg := w.apps["ca-myapp"].Properties.Configuration.Registries[0]
				reg.Identity, reg.Username, reg.PasswordSecretRef = nil, to.Ptr("acrmyappdev01"), to.Ptr("acr-password")
			},
			check: CheckContainerAppRegistry, resource: appID, found: "username/password", fix: fixContainerAppRegistry,
		},
		{
			name: "pull identity not assigned to the container app",
			break_: func(_ *testing.T, w *world) {
				w.apps["ca-myapp"].Identity.UserAssignedIdentities = nil
			},
			check: CheckContainerAppIdentity, resource: appID, found: "userAssignedIdentities=[]", fix: fixContainerAppRegistry,
		},
		{
			name: "container app image from another registry",
			break_: func(_ *testing.T, w *world) {
				w.apps["ca-myapp"].Properties.Template.Containers[0].Image = to.Ptr("docker.io/library/nginx:latest")
			},
			check: CheckContainerAppImage, resource: appID, found: "docker.io/library/nginx:latest", fix: fixContainerAppImage,
		},
		{
			name: "unhealthy revision",
			break_: func(_ *testing.T, w *world) {
				rev := w.revisions["ca-myapp--r1"]
				rev.Properties.HealthState = to.Ptr(armappcontainers.RevisionHealthStateUnhealthy)
				rev.Properties.RunningState = to.Ptr(armappcontainers.RevisionRunningStateDegraded)
				rev.Properties.ProvisioningError = to.Ptr("pulling image: 401 Unauthorized")
			},
			check: CheckContainerAppRevision, resource: appID + "/revisions/ca-myapp--r1", found: "health Unhealthy", fix: fixRevision,
		},
		{
			name: "failed revision",
			break_: func(_ *testing.T, w *world) {
				w.revisions["ca-myapp--r1"].Properties.ProvisioningState = to.Ptr(armappcontainers.RevisionProvisioningStateFailed)
			},
			check: CheckContainerAppRevision, resource: appID + "/revisions/ca-myapp--r1", found: "provisioning Failed", fix: fixRevision,
		},
		{
			name: "web app VNet pull off (property false, setting absent)",
			break_: func(t *testing.T, w *world) {
				w.rawMap(t, http.MethodGet, webUAID)["properties"].(map[string]any)["vnetImagePullEnabled"] = false
				w.setRaw(http.MethodPost, webUAID+"/config/appsettings/list", map[string]any{"properties": map[string]string{"WEBSITES_PORT": "80"}})
			},
			check: CheckWebAppVnetImage, resource: webUAID, found: "vnetImagePullEnabled=false, WEBSITE_PULL_IMAGE_OVER_VNET not set", fix: fixWebVnetPull,
		},
		{
			name: "web app VNet pull setting false",
			break_: func(t *testing.T, w *world) {
				delete(w.rawMap(t, http.MethodGet, webSysID)["properties"].(map[string]any), "vnetImagePullEnabled")
				w.setRaw(http.MethodPost, webSysID+"/config/appsettings/list", map[string]any{"properties": map[string]string{"WEBSITE_PULL_IMAGE_OVER_VNET": "false"}})
			},
			check: CheckWebAppVnetImage, resource: webSysID, found: "vnetImagePullEnabled=(not reported)", fix: fixWebVnetPull,
		},
		{
			name: "web app acrUserManagedIdentityID is the principal id",
			break_: func(t *testing.T, w *world) {
				w.rawMap(t, http.MethodGet, webUAID+"/config/web")["properties"].(map[string]any)["acrUserManagedIdentityID"] = principalID
			},
			check: CheckWebAppPullIdentity, resource: webUAID, found: "the PRINCIPAL id, not the client id", fix: fixWebIdentity,
		},
		{
			name: "web app managed-identity credentials off",
			break_: func(t *testing.T, w *world) {
				w.rawMap(t, http.MethodGet, webSysID+"/config/web")["properties"].(map[string]any)["acrUseManagedIdentityCreds"] = false
			},
			check: CheckWebAppPullIdentity, resource: webSysID, found: "acrUseManagedIdentityCreds=false", fix: fixWebIdentity,
		},
		{
			name: "web app image host is not the login server",
			break_: func(t *testing.T, w *world) {
				w.rawMap(t, http.MethodGet, webUAID+"/config/web")["properties"].(map[string]any)["linuxFxVersion"] = "DOCKER|mcr.microsoft.com/appsvc/staticsite:latest"
			},
			check: CheckWebAppImage, resource: webUAID, found: "host is not " + loginServer, fix: fixWebImage,
		},
		{
			name: "web app integrated with another subnet",
			break_: func(t *testing.T, w *world) {
				w.rawMap(t, http.MethodGet, webUAID)["properties"].(map[string]any)["virtualNetworkSubnetId"] = vnetID + "/subnets/other"
			},
			check: CheckWebAppSubnet, resource: webUAID, found: "subnets/other", fix: fixWebSubnet,
		},
		{
			name: "web app stopped",
			break_: func(t *testing.T, w *world) {
				w.rawMap(t, http.MethodGet, webSysID)["properties"].(map[string]any)["state"] = "Stopped"
			},
			check: CheckWebAppState, resource: webSysID, found: "state Stopped", fix: fixWebState,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld()
			tc.break_(t, w)
			r := w.run(t, RunOptions{})
			assertOnlyFailure(t, r, tc)
		})
	}
}

// assertOnlyFailure checks that tc.check fails on its resource with its fix,
// and that no other check fails or warns unless the case allows it.
func assertOnlyFailure(t *testing.T, r *Report, tc brokenCase) {
	t.Helper()
	matched := false
	for _, res := range r.Results {
		switch {
		case res.Status == StatusFail && res.Check == tc.check &&
			strings.Contains(strings.ToLower(res.Resource), strings.ToLower(tc.resource)) && strings.Contains(res.Found, tc.found) &&
			strings.Contains(res.Expected, tc.expected):
			matched = true
			if res.Fix != tc.fix {
				t.Errorf("fix of %s = %q, want %q", res.Check, res.Fix, tc.fix)
			}
			if res.Expected == "" {
				t.Errorf("%s: empty expected", res.Check)
			}
		case res.Status == StatusFail && (res.Check == tc.check || slices.Contains(tc.alsoFail, res.Check)):
		case res.Status == StatusWarn && slices.Contains(tc.alsoWarn, res.Check):
		case res.Status != StatusPass:
			t.Errorf("unexpected %s %s on %s: found %q", res.Status, res.Check, res.Resource, res.Found)
		}
	}
	if !matched {
		t.Errorf("no FAIL %s on %s with found containing %q and expected containing %q; results:\n%s", tc.check, tc.resource,
			tc.found, tc.expected, dump(r))
	}
	if !r.Failed() {
		t.Error("Failed() = false")
	}
}

func dump(r *Report) string {
	var b bytes.Buffer
	_ = r.WriteTable(&b)
	return b.String()
}

// allowList makes the stack expect public access with an allow-list of
// 203.0.113.10 and the registry serve the given rules with Deny.
func allowList(w *world, live ...string) {
	w.outputs.RegistryPublicNetworkAccess = "Enabled"
	w.outputs.RegistryAllowedIPRanges = []string{"203.0.113.10"}
	p := w.registry.Properties
	p.PublicNetworkAccess = to.Ptr(armcontainerregistry.PublicNetworkAccessEnabled)
	p.NetworkRuleSet = &armcontainerregistry.NetworkRuleSet{DefaultAction: to.Ptr(armcontainerregistry.DefaultActionDeny)}
	for _, ip := range live {
		p.NetworkRuleSet.IPRules = append(p.NetworkRuleSet.IPRules, &armcontainerregistry.IPRule{
			IPAddressOrRange: to.Ptr(ip), Action: to.Ptr(armcontainerregistry.ActionAllow),
		})
	}
}

// TestNonFailingVariants covers states that must pass or only warn.
func TestNonFailingVariants(t *testing.T) {
	cases := []struct {
		name   string
		break_ func(t *testing.T, w *world)
		check  string
		status Status
		found  string
	}{
		{
			name:   "allow-list matches (address and /32 are the same rule)",
			break_: func(_ *testing.T, w *world) { allowList(w, "203.0.113.10/32") },
			check:  CheckRegistryPublicAccess, status: StatusPass, found: "ipRules=[203.0.113.10/32]",
		},
		{
			name: "credential health not reported yet",
			break_: func(_ *testing.T, w *world) {
				w.credentialSets[0].Properties.AuthCredentials[0].CredentialHealth = nil
			},
			check: CheckRegistryCredentialSet, status: StatusWarn, found: "Credential1: health not reported",
		},
		{
			name:   "registry without credential sets",
			break_: func(_ *testing.T, w *world) { w.credentialSets = nil },
			check:  CheckRegistrySKU, status: StatusPass, found: "sku Premium",
		},
		{
			name:   "RBAC mode not reported",
			break_: func(_ *testing.T, w *world) { w.registry.Properties.RoleAssignmentMode = nil },
			check:  CheckRegistryRBACMode, status: StatusPass, found: "roleAssignmentMode=LegacyRegistryPermissions (property not reported: the default)",
		},
		{
			name: "VNet pull by app setting only",
			break_: func(t *testing.T, w *world) {
				w.rawMap(t, http.MethodGet, webUAID)["properties"].(map[string]any)["vnetImagePullEnabled"] = false
			},
			check: CheckWebAppVnetImage, status: StatusPass, found: "vnetImagePullEnabled=false, WEBSITE_PULL_IMAGE_OVER_VNET=true",
		},
		{
			name: "workload VNet resolved outside the stack",
			break_: func(_ *testing.T, w *world) {
				w.outputs.DNSResolvedElsewhere = true
				w.outputs.RegistryPrivateEndpoints[0].LinkedVnetIDs = nil
				w.links[NormalizeID(zoneID)] = nil
			},
			check: CheckDNSVnetLink, status: StatusWarn, found: "resolution outside the stack",
		},
		{
			name: "AcrPull inherited from the resource group only",
			break_: func(_ *testing.T, w *world) {
				w.assignments[0] = acrPull(principalID, rgID, acrPullDef)
			},
			check: CheckPullGrant, status: StatusPass, found: "inherited from " + rgID,
		},
		{
			name: "AcrPull inherited from the subscription, scope spelled with a trailing slash",
			break_: func(_ *testing.T, w *world) {
				w.assignments[0] = acrPull(principalID, "/SUBSCRIPTIONS/"+sub+"/", acrPullDef)
			},
			check: CheckPullGrant, status: StatusPass, found: "inherited from /SUBSCRIPTIONS/" + sub + "/",
		},
		{
			name: "AcrPull inherited from a management group above the subscription",
			break_: func(_ *testing.T, w *world) {
				w.assignments[0] = acrPull(principalID, "/providers/Microsoft.Management/managementGroups/MG-Platform-Root", acrPullDef)
			},
			check: CheckPullGrant, status: StatusPass,
			found: "inherited from management group mg-platform-root (an ancestor of subscription " + sub + ")",
		},
		{
			name: "AcrPull at a management group whose ancestry cannot be read",
			break_: func(_ *testing.T, w *world) {
				w.graphErr = http.StatusForbidden
				w.assignments[0] = acrPull(principalID, "/providers/Microsoft.Management/managementGroups/mg-platform-root", acrPullDef)
			},
			check: CheckPullGrant, status: StatusWarn,
			found: "AcrPull at management group mg-platform-root; whether it contains subscription " + sub +
				" could not be read (Resource Graph: read failed: 403 Forbidden)",
		},
		{
			name: "data zone elsewhere, not linked to the stack",
			break_: func(_ *testing.T, w *world) {
				w.zones = append(w.zones, &armprivatedns.PrivateZone{
					ID:   to.Ptr("/subscriptions/" + sub + "/resourceGroups/rg-other/providers/Microsoft.Network/privateDnsZones/westus.data.privatelink.azurecr.io"),
					Name: to.Ptr("westus.data.privatelink.azurecr.io"),
				})
			},
			check: CheckDNSNoDataZone, status: StatusWarn, found: "not linked to this stack's VNets",
		},
		{
			name:   "zones listed by resource group when the subscription cannot be listed",
			break_: func(_ *testing.T, w *world) { w.zoneListErr = http.StatusForbidden },
			check:  CheckDNSNoDataZone, status: StatusPass, found: "none found",
		},
		{
			name: "zones cannot be listed at all",
			break_: func(_ *testing.T, w *world) {
				w.zoneListErr, w.rgZoneListErr = http.StatusForbidden, http.StatusForbidden
			},
			check: CheckDNSNoDataZone, status: StatusWarn, found: "could not list private DNS zones: read failed: 403",
		},
		{
			name: "revision running at its maximum scale",
			break_: func(_ *testing.T, w *world) {
				p := w.revisions["ca-myapp--r1"].Properties
				p.Replicas, p.RunningState = to.Ptr[int32](10), to.Ptr(armappcontainers.RevisionRunningState("RunningAtMaxScale"))
			},
			check: CheckContainerAppRevision, status: StatusPass, found: "running RunningAtMaxScale, health Healthy, 10 replica(s)",
		},
		{
			name: "revision scaled to zero",
			break_: func(_ *testing.T, w *world) {
				p := w.revisions["ca-myapp--r1"].Properties
				p.Replicas, p.HealthState, p.RunningState = to.Ptr[int32](0), to.Ptr(armappcontainers.RevisionHealthStateNone), to.Ptr(armappcontainers.RevisionRunningStateStopped)
			},
			check: CheckContainerAppRevision, status: StatusWarn, found: "0 replica(s)",
		},
		{
			name: "logs sent straight to the stack's workspace",
			break_: func(_ *testing.T, w *world) {
				w.environment.Properties.AppLogsConfiguration = &armappcontainers.AppLogsConfiguration{
					Destination:               to.Ptr("log-analytics"),
					LogAnalyticsConfiguration: &armappcontainers.LogAnalyticsConfiguration{CustomerID: to.Ptr(strings.ToUpper(customerID))},
				}
			},
			check: CheckEnvironmentLogs, status: StatusPass, found: "destination log-analytics, customerId " + strings.ToUpper(customerID),
		},
		{
			name: "diagnostic setting with the allLogs category group",
			break_: func(_ *testing.T, w *world) {
				w.setRaw(http.MethodGet, envID+"/providers/Microsoft.Insights/diagnosticSettings", map[string]any{"value": []any{
					diagnosticSettingTo("other-tool", rgID+"/providers/Microsoft.OperationalInsights/workspaces/log-other", "ContainerAppConsoleLogs"),
					diagnosticSettingTo("all", workspaceID, "group allLogs")}})
			},
			check: CheckEnvironmentLogs, status: StatusPass, found: "all → " + workspaceID + " [group allLogs]",
		},
		{
			name: "stack without a Log Analytics workspace",
			break_: func(_ *testing.T, w *world) {
				w.outputs.LogAnalyticsWorkspaceID, w.outputs.LogAnalyticsCustomerID = "", ""
			},
			check: CheckEnvironmentLogs, status: StatusWarn, found: "the stack declares no Log Analytics workspace",
		},
		{
			name: "environment still being set up",
			break_: func(_ *testing.T, w *world) {
				w.environment.Properties.ProvisioningState = to.Ptr(armappcontainers.EnvironmentProvisioningStateInfrastructureSetupInProgress)
			},
			check: CheckEnvironment, status: StatusWarn, found: "provisioningState=InfrastructureSetupInProgress",
		},
		{
			name: "image drifted but still from the login server",
			break_: func(_ *testing.T, w *world) {
				w.apps["ca-myapp"].Properties.Template.Containers[0].Image = to.Ptr(loginServer + "/myapp:v2")
			},
			check: CheckContainerAppImage, status: StatusWarn, found: "differs from the stack's image",
		},
		{
			name: "credential pulls are reported",
			break_: func(t *testing.T, w *world) {
				site := w.outputs.WebApps["web-sys-dev01"]
				site.PullAuth = PullAuthCredentials
				w.outputs.WebApps["web-sys-dev01"] = site
				w.assignments = []*armauthorization.RoleAssignment{w.assignments[0], w.assignments[2]}
			},
			check: CheckWebAppPullIdentity, status: StatusWarn, found: "credential pull",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld()
			tc.break_(t, w)
			r := w.run(t, RunOptions{})
			assertOnlyVariant(t, r, tc.check, tc.status, tc.found)
		})
	}
}

// assertOnlyVariant checks that check reports status with found containing
// found, that every other row passes, and that the run did not fail.
func assertOnlyVariant(t *testing.T, r *Report, check string, status Status, found string) {
	t.Helper()
	matched := false
	for _, res := range r.Results {
		if res.Check == check && res.Status == status && strings.Contains(res.Found, found) {
			matched = true
		} else if res.Status != StatusPass {
			t.Errorf("unexpected %s %s: %q", res.Status, res.Check, res.Found)
		}
	}
	if !matched {
		t.Errorf("no %s %s with found containing %q:\n%s", status, check, found, dump(r))
	}
	if r.Failed() {
		t.Error("Failed() = true")
	}
}

func TestProbe(t *testing.T) {
	t.Run("succeeds", func(t *testing.T) {
		w := newWorld()
		var progress bytes.Buffer
		r := w.run(t, RunOptions{Probe: true, ProbeOptions: ProbeOptions{Interval: time.Millisecond, Progress: &progress}})
		res := only(t, r, CheckProbe)
		if res.Status != StatusPass || !strings.Contains(res.Found, "job-probe-abc12 Succeeded") {
			t.Errorf("probe = %+v", res)
		}
		if !strings.Contains(progress.String(), "probe job-probe-abc12: Running") {
			t.Errorf("progress = %q", progress.String())
		}
	})
	t.Run("fails", func(t *testing.T) {
		w := newWorld()
		w.probeStatuses = []string{"Running", "Failed"}
		r := w.run(t, RunOptions{Probe: true, ProbeOptions: ProbeOptions{Interval: time.Millisecond, LogWait: time.Millisecond}})
		res := only(t, r, CheckProbe)
		if res.Status != StatusFail || res.Fix != fixProbe || !strings.Contains(res.Found, "job-probe-abc12 Failed") {
			t.Errorf("probe = %+v", res)
		}
	})
	t.Run("times out", func(t *testing.T) {
		w := newWorld()
		w.probeStatuses = []string{"Running"}
		w.logLines = []string{"PASS " + loginServer + " resolves to 10.0.2.4"}
		r := w.run(t, RunOptions{Probe: true, ProbeOptions: ProbeOptions{Interval: time.Millisecond, Timeout: 50 * time.Millisecond}})
		res := only(t, r, CheckProbe)
		if res.Status != StatusFail || !strings.Contains(res.Found, "still Running after 50ms (timeout)") || len(res.Log) != 2 {
			t.Errorf("probe = %+v", res)
		}
	})
	t.Run("start refused: names the role that may start it", func(t *testing.T) {
		w := newWorld()
		w.startErr = http.StatusForbidden
		r := w.run(t, RunOptions{Probe: true, ProbeOptions: ProbeOptions{Interval: time.Millisecond}})
		res := only(t, r, CheckProbe)
		if res.Status != StatusFail || !strings.Contains(res.Found, "start failed: read failed: 403") {
			t.Errorf("probe = %+v", res)
		}
		for _, want := range []string{"Microsoft.App/jobs/start/action", "Container Apps Jobs Operator", "b9a307c4-5aa3-4b52-ba60-2b17c136cd7b",
			"az role assignment create", `--role "Container Apps Jobs Operator" --scope ` + jobID + "`"} {
			if !strings.Contains(res.Fix, want) {
				t.Errorf("fix %q lacks %q", res.Fix, want)
			}
		}
	})
	t.Run("no probe job", func(t *testing.T) {
		w := newWorld()
		w.outputs.ProbeJobID = ""
		r := w.run(t, RunOptions{Probe: true})
		if res := only(t, r, CheckProbe); res.Status != StatusWarn {
			t.Errorf("probe = %+v", res)
		}
	})
	t.Run("not run without --probe", func(t *testing.T) {
		w := newWorld()
		r := w.run(t, RunOptions{})
		if countRows(r, CheckProbe) != 0 || w.probeReads != 0 {
			t.Error("probe ran without RunOptions.Probe")
		}
	})
}

// failedProbeLog runs a world whose probe fails and returns the probe row.
func failedProbeLog(t *testing.T, w *world, logWait time.Duration) Result {
	t.Helper()
	w.probeStatuses = []string{"Running", "Failed"}
	r := w.run(t, RunOptions{Probe: true, ProbeOptions: ProbeOptions{Interval: time.Millisecond,
		LogWait: logWait, LogInterval: time.Millisecond}})
	res := only(t, r, CheckProbe)
	if res.Status != StatusFail || res.Fix != fixProbe {
		t.Errorf("probe = %+v", res)
	}
	return res
}

func TestFailedProbePrintsItsLog(t *testing.T) {
	probeLines := []string{
		"PASS " + loginServer + " resolves to 10.0.2.4",
		"FAIL " + dataKC + " resolves to 20.41.66.1, not the endpoint's 10.0.2.5",
	}
	t.Run("lines read from the workspace once ingested", func(t *testing.T) {
		w := newWorld()
		w.logLines, w.logDelay = probeLines, 2
		res := failedProbeLog(t, w, time.Minute)
		want := []string{"probe log (ContainerAppConsoleLogs in workspace " + customerID + "):", "  " + probeLines[0], "  " + probeLines[1]}
		if strings.Join(res.Log, "\n") != strings.Join(want, "\n") {
			t.Errorf("log = %q, want %q", res.Log, want)
		}
		if len(w.logQueries) != 3 {
			t.Errorf("%d queries, want 3 (two before the lines arrived)", len(w.logQueries))
		}
		q := w.logQueries[0].Query
		for _, part := range []string{"ContainerAppConsoleLogs | where TimeGenerated >= datetime(",
			"(ContainerGroupName startswith 'job-probe-abc12' or JobName == 'job-probe-abc12')", "has_any ('PASS', 'FAIL')"} {
			if !strings.Contains(q, part) {
				t.Errorf("query %q lacks %q", q, part)
			}
		}
		r := &Report{Results: []Result{res}}
		if table := dump(r); !strings.Contains(table, "\n      "+probeLines[1]+"\n") {
			t.Errorf("the table does not print the probe's lines under its fix:\n%s", table)
		}
	})
	t.Run("log-analytics destination: the custom table", func(t *testing.T) {
		w := newWorld()
		w.environment.Properties.AppLogsConfiguration = &armappcontainers.AppLogsConfiguration{
			Destination:               to.Ptr("log-analytics"),
			LogAnalyticsConfiguration: &armappcontainers.LogAnalyticsConfiguration{CustomerID: to.Ptr(customerID)},
		}
		w.logLines = probeLines
		res := failedProbeLog(t, w, time.Minute)
		if len(res.Log) != 3 || !strings.Contains(res.Log[0], "ContainerAppConsoleLogs_CL") ||
			!strings.Contains(w.logQueries[0].Query, "ContainerGroupName_s startswith 'job-probe-abc12'") {
			t.Errorf("log = %q, query %q", res.Log, w.logQueries[0].Query)
		}
	})
	wantCommand := func(t *testing.T, res Result, reason, workspace string) {
		t.Helper()
		if len(res.Log) != 2 || !strings.Contains(res.Log[0], "probe log not read: "+reason) ||
			!strings.HasPrefix(res.Log[1], "  az monitor log-analytics query --workspace "+workspace+` --analytics-query "ContainerAppConsoleLogs | where`) ||
			!strings.HasSuffix(res.Log[1], `| order by TimeGenerated asc"`) {
			t.Errorf("log = %q", res.Log)
		}
	}
	t.Run("query refused: the command instead", func(t *testing.T) {
		w := newWorld()
		w.logErr, w.logLines = http.StatusForbidden, probeLines
		res := failedProbeLog(t, w, time.Minute)
		wantCommand(t, res, "read failed: 403", customerID)
		if len(w.logQueries) != 1 {
			t.Errorf("%d queries after a 403, want 1", len(w.logQueries))
		}
	})
	t.Run("nothing arrives in time: the command instead", func(t *testing.T) {
		w := newWorld()
		w.logLines, w.logDelay = probeLines, 1000
		res := failedProbeLog(t, w, 20*time.Millisecond)
		wantCommand(t, res, "no line in ContainerAppConsoleLogs after 20ms", customerID)
	})
	t.Run("stack without a workspace: the command with a placeholder", func(t *testing.T) {
		w := newWorld()
		w.outputs.LogAnalyticsWorkspaceID, w.outputs.LogAnalyticsCustomerID = "", ""
		res := failedProbeLog(t, w, time.Minute)
		wantCommand(t, res, "the stack outputs name no Log Analytics workspace", "<customer id of the environment's Log Analytics workspace>")
		if len(w.logQueries) != 0 {
			t.Errorf("%d queries without a workspace", len(w.logQueries))
		}
	})
	t.Run("a passing probe reads no log", func(t *testing.T) {
		w := newWorld()
		r := w.run(t, RunOptions{Probe: true, ProbeOptions: ProbeOptions{Interval: time.Millisecond}})
		if res := only(t, r, CheckProbe); res.Status != StatusPass || res.Log != nil || len(w.logQueries) != 0 {
			t.Errorf("probe = %+v, %d queries", res, len(w.logQueries))
		}
	})
}

// only returns the single result of a check.
func only(t *testing.T, r *Report, check string) Result {
	t.Helper()
	var out []Result
	for _, res := range r.Results {
		if res.Check == check {
			out = append(out, res)
		}
	}
	if len(out) != 1 {
		t.Fatalf("%d %s rows, want 1:\n%s", len(out), check, dump(r))
	}
	return out[0]
}

// TestRoleAssignmentFixtureHonoursFilter guards the fixture: the fake server
// returns only the filtered principal's assignments, as ARM does.
func TestRoleAssignmentFixtureHonoursFilter(t *testing.T) {
	w := newWorld()
	w.assignments = append(w.assignments, acrPull("44444444-4444-4444-4444-444444444444", registryID, acrPullDef))
	r := w.run(t, RunOptions{})
	for _, res := range r.Results {
		if res.Check == CheckPullGrant && strings.Contains(res.Found, "4444") {
			t.Errorf("unrelated principal reported: %+v", res)
		}
	}
	_ = armauthorization.PrincipalTypeServicePrincipal
}

// TestSystemAssignedWebAppKeepsItsPullGrantCheckWhenConfigIsUnreadable: the
// site's principal comes from the site GET, so a 403 on config/web fails the
// configuration rows but leaves the site's pull grant checked.
func TestSystemAssignedWebAppKeepsItsPullGrantCheckWhenConfigIsUnreadable(t *testing.T) {
	w := newWorld()
	w.setRaw(http.MethodGet, webSysID+"/config/web", http.StatusForbidden)
	r := w.run(t, RunOptions{})
	assertOnlyFailure(t, r, brokenCase{check: CheckWebAppPullIdentity, resource: webSysID + "/config/web",
		found: "read failed: 403", expected: "the site configuration", fix: fixRead, alsoFail: []string{CheckWebAppImage}})
	if !slices.ContainsFunc(r.Results, func(res Result) bool {
		return res.Status == StatusPass && strings.HasPrefix(res.Found, "site web-sys-dev01 (system-assigned): ")
	}) {
		t.Errorf("the system-assigned web app's pull grant is not checked:\n%s", dump(r))
	}
}
