package verify

import (
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/to"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/authorization/armauthorization/v2"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/privatedns/armprivatedns"
)

// functionChecks are the checks a stack with function apps adds.
var functionChecks = []string{
	CheckFunctionAppKind, CheckFunctionAppState, CheckFunctionAppSubnet, CheckFunctionAppVnetImage,
	CheckFunctionAppPullIdentity, CheckFunctionAppImage, CheckFunctionAppSettings, CheckFunctionAppStorageSettings,
	CheckFunctionAppStorageKeys, CheckFunctionAppStorageAccount,
	CheckStorageSharedKey, CheckStoragePublicAccess, CheckStorageTLS, CheckStorageBlobPublicAccess,
	CheckStorageEndpoint, CheckStorageEndpointIP, CheckStorageZoneGroup, CheckStorageRecord, CheckStorageVnetLink,
	CheckStorageGrant,
}

func TestHealthyFunctionAppsPassEveryCheck(t *testing.T) {
	w := functionWorld()
	r := w.run(t, RunOptions{})
	for _, res := range r.Results {
		if res.Status != StatusPass {
			t.Errorf("%s %s on %s: found %q, expected %q", res.Status, res.Check, res.Resource, res.Found, res.Expected)
		}
	}
	for _, check := range append(slices.Clone(everyCheck[:len(everyCheck)-1]), functionChecks...) {
		if countRows(r, check) == 0 {
			t.Errorf("check %s not reported", check)
		}
	}
	// Per app: one row of each site and settings check; per service: one
	// endpoint, IP, zone group, record and link row; per principal (the
	// identity, the system-assigned app): one row per data role.
	for check, want := range map[string]int{
		CheckFunctionAppKind: 2, CheckFunctionAppPullIdentity: 2, CheckFunctionAppStorageSettings: 2, CheckFunctionAppStorageKeys: 2,
		CheckFunctionAppStorageAccount: 2,
		CheckStorageSharedKey:          1, CheckStorageEndpoint: 3, CheckStorageEndpointIP: 3, CheckStorageZoneGroup: 3,
		CheckStorageRecord: 3, CheckStorageVnetLink: 3, CheckStorageGrant: 6,
	} {
		if n := countRows(r, check); n != want {
			t.Errorf("%s rows = %d, want %d", check, n, want)
		}
	}
	for _, want := range []string{
		"identity userAssignedIdentities/id-myapp: Storage Blob Data Owner at storageAccounts/" + stName,
		"site " + funcSysName + " (system-assigned): Storage Table Data Contributor at storageAccounts/" + stName,
	} {
		if !slices.ContainsFunc(rowsOf(r, CheckStorageGrant), func(res Result) bool { return res.Found == want }) {
			t.Errorf("no grant.storage row %q:\n%s", want, dump(r))
		}
	}
	// The system-assigned app's own principal is checked for its registry
	// pull grant with the others.
	if !slices.ContainsFunc(r.Results, func(res Result) bool {
		return res.Check != CheckStorageGrant && strings.HasPrefix(res.Found, "site "+funcSysName+" (system-assigned): ")
	}) {
		t.Errorf("the system-assigned function app's registry grant is not checked:\n%s", dump(r))
	}
	pull := rowsOf(r, CheckFunctionAppPullIdentity)
	if !slices.ContainsFunc(pull, func(res Result) bool {
		return res.Resource == funcUAID && strings.Contains(res.Found, "acrUserManagedIdentityID="+clientID+", identity.type=UserAssigned (the client id)")
	}) {
		t.Errorf("pull identity rows do not report the client-id form: %+v", pull)
	}
}

func TestStackWithoutFunctionAppsHasNoFunctionRows(t *testing.T) {
	r := newWorld().run(t, RunOptions{})
	for _, check := range functionChecks {
		if n := countRows(r, check); n != 0 {
			t.Errorf("%d %s rows on a stack without function apps", n, check)
		}
	}
}

// settingsOf returns the served app settings of a site for in-place edits.
func settingsOf(t *testing.T, w *world, siteID string) map[string]string {
	t.Helper()
	m, ok := w.rawMap(t, http.MethodPost, siteID+"/config/appsettings/list")["properties"].(map[string]string)
	if !ok {
		t.Fatalf("no app settings of %s", siteID)
	}
	return m
}

// propsOf returns the "properties" of a served resource for in-place edits.
func propsOf(t *testing.T, w *world, method, id string) map[string]any {
	t.Helper()
	return w.rawMap(t, method, id)["properties"].(map[string]any)
}

// connectionOf returns the first connection of a storage endpoint.
func connectionOf(t *testing.T, w *world, service string) map[string]any {
	t.Helper()
	conns := propsOf(t, w, http.MethodGet, storagePEID(service))["privateLinkServiceConnections"].([]any)
	return conns[0].(map[string]any)["properties"].(map[string]any)
}

// withoutAssignment removes the assignment of a role to a principal.
func withoutAssignment(w *world, principal, roleID string) {
	w.assignments = slices.DeleteFunc(w.assignments, func(a *armauthorization.RoleAssignment) bool {
		return *a.Properties.PrincipalID == principal && isRole(*a.Properties.RoleDefinitionID, roleID)
	})
}

