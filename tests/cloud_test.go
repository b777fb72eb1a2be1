package tests

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/privatepull/privatepull/components"
)

func TestCloudSuffixTable(t *testing.T) {
	cases := map[components.Cloud][5]string{
		components.CloudPublic:       {"acr1.azurecr.io", "privatelink.azurecr.io", "acr1.westeurope.data.azurecr.io", "azurewebsites.net", "privatelink.azurewebsites.net"},
		components.CloudUSGovernment: {"acr1.azurecr.us", "privatelink.azurecr.us", "acr1.westeurope.data.azurecr.us", "azurewebsites.us", "privatelink.azurewebsites.us"},
		components.CloudChina:        {"acr1.azurecr.cn", "privatelink.azurecr.cn", "acr1.westeurope.data.azurecr.cn", "chinacloudsites.cn", "privatelink.chinacloudsites.cn"},
	}
	for cloud, want := range cases {
		assert.NoError(t, cloud.Validate())
		assert.Equal(t, want[0], cloud.LoginServer("ACR1"), cloud)
		assert.Equal(t, want[1], cloud.RegistryPrivateDNSZone(), cloud)
		assert.Equal(t, want[2], cloud.DataEndpointHostName("Acr1", "westeurope"), cloud)
		assert.Equal(t, want[3], cloud.WebAppSuffix(), cloud)
		assert.Equal(t, want[4], cloud.WebAppPrivateDNSZone(), cloud)
	}
	assert.Error(t, components.Cloud("azurestack").Validate())
}
