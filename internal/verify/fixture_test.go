package verify

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	azfake "github.com/Azure/azure-sdk-for-go/sdk/azcore/fake"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/to"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/appcontainers/armappcontainers/v3"
	appfake "github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/appcontainers/armappcontainers/v3/fake"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/authorization/armauthorization/v2"
	authfake "github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/authorization/armauthorization/v2/fake"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/containerregistry/armcontainerregistry/v3"
	acrfake "github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/containerregistry/armcontainerregistry/v3/fake"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/privatedns/armprivatedns"
	dnsfake "github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/privatedns/armprivatedns/fake"
)

// The healthy stack the tests start from: a registry in koreacentral with a
// japaneast replica, one private endpoint with its own zone, one container
// app, a user-assigned and a system-assigned web app, and a probe job.
const (
	sub         = "00000000-0000-0000-0000-000000000001"
	rgName      = "rg-myapp"
	rgID        = "/subscriptions/" + sub + "/resourceGroups/" + rgName
	regName     = "acrmyappdev01"
	registryID  = rgID + "/providers/Microsoft.ContainerRegistry/registries/" + regName
	loginServer = regName + ".azurecr.io"
	dataKC      = regName + ".koreacentral.data.azurecr.io"
	dataJE      = regName + ".japaneast.data.azurecr.io"
	peID        = rgID + "/providers/Microsoft.Network/privateEndpoints/pe-acr"
	nicID       = rgID + "/providers/Microsoft.Network/networkInterfaces/pe-acr.nic.0001"
	zoneID      = rgID + "/providers/Microsoft.Network/privateDnsZones/privatelink.azurecr.io"
	vnetID      = rgID + "/providers/Microsoft.Network/virtualNetworks/vnet-myapp"
	webSubnetID = vnetID + "/subnets/snet-appservice"
	acaSubnetID = vnetID + "/subnets/snet-aca"
	workspaceID = rgID + "/providers/Microsoft.OperationalInsights/workspaces/log-myapp"
	customerID  = "55555555-5555-5555-5555-555555555555"
	identityID  = rgID + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-myapp"
	clientID    = "11111111-1111-1111-1111-111111111111"
	principalID = "22222222-2222-2222-2222-222222222222"
	sitePrinID  = "33333333-3333-3333-3333-333333333333"
	envID       = rgID + "/providers/Microsoft.App/managedEnvironments/cae-myapp"
	appID       = rgID + "/providers/Microsoft.App/containerApps/ca-myapp"
	webUAID     = rgID + "/providers/Microsoft.Web/sites/web-myapp-dev01"
	webSysID    = rgID + "/providers/Microsoft.Web/sites/web-sys-dev01"
	jobID       = rgID + "/providers/Microsoft.App/jobs/job-probe"
	acrPullDef  = "/subscriptions/" + sub + "/providers/Microsoft.Authorization/roleDefinitions/" + AcrPullRoleID
)

// world is the live state the fake ARM servers serve. Tests break one part
// of a healthy world and expect exactly that check to fail.
type world struct {
	outputs     *Outputs
	registry    armcontainerregistry.Registry
	registryErr int // HTTP status to answer the registry GET with, 0 = serve it
	// credentialSets are the registry's credential sets; credentialSetsErr
	// answers their list with this status instead (0 = serve it).
	credentialSets    []*armcontainerregistry.CredentialSet
	credentialSetsErr int

	records map[string][]string // relative name → IPs, in every registry zone
	links   map[string][]*armprivatedns.VirtualNetworkLink
	zones   []*armprivatedns.PrivateZone
	// zoneListErr answers the subscription-wide zone list with this status
	// (0 = serve it); rgZoneListErr likewise for the per-resource-group list.
	zoneListErr, rgZoneListErr int
	assignments                []*armauthorization.RoleAssignment

	// zoneRecords are the A records of the other zones: zone name →
	// relative name → IPs.
	zoneRecords map[string]map[string][]string

	// mgChain are the management groups above the subscription, nearest
	// first, as Resource Graph reports them; graphErr answers the Resource
	// Graph query with this status instead (0 = serve it).
	mgChain  []string
	graphErr int

	environment armappcontainers.ManagedEnvironment

	apps      map[string]armappcontainers.ContainerApp
	revisions map[string]armappcontainers.Revision

	probeStatuses []string // statuses of the execution, one per read; the last repeats
	probeReads    int
	startErr      int // HTTP status to answer the probe's start with, 0 = start it

	// logLines are the probe's console lines in the workspace; they become
	// visible from the (logDelay+1)th query on, as ingestion lags. logErr
	// answers every query with this status instead (0 = serve it).
	logLines   []string
	logDelay   int
	logErr     int
	logQueries []logQuery

	raw map[string]any // "METHOD normalised-path" → JSON body of the plain ARM reads
	mu  sync.Mutex
}

