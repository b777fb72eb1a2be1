package tests

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/privatepull/privatepull/components"
	"github.com/privatepull/privatepull/tests/harness"
)

const (
	vaultID       = "/subscriptions/5e4d3c2b-1a09-4f8e-9d7c-6b5a4f3e2d1c/resourceGroups/rg-kv/providers/Microsoft.KeyVault/vaults/kv-upstreams"
	userSecretURI = "https://kv-upstreams.vault.azure.net/secrets/dockerhub-user"
	passSecretURI = "https://kv-upstreams.vault.azure.net/secrets/dockerhub-token"
)

// cachedRegistryArgs: one anonymous MCR rule, one Docker Hub rule with a
// credential set whose vault privatepull grants access to.
func cachedRegistryArgs() *registrySpec {
	args := registryArgs()
	args.CacheRules = []components.CacheRuleSpec{
		{Name: "cache-samples-hello", Source: "mcr.microsoft.com/azuredocs/containerapps-helloworld", Target: "samples/hello"},
		{Name: "cache-library-nginx", Source: "docker.io/library/nginx", Target: "library/nginx", CredentialSet: "dockerhub"},
	}
	args.CredentialSets = []components.CredentialSetSpec{{
		Name: "dockerhub", LoginServer: "docker.io", UsernameSecretID: pulumi.String(userSecretURI),
		PasswordSecretID: pulumi.String(passSecretURI), KeyVaultID: pulumi.String(vaultID),
	}}
	return args
}

func TestCacheRulesMirrorUpstreamsIntoTheRegistry(t *testing.T) {
	modes(t, func(t *testing.T, preview bool) {
		m, outs := runRegistry(t, preview, cachedRegistryArgs())
		hello := get(t, m, "acr-cache-cache-samples-hello")
		assert.Equal(t, "azure-native:containerregistry/v20241101preview:CacheRule", hello.Type)
		assert.Equal(t, "acr", hello.Parent)
		assert.Contains(t, hello.ParentURN, "privatepull:index:RegistryImages::acr")
		assert.Equal(t, "cache-samples-hello", hello.Plain("cacheRuleName"))
		assert.Equal(t, "mcr.microsoft.com/azuredocs/containerapps-helloworld", hello.Plain("sourceRepository"))
		assert.Equal(t, "samples/hello", hello.Plain("targetRepository"))
		assert.Nil(t, hello.Plain("credentialSetResourceId"), "MCR serves anonymous pulls")
		assert.True(t, hello.DependsOn("acr-registry"))

		set := get(t, m, "acr-credentials-dockerhub")
		assert.Equal(t, "azure-native:containerregistry/v20241101preview:CredentialSet", set.Type)
		assert.Equal(t, "dockerhub", set.Plain("credentialSetName"))
		assert.Equal(t, "docker.io", set.Plain("loginServer"))
		assert.Equal(t, map[string]any{"type": "SystemAssigned"}, set.Plain("identity"))
		assert.Equal(t, []any{map[string]any{"name": "Credential1", "usernameSecretIdentifier": userSecretURI,
			"passwordSecretIdentifier": passSecretURI}}, set.Plain("authCredentials"))

		nginx := get(t, m, "acr-cache-cache-library-nginx")
		assert.True(t, nginx.DependsOn("acr-credentials-dockerhub"))
		grant := get(t, m, "acr-credentials-dockerhub-secrets")
		assert.Equal(t, tokRoleAssignment, grant.Type)
		assert.Equal(t, vaultID, grant.Plain("scope"))
		assert.Equal(t, "/subscriptions/5e4d3c2b-1a09-4f8e-9d7c-6b5a4f3e2d1c/providers/Microsoft.Authorization/roleDefinitions/"+
			components.KeyVaultSecretsUserRoleID, grant.Plain("roleDefinitionId"), "Key Vault Secrets User, in the vault's subscription")
		assert.Equal(t, "ServicePrincipal", grant.Plain("principalType"))
		assert.True(t, grant.DependsOn("acr-credentials-dockerhub"))
		if preview {
			return
		}
		assert.Equal(t, fakeID("Microsoft.ContainerRegistry/registries/acrtest01/credentialSets/dockerhub"),
			nginx.Plain("credentialSetResourceId"))
		ids, known := outs.Get("cacheRuleIds")
		require.True(t, known)
		assert.Equal(t, map[string]string{
			"samples/hello": fakeID("Microsoft.ContainerRegistry/registries/acrtest01/cacheRules/cache-samples-hello"),
			"library/nginx": fakeID("Microsoft.ContainerRegistry/registries/acrtest01/cacheRules/cache-library-nginx"),
		}, ids)
	})
}

