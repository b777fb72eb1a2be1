//go:build e2e

package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/cloud"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"

	"github.com/privatepull/privatepull/internal/verify"
)

// credential returns the credential for verify. In
// GitHub Actions with OIDC it exchanges a fresh GitHub ID token on every
// token request (an `az login` session from azure/login expires during a
// long run); elsewhere it is DefaultAzureCredential (az login, environment,
// managed identity).
func credential(t *testing.T) azcore.TokenCredential {
	t.Helper()
	tenant, client := firstEnv("AZURE_TENANT_ID", "ARM_TENANT_ID"), firstEnv("AZURE_CLIENT_ID", "ARM_CLIENT_ID")
	if os.Getenv("ACTIONS_ID_TOKEN_REQUEST_URL") != "" && tenant != "" && client != "" {
		cred, err := azidentity.NewClientAssertionCredential(tenant, client, githubIDToken, &azidentity.ClientAssertionCredentialOptions{
			ClientOptions: clientOptions(t, os.Getenv("PRIVATEPULL_E2E_CLOUD")),
		})
		if err != nil {
			t.Fatal(err)
		}
		return cred
	}
	cred, err := azidentity.NewDefaultAzureCredential(&azidentity.DefaultAzureCredentialOptions{
		ClientOptions: clientOptions(t, os.Getenv("PRIVATEPULL_E2E_CLOUD")),
	})
	if err != nil {
		t.Fatal(err)
	}
	return cred
}

// githubIDToken requests a GitHub Actions OIDC token for Entra ID.
func githubIDToken(ctx context.Context) (string, error) {
	u, err := url.Parse(os.Getenv("ACTIONS_ID_TOKEN_REQUEST_URL"))
	if err != nil {
		return "", fmt.Errorf("ACTIONS_ID_TOKEN_REQUEST_URL: %w", err)
	}
	q := u.Query()
	q.Set("audience", "api://AzureADTokenExchange")
	u.RawQuery = q.Encode()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return "", fmt.Errorf("building the GitHub ID token request: %w", err)
	}
	req.Header.Set("Authorization", "Bearer "+os.Getenv("ACTIONS_ID_TOKEN_REQUEST_TOKEN"))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", fmt.Errorf("requesting a GitHub ID token: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("requesting a GitHub ID token: %s", resp.Status)
	}
	var body struct {
		Value string `json:"value"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		return "", fmt.Errorf("decoding the GitHub ID token: %w", err)
	}
	return body.Value, nil
}

// clientOptions selects the cloud of a stack output `cloud` value.
func clientOptions(t *testing.T, name string) policy.ClientOptions {
	t.Helper()
	return policy.ClientOptions{Cloud: cloudConfig(t, name)}
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