// healthyOutputs returns the outputs of the healthy stack.
func healthyOutputs() *Outputs {
	return &Outputs{
		Cloud:                       "public",
		SubscriptionID:              sub,
		ResourceGroupName:           rgName,
		RegistryName:                regName,
		RegistryID:                  registryID,
		LoginServer:                 loginServer,
		RegistryRegions:             []string{"koreacentral", "japaneast"},
		DataEndpointHostNames:       []string{dataKC, dataJE},
		RegistryPublicNetworkAccess: "Disabled",
		RegistryAllowedIPRanges:     []string{},
		RegistryPrivateEndpoints: []PrivateEndpointOutput{{
			Name: "pe-acr", ID: peID, DNSZoneID: zoneID,
			LinkedVnetIDs: []string{vnetID}, WorkloadVnetIDs: []string{vnetID},
		}},
		IdentityID:                 identityID,
		IdentityClientID:           clientID,
		IdentityPrincipalID:        principalID,
		ContainerAppsEnvironmentID: envID,
		ContainerAppsEnvironment: EnvironmentOutput{ID: envID, SubnetID: acaSubnetID, Internal: true,
			WorkloadProfiles: []WorkloadProfileOutput{{Name: "Consumption", Type: "Consumption"}, {Name: "general", Type: "D4"}}},
		LogAnalyticsWorkspaceID: workspaceID,
		LogAnalyticsCustomerID:  customerID,
		ContainerApps: map[string]ContainerAppOutput{
			"ca-myapp": {ID: appID, Image: loginServer + "/myapp:latest"},
		},
		WebApps: map[string]WebAppOutput{
			"web-myapp-dev01": {ID: webUAID, PullAuth: PullAuthUserAssigned, Registry: "acr",
				Image: loginServer + "/privatewebsite:lnx-v1", IntegrationSubnetID: webSubnetID},
			"web-sys-dev01": {ID: webSysID, PullAuth: PullAuthSystemAssigned, Registry: "acr",
				Image: loginServer + "/privatewebsite:lnx-v1", IntegrationSubnetID: webSubnetID},
		},
		ProbeJobID: jobID,
	}
}

