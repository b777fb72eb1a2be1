package tests

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/privatepull/privatepull/components/stackconfig"
	"github.com/privatepull/privatepull/tests/harness"
)

// shippedStack parses a shipped stack file as the CLI passes it (Pulumi.yaml
// defaults overlaid with the stack's values), with extra values on top.
func shippedStack(t *testing.T, stack string, extra map[string]string) (*stackconfig.Config, error) {
	t.Helper()
	config, _, err := harness.StackConfig("..", stack)
	require.NoError(t, err)
	raw := map[string]string{}
	for k, v := range config {
		if name, ok := strings.CutPrefix(k, stackconfig.Namespace+":"); ok {
			raw[name] = v
		}
	}
	for k, v := range extra {
		raw[k] = v
	}
	return stackconfig.ParseIn(stackconfig.Environment{Project: harness.Project, Stack: stack,
		SubscriptionID: harness.Subscription}, raw, nil)
}

func TestShippedShopStackIsAnAppStackOfDev(t *testing.T) {
	shop, err := shippedStack(t, "dev-team-shop", nil)
	require.NoError(t, err)
	assert.True(t, shop.IsAppStack())
	assert.Equal(t, "organization/privatepull/dev", shop.PlatformStack, "the local backend's name of the dev stack")
	assert.Equal(t, "shop", shop.TeamName)
	assert.Equal(t, "shop/", shop.RepositoryPrefix)
	assert.Equal(t, stackconfig.IdentityModePlatform, shop.IdentityMode, "the shipped app stack waits for nothing")
	assert.Equal(t, "rg-shop", shop.ResourceGroupName)
	require.Len(t, shop.ContainerApps, 1)
	require.Len(t, shop.WebApps, 1)

	dev, err := shippedStack(t, "dev", nil)
	require.NoError(t, err)
	assert.Contains(t, dev.TeamIdentities, stackconfig.TeamIdentity{Name: "shop", RepositoryPrefix: "shop/"},
		"dev pre-creates the shop team's identity (identityMode platform)")
	// Deployable right after dev with no push: every image the shop stack
	// runs is a repository dev's artifact-cache rules provide.
	cached := map[string]bool{}
	for _, r := range dev.CacheRules {
		cached[r.Target] = true
	}
	for _, image := range []string{shop.ContainerApps[0].Image, shop.WebApps[0].Image} {
		assert.True(t, cached[image], "%s is provided by a cache rule of dev", image)
	}
}

func TestShippedShopStackInIdentityModeOwn(t *testing.T) {
	shop, err := shippedStack(t, "dev-team-shop", map[string]string{"identityMode": "own"})
	require.NoError(t, err)
	assert.Equal(t, "id-shop", shop.IdentityName)
	assert.Equal(t, stackconfig.DefaultAcrPullPropagationSeconds, shop.AcrPullPropagationSeconds,
		"mode own waits once for its grant")
}
