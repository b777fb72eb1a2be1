package tests

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/privatepull/privatepull/components"
)

// TestLegacyURNReplacesOnlyTheComponentsOwnType: a component nested in a
// user's own component keeps its parents' types; a name with "::" stays.
func TestLegacyURNReplacesOnlyTheComponentsOwnType(t *testing.T) {
	for urn, want := range map[pulumi.URN]pulumi.URN{
		"urn:pulumi:dev::privatepull::privatepull:index:PrivateDnsZones::network":         "urn:pulumi:dev::privatepull::privatepull:index:PrivateNetwork::network",
		"urn:pulumi:dev::shop::my:index:Platform$privatepull:index:PrivateDnsZones::a::b": "urn:pulumi:dev::shop::my:index:Platform$privatepull:index:PrivateNetwork::a::b",
	} {
		got, err := components.LegacyURN(urn, "PrivateNetwork")
		require.NoError(t, err)
		assert.Equal(t, want, got)
	}
	_, err := components.LegacyURN("network", "PrivateNetwork")
	assert.ErrorContains(t, err, `"network" is not a resource URN`)
}