// otherStorageID is a storage account that is not the stack's
// functionsStorage; hostsContainerID a blob container of the stack's account.
const (
	otherStorageID   = rgID + "/providers/Microsoft.Storage/storageAccounts/stother01"
	hostsContainerID = storageID + "/blobServices/default/containers/azure-webjobs-hosts"
)

func TestEachFunctionCheckFailsOnItsBrokenLink(t *testing.T) {
	const accountKey = "Zm9vYmFyc2VjcmV0a2V5MTIzNDU2Nzg5MA=="
	cases := []brokenCase{
		{
			name:   "site is not a container function app",
			break_: func(t *testing.T, w *world) { w.rawMap(t, http.MethodGet, funcUAID)["kind"] = "app,linux,container" },
			check:  CheckFunctionAppKind, resource: funcUAID, found: "kind=app,linux,container", fix: fixFunctionKind,
		},
		{
			name:   "site is not Linux (reserved false)",
			break_: func(t *testing.T, w *world) { propsOf(t, w, http.MethodGet, funcSysID)["reserved"] = false },
			check:  CheckFunctionAppKind, resource: funcSysID, found: "reserved=false (plan appService)", fix: fixFunctionKind,
		},
		{
			name:   "function app site not found",
			break_: func(_ *testing.T, w *world) { w.setRaw(http.MethodGet, funcUAID, http.StatusNotFound) },
			check:  CheckFunctionAppState, resource: funcUAID, found: "not found (404)",
			expected: "function app " + funcUAName, fix: fixRead,
		},
		{
			name:   "function app stopped",
			break_: func(t *testing.T, w *world) { propsOf(t, w, http.MethodGet, funcUAID)["state"] = "Stopped" },
			check:  CheckFunctionAppState, resource: funcUAID, found: "state Stopped", fix: fixFunctionState,
		},
		{
			name: "function app integrated with another subnet",
			break_: func(t *testing.T, w *world) {
				propsOf(t, w, http.MethodGet, funcUAID)["virtualNetworkSubnetId"] = vnetID + "/subnets/other"
			},
			check: CheckFunctionAppSubnet, resource: funcUAID, found: "subnets/other", fix: fixFunctionSubnet,
		},
		{
			name: "function app output without its integration subnet",
			break_: func(_ *testing.T, w *world) {
				f := w.outputs.FunctionApps[funcUAName]
				f.IntegrationSubnetID = ""
				w.outputs.FunctionApps[funcUAName] = f
			},
			check: CheckFunctionAppSubnet, resource: funcUAID, found: "virtualNetworkSubnetId=" + strings.ToUpper(funcSubnetID),
			expected: "virtualNetworkSubnetId=(unknown: the stack outputs name no integration subnet)", fix: fixFunctionSubnet,
		},
		{
			name: "function app VNet pull off (property false, setting absent)",
			break_: func(t *testing.T, w *world) {
				propsOf(t, w, http.MethodGet, funcSysID)["vnetImagePullEnabled"] = false
				delete(settingsOf(t, w, funcSysID), "WEBSITE_PULL_IMAGE_OVER_VNET")
			},
			check: CheckFunctionAppVnetImage, resource: funcSysID, found: "vnetImagePullEnabled=false, WEBSITE_PULL_IMAGE_OVER_VNET not set",
			fix: fixFunctionVnetPull,
		},
		{
			name: "acrUserManagedIdentityID is the principal id",
			break_: func(t *testing.T, w *world) {
				propsOf(t, w, http.MethodGet, funcUAID+"/config/web")["acrUserManagedIdentityID"] = principalID
			},
			check: CheckFunctionAppPullIdentity, resource: funcUAID, found: "the PRINCIPAL id, not the client id", fix: fixFunctionIdentity,
		},
		{
			name: "user-assigned app without managed-identity credentials",
			break_: func(t *testing.T, w *world) {
				propsOf(t, w, http.MethodGet, funcUAID+"/config/web")["acrUseManagedIdentityCreds"] = false
			},
			check: CheckFunctionAppPullIdentity, resource: funcUAID,
			found:    "acrUseManagedIdentityCreds=false, acrUserManagedIdentityID=" + clientID + ", identity.type=UserAssigned",
			expected: "acrUseManagedIdentityCreds=true, acrUserManagedIdentityID=" + clientID + " (client id)", fix: fixFunctionIdentity,
		},
		{
			name: "user-assigned app with an empty acrUserManagedIdentityID",
			break_: func(t *testing.T, w *world) {
				propsOf(t, w, http.MethodGet, funcUAID+"/config/web")["acrUserManagedIdentityID"] = ""
			},
			check: CheckFunctionAppPullIdentity, resource: funcUAID,
			found:    "acrUseManagedIdentityCreds=true, acrUserManagedIdentityID=(none), identity.type=UserAssigned",
			expected: "acrUserManagedIdentityID=" + clientID + " (client id) or " + identityID + " (resource id)", fix: fixFunctionIdentity,
		},
		{
			name: "acrUserManagedIdentityID is another identity's resource id",
			break_: func(t *testing.T, w *world) {
				propsOf(t, w, http.MethodGet, funcUAID+"/config/web")["acrUserManagedIdentityID"] = identityID + "-other"
			},
			check: CheckFunctionAppPullIdentity, resource: funcUAID, found: "acrUserManagedIdentityID=" + identityID + "-other",
			fix: fixFunctionIdentity,
		},
		{
			name: "pull identity not assigned to the function app",
			break_: func(t *testing.T, w *world) {
				w.rawMap(t, http.MethodGet, funcUAID)["identity"] = map[string]any{"type": "None"}
			},
			check: CheckFunctionAppPullIdentity, resource: funcUAID, found: "identity.type=None", fix: fixFunctionIdentity,
		},
		{
			name: "system-assigned function app without managed-identity credentials",
			break_: func(t *testing.T, w *world) {
				propsOf(t, w, http.MethodGet, funcSysID+"/config/web")["acrUseManagedIdentityCreds"] = false
			},
			check: CheckFunctionAppPullIdentity, resource: funcSysID, found: "acrUseManagedIdentityCreds=false", fix: fixFunctionIdentity,
		},
		{
			name: "function app image from another registry",
			break_: func(t *testing.T, w *world) {
				propsOf(t, w, http.MethodGet, funcUAID+"/config/web")["linuxFxVersion"] = "DOCKER|mcr.microsoft.com/azure-functions/dotnet:4"
			},
			check: CheckFunctionAppImage, resource: funcUAID, found: "host is not " + loginServer, fix: fixFunctionImage,
		},
		{
			name: "function app runs a built-in runtime, not a container",
			break_: func(t *testing.T, w *world) {
				propsOf(t, w, http.MethodGet, funcSysID+"/config/web")["linuxFxVersion"] = "PYTHON|3.11"
			},
			check: CheckFunctionAppImage, resource: funcSysID, found: "linuxFxVersion=PYTHON|3.11",
			expected: "linuxFxVersion=DOCKER|" + funcImage, fix: fixFunctionImage,
		},
		{
			name:   "runtime ~3",
			break_: func(t *testing.T, w *world) { settingsOf(t, w, funcUAID)["FUNCTIONS_EXTENSION_VERSION"] = "~3" },
			check:  CheckFunctionAppSettings, resource: funcUAID, found: "FUNCTIONS_EXTENSION_VERSION=~3", fix: fixFunctionSettings,
		},
		{
			name: "App Service storage mount not turned off",
			break_: func(t *testing.T, w *world) {
				delete(settingsOf(t, w, funcSysID), "WEBSITES_ENABLE_APP_SERVICE_STORAGE")
			},
			check: CheckFunctionAppSettings, resource: funcSysID, found: "FUNCTIONS_EXTENSION_VERSION=~4", fix: fixFunctionSettings,
		},
		{
			name: "host storage names another account",
			break_: func(t *testing.T, w *world) {
				settingsOf(t, w, funcUAID)["AzureWebJobsStorage__accountName"] = "stother"
			},
			check: CheckFunctionAppStorageSettings, resource: funcUAID, found: "(the account is not " + stName + ")",
			fix: fixFunctionStorageSettings,
		},
		{
			name:   "user-assigned storage identity without __credential",
			break_: func(t *testing.T, w *world) { delete(settingsOf(t, w, funcUAID), "AzureWebJobsStorage__credential") },
			check:  CheckFunctionAppStorageSettings, resource: funcUAID, found: "AzureWebJobsStorage__credential is not managedidentity",
			fix: fixFunctionStorageSettings,
		},
		{
			name: "host storage reached with another identity's client id",
			break_: func(t *testing.T, w *world) {
				settingsOf(t, w, funcUAID)["AzureWebJobsStorage__clientId"] = "77777777-7777-7777-7777-777777777777"
			},
			check: CheckFunctionAppStorageSettings, resource: funcUAID, found: "the identity is not the pull identity",
			fix: fixFunctionStorageSettings,
		},
		{
			name: "both __clientId and __managedIdentityResourceId",
			break_: func(t *testing.T, w *world) {
				settingsOf(t, w, funcUAID)["AzureWebJobsStorage__managedIdentityResourceId"] = identityID
			},
			check: CheckFunctionAppStorageSettings, resource: funcUAID, found: "are set (use one)", fix: fixFunctionStorageSettings,
		},
		{
			name:   "system-assigned app names a user-assigned storage identity",
			break_: func(t *testing.T, w *world) { settingsOf(t, w, funcSysID)["AzureWebJobsStorage__clientId"] = clientID },
			check:  CheckFunctionAppStorageSettings, resource: funcSysID, found: "a user-assigned identity is named, not the site's own",
			fix: fixFunctionStorageSettings,
		},
		{
			name: "key-based AzureWebJobsStorage connection string",
			break_: func(t *testing.T, w *world) {
				settingsOf(t, w, funcUAID)["AzureWebJobsStorage"] = "DefaultEndpointsProtocol=https;AccountName=" + stName +
					";AccountKey=" + accountKey + ";EndpointSuffix=core.windows.net"
			},
			check: CheckFunctionAppStorageKeys, resource: funcUAID, found: "set: AzureWebJobsStorage (a connection string with an AccountKey)",
			fix: fixFunctionStorageKeys,
		},
		{
			name: "Azure Files content share settings",
			break_: func(t *testing.T, w *world) {
				s := settingsOf(t, w, funcSysID)
				s["WEBSITE_CONTENTAZUREFILECONNECTIONSTRING"] = "DefaultEndpointsProtocol=https;AccountName=" + stName + ";AccountKey=" + accountKey
				s["WEBSITE_CONTENTSHARE"] = "func-sys-dev01-content"
			},
			check: CheckFunctionAppStorageKeys, resource: funcSysID,
			found: "set: WEBSITE_CONTENTAZUREFILECONNECTIONSTRING (a connection string with an AccountKey), WEBSITE_CONTENTSHARE",
			fix:   fixFunctionStorageKeys,
		},
		{
			name: "app settings unreadable",
			break_: func(_ *testing.T, w *world) {
				w.setRaw(http.MethodPost, funcUAID+"/config/appsettings/list", http.StatusForbidden)
			},
			check: CheckFunctionAppStorageKeys, resource: funcUAID, found: "app settings: read failed: 403", fix: fixReadAppSettings,
			// Every row that needs the settings fails on the same read.
			alsoFail: []string{CheckFunctionAppSettings, CheckFunctionAppStorageSettings},
		},
		{
			name: "function app on another storage account than functionsStorage",
			break_: func(_ *testing.T, w *world) {
				f := w.outputs.FunctionApps[funcSysName]
				f.StorageAccountID = otherStorageID
				w.outputs.FunctionApps[funcSysName] = f
			},
			check: CheckFunctionAppStorageAccount, resource: funcSysID,
			found:    "storageAccountId=" + otherStorageID + " (functionsStorage.id is " + storageID + ")",
			expected: "storageAccountId=" + storageID + " (functionsStorage.id", fix: fixFunctionStorageAccount,
			// The app's settings name the stack's account, and its
			// principal holds no data role on the other one.
			alsoFail: []string{CheckFunctionAppStorageSettings, CheckStorageGrant},
		},
		{
			name:   "shared-key access on",
			break_: func(t *testing.T, w *world) { propsOf(t, w, http.MethodGet, storageID)["allowSharedKeyAccess"] = true },
			check:  CheckStorageSharedKey, resource: storageID, found: "allowSharedKeyAccess=true", fix: fixStorageSharedKey,
		},
		{
			name:   "shared-key access not reported (null means true)",
			break_: func(t *testing.T, w *world) { delete(propsOf(t, w, http.MethodGet, storageID), "allowSharedKeyAccess") },
			check:  CheckStorageSharedKey, resource: storageID, found: "(not reported: null means true)", fix: fixStorageSharedKey,
		},
		{
			name: "storage public network access enabled",
			break_: func(t *testing.T, w *world) {
				propsOf(t, w, http.MethodGet, storageID)["publicNetworkAccess"] = "Enabled"
			},
			check: CheckStoragePublicAccess, resource: storageID, found: "publicNetworkAccess=Enabled", fix: fixStoragePublicAccess,
		},
		{
			name:   "storage accepts TLS 1.0",
			break_: func(t *testing.T, w *world) { propsOf(t, w, http.MethodGet, storageID)["minimumTlsVersion"] = "TLS1_0" },
			check:  CheckStorageTLS, resource: storageID, found: "minimumTlsVersion=TLS1_0", fix: fixStorageTLS,
		},
		{
			name:   "storage minimum TLS not reported (TLS 1.0)",
			break_: func(t *testing.T, w *world) { delete(propsOf(t, w, http.MethodGet, storageID), "minimumTlsVersion") },
			check:  CheckStorageTLS, resource: storageID, found: "(not reported: TLS1_0)", fix: fixStorageTLS,
		},
		{
			name:   "anonymous blob access on",
			break_: func(t *testing.T, w *world) { propsOf(t, w, http.MethodGet, storageID)["allowBlobPublicAccess"] = true },
			check:  CheckStorageBlobPublicAccess, resource: storageID, found: "allowBlobPublicAccess=true", fix: fixStorageBlobPublicAccess,
		},
		{
			name:   "storage account unreadable",
			break_: func(_ *testing.T, w *world) { w.setRaw(http.MethodGet, storageID, http.StatusForbidden) },
			check:  CheckStorageSharedKey, resource: storageID, found: "read failed: 403", fix: fixRead,
		},
		{
			name: "queue endpoint connection pending",
			break_: func(t *testing.T, w *world) {
				connectionOf(t, w, "queue")["privateLinkServiceConnectionState"] = map[string]any{"status": "Pending", "description": "awaiting approval"}
			},
			check: CheckStorageEndpoint, resource: storagePEID("queue"), found: "Pending (awaiting approval)", fix: fixStorageEndpoint,
		},
		{
			name: "blob endpoint provisioning failed",
			break_: func(t *testing.T, w *world) {
				propsOf(t, w, http.MethodGet, storagePEID("blob"))["provisioningState"] = "Failed"
			},
			check: CheckStorageEndpoint, resource: storagePEID("blob"), found: "provisioningState=Failed, connection pe-" + stName + "-blob-conn",
			expected: "provisioningState=Succeeded, connection to storageAccounts/" + stName + " (groupIds [blob]) Approved",
			fix:      fixStorageEndpoint,
		},
		{
			name: "queue zone group provisioning failed",
			break_: func(_ *testing.T, w *world) {
				g := zoneGroup("default", storageZoneID("queue"))
				g["properties"].(map[string]any)["provisioningState"] = "Failed"
				w.setRaw(http.MethodGet, storagePEID("queue")+"/privateDnsZoneGroups", map[string]any{"value": []any{g}})
			},
			check: CheckStorageZoneGroup, resource: storagePEID("queue"),
			found:    "default → " + storageZoneID("queue") + " (provisioningState Failed)",
			expected: "a DNS zone group writing to " + storageZoneID("queue"), fix: fixStorageZoneGroup,
		},
		{
			name: "table endpoint connected to another account",
			break_: func(t *testing.T, w *world) {
				connectionOf(t, w, "table")["privateLinkServiceId"] = storageID + "other"
			},
			check: CheckStorageEndpoint, resource: storagePEID("table"), found: "no connection to the storage account", fix: fixStorageEndpoint,
		},
		{
			name: "blob endpoint with the file group id",
			break_: func(t *testing.T, w *world) {
				connectionOf(t, w, "blob")["groupIds"] = []string{"file"}
			},
			check: CheckStorageEndpoint, resource: storagePEID("blob"), found: "groupIds [file] Approved", fix: fixStorageEndpoint,
		},
		{
			name: "no queue endpoint in the outputs",
			break_: func(_ *testing.T, w *world) {
				st := w.outputs.FunctionsStorage
				st.PrivateEndpoints = slices.DeleteFunc(st.PrivateEndpoints, func(pe StoragePrivateEndpointOutput) bool { return pe.Service == "queue" })
			},
			check: CheckStorageEndpoint, resource: storageID, found: "no private endpoint for queue in the stack outputs", fix: fixStorageEndpoint,
		},
		{
			name: "blob endpoint NIC has no IP for the blob host",
			break_: func(_ *testing.T, w *world) {
				w.setRaw(http.MethodGet, storageNICID("blob"), storageNIC("file", "10.0.2.10"))
			},
			check: CheckStorageEndpointIP, resource: storagePEID("blob"), found: "no IP for " + storageHost("blob"), fix: fixStorageEndpoint,
			// The record exists but cannot be compared with an IP the NIC lacks.
			alsoWarn: []string{CheckStorageRecord},
		},
		{
			name: "queue endpoint has no DNS zone group",
			break_: func(_ *testing.T, w *world) {
				w.setRaw(http.MethodGet, storagePEID("queue")+"/privateDnsZoneGroups", map[string]any{"value": []any{}})
			},
			check: CheckStorageZoneGroup, resource: storagePEID("queue"), found: "no DNS zone group", fix: fixStorageZoneGroup,
		},
		{
			name: "table zone group writes to a hub zone",
			break_: func(_ *testing.T, w *world) {
				hub := "/subscriptions/" + sub + "/resourceGroups/rg-hub/providers/Microsoft.Network/privateDnsZones/" + storageZone("table")
				w.setRaw(http.MethodGet, storagePEID("table")+"/privateDnsZoneGroups", map[string]any{"value": []any{zoneGroup("default", hub)}})
			},
			check: CheckStorageZoneGroup, resource: storagePEID("table"), found: "rg-hub", fix: fixStorageZoneGroup,
		},
		{
			name: "table endpoint declared in the queue zone",
			break_: func(_ *testing.T, w *world) {
				w.outputs.FunctionsStorage.PrivateEndpoints[2].DNSZoneID = storageZoneID("queue")
			},
			check: CheckStorageZoneGroup, resource: storagePEID("table"), found: "is not " + storageZone("table"), fix: fixStorageZoneGroup,
			alsoFail: []string{CheckStorageRecord},
		},
		{
			name:   "blob record points at another IP",
			break_: func(_ *testing.T, w *world) { w.zoneRecords[storageZone("blob")][stName] = []string{"10.9.9.9"} },
			check:  CheckStorageRecord, resource: storageZoneID("blob") + "/A/" + stName, found: "A " + stName + " → 10.9.9.9", fix: fixStorageRecord,
		},
		{
			name:   "queue record missing",
			break_: func(_ *testing.T, w *world) { delete(w.zoneRecords[storageZone("queue")], stName) },
			check:  CheckStorageRecord, resource: storageZoneID("queue") + "/A/" + stName, found: "not found (404)", fix: fixStorageRecord,
		},
		{
			name:   "table zone not linked to the VNet",
			break_: func(_ *testing.T, w *world) { w.links[NormalizeID(storageZoneID("table"))] = nil },
			check:  CheckStorageVnetLink, resource: storageZoneID("table"), found: "no link to virtualNetworks/vnet-myapp", fix: fixStorageVnetLink,
		},
		{
			name: "blob zone link with registration enabled",
			break_: func(_ *testing.T, w *world) {
				w.links[NormalizeID(storageZoneID("blob"))] = []*armprivatedns.VirtualNetworkLink{storageVnetLink("blob", true)}
			},
			check: CheckStorageVnetLink, resource: "virtualNetworkLinks/link-blob", found: "registrationEnabled=true", fix: fixStorageVnetLink,
		},
		{
			name:   "identity lacks Storage Blob Data Owner",
			break_: func(_ *testing.T, w *world) { withoutAssignment(w, principalID, StorageBlobDataOwnerRoleID) },
			check:  CheckStorageGrant, resource: storageID,
			found: "identity userAssignedIdentities/id-myapp: no Storage Blob Data Owner assignment at or above the storage account",
			fix:   fixStorageGrant,
		},
		{
			name: "system-assigned app's queue role on another account",
			break_: func(_ *testing.T, w *world) {
				withoutAssignment(w, funcSysPrinID, StorageQueueDataContributorRoleID)
				w.assignments = append(w.assignments, acrPull(funcSysPrinID, storageID+"other", storageRoleDef(StorageQueueDataContributorRoleID)))
			},
			check: CheckStorageGrant, resource: storageID,
			found: "site " + funcSysName + " (system-assigned): no Storage Queue Data Contributor assignment at or above the storage account",
			fix:   fixStorageGrant,
		},
		{
			name: "blob role held only on a container of the account",
			break_: func(_ *testing.T, w *world) {
				withoutAssignment(w, principalID, StorageBlobDataOwnerRoleID)
				w.assignments = append(w.assignments, acrPull(principalID, hostsContainerID, storageRoleDef(StorageBlobDataOwnerRoleID)))
			},
			check: CheckStorageGrant, resource: storageID,
			found: "identity userAssignedIdentities/id-myapp: no Storage Blob Data Owner assignment at or above the storage account " +
				"(Storage Blob Data Owner at " + hostsContainerID + ", which does not cover the account)",
			expected: "Storage Blob Data Owner (" + StorageBlobDataOwnerRoleID + ") for principal " + principalID + " at scope " + storageID +
				" or above it",
			fix: fixStorageGrant,
		},
		{
			name: "table role replaced by Storage Table Data Reader",
			break_: func(_ *testing.T, w *world) {
				withoutAssignment(w, principalID, StorageTableDataContributorRoleID)
				w.assignments = append(w.assignments, acrPull(principalID, storageID, storageRoleDef("76199698-9eea-4c19-bc75-cec21354c6b6")))
			},
			check: CheckStorageGrant, resource: storageID, found: "no Storage Table Data Contributor assignment", fix: fixStorageGrant,
		},
		{
			name: "blob role at a management group that is not an ancestor",
			break_: func(_ *testing.T, w *world) {
				withoutAssignment(w, funcSysPrinID, StorageBlobDataOwnerRoleID)
				w.assignments = append(w.assignments, acrPull(funcSysPrinID, "/providers/Microsoft.Management/managementGroups/mg-sandbox",
					storageRoleDef(StorageBlobDataOwnerRoleID)))
			},
			check: CheckStorageGrant, resource: storageID,
			found: "(Storage Blob Data Owner at management group mg-sandbox, which is not an ancestor of subscription " + sub + ")",
			fix:   fixStorageGrant,
		},
		{
			name: "system-assigned app lacks its registry pull grant",
			break_: func(_ *testing.T, w *world) {
				w.assignments = slices.DeleteFunc(w.assignments, func(a *armauthorization.RoleAssignment) bool {
					return *a.Properties.PrincipalID == funcSysPrinID && isUnder(registryID, *a.Properties.Scope)
				})
			},
			check: CheckAcrPull, resource: registryID, found: "site " + funcSysName + " (system-assigned): no", fix: fixAcrPull,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := functionWorld()
			tc.break_(t, w)
			r := w.run(t, RunOptions{})
			assertOnlyFailure(t, r, tc)
			for _, res := range r.Results {
				if strings.Contains(res.Found, accountKey) || strings.Contains(res.Expected, accountKey) {
					t.Errorf("%s prints the account key: %q", res.Check, res.Found)
				}
			}
		})
	}
}