// newWorld returns a world in which every check passes. Live ids are spelled
// with other casings and trailing slashes, as Azure sometimes returns them,
// so every comparison must normalise.
func newWorld() *world {
	w := &world{outputs: healthyOutputs()}
	w.registry = armcontainerregistry.Registry{
		ID:       to.Ptr(registryID),
		Name:     to.Ptr(regName),
		Location: to.Ptr("koreacentral"),
		SKU:      &armcontainerregistry.SKU{Name: to.Ptr(armcontainerregistry.SKUNamePremium)},
		Properties: &armcontainerregistry.RegistryProperties{
			AdminUserEnabled:      to.Ptr(false),
			AnonymousPullEnabled:  to.Ptr(false),
			DataEndpointEnabled:   to.Ptr(true),
			DataEndpointHostNames: []*string{to.Ptr(dataKC), to.Ptr(dataJE)},
			PublicNetworkAccess:   to.Ptr(armcontainerregistry.PublicNetworkAccessDisabled),
			NetworkRuleSet:        &armcontainerregistry.NetworkRuleSet{DefaultAction: to.Ptr(armcontainerregistry.DefaultActionAllow)},
			Policies: &armcontainerregistry.Policies{AzureADAuthenticationAsArmPolicy: &armcontainerregistry.AzureADAuthenticationAsArmPolicy{
				Status: to.Ptr(armcontainerregistry.AzureADAuthenticationAsArmPolicyStatusEnabled),
			}},
			RoleAssignmentMode: to.Ptr(armcontainerregistry.RoleAssignmentModeLegacyRegistryPermissions),
			LoginServer:        to.Ptr(loginServer),
		},
	}
	w.credentialSets = []*armcontainerregistry.CredentialSet{{
		ID:       to.Ptr(registryID + "/credentialSets/dockerhub"),
		Name:     to.Ptr("dockerhub"),
		Identity: &armcontainerregistry.IdentityProperties{PrincipalID: to.Ptr("77777777-7777-7777-7777-777777777777")},
		Properties: &armcontainerregistry.CredentialSetProperties{
			LoginServer: to.Ptr("docker.io"),
			AuthCredentials: []*armcontainerregistry.AuthCredential{{
				Name:                     to.Ptr(armcontainerregistry.CredentialNameCredential1),
				UsernameSecretIdentifier: to.Ptr("https://kv-myapp.vault.azure.net/secrets/dockerhub-user"),
				PasswordSecretIdentifier: to.Ptr("https://kv-myapp.vault.azure.net/secrets/dockerhub-token"),
				CredentialHealth:         &armcontainerregistry.CredentialHealth{Status: to.Ptr(armcontainerregistry.CredentialHealthStatusHealthy)},
			}},
		},
	}}
	w.records = map[string][]string{
		regName:                        {"10.0.2.4"},
		regName + ".koreacentral.data": {"10.0.2.5"},
		regName + ".japaneast.data":    {"10.0.2.6"},
	}
	w.links = map[string][]*armprivatedns.VirtualNetworkLink{
		NormalizeID(zoneID): {vnetLink("network-acr-zone-link", strings.ToUpper(vnetID), false)},
	}
	w.zones = []*armprivatedns.PrivateZone{{ID: to.Ptr(zoneID), Name: to.Ptr("privatelink.azurecr.io")}}
	w.assignments = []*armauthorization.RoleAssignment{
		// Live scope and role id in other casings, with a trailing slash.
		acrPull(principalID, strings.ToLower(registryID)+"/", strings.ToUpper(acrPullDef)),
		acrPull(sitePrinID, registryID, acrPullDef),
		// The dual grant: Container Registry Repository Reader beside AcrPull.
		acrPull(principalID, registryID, repoReaderDef),
		acrPull(sitePrinID, registryID, repoReaderDef),
	}
	w.environment = armappcontainers.ManagedEnvironment{
		ID: to.Ptr(envID), Name: to.Ptr("cae-myapp"), Location: to.Ptr("koreacentral"),
		Properties: &armappcontainers.ManagedEnvironmentProperties{
			ProvisioningState: to.Ptr(armappcontainers.EnvironmentProvisioningStateSucceeded),
			VnetConfiguration: &armappcontainers.VnetConfiguration{
				InfrastructureSubnetID: to.Ptr(strings.ToLower(acaSubnetID)), Internal: to.Ptr(true),
			},
			WorkloadProfiles: []*armappcontainers.WorkloadProfile{
				{Name: to.Ptr("Consumption"), WorkloadProfileType: to.Ptr("Consumption")},
				{Name: to.Ptr("general"), WorkloadProfileType: to.Ptr("D4"), MinimumCount: to.Ptr[int32](1), MaximumCount: to.Ptr[int32](3)},
			},
			AppLogsConfiguration: &armappcontainers.AppLogsConfiguration{Destination: to.Ptr("azure-monitor")},
		},
	}
	w.apps = map[string]armappcontainers.ContainerApp{"ca-myapp": {
		ID: to.Ptr(appID), Name: to.Ptr("ca-myapp"),
		Identity: &armappcontainers.ManagedServiceIdentity{
			Type:                   to.Ptr(armappcontainers.ManagedServiceIdentityTypeUserAssigned),
			UserAssignedIdentities: map[string]*armappcontainers.UserAssignedIdentity{strings.ToLower(identityID): {}},
		},
		Properties: &armappcontainers.ContainerAppProperties{
			ProvisioningState:  to.Ptr(armappcontainers.ContainerAppProvisioningStateSucceeded),
			LatestRevisionName: to.Ptr("ca-myapp--r1"),
			Configuration: &armappcontainers.Configuration{Registries: []*armappcontainers.RegistryCredentials{{
				Server: to.Ptr(loginServer), Identity: to.Ptr(strings.ToLower(identityID)),
			}}},
			Template: &armappcontainers.Template{Containers: []*armappcontainers.Container{{
				Name: to.Ptr("ca-myapp"), Image: to.Ptr(loginServer + "/myapp:latest"),
			}}},
		},
	}}
	w.revisions = map[string]armappcontainers.Revision{"ca-myapp--r1": {
		Name: to.Ptr("ca-myapp--r1"),
		Properties: &armappcontainers.RevisionProperties{
			ProvisioningState: to.Ptr(armappcontainers.RevisionProvisioningStateProvisioned),
			RunningState:      to.Ptr(armappcontainers.RevisionRunningStateRunning),
			HealthState:       to.Ptr(armappcontainers.RevisionHealthStateHealthy),
			Replicas:          to.Ptr[int32](1),
		},
	}}
	w.probeStatuses = []string{"Running", "Succeeded"}
	w.mgChain = []string{"mg-landingzones", "mg-platform-root"}

	w.raw = map[string]any{}
	w.setRaw(http.MethodGet, peID, map[string]any{
		"id": peID, "name": "pe-acr",
		"properties": map[string]any{
			"provisioningState": "Succeeded",
			"privateLinkServiceConnections": []any{map[string]any{
				"name": "pe-acr-conn",
				"properties": map[string]any{
					"privateLinkServiceId":              strings.ToUpper(registryID),
					"groupIds":                          []string{"registry"},
					"privateLinkServiceConnectionState": map[string]any{"status": "Approved", "description": "Auto-Approved"},
				},
			}},
			"networkInterfaces": []any{map[string]any{"id": nicID}},
		},
	})
	w.setRaw(http.MethodGet, envID+"/providers/Microsoft.Insights/diagnosticSettings", map[string]any{"value": []any{
		diagnosticSettingTo("privatepull-logs", strings.ToUpper(workspaceID), "ContainerAppConsoleLogs", "ContainerAppSystemLogs"),
	}})
	w.setRaw(http.MethodGet, nicID, nic(map[string]string{
		loginServer: "10.0.2.4", dataKC: "10.0.2.5", dataJE: "10.0.2.6",
	}))
	w.setRaw(http.MethodGet, peID+"/privateDnsZoneGroups", map[string]any{"value": []any{zoneGroup("acr-pe-dns", zoneID)}})
	for _, s := range []struct{ id, name, pullAuth string }{
		{webUAID, "web-myapp-dev01", PullAuthUserAssigned},
		{webSysID, "web-sys-dev01", PullAuthSystemAssigned},
	} {
		identity := map[string]any{"type": "UserAssigned", "userAssignedIdentities": map[string]any{
			strings.ToLower(identityID): map[string]any{"principalId": principalID, "clientId": clientID},
		}}
		config := map[string]any{
			"linuxFxVersion":             "DOCKER|" + loginServer + "/privatewebsite:lnx-v1",
			"acrUseManagedIdentityCreds": true,
			"acrUserManagedIdentityID":   clientID,
		}
		if s.pullAuth == PullAuthSystemAssigned {
			identity = map[string]any{"type": "SystemAssigned", "principalId": sitePrinID}
			delete(config, "acrUserManagedIdentityID")
		}
		w.setRaw(http.MethodGet, s.id, map[string]any{
			"id": s.id, "name": s.name, "identity": identity,
			"properties": map[string]any{
				"state": "Running", "vnetImagePullEnabled": true,
				"virtualNetworkSubnetId": strings.ToLower(webSubnetID),
			},
		})
		w.setRaw(http.MethodGet, s.id+"/config/web", map[string]any{"properties": config})
		w.setRaw(http.MethodPost, s.id+"/config/appsettings/list", map[string]any{"properties": map[string]string{
			"WEBSITE_PULL_IMAGE_OVER_VNET": "true", "WEBSITES_PORT": "80",
		}})
	}
	return w
}

