//go:build e2e

package e2e

import (
	"os"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/cloud"

	"github.com/privatepull/privatepull/internal/azcred"
	"github.com/privatepull/privatepull/internal/verify"
)

// credential returns the credential for verify: in GitHub Actions with OIDC
// a client assertion credential that exchanges a fresh GitHub ID token on
// every token request (an `az login` session from azure/login expires during
// a long run); elsewhere DefaultAzureCredential. verify's command uses the same
// choice (internal/azcred).
func credential(t *testing.T) azcore.TokenCredential {
	t.Helper()
	cred, err := azcred.New(azcred.Options{Cloud: cloudConfig(t, os.Getenv("PRIVATEPULL_E2E_CLOUD"))})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("authenticating with %s", cred.Description)
	return cred
}

// cloudConfig maps a stack output `cloud` value to the azcore cloud.
func cloudConfig(t *testing.T, name string) cloud.Configuration {
	t.Helper()
	cfg, err := verify.CloudConfig(name)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// firstEnv returns the first non-empty environment variable of names.
func firstEnv(names ...string) string {
	for _, n := range names {
		if v := os.Getenv(n); v != "" {
			return v
		}
	}
	return ""
}