// TestFunctionVariantsThatPass covers the forms Azure accepts.
func TestFunctionVariantsThatPass(t *testing.T) {
	cases := []struct {
		name   string
		break_ func(t *testing.T, w *world)
		check  string
		status Status
		found  string
	}{
		{
			name: "acrUserManagedIdentityID is the identity's resource id (function-apps.md §4.3)",
			break_: func(t *testing.T, w *world) {
				propsOf(t, w, http.MethodGet, funcUAID+"/config/web")["acrUserManagedIdentityID"] = strings.ToLower(identityID)
			},
			check: CheckFunctionAppPullIdentity, status: StatusPass, found: "(the resource id)",
		},
		{
			name: "system-assigned app with acrUserManagedIdentityID system",
			break_: func(t *testing.T, w *world) {
				propsOf(t, w, http.MethodGet, funcSysID+"/config/web")["acrUserManagedIdentityID"] = "system"
			},
			check: CheckFunctionAppPullIdentity, status: StatusPass, found: "acrUserManagedIdentityID=system",
		},
		{
			name: "kind in another order and case",
			break_: func(t *testing.T, w *world) {
				w.rawMap(t, http.MethodGet, funcUAID)["kind"] = "Linux,Container,FunctionApp"
			},
			check: CheckFunctionAppKind, status: StatusPass, found: "kind=Linux,Container,FunctionApp, reserved=true",
		},
		{
			name: "VNet pull by app setting only",
			break_: func(t *testing.T, w *world) {
				propsOf(t, w, http.MethodGet, funcUAID)["vnetImagePullEnabled"] = false
			},
			check: CheckFunctionAppVnetImage, status: StatusPass, found: "vnetImagePullEnabled=false, WEBSITE_PULL_IMAGE_OVER_VNET=true",
		},
		{
			name: "storage identity by resource id",
			break_: func(t *testing.T, w *world) {
				s := settingsOf(t, w, funcUAID)
				delete(s, "AzureWebJobsStorage__clientId")
				s["AzureWebJobsStorage__managedIdentityResourceId"] = identityID
			},
			check: CheckFunctionAppStorageSettings, status: StatusPass, found: "(the resource id)",
		},
		{
			name: "storage named by its service URIs",
			break_: func(t *testing.T, w *world) {
				s := settingsOf(t, w, funcSysID)
				delete(s, "AzureWebJobsStorage__accountName")
				for _, svc := range functionStorageServices {
					s["AzureWebJobsStorage__"+svc+"ServiceUri"] = "https://" + storageHost(svc)
				}
			},
			check: CheckFunctionAppStorageSettings, status: StatusPass, found: "AzureWebJobsStorage__blobServiceUri=https://" + storageHost("blob"),
		},
		{
			name:   "system-assigned storage identity without __credential",
			break_: func(t *testing.T, w *world) { delete(settingsOf(t, w, funcSysID), "AzureWebJobsStorage__credential") },
			check:  CheckFunctionAppStorageSettings, status: StatusPass, found: "AzureWebJobsStorage__accountName=" + stName,
		},
		{
			name: "blob public access not reported (false)",
			break_: func(t *testing.T, w *world) {
				delete(propsOf(t, w, http.MethodGet, storageID), "allowBlobPublicAccess")
			},
			check: CheckStorageBlobPublicAccess, status: StatusPass, found: "(not reported: false)",
		},
		{
			name:   "TLS 1.3",
			break_: func(t *testing.T, w *world) { propsOf(t, w, http.MethodGet, storageID)["minimumTlsVersion"] = "TLS1_3" },
			check:  CheckStorageTLS, status: StatusPass, found: "minimumTlsVersion=TLS1_3",
		},
		{
			name: "host names from the account when the outputs lack them",
			break_: func(_ *testing.T, w *world) {
				w.outputs.FunctionsStorage.ServiceHostNames = nil
			},
			check: CheckStorageEndpointIP, status: StatusPass, found: storageHost("queue") + "=10.0.2.11",
		},
		{
			name: "data role inherited from the resource group",
			break_: func(_ *testing.T, w *world) {
				withoutAssignment(w, principalID, StorageQueueDataContributorRoleID)
				w.assignments = append(w.assignments, acrPull(principalID, rgID, storageRoleDef(StorageQueueDataContributorRoleID)))
			},
			check: CheckStorageGrant, status: StatusPass, found: "Storage Queue Data Contributor inherited from " + rgID,
		},
		{
			name: "data role inherited from a management group above the subscription",
			break_: func(_ *testing.T, w *world) {
				withoutAssignment(w, funcSysPrinID, StorageTableDataContributorRoleID)
				w.assignments = append(w.assignments, acrPull(funcSysPrinID, "/providers/Microsoft.Management/managementGroups/mg-landingzones",
					storageRoleDef(StorageTableDataContributorRoleID)))
			},
			check: CheckStorageGrant, status: StatusPass,
			found: "inherited from management group mg-landingzones (an ancestor of subscription " + sub + ")",
		},
		{
			name: "data role at a management group whose ancestry cannot be read",
			break_: func(_ *testing.T, w *world) {
				w.graphErr = http.StatusForbidden
				withoutAssignment(w, principalID, StorageBlobDataOwnerRoleID)
				w.assignments = append(w.assignments, acrPull(principalID, "/providers/Microsoft.Management/managementGroups/mg-platform-root",
					storageRoleDef(StorageBlobDataOwnerRoleID)))
			},
			check: CheckStorageGrant, status: StatusWarn, found: "could not be read (Resource Graph: read failed: 403 Forbidden)",
		},
		{
			name: "storage zone link still being set up",
			break_: func(_ *testing.T, w *world) {
				l := storageVnetLink("queue", false)
				l.Properties.VirtualNetworkLinkState = to.Ptr(armprivatedns.VirtualNetworkLinkStateInProgress)
				l.Properties.ProvisioningState = to.Ptr(armprivatedns.ProvisioningStateUpdating)
				w.links[NormalizeID(storageZoneID("queue"))] = []*armprivatedns.VirtualNetworkLink{l}
			},
			check: CheckStorageVnetLink, status: StatusWarn, found: "state InProgress",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := functionWorld()
			tc.break_(t, w)
			assertOnlyVariant(t, w.run(t, RunOptions{}), tc.check, tc.status, tc.found)
		})
	}
}