// vnetLink returns a completed VNet link.
func vnetLink(name, vnet string, registration bool) *armprivatedns.VirtualNetworkLink {
	return &armprivatedns.VirtualNetworkLink{
		ID:   to.Ptr(zoneID + "/virtualNetworkLinks/" + name),
		Name: to.Ptr(name),
		Properties: &armprivatedns.VirtualNetworkLinkProperties{
			VirtualNetwork:          &armprivatedns.SubResource{ID: to.Ptr(vnet)},
			RegistrationEnabled:     to.Ptr(registration),
			VirtualNetworkLinkState: to.Ptr(armprivatedns.VirtualNetworkLinkStateCompleted),
			ProvisioningState:       to.Ptr(armprivatedns.ProvisioningStateSucceeded),
		},
	}
}

// acrPull returns an assignment of role (AcrPull's unless told otherwise).
func acrPull(principal, scope, role string) *armauthorization.RoleAssignment {
	return &armauthorization.RoleAssignment{
		ID: to.Ptr(scope + "/providers/Microsoft.Authorization/roleAssignments/x"),
		Properties: &armauthorization.RoleAssignmentProperties{
			PrincipalID:      to.Ptr(principal),
			RoleDefinitionID: to.Ptr(role),
			Scope:            to.Ptr(scope),
			PrincipalType:    to.Ptr(armauthorization.PrincipalTypeServicePrincipal),
		},
	}
}

