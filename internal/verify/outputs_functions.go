package verify

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// FunctionAppOutput describes one function app (a Linux container site on an
// Elastic Premium or Dedicated plan), as the stack output functionApps
// exports it.
type FunctionAppOutput struct {
	// ID is the site's ARM id.
	ID string `json:"id"`
	// Plan is the hosting plan the app runs on: elastic (its own Elastic
	// Premium plan) or appService (the stack's plan). Reported only.
	Plan string `json:"plan"`
	// PullAuth is userAssigned or systemAssigned: the identity that pulls
	// the image and reaches the host storage.
	PullAuth string `json:"pullAuth"`
	// Image is the full image reference <loginServer>/<repo>:<tag>.
	Image string `json:"image"`
	// IntegrationSubnetID is the site's VNet integration subnet.
	IntegrationSubnetID string `json:"integrationSubnetId"`
	// StorageAccountID is the host storage account of AzureWebJobsStorage
	// (empty: the account of functionsStorage).
	StorageAccountID string `json:"storageAccountId"`
}

// FunctionsStorageOutput describes the Functions host storage account.
type FunctionsStorageOutput struct {
	// ID is the storage account's ARM id.
	ID string `json:"id"`
	// Name is the account's name.
	Name string `json:"name"`
	// PrivateEndpoints are the account's private endpoints, one per
	// service (blob, queue, table), each with its DNS zone.
	PrivateEndpoints []StoragePrivateEndpointOutput `json:"privateEndpoints"`
	// LinkedVnetIDs are the VNets the stack links to every storage zone.
	LinkedVnetIDs []string `json:"linkedVnetIds"`
	// ServiceHostNames are the account's service host names, by service
	// (blob, queue, table), from its primaryEndpoints.
	ServiceHostNames ServiceHostNames `json:"serviceHostNames"`
}

// isEmpty reports whether the output is the {} of a stack without function
// apps.
func (s *FunctionsStorageOutput) isEmpty() bool {
	return s.ID == "" && s.Name == "" && len(s.PrivateEndpoints) == 0 && len(s.LinkedVnetIDs) == 0 &&
		len(s.ServiceHostNames) == 0
}

// StoragePrivateEndpointOutput is one private endpoint of the host storage.
type StoragePrivateEndpointOutput struct {
	// Service is the endpoint's group id: blob, queue or table.
	Service string `json:"service"`
	// ID is the endpoint's ARM id.
	ID string `json:"id"`
	// DNSZoneID is the privatelink.<service>.<storage suffix> zone its DNS
	// zone group writes to.
	DNSZoneID string `json:"dnsZoneId"`
}

// ServiceHostNames maps a storage service (blob, queue, table) to its host
// name, e.g. stmyapp.blob.core.windows.net. In the outputs it is an object
// keyed by service, or a list of host names (the service is the second
// label of each).
type ServiceHostNames map[string]string

// UnmarshalJSON accepts both forms of serviceHostNames: an object
// {"blob": host, ...} or a list [host, ...]. Host names are kept lower case,
// without a scheme, path or trailing dot (a primaryEndpoints URL is
// accepted too).
func (h *ServiceHostNames) UnmarshalJSON(data []byte) error {
	out := ServiceHostNames{}
	var byService map[string]string
	if err := json.Unmarshal(data, &byService); err == nil {
		for service, host := range byService {
			out[strings.ToLower(service)] = hostOf(host)
		}
		*h = out
		return nil
	}
	var hosts []string
	if err := json.Unmarshal(data, &hosts); err != nil {
		return fmt.Errorf("serviceHostNames: want an object keyed by service or a list of host names: %w", err)
	}
	for _, host := range hosts {
		host = hostOf(host)
		labels := strings.Split(host, ".")
		if len(labels) < 3 {
			return fmt.Errorf("serviceHostNames: %q is not <account>.<service>.<suffix>", host)
		}
		out[labels[1]] = host
	}
	*h = out
	return nil
}

// hostOf returns the lower-case host of a host name or an endpoint URL.
func hostOf(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if _, rest, ok := strings.Cut(s, "://"); ok {
		s = rest
	}
	s, _, _ = strings.Cut(s, "/")
	return strings.TrimSuffix(s, ".")
}

// functionStorageServices are the services the Functions host uses, each
// with a private endpoint (no file: the content share needs a key and is
// not used).
var functionStorageServices = []string{"blob", "queue", "table"}

// storageServices are the storage services a private endpoint may serve.
var storageServices = []string{"blob", "queue", "table", "file"}

// storageAccountOf returns the host storage account id of a function app:
// its own output, else the stack's functionsStorage.
func (o *Outputs) storageAccountOf(f FunctionAppOutput) string {
	if f.StorageAccountID != "" || o.FunctionsStorage == nil {
		return f.StorageAccountID
	}
	return o.FunctionsStorage.ID
}

// subnetType is the resource type of a VNet subnet.
const subnetType = "Microsoft.Network/virtualNetworks/subnets"

// subnetIDProblem returns why id is not the ARM id of a subnet (nil when it
// is one).
func subnetIDProblem(id string) error {
	rid, err := parseID(id)
	if err != nil {
		return err
	}
	if typ := rid.ResourceType.String(); !strings.EqualFold(typ, subnetType) {
		return fmt.Errorf("%s is of type %s, not a subnet (%s)", id, typ, subnetType)
	}
	return nil
}

// functionProblems lists the function app and host storage outputs that are
// missing or malformed. Both are optional: a stack without function apps
// has neither; every function app needs its id, pull mode and integration
// subnet (the program always exports them), or checks on them would vanish.
func (o *Outputs) functionProblems() []string {
	var problems []string
	idProblem := func(name, id string) {
		if _, err := parseID(id); err != nil {
			problems = append(problems, fmt.Sprintf("output %s: %v", name, err))
		}
	}
	for _, name := range slices.Sorted(maps.Keys(o.FunctionApps)) {
		f := o.FunctionApps[name]
		idProblem("functionApps."+name+".id", f.ID)
		if err := subnetIDProblem(f.IntegrationSubnetID); err != nil {
			problems = append(problems, fmt.Sprintf("output functionApps.%s.integrationSubnetId: %v", name, err))
		}
		if f.StorageAccountID != "" {
			idProblem("functionApps."+name+".storageAccountId", f.StorageAccountID)
		}
		switch f.PullAuth {
		case PullAuthUserAssigned, PullAuthSystemAssigned:
		default:
			problems = append(problems, fmt.Sprintf("output functionApps.%s.pullAuth: unknown mode %q (want %s or %s)",
				name, f.PullAuth, PullAuthUserAssigned, PullAuthSystemAssigned))
		}
	}
	st := o.FunctionsStorage
	if st == nil {
		if len(o.FunctionApps) > 0 {
			problems = append(problems, "missing output functionsStorage (the stack has function apps)")
		}
		return problems
	}
	idProblem("functionsStorage.id", st.ID)
	if strings.TrimSpace(st.Name) == "" {
		problems = append(problems, "missing output functionsStorage.name")
	}
	for i, pe := range st.PrivateEndpoints {
		idProblem(fmt.Sprintf("functionsStorage.privateEndpoints[%d].id", i), pe.ID)
		idProblem(fmt.Sprintf("functionsStorage.privateEndpoints[%d].dnsZoneId", i), pe.DNSZoneID)
		if !slices.Contains(storageServices, strings.ToLower(pe.Service)) {
			problems = append(problems, fmt.Sprintf("output functionsStorage.privateEndpoints[%d].service: unknown service %q (want %s)",
				i, pe.Service, strings.Join(storageServices, ", ")))
		}
	}
	return problems
}