// TestAppStackWithoutThePlatformPrincipalSkipsItsStorageGrant: an app stack
// given the platform's team identity without its principal id cannot list
// that identity's grants; the row says so instead of failing.
func TestAppStackWithoutThePlatformPrincipalSkipsItsStorageGrant(t *testing.T) {
	w := functionWorld()
	o := w.outputs
	o.StackRole, o.PlatformStack, o.TeamName, o.IdentityMode = StackRoleApp, "organization/privatepull/dev", "shop", "platform"
	o.IdentityPrincipalID, o.ProbeJobID = "", ""
	r := w.run(t, RunOptions{})
	for _, res := range r.Results {
		if res.Status == StatusFail {
			t.Errorf("FAIL %s on %s: %s", res.Check, res.Resource, res.Found)
		}
	}
	grants := rowsOf(r, CheckStorageGrant)
	var skipped []Result
	for _, res := range grants {
		if res.Status == StatusWarn {
			skipped = append(skipped, res)
		}
	}
	if len(skipped) != 1 || !strings.Contains(skipped[0].Found, "skipped: identity userAssignedIdentities/id-myapp: the app stack was given") ||
		skipped[0].Fix != o.platformHint() || len(grants) != 4 {
		t.Errorf("grant.storage rows = %+v, want the identity's skipped once and the site's three", grants)
	}
}

