package verify

import (
	"net/http"
	"slices"
	"strings"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/to"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/privatedns/armprivatedns"
)

// The function apps and host storage the function tests add to the healthy
// world: an Elastic Premium app pulling with the stack's identity, an app on
// the stack's plan pulling with its own identity, and a key-less storage
// account with blob, queue and table endpoints, each in its own zone.
const (
	funcUAName    = "func-myapp-dev01"
	funcSysName   = "func-sys-dev01"
	funcUAID      = rgID + "/providers/Microsoft.Web/sites/" + funcUAName
	funcSysID     = rgID + "/providers/Microsoft.Web/sites/" + funcSysName
	funcSubnetID  = vnetID + "/subnets/snet-functions"
	funcSysPrinID = "88888888-8888-8888-8888-888888888888"
	funcImage     = loginServer + "/functions/hello:v1"
	stName        = "stmyappdev01abcdefghijk"
	storageID     = rgID + "/providers/Microsoft.Storage/storageAccounts/" + stName
)

// storageService is one service of the host storage and its private path.
type storageService struct {
	name, ip string
}

// storageServicesOfWorld are the host storage services and their endpoints' IPs.
var storageServicesOfWorld = []storageService{{"blob", "10.0.2.10"}, {"queue", "10.0.2.11"}, {"table", "10.0.2.12"}}

// storageHost returns the account's host name of a service.
func storageHost(service string) string { return stName + "." + service + ".core.windows.net" }

// storageZone returns the private DNS zone name of a service.
func storageZone(service string) string { return "privatelink." + service + ".core.windows.net" }

// storageZoneID returns the id of a service's zone.
func storageZoneID(service string) string {
	return rgID + "/providers/Microsoft.Network/privateDnsZones/" + storageZone(service)
}

// storagePEID returns the id of a service's private endpoint.
func storagePEID(service string) string {
	return rgID + "/providers/Microsoft.Network/privateEndpoints/pe-" + stName + "-" + service
}

// storageNICID returns the id of a service's endpoint NIC.
func storageNICID(service string) string {
	return rgID + "/providers/Microsoft.Network/networkInterfaces/pe-" + stName + "-" + service + ".nic.0001"
}

// storageRoleDef returns the full role definition id of a role GUID.
func storageRoleDef(roleID string) string {
	return "/subscriptions/" + sub + "/providers/Microsoft.Authorization/roleDefinitions/" + roleID
}

// functionWorld returns the healthy world with two function apps and their
// host storage, every check passing. Live ids are spelled in other casings,
// as Azure returns them. Response layouts follow the REST spec examples
// (GetWebApp.json, StorageAccountGetProperties.json).
func functionWorld() *world {
	w := newWorld()
	o := w.outputs
	o.FunctionApps = map[string]FunctionAppOutput{
		funcUAName: {ID: funcUAID, Plan: "elastic", PullAuth: PullAuthUserAssigned, Image: funcImage,
			IntegrationSubnetID: funcSubnetID, StorageAccountID: storageID},
		funcSysName: {ID: funcSysID, Plan: "appService", PullAuth: PullAuthSystemAssigned, Image: funcImage,
			IntegrationSubnetID: webSubnetID, StorageAccountID: storageID},
	}
	st := &FunctionsStorageOutput{ID: storageID, Name: stName, LinkedVnetIDs: []string{vnetID}, ServiceHostNames: ServiceHostNames{}}
	w.zoneRecords = map[string]map[string][]string{}
	for _, s := range storageServicesOfWorld {
		st.PrivateEndpoints = append(st.PrivateEndpoints, StoragePrivateEndpointOutput{Service: s.name, ID: storagePEID(s.name),
			DNSZoneID: storageZoneID(s.name)})
		st.ServiceHostNames[s.name] = storageHost(s.name)
		w.setRaw(http.MethodGet, storagePEID(s.name), storageEndpoint(s.name))
		w.setRaw(http.MethodGet, storageNICID(s.name), storageNIC(s.name, s.ip))
		w.setRaw(http.MethodGet, storagePEID(s.name)+"/privateDnsZoneGroups", map[string]any{"value": []any{
			zoneGroup("default", storageZoneID(s.name))}})
		w.zoneRecords[storageZone(s.name)] = map[string][]string{stName: {s.ip}}
		w.links[NormalizeID(storageZoneID(s.name))] = []*armprivatedns.VirtualNetworkLink{storageVnetLink(s.name, false)}
	}
	o.FunctionsStorage = st
	w.setRaw(http.MethodGet, storageID, healthyStorageAccount())

	for _, f := range []struct{ id, name, pullAuth string }{
		{funcUAID, funcUAName, PullAuthUserAssigned},
		{funcSysID, funcSysName, PullAuthSystemAssigned},
	} {
		identity := map[string]any{"type": "UserAssigned", "userAssignedIdentities": map[string]any{
			strings.ToLower(identityID): map[string]any{"principalId": principalID, "clientId": clientID},
		}}
		config := map[string]any{
			"linuxFxVersion":              "DOCKER|" + funcImage,
			"acrUseManagedIdentityCreds":  true,
			"acrUserManagedIdentityID":    clientID,
			"alwaysOn":                    false,
			"functionAppScaleLimit":       10,
			"minimumElasticInstanceCount": 1,
		}
		settings := map[string]string{
			"FUNCTIONS_EXTENSION_VERSION":         "~4",
			"FUNCTIONS_WORKER_RUNTIME":            "dotnet-isolated",
			"WEBSITES_ENABLE_APP_SERVICE_STORAGE": "false",
			"WEBSITE_PULL_IMAGE_OVER_VNET":        "true",
			"DOCKER_REGISTRY_SERVER_URL":          "https://" + loginServer,
			"AzureWebJobsStorage__accountName":    stName,
			"AzureWebJobsStorage__credential":     "managedidentity",
			"AzureWebJobsStorage__clientId":       clientID,
		}
		subnet := funcSubnetID
		if f.pullAuth == PullAuthSystemAssigned {
			identity = map[string]any{"type": "SystemAssigned", "principalId": funcSysPrinID,
				"tenantId": "99999999-9999-9999-9999-999999999999"}
			delete(config, "acrUserManagedIdentityID")
			config["alwaysOn"] = true
			delete(settings, "AzureWebJobsStorage__clientId")
			subnet = webSubnetID
		}
		w.setRaw(http.MethodGet, f.id, map[string]any{
			"id": f.id, "name": f.name, "type": "Microsoft.Web/sites", "kind": "functionapp,linux,container",
			"location": "Korea Central", "identity": identity,
			"properties": map[string]any{
				"state": "Running", "reserved": true, "httpsOnly": true, "vnetImagePullEnabled": true,
				"vnetRouteAllEnabled": true, "virtualNetworkSubnetId": strings.ToUpper(subnet),
			},
		})
		w.setRaw(http.MethodGet, f.id+"/config/web", map[string]any{"id": f.id + "/config/web", "name": f.name,
			"type": "Microsoft.Web/sites/config", "properties": config})
		w.setRaw(http.MethodPost, f.id+"/config/appsettings/list", map[string]any{"id": f.id + "/config/appsettings",
			"name": "appsettings", "type": "Microsoft.Web/sites/config", "properties": settings})
	}

	for _, role := range storageDataRoles {
		w.assignments = append(w.assignments,
			acrPull(principalID, strings.ToLower(storageID), storageRoleDef(role.id)),
			acrPull(funcSysPrinID, storageID+"/", strings.ToUpper(storageRoleDef(role.id))))
	}
	// The system-assigned function app holds the registry grants the
	// system-assigned web app holds.
	for _, a := range slices.Clone(w.assignments) {
		if *a.Properties.PrincipalID == sitePrinID {
			g := *a
			props := *a.Properties
			props.PrincipalID = to.Ptr(funcSysPrinID)
			g.Properties = &props
			w.assignments = append(w.assignments, &g)
		}
	}
	return w
}

