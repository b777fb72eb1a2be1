package tests

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/privatepull/privatepull/components"
)

func TestCloudSuffixTable(t *testing.T) {
	cases := map[components.Cloud][4]string{
		components.CloudPublic:       {"azurecr.io", "privatelink.azurecr.io", "azurewebsites.net", "privatelink.azurewebsites.net"},
		components.CloudUSGovernment: {"azurecr.us", "privatelink.azurecr.us", "azurewebsites.us", "privatelink.azurewebsites.us"},
		components.CloudChina:        {"azurecr.cn", "privatelink.azurecr.cn", "chinacloudsites.cn", "privatelink.chinacloudsites.cn"},
	}
	for cloud, want := range cases {
		assert.NoError(t, cloud.Validate())
		assert.Equal(t, want[0], cloud.RegistrySuffix(), cloud)
		assert.Equal(t, want[1], cloud.RegistryPrivateDNSZone(), cloud)
		assert.Equal(t, want[2], cloud.WebAppSuffix(), cloud)
		assert.Equal(t, want[3], cloud.WebAppPrivateDNSZone(), cloud)
	}
	assert.Error(t, components.Cloud("azurestack").Validate())
}
