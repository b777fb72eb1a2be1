package verify

import (
	"fmt"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/cloud"
)

// cloudInfo holds what verify needs to know about one Azure cloud.
type cloudInfo struct {
	// config is the azcore cloud configuration (ARM endpoint, authority).
	config cloud.Configuration
	// registrySuffix is the login-server suffix, e.g. azurecr.io.
	registrySuffix string
	// registryZone is the registry's private DNS zone, e.g. privatelink.azurecr.io.
	registryZone string
	// logsEndpoint is the Log Analytics query API, also the audience of its
	// tokens (the Azure SDK for Go's azlogs uses the same per-cloud values).
	logsEndpoint string
}

// clouds maps the stack output `cloud` to its settings.
var clouds = map[string]cloudInfo{
	"public": {config: cloud.AzurePublic, registrySuffix: "azurecr.io", registryZone: "privatelink.azurecr.io",
		logsEndpoint: "https://api.loganalytics.io"},
	"usgovernment": {config: cloud.AzureGovernment, registrySuffix: "azurecr.us", registryZone: "privatelink.azurecr.us",
		logsEndpoint: "https://api.loganalytics.us"},
	"china": {config: cloud.AzureChina, registrySuffix: "azurecr.cn", registryZone: "privatelink.azurecr.cn",
		logsEndpoint: "https://api.loganalytics.azure.cn"},
}

// cloudByName returns the settings of a cloud; empty means public.
func cloudByName(name string) (cloudInfo, error) {
	if name == "" {
		name = "public"
	}
	c, ok := clouds[name]
	if !ok {
		return cloudInfo{}, fmt.Errorf("unknown cloud %q (want public, usgovernment or china)", name)
	}
	return c, nil
}

// CloudConfig returns the azcore cloud configuration for the stack output
// `cloud` ("public", "usgovernment" or "china"; empty means public), for the
// credential and every client.
func CloudConfig(name string) (cloud.Configuration, error) {
	c, err := cloudByName(name)
	if err != nil {
		return cloud.Configuration{}, err
	}
	return c.config, nil
}