// TestFunctionChecksAreDocumented: every function app and host storage check
// names its troubleshooting row (the row whose fix its fix text is) and is
// described on the verify page.
func TestFunctionChecksAreDocumented(t *testing.T) {
	for _, page := range []string{"../../docs/troubleshooting.md", "../../docs/verify.md"} {
		data, err := os.ReadFile(page)
		if err != nil {
			t.Fatal(err)
		}
		for _, check := range functionChecks {
			if !strings.Contains(string(data), "`"+check+"`") {
				t.Errorf("%s does not name `%s`", page, check)
			}
		}
	}
}

// TestStorageZonesWithoutAKnownVnetFail: when the outputs name no VNet for
// the storage zones (no linkedVnetIds, no integration subnet), the links
// cannot be checked; each zone gets a FAIL row saying so instead of none.
func TestStorageZonesWithoutAKnownVnetFail(t *testing.T) {
	w := functionWorld()
	w.outputs.FunctionsStorage.LinkedVnetIDs = nil
	for name, f := range w.outputs.FunctionApps {
		f.IntegrationSubnetID = ""
		w.outputs.FunctionApps[name] = f
	}
	r := w.run(t, RunOptions{})
	rows := rowsOf(r, CheckStorageVnetLink)
	if len(rows) != len(storageServicesOfWorld) {
		t.Fatalf("%d %s rows, want one per zone:\n%s", len(rows), CheckStorageVnetLink, dump(r))
	}
	for i, res := range rows {
		zone := storageZoneID(storageServicesOfWorld[i].name)
		if res.Status != StatusFail || res.Resource != zone || res.Fix != fixNoVnetKnown ||
			!strings.Contains(res.Found, "no VNet known: the stack outputs name none (functionsStorage.linkedVnetIds, "+
				"functionApps.<name>.integrationSubnetId)") ||
			!strings.Contains(res.Expected, "at least one VNet linked to the zone") {
			t.Errorf("row %d = %+v, want a FAIL on %s saying no VNet was known", i, res, zone)
		}
	}
}

