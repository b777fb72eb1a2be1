package tests

import (
	"testing"

	"github.com/pulumi/pulumi-azure-native-sdk/resources/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/privatepull/privatepull/components"
	"github.com/privatepull/privatepull/tests/harness"
)

// consumerRG is a resource group the consumer's own program creates: its name
// and id are outputs, unknown in preview, as a consumer in another language
// passes them to PrivateNetwork.
func consumerRG(ctx *pulumi.Context) (*resources.ResourceGroup, error) {
	return resources.NewResourceGroup(ctx, "consumer-rg", &resources.ResourceGroupArgs{
		ResourceGroupName: pulumi.String("rg-consumer"), Location: pulumi.String("koreacentral"),
	})
}

// idIn is an ARM id under the consumer's resource group, as an output.
func idIn(rg *resources.ResourceGroup, rest string) pulumi.StringOutput {
	return pulumi.Sprintf("%s/providers/%s", rg.ID(), rest)
}

// TestPrivateNetworkTakesOutputsOfOtherResources: the resource group, an
// existing VNet and an existing zone given as outputs. The subnets go into
// that VNet, the links are named after it, and the zone's links wait for the
// DNS layout check of the resolved values.
func TestPrivateNetworkTakesOutputsOfOtherResources(t *testing.T) {
	modes(t, func(t *testing.T, preview bool) {
		m := run(t, preview, func(ctx *pulumi.Context) error {
			rg, err := consumerRG(ctx)
			if err != nil {
				return err
			}
			args := networkArgs()
			args.CreateResourceGroup = false
			args.ResourceGroupName = rg.Name
			args.ExistingVnetID = idIn(rg, "Microsoft.Network/virtualNetworks/vnet-byo")
			args.RegistryDNSZones[0].ExistingZoneID = idIn(rg, "Microsoft.Network/privateDnsZones/privatelink.azurecr.io")
			_, err = newNetwork(ctx, args)
			return err
		})
		_, vnet := m.Get("net-vnet")
		assert.False(t, vnet, "an existing VNet is not created")
		subnet := get(t, m, "net-snet-pe")
		link := get(t, m, "net-acr-zone-link")
		assert.True(t, link.DependsOn("consumer-rg"), "the link waits for the check of the resolved ids; got %v",
			link.Dependencies)
		assert.True(t, subnet.DependsOn("consumer-rg"))
		if preview {
			return
		}
		assert.Equal(t, "vnet-byo", subnet.Plain("virtualNetworkName"))
		assert.Equal(t, "rg-consumer", subnet.Plain("resourceGroupName"))
		assert.Equal(t, "link-acr-vnet-byo", link.Plain("virtualNetworkLinkName"))
		assert.Equal(t, "privatelink.azurecr.io", link.Plain("privateZoneName"))
		assert.Equal(t, "rg-consumer", link.Plain("resourceGroupName"))
		provider := get(t, m, "net-dns-provider")
		assert.Equal(t, harness.Subscription, provider.Plain("subscriptionId"))
	})
}

// TestOutputIdsAreValidatedWhenTheyResolve: a mistake in ids given as outputs
// fails the deployment with the same message as for known ids, once they
// resolve, and the zones and links are not created.
func TestOutputIdsAreValidatedWhenTheyResolve(t *testing.T) {
	for name, tc := range map[string]struct {
		mutate  func(*networkSpec, *resources.ResourceGroup)
		message string
	}{
		"two endpoints in one zone": {func(a *networkSpec, rg *resources.ResourceGroup) {
			zone := idIn(rg, "Microsoft.Network/privateDnsZones/privatelink.azurecr.io")
			a.RegistryDNSZones = []components.RegistryDNSZoneSpec{
				{Key: "acr", ExistingZoneID: zone, LinkStackVnet: true},
				{Key: "pe2", ExistingZoneID: zone, LinkVnetIDs: []string{hubVnetID}},
			}
		}, `PrivateDnsZones "net": registry DNS zones 0 and 1 are the same zone`},
		"a subnet id as the VNet id": {func(a *networkSpec, rg *resources.ResourceGroup) {
			a.ExistingVnetID = idIn(rg, "Microsoft.Network/virtualNetworks/vnet-byo/subnets/snet-pe")
		}, "is a Microsoft.Network/virtualNetworks/subnets id, not a Microsoft.Network/virtualNetworks id"},
	} {
		t.Run(name, func(t *testing.T) {
			m, err := harness.Run(func(ctx *pulumi.Context) error {
				rg, err := consumerRG(ctx)
				if err != nil {
					return err
				}
				args := networkArgs()
				args.ResourceGroupName = rg.Name
				tc.mutate(args, rg)
				_, err = newNetwork(ctx, args)
				return err
			}, harness.Options{})
			require.ErrorContains(t, err, tc.message)
			for _, r := range m.Registrations() {
				assert.NotContains(t, []string{"net-acr-zone-link", "net-pe2-zone-link"}, r.Name,
					"no link is created from ids that failed the check")
			}
		})
	}
}

// TestCredentialSetVaultFromAnOutput: the Key Vault granted to a credential
// set may be an output; its subscription comes from it once it resolves.
func TestCredentialSetVaultFromAnOutput(t *testing.T) {
	m := run(t, false, func(ctx *pulumi.Context) error {
		rg, err := consumerRG(ctx)
		if err != nil {
			return err
		}
		args := cachedRegistryArgs()
		args.CredentialSets[0].KeyVaultID = idIn(rg, "Microsoft.KeyVault/vaults/kv-consumer")
		_, err = newRegistry(ctx, args)
		return err
	})
	grant := get(t, m, "acr-credentials-dockerhub-secrets")
	assert.Equal(t, fakeIDIn("rg-consumer", "Microsoft.KeyVault/vaults/kv-consumer"), grant.Plain("scope"))
	assert.Equal(t, "/subscriptions/"+harness.Subscription+
		"/providers/Microsoft.Authorization/roleDefinitions/"+components.KeyVaultSecretsUserRoleID, grant.Plain("roleDefinitionId"))
	assert.True(t, grant.DependsOn("consumer-rg"))
}

// fakeIDIn is an ARM id in the harness's subscription and resource group rg.
func fakeIDIn(rg, rest string) string {
	return "/subscriptions/" + harness.Subscription + "/resourceGroups/" + rg + "/providers/" + rest
}
