package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestStackAwaitsCredentialSetGrants: a Docker Hub cache rule's credential set
// reads its Key Vault secrets with a grant the stack creates; every app and web
// app waits for that grant and for acrPullPropagationSeconds after it (300 by
// default), like it waits for the AcrPull grant.
func TestStackAwaitsCredentialSetGrants(t *testing.T) {
	const vault = "/subscriptions/5e4d3c2b-1a09-4f8e-9d7c-6b5a4f3e2d1c/resourceGroups/rg-kv/providers/Microsoft.KeyVault/vaults/kv-up"
	config, secrets := devWith(t, map[string]string{
		"privatepull:cacheRules": `[{"source":"mcr.microsoft.com/azuredocs/containerapps-helloworld","target":"samples/containerapps-helloworld"},` +
			`{"source":"mcr.microsoft.com/azuredocs/aci-helloworld","target":"samples/aci-helloworld"},` +
			`{"source":"docker.io/library/nginx","target":"library/nginx","credentialSet":"dockerhub"}]`,
		"privatepull:credentialSets": `[{"name":"dockerhub","loginServer":"docker.io",` +
			`"usernameSecretId":"https://kv-up.vault.azure.net/secrets/hub-user",` +
			`"passwordSecretId":"https://kv-up.vault.azure.net/secrets/hub-token","keyVaultId":"` + vault + `"}]`,
	})
	for _, preview := range []bool{false, true} {
		m, _, err := runConfig(t, config, secrets, preview)
		require.NoError(t, err)
		wait := get(t, m, "acr-credentials-dockerhub-secrets-propagation")
		assert.Equal(t, "300s", wait.Plain("createDuration"), "the stack's acrPullPropagationSeconds")
		assert.True(t, get(t, m, "acr-cache-cache-library-nginx").DependsOn("acr-credentials-dockerhub-secrets-propagation"))
		for _, name := range []string{"aca-ca-myapp", "aca-probe", "web-" + devSite} {
			for _, dep := range []string{"acr-credentials-dockerhub-secrets", "acr-credentials-dockerhub-secrets-propagation"} {
				assert.True(t, get(t, m, name).DependsOn(dep), "%s must wait for %s", name, dep)
			}
		}
	}
}
