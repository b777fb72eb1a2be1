package azcred

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
)

// GitHubAudience is the audience Entra ID expects of a federated GitHub token.
const GitHubAudience = "api://AzureADTokenExchange"

// GitHubOIDC requests GitHub Actions ID tokens for Entra ID workload
// identity federation.
type GitHubOIDC struct {
	// RequestURL is ACTIONS_ID_TOKEN_REQUEST_URL.
	RequestURL string
	// RequestToken is ACTIONS_ID_TOKEN_REQUEST_TOKEN.
	RequestToken string
	// TenantID and ClientID identify the Entra application or managed
	// identity that trusts the repository.
	TenantID, ClientID string
	// HTTPClient sends the requests; nil means http.DefaultClient.
	HTTPClient *http.Client
}

// GitHubOIDCFromEnv reads the GitHub OIDC settings; ok is false unless the
// request URL and token, the tenant and the client are all set.
func GitHubOIDCFromEnv(getenv func(string) string, client *http.Client) (gh *GitHubOIDC, ok bool) {
	gh = &GitHubOIDC{
		RequestURL:   getenv("ACTIONS_ID_TOKEN_REQUEST_URL"),
		RequestToken: getenv("ACTIONS_ID_TOKEN_REQUEST_TOKEN"),
		TenantID:     firstSet(getenv, "AZURE_TENANT_ID", "ARM_TENANT_ID"),
		ClientID:     firstSet(getenv, "AZURE_CLIENT_ID", "ARM_CLIENT_ID"),
		HTTPClient:   client,
	}
	if gh.RequestURL == "" || gh.RequestToken == "" || gh.TenantID == "" || gh.ClientID == "" {
		return nil, false
	}
	return gh, true
}

// IDToken requests a new GitHub ID token with the Entra ID audience. It is
// the client assertion callback: azidentity calls it whenever it needs an
// access token, so every exchange uses a token minted moments before.
func (g *GitHubOIDC) IDToken(ctx context.Context) (string, error) {
	u, err := url.Parse(g.RequestURL)
	if err != nil {
		return "", fmt.Errorf("ACTIONS_ID_TOKEN_REQUEST_URL: %w", err)
	}
	q := u.Query()
	q.Set("audience", GitHubAudience)
	u.RawQuery = q.Encode()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return "", fmt.Errorf("building the GitHub ID token request: %w", err)
	}
	req.Header.Set("Authorization", "Bearer "+g.RequestToken)
	req.Header.Set("Accept", "application/json")
	client := g.HTTPClient
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(req)
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
	if body.Value == "" {
		return "", errors.New("requesting a GitHub ID token: the answer holds no token")
	}
	return body.Value, nil
}

// firstSet returns the first non-empty variable of names.
func firstSet(getenv func(string) string, names ...string) string {
	for _, n := range names {
		if v := getenv(n); v != "" {
			return v
		}
	}
	return ""
}

// osGetenv is os.Getenv, named for Options.Getenv's default.
func osGetenv(name string) string { return os.Getenv(name) }