// diagnosticSettingTo returns a diagnostic setting sending the log
// categories ("group <name>" for a category group) to a workspace.
func diagnosticSettingTo(name, workspace string, categories ...string) map[string]any {
	var logs []any
	for _, c := range categories {
		if group, ok := strings.CutPrefix(c, "group "); ok {
			logs = append(logs, map[string]any{"category": nil, "categoryGroup": group, "enabled": true})
			continue
		}
		logs = append(logs, map[string]any{"category": c, "categoryGroup": nil, "enabled": true})
	}
	return map[string]any{
		"id":   envID + "/providers/microsoft.insights/diagnosticSettings/" + name,
		"name": name,
		"properties": map[string]any{
			"workspaceId": workspace, "logAnalyticsDestinationType": "Dedicated", "logs": logs, "metrics": []any{},
		},
	}
}

// nic returns a private endpoint NIC with one IP configuration per FQDN.
func nic(ips map[string]string) map[string]any {
	var configs []any
	for fqdn, ip := range ips {
		configs = append(configs, map[string]any{
			"name": "privateEndpointIpConfig." + fqdn,
			"properties": map[string]any{
				"privateIPAddress": ip,
				"privateLinkConnectionProperties": map[string]any{
					"groupId": "registry", "requiredMemberName": "registry", "fqdns": []string{fqdn},
				},
			},
		})
	}
	return map[string]any{"properties": map[string]any{"ipConfigurations": configs}}
}

// zoneGroup returns a DNS zone group writing to zone.
func zoneGroup(name, zone string) map[string]any {
	return map[string]any{"name": name, "properties": map[string]any{
		"provisioningState": "Succeeded",
		"privateDnsZoneConfigs": []any{map[string]any{
			"name": "config", "properties": map[string]any{"privateDnsZoneId": zone},
		}},
	}}
}

// setRaw serves body for METHOD path on the plain ARM reads; nil removes it.
func (w *world) setRaw(method, path string, body any) {
	key := method + " " + NormalizeID(path)
	if body == nil {
		delete(w.raw, key)
		return
	}
	w.raw[key] = body
}

// rawMap returns the served body of METHOD path for in-place edits.
func (w *world) rawMap(t *testing.T, method, path string) map[string]any {
	t.Helper()
	m, ok := w.raw[method+" "+NormalizeID(path)].(map[string]any)
	if !ok {
		t.Fatalf("no raw resource %s %s", method, path)
	}
	return m
}