// imagesProgram registers RegistryImages "acr" alone, on the known registry
// acrtest01: its checks run before registration.
func imagesProgram(args *registrySpec) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		_, err := components.NewRegistryImages(ctx, "acr", &components.RegistryImagesArgs{
			RegistryName: pulumi.String("acrtest01"), ResourceGroupName: pulumi.String("rg-test"), Location: "koreacentral",
			CacheRules: args.CacheRules, CredentialSets: args.CredentialSets, AgentPool: args.AgentPool,
		})
		return err
	}
}

func TestRegistryRejectsCacheRulesItCannotCreate(t *testing.T) {
	args := cachedRegistryArgs()
	args.CredentialSets = nil
	expectFailure(t, imagesProgram(args),
		`RegistryImages "acr": cache rule cache-library-nginx names credential set "dockerhub", which is not in CredentialSets`)

	args = cachedRegistryArgs()
	args.CacheRules[1].Target = "samples/hello"
	expectFailure(t, imagesProgram(args), `target "samples/hello" has another rule already`)

	args = cachedRegistryArgs()
	args.CredentialSets[0].KeyVaultID = pulumi.String(acaSubnetID)
	expectFailure(t, imagesProgram(args), "credential set dockerhub: \""+acaSubnetID+"\" is a Microsoft.Network/virtualNetworks/subnets id")
}

func TestCacheRuleCovers(t *testing.T) {
	for _, c := range []struct {
		target, repository string
		covers             bool
	}{
		{"samples/hello", "samples/hello", true},
		{"samples/hello", "samples/hello2", false},
		{"dotnet/*", "dotnet/sdk", true},
		{"dotnet/*", "dotnet", false},
		{"dotnet/*", "dotnetcore/sdk", false},
		{"*", "anything/at/all", true},
	} {
		assert.Equal(t, c.covers, components.CacheRuleCovers(c.target, c.repository), "%s covers %s", c.target, c.repository)
	}
}

func TestAgentPoolBuildsInsideTheVNet(t *testing.T) {
	poolSubnet := fakeID("Microsoft.Network/virtualNetworks/vnet-test/subnets/snet-acr-tasks")
	args := registryArgs()
	args.AgentPool = &components.AgentPoolSpec{Name: "vnetpool", Tier: "S2", Count: 2, SubnetID: pulumi.String(poolSubnet)}
	modes(t, func(t *testing.T, preview bool) {
		m, outs := runRegistry(t, preview, args)
		pool := get(t, m, "acr-agentpool")
		assert.Equal(t, "azure-native:containerregistry/v20190601preview:AgentPool", pool.Type)
		assert.Equal(t, "acr", pool.Parent)
		assert.Contains(t, pool.ParentURN, "privatepull:index:RegistryImages::acr")
		assert.Equal(t, "vnetpool", pool.Plain("agentPoolName"))
		assert.Equal(t, "S2", pool.Plain("tier"))
		assert.Equal(t, float64(2), pool.Plain("count"))
		assert.Equal(t, "Linux", pool.Plain("os"))
		assert.Equal(t, "koreacentral", pool.Plain("location"))
		assert.Equal(t, poolSubnet, pool.Plain("virtualNetworkSubnetResourceId"))
		assert.True(t, pool.DependsOn("acr-registry"))
		if !preview {
			name, _ := outs.Get("agentPoolName")
			assert.Equal(t, "vnetpool", name)
		}
	})
}

