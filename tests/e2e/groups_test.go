package e2e

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestResourceGroupOf(t *testing.T) {
	const sub = "/subscriptions/00000000-0000-0000-0000-000000000001"
	for id, want := range map[string]string{
		sub + "/resourceGroups/rg-ppe2e-x/providers/Microsoft.Network/virtualNetworks/vnet/subnets/snet-aca": sub + "/resourceGroups/rg-ppe2e-x",
		sub + "/resourcegroups/rg-ppe2e-x":                                           sub + "/resourceGroups/rg-ppe2e-x",
		sub + "/RESOURCEGROUPS/rg-dns/providers/Microsoft.Network/privateDnsZones/z": sub + "/resourceGroups/rg-dns",
	} {
		got, ok := resourceGroupOf(id)
		assert.True(t, ok, id)
		assert.Equal(t, want, got, id)
	}
	for _, id := range []string{"", sub, sub + "/providers/Microsoft.Authorization/roleDefinitions/x", sub + "/resourceGroups/",
		"urn:pulumi:dev::privatepull::pulumi:providers:azure-native::default"} {
		_, ok := resourceGroupOf(id)
		assert.False(t, ok, id)
	}
}

func TestResourceGroupsOfTheStack(t *testing.T) {
	const sub = "/subscriptions/00000000-0000-0000-0000-000000000001"
	ids := []string{
		sub + "/resourceGroups/rg-ppe2e-x/providers/Microsoft.ContainerRegistry/registries/ppe2ex",
		sub + "/resourcegroups/RG-PPE2E-X/providers/Microsoft.App/managedEnvironments/cae",
		sub + "/resourceGroups/rg-dns-pe/providers/Microsoft.Network/privateDnsZones/privatelink.azurecr.io",
		"",
	}
	assert.Equal(t, []string{sub + "/resourceGroups/rg-dns-pe", sub + "/resourceGroups/rg-ppe2e-x"},
		resourceGroupsOf(ids, sub+"/resourceGroups/rg-ppe2e-x"), "one entry per group, whatever the case")
	assert.Equal(t, []string{sub + "/resourceGroups/rg-ppe2e-x"}, resourceGroupsOf(nil, sub+"/resourceGroups/rg-ppe2e-x"),
		"the expected group counts when the state holds nothing")
}
