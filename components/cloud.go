package components

import "fmt"

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
}

// cloudTable is the single source of every cloud-specific DNS suffix.
var cloudTable = map[Cloud]cloudSuffixes{
	CloudPublic: {
		registry:     "azurecr.io",
		registryZone: "privatelink.azurecr.io",
		webApps:      "azurewebsites.net",
		webAppsZone:  "privatelink.azurewebsites.net",
	},
	CloudUSGovernment: {
		registry:     "azurecr.us",
		registryZone: "privatelink.azurecr.us",
		webApps:      "azurewebsites.us",
		webAppsZone:  "privatelink.azurewebsites.us",
	},
	CloudChina: {
		registry:     "azurecr.cn",
		registryZone: "privatelink.azurecr.cn",
		webApps:      "chinacloudsites.cn",
		webAppsZone:  "privatelink.chinacloudsites.cn",
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