// clients returns verify clients wired to the world's fake servers, behind
// the strict front end every request passes, as on Azure.
func (w *world) clients(t *testing.T) *Clients {
	t.Helper()
	c, err := NewClients(&azfake.TokenCredential{}, Options{Transport: strictARM{next: w.transport()}})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// run verifies the world's stack.
func (w *world) run(t *testing.T, opts RunOptions) *Report {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	return Run(ctx, w.clients(t), w.outputs, opts)
}

// transport routes each request to the SDK fake server of its module, or to
// the plain fake for the reads verify makes without an SDK module.
func (w *world) transport() *routingTransport {
	return &routingTransport{
		registry: acrfake.NewServerFactoryTransport(&acrfake.ServerFactory{
			RegistriesServer:     acrfake.RegistriesServer{Get: w.getRegistry},
			CredentialSetsServer: acrfake.CredentialSetsServer{NewListPager: w.listCredentialSets},
		}),
		dns: dnsfake.NewServerFactoryTransport(&dnsfake.ServerFactory{
			RecordSetsServer:          dnsfake.RecordSetsServer{Get: w.getRecord},
			VirtualNetworkLinksServer: dnsfake.VirtualNetworkLinksServer{NewListPager: w.listLinks},
			PrivateZonesServer:        dnsfake.PrivateZonesServer{NewListPager: w.listZones, NewListByResourceGroupPager: w.listZonesByRG},
		}),
		auth: authfake.NewServerFactoryTransport(&authfake.ServerFactory{RoleAssignmentsServer: authfake.RoleAssignmentsServer{
			NewListForScopePager: w.listAssignments,
		}}),
		apps: appfake.NewServerFactoryTransport(&appfake.ServerFactory{
			ManagedEnvironmentsServer:    appfake.ManagedEnvironmentsServer{Get: w.getEnvironment},
			ContainerAppsServer:          appfake.ContainerAppsServer{Get: w.getApp},
			ContainerAppsRevisionsServer: appfake.ContainerAppsRevisionsServer{GetRevision: w.getRevision},
			JobsServer:                   appfake.JobsServer{BeginStart: w.startJob},
			ContainerAppsAPIServer:       appfake.ContainerAppsAPIServer{JobExecution: w.getExecution},
		}),
		raw:  w,
		logs: logAnalyticsFake{w},
	}
}

// routingTransport dispatches by the resource type the URL path addresses
// (its last provider namespace: a role assignment at registry scope is an
// authorization request).
type routingTransport struct {
	registry, dns, auth, apps, raw, logs interface {
		Do(*http.Request) (*http.Response, error)
	}
}

// Do implements policy.Transporter.
func (rt *routingTransport) Do(req *http.Request) (*http.Response, error) {
	if req.URL.Host == logAnalyticsHost {
		return rt.logs.Do(req)
	}
	typ := resourceType(req.URL.Path)
	switch {
	case strings.HasPrefix(typ, "microsoft.authorization/"):
		return rt.auth.Do(req)
	case strings.HasPrefix(typ, "microsoft.containerregistry/"):
		return rt.registry.Do(req)
	case strings.HasPrefix(typ, "microsoft.network/privatednszones"):
		return rt.dns.Do(req)
	case strings.HasPrefix(typ, "microsoft.app/"):
		return rt.apps.Do(req)
	default:
		return rt.raw.Do(req)
	}
}

// Do serves the plain ARM reads (private endpoints, NICs, zone groups, sites)
// and the Resource Graph ancestry query.
func (w *world) Do(req *http.Request) (*http.Response, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	key := req.Method + " " + NormalizeID(req.URL.Path)
	body, ok := w.raw[key]
	status := http.StatusOK
	if resourceType(req.URL.Path) == "microsoft.resourcegraph/resources" {
		body, ok = w.resourceGraph(req), true
	}
	if !ok {
		status = http.StatusNotFound
		body = map[string]any{"error": map[string]any{"code": "NotFound", "message": key + " not found"}}
	}
	if code, isCode := body.(int); isCode {
		status = code
		body = map[string]any{"error": map[string]any{"code": http.StatusText(code), "message": "fake error"}}
	}
	data, err := json.Marshal(body)
	if err != nil {
		return nil, err
	}
	return &http.Response{
		StatusCode: status,
		Status:     fmt.Sprintf("%d %s", status, http.StatusText(status)),
		Header:     http.Header{"Content-Type": []string{"application/json"}},
		Body:       io.NopCloser(strings.NewReader(string(data))),
		Request:    req,
	}, nil
}

// resourceGraph answers the ancestry query as Resource Graph does: the
// subscription's management groups, nearest first; a query that is not the
// one verify sends is a 400.
func (w *world) resourceGraph(req *http.Request) any {
	if w.graphErr != 0 {
		return w.graphErr
	}
	var q struct {
		Subscriptions []string `json:"subscriptions"`
		Query         string   `json:"query"`
	}
	if req.Method != http.MethodPost || req.Body == nil || json.NewDecoder(req.Body).Decode(&q) != nil ||
		len(q.Subscriptions) != 1 || q.Subscriptions[0] != sub ||
		!strings.Contains(q.Query, "properties.managementGroupAncestorsChain") || !strings.Contains(q.Query, "'"+sub+"'") {
		return http.StatusBadRequest
	}
	var chain []any
	for _, g := range w.mgChain {
		chain = append(chain, map[string]any{"name": g, "displayName": strings.ToUpper(g)})
	}
	return map[string]any{"totalRecords": 1, "count": 1, "resultTruncated": "false",
		"data": []any{map[string]any{"chain": chain}}}
}

func (w *world) getRegistry(_ context.Context, rg, name string, _ *armcontainerregistry.RegistriesClientGetOptions) (
	resp azfake.Responder[armcontainerregistry.RegistriesClientGetResponse], errResp azfake.ErrorResponder) {
	if w.registryErr != 0 {
		errResp.SetResponseError(w.registryErr, http.StatusText(w.registryErr))
		return
	}
	if !strings.EqualFold(rg, rgName) || !strings.EqualFold(name, regName) {
		errResp.SetResponseError(http.StatusNotFound, "ResourceNotFound")
		return
	}
	resp.SetResponse(http.StatusOK, armcontainerregistry.RegistriesClientGetResponse{Registry: w.registry}, nil)
	return
}

func (w *world) listCredentialSets(rg, registry string, _ *armcontainerregistry.CredentialSetsClientListOptions) (
	resp azfake.PagerResponder[armcontainerregistry.CredentialSetsClientListResponse]) {
	if w.credentialSetsErr != 0 {
		resp.AddResponseError(w.credentialSetsErr, http.StatusText(w.credentialSetsErr))
		return
	}
	if !strings.EqualFold(rg, rgName) || !strings.EqualFold(registry, regName) {
		resp.AddResponseError(http.StatusNotFound, "ResourceNotFound")
		return
	}
	resp.AddPage(http.StatusOK, armcontainerregistry.CredentialSetsClientListResponse{CredentialSetListResult: armcontainerregistry.CredentialSetListResult{
		Value: w.credentialSets,
	}}, nil)
	return
}

func (w *world) getRecord(_ context.Context, _ string, zone string, typ armprivatedns.RecordType, rel string, _ *armprivatedns.RecordSetsClientGetOptions) (
	resp azfake.Responder[armprivatedns.RecordSetsClientGetResponse], errResp azfake.ErrorResponder) {
	records := w.records
	if zone != "privatelink.azurecr.io" {
		records = w.zoneRecords[zone]
	}
	ips, ok := records[strings.ToLower(rel)]
	if !ok || typ != armprivatedns.RecordTypeA {
		errResp.SetResponseError(http.StatusNotFound, "NotFound")
		return
	}
	var recs []*armprivatedns.ARecord
	for _, ip := range ips {
		recs = append(recs, &armprivatedns.ARecord{IPv4Address: to.Ptr(ip)})
	}
	resp.SetResponse(http.StatusOK, armprivatedns.RecordSetsClientGetResponse{RecordSet: armprivatedns.RecordSet{
		Name: to.Ptr(rel), Properties: &armprivatedns.RecordSetProperties{ARecords: recs},
	}}, nil)
	return
}

func (w *world) listLinks(rg, zone string, _ *armprivatedns.VirtualNetworkLinksClientListOptions) (
	resp azfake.PagerResponder[armprivatedns.VirtualNetworkLinksClientListResponse]) {
	id := "/subscriptions/" + sub + "/resourceGroups/" + rg + "/providers/Microsoft.Network/privateDnsZones/" + zone
	resp.AddPage(http.StatusOK, armprivatedns.VirtualNetworkLinksClientListResponse{VirtualNetworkLinkListResult: armprivatedns.VirtualNetworkLinkListResult{
		Value: w.links[NormalizeID(id)],
	}}, nil)
	return
}

func (w *world) listZones(_ *armprivatedns.PrivateZonesClientListOptions) (resp azfake.PagerResponder[armprivatedns.PrivateZonesClientListResponse]) {
	if w.zoneListErr != 0 {
		resp.AddResponseError(w.zoneListErr, http.StatusText(w.zoneListErr))
		return
	}
	resp.AddPage(http.StatusOK, armprivatedns.PrivateZonesClientListResponse{PrivateZoneListResult: armprivatedns.PrivateZoneListResult{
		Value: w.zones,
	}}, nil)
	return
}

func (w *world) listZonesByRG(rg string, _ *armprivatedns.PrivateZonesClientListByResourceGroupOptions) (
	resp azfake.PagerResponder[armprivatedns.PrivateZonesClientListByResourceGroupResponse]) {
	if w.rgZoneListErr != 0 {
		resp.AddResponseError(w.rgZoneListErr, http.StatusText(w.rgZoneListErr))
		return
	}
	var zones []*armprivatedns.PrivateZone
	for _, z := range w.zones {
		if id, err := parseID(*z.ID); err == nil && strings.EqualFold(id.ResourceGroupName, rg) {
			zones = append(zones, z)
		}
	}
	resp.AddPage(http.StatusOK, armprivatedns.PrivateZonesClientListByResourceGroupResponse{PrivateZoneListResult: armprivatedns.PrivateZoneListResult{
		Value: zones,
	}}, nil)
	return
}

// principalFilter is the one $filter verify sends, as the service parses it.
var principalFilter = regexp.MustCompile(`^principalId eq '([0-9a-fA-F-]{36})'$`)

func (w *world) listAssignments(scope string, opts *armauthorization.RoleAssignmentsClientListForScopeOptions) (
	resp azfake.PagerResponder[armauthorization.RoleAssignmentsClientListForScopeResponse]) {
	principal := ""
	if opts != nil && opts.Filter != nil {
		m := principalFilter.FindStringSubmatch(*opts.Filter)
		if m == nil {
			resp.AddResponseError(http.StatusBadRequest, "UnsupportedQuery")
			return
		}
		principal = m[1]
	}
	var out []*armauthorization.RoleAssignment
	for _, a := range w.assignments {
		// The service returns assignments at, above or below the scope for
		// the principal of the filter, management groups included.
		s := *a.Properties.Scope
		_, isGroup := managementGroupOf(s)
		if !isGroup && !isUnder("/"+scope, s) && !isUnder(s, "/"+scope) {
			continue
		}
		if principal != "" && !strings.EqualFold(principal, *a.Properties.PrincipalID) {
			continue
		}
		out = append(out, a)
	}
	resp.AddPage(http.StatusOK, armauthorization.RoleAssignmentsClientListForScopeResponse{RoleAssignmentListResult: armauthorization.RoleAssignmentListResult{
		Value: out,
	}}, nil)
	return
}

func (w *world) getEnvironment(_ context.Context, _ string, name string, _ *armappcontainers.ManagedEnvironmentsClientGetOptions) (
	resp azfake.Responder[armappcontainers.ManagedEnvironmentsClientGetResponse], errResp azfake.ErrorResponder) {
	if name != "cae-myapp" {
		errResp.SetResponseError(http.StatusNotFound, "ResourceNotFound")
		return
	}
	resp.SetResponse(http.StatusOK, armappcontainers.ManagedEnvironmentsClientGetResponse{ManagedEnvironment: w.environment}, nil)
	return
}

func (w *world) getApp(_ context.Context, _ string, name string, _ *armappcontainers.ContainerAppsClientGetOptions) (
	resp azfake.Responder[armappcontainers.ContainerAppsClientGetResponse], errResp azfake.ErrorResponder) {
	app, ok := w.apps[name]
	if !ok {
		errResp.SetResponseError(http.StatusNotFound, "ResourceNotFound")
		return
	}
	resp.SetResponse(http.StatusOK, armappcontainers.ContainerAppsClientGetResponse{ContainerApp: app}, nil)
	return
}

func (w *world) getRevision(_ context.Context, _ string, _ string, name string, _ *armappcontainers.ContainerAppsRevisionsClientGetRevisionOptions) (
	resp azfake.Responder[armappcontainers.ContainerAppsRevisionsClientGetRevisionResponse], errResp azfake.ErrorResponder) {
	rev, ok := w.revisions[name]
	if !ok {
		errResp.SetResponseError(http.StatusNotFound, "ResourceNotFound")
		return
	}
	resp.SetResponse(http.StatusOK, armappcontainers.ContainerAppsRevisionsClientGetRevisionResponse{Revision: rev}, nil)
	return
}

func (w *world) startJob(_ context.Context, _ string, job string, _ *armappcontainers.JobsClientBeginStartOptions) (
	resp azfake.PollerResponder[armappcontainers.JobsClientStartResponse], errResp azfake.ErrorResponder) {
	if w.startErr != 0 {
		errResp.SetResponseError(w.startErr, "AuthorizationFailed")
		return
	}
	if job != "job-probe" {
		errResp.SetResponseError(http.StatusNotFound, "ResourceNotFound")
		return
	}
	resp.SetTerminalResponse(http.StatusOK, armappcontainers.JobsClientStartResponse{JobExecutionBase: armappcontainers.JobExecutionBase{
		ID: to.Ptr(jobID + "/executions/job-probe-abc12"), Name: to.Ptr("job-probe-abc12"),
	}}, nil)
	return
}

func (w *world) getExecution(_ context.Context, _ string, _ string, name string, _ *armappcontainers.ContainerAppsAPIClientJobExecutionOptions) (
	resp azfake.Responder[armappcontainers.ContainerAppsAPIClientJobExecutionResponse], errResp azfake.ErrorResponder) {
	if name != "job-probe-abc12" {
		errResp.SetResponseError(http.StatusNotFound, "ResourceNotFound")
		return
	}
	w.mu.Lock()
	i := min(w.probeReads, len(w.probeStatuses)-1)
	w.probeReads++
	w.mu.Unlock()
	status := armappcontainers.JobExecutionRunningState(w.probeStatuses[i])
	resp.SetResponse(http.StatusOK, armappcontainers.ContainerAppsAPIClientJobExecutionResponse{JobExecution: armappcontainers.JobExecution{
		Name: to.Ptr(name), Properties: &armappcontainers.JobExecutionProperties{Status: &status},
	}}, nil)
	return
}
