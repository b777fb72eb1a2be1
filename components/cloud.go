package components

import (
	"fmt"
	"strings"
)

// Cloud names the Azure cloud a stack deploys to. It selects every DNS suffix
// the project uses; no other file hard-codes a suffix.
type Cloud string

const (
	// CloudPublic is Azure public cloud (azurecr.io).
	CloudPublic Cloud = "public"
	// CloudUSGovernment is Azure Government (azurecr.us).
	CloudUSGovernment Cloud = "usgovernment"
	// CloudChina is Azure operated by 21Vianet (azurecr.cn).
	CloudChina Cloud = "china"
)

// cloudSuffixes are the DNS names that differ between Azure clouds.
type cloudSuffixes struct {
	registry     string // login server suffix
	registryZone string // private DNS zone of the registry private endpoint
	webApps      string // default host name suffix of App Service sites
	webAppsZone  string // private DNS zone of the App Service private endpoint
	storage      string // storage endpoint suffix: <account>.<service>.<storage>
}

// cloudTable is the single source of every cloud-specific DNS suffix.
var cloudTable = map[Cloud]cloudSuffixes{
	CloudPublic: {
		registry:     "azurecr.io",
		registryZone: "privatelink.azurecr.io",
		webApps:      "azurewebsites.net",
		webAppsZone:  "privatelink.azurewebsites.net",
		storage:      "core.windows.net",
	},
	CloudUSGovernment: {
		registry:     "azurecr.us",
		registryZone: "privatelink.azurecr.us",
		webApps:      "azurewebsites.us",
		webAppsZone:  "privatelink.azurewebsites.us",
		storage:      "core.usgovcloudapi.net",
	},
	CloudChina: {
		registry:     "azurecr.cn",
		registryZone: "privatelink.azurecr.cn",
		webApps:      "chinacloudsites.cn",
		webAppsZone:  "privatelink.chinacloudsites.cn",
		storage:      "core.chinacloudapi.cn",
	},
}

// Clouds lists the supported clouds in a stable order.
func Clouds() []Cloud {
	return []Cloud{CloudPublic, CloudUSGovernment, CloudChina}
}

// Validate reports whether the cloud is one this project supports.
func (c Cloud) Validate() error {
	if _, ok := cloudTable[c]; !ok {
		return fmt.Errorf("unknown cloud %q (want one of public, usgovernment, china)", string(c))
	}
	return nil
}

func (c Cloud) suffixes() cloudSuffixes {
	if s, ok := cloudTable[c]; ok {
		return s
	}
	return cloudTable[CloudPublic]
}

// RegistrySuffix is the login server suffix, e.g. "azurecr.io".
func (c Cloud) RegistrySuffix() string { return c.suffixes().registry }

// RegistryPrivateDNSZone is the private DNS zone of the registry's private
// endpoints, e.g. "privatelink.azurecr.io". Both the login server and every
// regional data endpoint register in this one zone.
func (c Cloud) RegistryPrivateDNSZone() string { return c.suffixes().registryZone }

// WebAppSuffix is the default host name suffix of App Service sites.
func (c Cloud) WebAppSuffix() string { return c.suffixes().webApps }

// WebAppPrivateDNSZone is the private DNS zone of App Service private endpoints.
func (c Cloud) WebAppPrivateDNSZone() string { return c.suffixes().webAppsZone }

// StorageSuffix is the storage endpoint suffix, e.g. "core.windows.net"
// (environment().suffixes.storage in Bicep).
func (c Cloud) StorageSuffix() string { return c.suffixes().storage }

// StoragePrivateDNSZone is the private DNS zone of a storage account's
// private endpoints for one service (blob, queue, table, file), e.g.
// "privatelink.blob.core.windows.net".
func (c Cloud) StoragePrivateDNSZone(service string) string {
	return "privatelink." + service + "." + c.StorageSuffix()
}

// StorageHostName returns a storage account's host name for one service
// (<account>.<service>.<suffix>): what an account with the standard DNS
// endpoint type answers on. Prefer the account's primaryEndpoints when they
// are known.
func (c Cloud) StorageHostName(account, service string) string {
	return strings.ToLower(account) + "." + service + "." + c.StorageSuffix()
}
