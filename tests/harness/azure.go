package harness

import (
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// armShape says how to build a resource id for a type token: the ARM type
// path and the inputs that hold the names along it.
type armShape struct {
	path  string   // e.g. Microsoft.Network/virtualNetworks/%s/subnets/%s
	names []string // inputs filling the %s in order
}

// shapes maps the azure-native type tokens privatepull uses (the module part
// may carry an API version, which is stripped before lookup).
var shapes = map[string]armShape{
	"network:VirtualNetwork":               {"Microsoft.Network/virtualNetworks/%s", []string{"virtualNetworkName"}},
	"network:Subnet":                       {"Microsoft.Network/virtualNetworks/%s/subnets/%s", []string{"virtualNetworkName", "subnetName"}},
	"network:PrivateZone":                  {"Microsoft.Network/privateDnsZones/%s", []string{"privateZoneName"}},
	"network:VirtualNetworkLink":           {"Microsoft.Network/privateDnsZones/%s/virtualNetworkLinks/%s", []string{"privateZoneName", "virtualNetworkLinkName"}},
	"network:PrivateRecordSet":             {"Microsoft.Network/privateDnsZones/%s/A/%s", []string{"privateZoneName", "relativeRecordSetName"}},
	"network:PrivateEndpoint":              {"Microsoft.Network/privateEndpoints/%s", []string{"privateEndpointName"}},
	"network:PrivateDnsZoneGroup":          {"Microsoft.Network/privateEndpoints/%s/privateDnsZoneGroups/%s", []string{"privateEndpointName", "privateDnsZoneGroupName"}},
	"containerregistry:Registry":           {"Microsoft.ContainerRegistry/registries/%s", []string{"registryName"}},
	"containerregistry:Replication":        {"Microsoft.ContainerRegistry/registries/%s/replications/%s", []string{"registryName", "replicationName"}},
	"containerregistry:CacheRule":          {"Microsoft.ContainerRegistry/registries/%s/cacheRules/%s", []string{"registryName", "cacheRuleName"}},
	"containerregistry:CredentialSet":      {"Microsoft.ContainerRegistry/registries/%s/credentialSets/%s", []string{"registryName", "credentialSetName"}},
	"containerregistry:AgentPool":          {"Microsoft.ContainerRegistry/registries/%s/agentPools/%s", []string{"registryName", "agentPoolName"}},
	"app:Job":                              {"Microsoft.App/jobs/%s", []string{"jobName"}},
	"managedidentity:UserAssignedIdentity": {"Microsoft.ManagedIdentity/userAssignedIdentities/%s", []string{"resourceName"}},
	"app:ManagedEnvironment":               {"Microsoft.App/managedEnvironments/%s", []string{"environmentName"}},
	"app:ContainerApp":                     {"Microsoft.App/containerApps/%s", []string{"containerAppName"}},
	"web:AppServicePlan":                   {"Microsoft.Web/serverfarms/%s", []string{"name"}},
	"web:WebApp":                           {"Microsoft.Web/sites/%s", []string{"name"}},
	"operationalinsights:Workspace":        {"Microsoft.OperationalInsights/workspaces/%s", []string{"workspaceName"}},
	"storage:StorageAccount":               {"Microsoft.Storage/storageAccounts/%s", []string{"accountName"}},
}

// shortType turns azure-native:containerregistry/v20241101preview:Registry
// into containerregistry:Registry.
func shortType(token string) string {
	parts := strings.Split(token, ":")
	if len(parts) != 3 {
		return token
	}
	module := strings.SplitN(parts[1], "/", 2)[0]
	return module + ":" + parts[2]
}

// armID builds an ARM-like resource id for a registration.
func armID(token string, inputs resource.PropertyMap) string {
	short := shortType(token)
	rg := str(inputs, "resourceGroupName")
	switch short {
	case "resources:ResourceGroup":
		return "/subscriptions/" + Subscription + "/resourceGroups/" + rg
	case "authorization:RoleAssignment":
		return str(inputs, "scope") + "/providers/Microsoft.Authorization/roleAssignments/" + str(inputs, "roleAssignmentName")
	case "insights:DiagnosticSetting":
		return str(inputs, "resourceUri") + "/providers/Microsoft.Insights/diagnosticSettings/" + str(inputs, "name")
	}
	shape, ok := shapes[short]
	if !ok {
		return "/subscriptions/" + Subscription + "/resourceGroups/" + rg + "/providers/unknown/" + short
	}
	path := shape.path
	for _, n := range shape.names {
		path = strings.Replace(path, "%s", str(inputs, n), 1)
	}
	return "/subscriptions/" + Subscription + "/resourceGroups/" + rg + "/providers/" + path
}

// withComputedOutputs returns the inputs plus the outputs Azure computes for
// the resource types whose outputs privatepull reads.
func withComputedOutputs(token, id string, inputs resource.PropertyMap) resource.PropertyMap {
	state := inputs.Copy()
	set := func(k string, v interface{}) { state[resource.PropertyKey(k)] = resource.NewPropertyValue(v) }
	short := shortType(token)
	if shape, ok := shapes[short]; ok {
		set("name", str(inputs, shape.names[len(shape.names)-1]))
	}
	switch short {
	case "resources:ResourceGroup":
		set("name", str(inputs, "resourceGroupName"))
	case "containerregistry:Registry":
		label := RegistryLabel(str(inputs, "registryName"), str(inputs, "autoGeneratedDomainNameLabelScope"))
		suffix := registrySuffix(str(inputs, "location"))
		set("loginServer", label+"."+suffix)
		set("dataEndpointHostNames", []interface{}{label + "." + str(inputs, "location") + ".data." + suffix})
	case "managedidentity:UserAssignedIdentity":
		set("clientId", FakeGUID("client:"+id))
		set("principalId", FakeGUID("principal:"+id))
		set("tenantId", FakeGUID("tenant"))
	case "app:ManagedEnvironment":
		set("defaultDomain", "happy-"+FakeGUID(id)[:8]+"."+str(inputs, "location")+".azurecontainerapps.io")
		set("staticIp", "10.0.1.250")
	case "app:ContainerApp":
		fqdn := str(inputs, "containerAppName") + ".happy-env." + str(inputs, "location") + ".azurecontainerapps.io"
		configuration := resource.PropertyMap{}
		if c, ok := inputs["configuration"]; ok && c.IsObject() {
			configuration = c.ObjectValue().Copy()
		}
		ingress := resource.PropertyMap{}
		if i, ok := configuration["ingress"]; ok && i.IsObject() {
			ingress = i.ObjectValue().Copy()
		}
		ingress["fqdn"] = resource.NewProperty(fqdn)
		configuration["ingress"] = resource.NewProperty(ingress)
		state["configuration"] = resource.NewProperty(configuration)
		set("latestRevisionFqdn", fqdn)
	case "network:PrivateEndpoint":
		// Empty, as Azure reports it for an endpoint whose DNS zone group
		// registers the records (pulumi/pulumi-azure-native#3245): the
		// addresses are in the zone group's record sets (dns_records.go).
		set("customDnsConfigs", []interface{}{})
	case "operationalinsights:Workspace":
		set("customerId", WorkspaceCustomerID(id))
	case "storage:StorageAccount":
		name := str(inputs, "accountName")
		if name == "" { // a read of an existing account: its name is in the id
			name = id[strings.LastIndex(id, "/")+1:]
			// A keyless, private account, as the host storage needs it
			// (EditState plays one that is not).
			set("allowSharedKeyAccess", false)
			set("publicNetworkAccess", "Disabled")
		}
		set("name", name)
		set("primaryEndpoints", storageEndpoints(name, str(inputs, "location")))
	case "containerregistry:CredentialSet":
		identity := resource.PropertyMap{}
		if i, ok := inputs["identity"]; ok && i.IsObject() {
			identity = i.ObjectValue().Copy()
		}
		identity["principalId"] = resource.NewProperty(FakeGUID("credential-set-principal:" + id))
		state["identity"] = resource.NewProperty(identity)
	case "web:WebApp":
		set("defaultHostName", str(inputs, "name")+".azurewebsites.net")
		if identity, ok := inputs["identity"]; ok && identity.IsObject() {
			out := identity.ObjectValue().Copy()
			if t := str(out, "type"); strings.Contains(t, "SystemAssigned") {
				out["principalId"] = resource.NewProperty(FakeGUID("site-principal:" + id))
				out["tenantId"] = resource.NewProperty(FakeGUID("tenant"))
			}
			state["identity"] = resource.NewProperty(out)
		}
	}
	return state
}

// registrySuffix is the registry host suffix of the cloud a region is in,
// as Azure reports it in the registry's host names.
func registrySuffix(location string) string {
	switch {
	case strings.HasPrefix(location, "usgov") || strings.HasPrefix(location, "usdod"):
		return "azurecr.us"
	case strings.HasPrefix(location, "china"):
		return "azurecr.cn"
	}
	return "azurecr.io"
}

// RegistryLabel is the first label of the host names the mocks give a
// registry: its lowercase name, and with a domain-name-label scope other
// than Unsecure (or none) a hash, as Azure does (<name>-<hash>.azurecr.io).
func RegistryLabel(name, scope string) string {
	label := strings.ToLower(name)
	if scope == "" || scope == "Unsecure" {
		return label
	}
	return label + "-" + strings.ReplaceAll(FakeGUID("domain-name-label:"+scope+":"+label), "-", "")[:16]
}

// IDOf returns the id the mocks gave a custom resource in update mode.
func IDOf(r Registration) string {
	return armID(r.Type, r.Inputs)
}

// WorkspaceCustomerID is the customer id (a GUID) the mocks give the Log
// Analytics workspace with the given resource id, created or read.
func WorkspaceCustomerID(workspaceID string) string {
	return FakeGUID("customer:" + strings.ToLower(workspaceID))
}

// storageEndpoints are a storage account's primaryEndpoints as the REST API
// reports them (example StorageAccountCreateDisallowPublicNetworkAccess,
// 2023-05-01: https://<account>.<service>.<suffix>/), the suffix of the
// region's cloud: core.usgovcloudapi.net for usgov* and usdod* regions,
// core.chinacloudapi.cn for china*, else core.windows.net.
func storageEndpoints(account, location string) map[string]interface{} {
	suffix := "core.windows.net"
	switch {
	case strings.HasPrefix(location, "usgov") || strings.HasPrefix(location, "usdod"):
		suffix = "core.usgovcloudapi.net"
	case strings.HasPrefix(location, "china"):
		suffix = "core.chinacloudapi.cn"
	}
	out := map[string]interface{}{}
	for _, service := range []string{"blob", "queue", "table", "file", "web", "dfs"} {
		out[service] = "https://" + account + "." + service + "." + suffix + "/"
	}
	return out
}

// StorageEndpointIP is the IP the mocks give a storage account's private
// endpoint for a service (blob, queue, table) in its zone group's record.
func StorageEndpointIP(service string) string {
	return map[string]string{"blob": "10.0.2.20", "queue": "10.0.2.21", "table": "10.0.2.22"}[service]
}