// healthyStorageAccount is the key-less host storage account as
// StorageAccountGetProperties returns it.
func healthyStorageAccount() map[string]any {
	endpoints := map[string]any{"dfs": "https://" + stName + ".dfs.core.windows.net/", "web": "https://" + stName + ".z12.web.core.windows.net/",
		"file": "https://" + stName + ".file.core.windows.net/"}
	for _, s := range storageServicesOfWorld {
		endpoints[s.name] = "https://" + storageHost(s.name) + "/"
	}
	return map[string]any{
		"id": storageID, "name": stName, "type": "Microsoft.Storage/storageAccounts", "kind": "StorageV2",
		"location": "koreacentral", "sku": map[string]any{"name": "Standard_LRS", "tier": "Standard"},
		"properties": map[string]any{
			"provisioningState":            "Succeeded",
			"allowSharedKeyAccess":         false,
			"publicNetworkAccess":          "Disabled",
			"minimumTlsVersion":            "TLS1_2",
			"allowBlobPublicAccess":        false,
			"supportsHttpsTrafficOnly":     true,
			"defaultToOAuthAuthentication": true,
			"networkAcls": map[string]any{"bypass": "AzureServices", "defaultAction": "Deny", "ipRules": []any{},
				"virtualNetworkRules": []any{}},
			"primaryEndpoints": endpoints,
			"primaryLocation":  "koreacentral",
			"statusOfPrimary":  "available",
		},
	}
}

// storageEndpoint is a service's private endpoint, Approved.
func storageEndpoint(service string) map[string]any {
	return map[string]any{
		"id": storagePEID(service), "name": "pe-" + stName + "-" + service,
		"properties": map[string]any{
			"provisioningState": "Succeeded",
			"privateLinkServiceConnections": []any{map[string]any{
				"name": "pe-" + stName + "-" + service + "-conn",
				"properties": map[string]any{
					"privateLinkServiceId":              strings.ToUpper(storageID),
					"groupIds":                          []string{service},
					"privateLinkServiceConnectionState": map[string]any{"status": "Approved", "description": "Auto-Approved"},
				},
			}},
			"networkInterfaces": []any{map[string]any{"id": storageNICID(service)}},
		},
	}
}

// storageNIC is a service endpoint's NIC with its one IP configuration.
func storageNIC(service, ip string) map[string]any {
	return map[string]any{"properties": map[string]any{"ipConfigurations": []any{map[string]any{
		"name": "privateEndpointIpConfig." + service,
		"properties": map[string]any{
			"privateIPAddress": ip,
			"privateLinkConnectionProperties": map[string]any{
				"groupId": service, "requiredMemberName": service, "fqdns": []string{storageHost(service)},
			},
		},
	}}}}
}

// storageVnetLink is the completed link of a service's zone to the VNet.
func storageVnetLink(service string, registration bool) *armprivatedns.VirtualNetworkLink {
	l := vnetLink("link-"+service, strings.ToUpper(vnetID), registration)
	l.ID = to.Ptr(storageZoneID(service) + "/virtualNetworkLinks/link-" + service)
	return l
}