// TestSystemAssignedAppKeepsItsGrantChecksWhenConfigIsUnreadable: the site
// GET gives the app's own principal; a 403 on config/web fails the rows that
// need the configuration but must not drop the principal's storage and
// registry grant checks.
func TestSystemAssignedAppKeepsItsGrantChecksWhenConfigIsUnreadable(t *testing.T) {
	w := functionWorld()
	w.setRaw(http.MethodGet, funcSysID+"/config/web", http.StatusForbidden)
	r := w.run(t, RunOptions{})
	assertOnlyFailure(t, r, brokenCase{check: CheckFunctionAppPullIdentity, resource: funcSysID + "/config/web",
		found: "read failed: 403", expected: "the site configuration", fix: fixRead,
		alsoFail: []string{CheckFunctionAppImage}})
	label := "site " + funcSysName + " (system-assigned): "
	var storageGrants, registryGrants int
	for _, res := range r.Results {
		if !strings.HasPrefix(res.Found, label) {
			continue
		}
		if res.Status != StatusPass {
			t.Errorf("%s %s: %q", res.Status, res.Check, res.Found)
		}
		if res.Check == CheckStorageGrant {
			storageGrants++
		} else {
			registryGrants++
		}
	}
	if storageGrants != len(storageDataRoles) || registryGrants == 0 {
		t.Errorf("the site's principal has %d grant.storage rows (want %d) and %d registry grant rows (want some):\n%s",
			storageGrants, len(storageDataRoles), registryGrants, dump(r))
	}
	image := rowsOf(r, CheckFunctionAppImage)
	if len(image) != 2 || !slices.ContainsFunc(image, func(res Result) bool {
		return res.Status == StatusFail && res.Resource == funcSysID+"/config/web" && res.Found == "linuxFxVersion: read failed: 403 Forbidden"
	}) {
		t.Errorf("functionapp.image rows = %+v, want the system-assigned app's row to fail on the unreadable configuration", image)
	}
}

// TestSubnetFixesAllowSharedIntegrationSubnets: several plans may share one
// integration subnet (multi-plan subnet join, azure-facts.md "App Service"),
// so neither the subnet fixes nor the troubleshooting page may say one plan
// per subnet; both keep the integration subnet apart from the private
// endpoints.
func TestSubnetFixesAllowSharedIntegrationSubnets(t *testing.T) {
	page, err := os.ReadFile("../../docs/troubleshooting.md")
	if err != nil {
		t.Fatal(err)
	}
	for name, text := range map[string]string{"fixWebSubnet": fixWebSubnet, "fixFunctionSubnet": fixFunctionSubnet,
		"docs/troubleshooting.md": string(page)} {
		if strings.Contains(strings.ToLower(text), "one plan per") {
			t.Errorf("%s still says one plan per subnet", name)
		}
	}
	for name, text := range map[string]string{"fixWebSubnet": fixWebSubnet, "fixFunctionSubnet": fixFunctionSubnet} {
		if !strings.Contains(text, "several plans may share it") || !strings.Contains(text, "separate from the private-endpoint subnet") {
			t.Errorf("%s = %q, want it to allow shared plans and keep the private endpoints apart", name, text)
		}
	}
}