// credentialedWorkload composes the cached registry (a Docker Hub rule with a
// credential set whose Key Vault grant waits waitSeconds) with a workload that
// pulls through it, waiting either for the images' Go handles
// (PullDependencies) or for their pullReady output, as other languages do.
func credentialedWorkload(waitSeconds int, handles bool) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		args := cachedRegistryArgs()
		args.CredentialSetPropagationWaitSeconds = waitSeconds
		reg, err := newRegistry(ctx, args)
		if err != nil {
			return err
		}
		workload := &components.ContainerAppWorkloadArgs{
			EnvironmentID: pulumi.String(existingEnvironmentID), Location: "koreacentral",
			ResourceGroupName: pulumi.String("rg-test"), LoginServer: reg.registry.LoginServer,
			PullIdentityID: pulumi.String(uamiID), PullIdentityClientID: pulumi.String(uamiClientID),
			Apps: []components.ContainerAppSpec{{Name: "ca-nginx", ImageRepository: "library/nginx", ImageTag: "1.27",
				TargetPort: 80, CPU: 0.25, Memory: "0.5Gi", MaxReplicas: 1}},
		}
		if handles {
			workload.PullDependencies = reg.images.PullDependencies
		} else {
			workload.PullReady = []pulumi.StringInput{reg.images.PullReady}
		}
		_, err = components.NewContainerAppWorkload(ctx, "aca", workload)
		return err
	}
}

// TestCredentialSetGrantIsAwaited: the registry reads a credentialed
// upstream's secrets with the credential set's identity on the first pull of
// a cached image, so the Key Vault grant and its propagation wait come before
// the cache rule that uses the set and before any app that pulls: in the Go
// handles and in pullReady, in preview and update.
func TestCredentialSetGrantIsAwaited(t *testing.T) {
	for _, handles := range []bool{true, false} {
		modes(t, func(t *testing.T, preview bool) {
			m := run(t, preview, credentialedWorkload(300, handles))
			wait := get(t, m, "acr-credentials-dockerhub-secrets-propagation")
			assert.Equal(t, "time:index/sleep:Sleep", wait.Type)
			assert.Equal(t, "acr", wait.Parent)
			assert.Contains(t, wait.ParentURN, "privatepull:index:RegistryImages::acr")
			assert.Equal(t, "300s", wait.Plain("createDuration"))
			assert.True(t, wait.DependsOn("acr-credentials-dockerhub-secrets"), "the wait starts once the grant exists")
			assert.Equal(t, []string{"acr-credentials-dockerhub-secrets"}, wait.PropertyDependencies["triggers"],
				"it sleeps again only when the grant is replaced")
			if !preview {
				grant := get(t, m, "acr-credentials-dockerhub-secrets")
				assert.Equal(t, map[string]any{"roleAssignmentId": harness.IDOf(grant), "principalId": grant.Plain("principalId")},
					wait.Plain("triggers"))
			}

			nginx := get(t, m, "acr-cache-cache-library-nginx")
			for _, dep := range []string{"acr-credentials-dockerhub-secrets", "acr-credentials-dockerhub-secrets-propagation"} {
				assert.True(t, nginx.DependsOn(dep), "the credentialed rule must wait for %s; got %v", dep, nginx.Dependencies)
			}
			hello := get(t, m, "acr-cache-cache-samples-hello")
			assert.False(t, hello.DependsOn("acr-credentials-dockerhub-secrets-propagation"), "MCR needs no credentials")

			app := get(t, m, "aca-ca-nginx")
			for _, dep := range []string{"acr-credentials-dockerhub-secrets", "acr-credentials-dockerhub-secrets-propagation",
				"acr-cache-cache-library-nginx"} {
				assert.True(t, app.DependsOn(dep), "handles=%v: the app must wait for %s; got %v", handles, dep, app.Dependencies)
			}
		})
	}
}

func TestCredentialSetGrantWithoutWait(t *testing.T) {
	m := run(t, false, credentialedWorkload(0, true))
	_, hasWait := m.Get("acr-credentials-dockerhub-secrets-propagation")
	assert.False(t, hasWait, "0 turns the wait off")
	assert.True(t, get(t, m, "acr-cache-cache-library-nginx").DependsOn("acr-credentials-dockerhub-secrets"))
	assert.True(t, get(t, m, "aca-ca-nginx").DependsOn("acr-credentials-dockerhub-secrets"))
}
