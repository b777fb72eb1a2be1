package azcred

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/cloud"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
)

const (
	testTenant = "72f988bf-86f1-41af-91ab-2d7cd011db47"
	testClient = "5f0c8a3e-7b61-4e0b-9c1d-2a3b4c5d6e7f"
)

// githubTokenServer is GitHub's ID token endpoint: it checks the request as
// GitHub does and mints a new token ("gh-1", "gh-2", ...) on every call.
type githubTokenServer struct {
	t      *testing.T
	mu     sync.Mutex
	issued int
}

func (g *githubTokenServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if r.Method != http.MethodGet || r.URL.Path != "/token" {
		http.Error(w, "unexpected "+r.Method+" "+r.URL.Path, http.StatusNotFound)
		return
	}
	if got := r.Header.Get("Authorization"); got != "Bearer request-token" {
		http.Error(w, "bad authorization "+got, http.StatusUnauthorized)
		return
	}
	q := r.URL.Query()
	// The request URL's own query must survive next to the audience.
	if q.Get("audience") != GitHubAudience || q.Get("api-version") != "2.0" {
		http.Error(w, "bad query "+r.URL.RawQuery, http.StatusBadRequest)
		return
	}
	g.issued++
	_ = json.NewEncoder(w).Encode(map[string]any{"count": 1, "value": fmt.Sprintf("gh-%d", g.issued)})
}

func (g *githubTokenServer) count() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.issued
}

// githubEnv returns the variables a GitHub Actions job with id-token: write
// and the deploy workflow's ARM_* settings has.
func githubEnv(requestURL string) map[string]string {
	return map[string]string{
		"ACTIONS_ID_TOKEN_REQUEST_URL":   requestURL + "/token?api-version=2.0",
		"ACTIONS_ID_TOKEN_REQUEST_TOKEN": "request-token",
		"ARM_TENANT_ID":                  testTenant,
		"ARM_CLIENT_ID":                  testClient,
	}
}

func lookup(env map[string]string) func(string) string {
	return func(k string) string { return env[k] }
}

func TestCredentialSelection(t *testing.T) {
	full := githubEnv("https://token.actions.githubusercontent.com")
	cases := []struct {
		name   string
		env    map[string]string
		github bool
	}{
		{"GitHub OIDC with ARM_* ids", full, true},
		{"GitHub OIDC with AZURE_* ids", map[string]string{
			"ACTIONS_ID_TOKEN_REQUEST_URL": full["ACTIONS_ID_TOKEN_REQUEST_URL"], "ACTIONS_ID_TOKEN_REQUEST_TOKEN": "x",
			"AZURE_TENANT_ID": testTenant, "AZURE_CLIENT_ID": testClient,
		}, true},
		{"no request token (job without id-token: write)", without(full, "ACTIONS_ID_TOKEN_REQUEST_TOKEN"), false},
		{"no request URL", without(full, "ACTIONS_ID_TOKEN_REQUEST_URL"), false},
		{"no client id", without(full, "ARM_CLIENT_ID"), false},
		{"no tenant id", without(full, "ARM_TENANT_ID"), false},
		{"outside GitHub Actions", map[string]string{}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cred, err := New(Options{Getenv: lookup(tc.env)})
			if err != nil {
				t.Fatal(err)
			}
			_, isAssertion := cred.TokenCredential.(*azidentity.ClientAssertionCredential)
			_, isDefault := cred.TokenCredential.(*azidentity.DefaultAzureCredential)
			if isAssertion != tc.github || isDefault == tc.github {
				t.Errorf("credential %T (%s), want GitHub OIDC = %t", cred.TokenCredential, cred.Description, tc.github)
			}
			if tc.github && !strings.Contains(cred.Description, testClient) {
				t.Errorf("description %q does not name the client", cred.Description)
			}
		})
	}
}

func without(env map[string]string, key string) map[string]string {
	out := map[string]string{}
	for k, v := range env {
		if k != key {
			out[k] = v
		}
	}
	return out
}

func TestIDTokenRequest(t *testing.T) {
	gh := &githubTokenServer{t: t}
	srv := httptest.NewServer(gh)
	defer srv.Close()
	oidc, ok := GitHubOIDCFromEnv(lookup(githubEnv(srv.URL)), srv.Client())
	if !ok {
		t.Fatal("GitHub OIDC not detected")
	}
	for want := 1; want <= 2; want++ {
		tok, err := oidc.IDToken(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if tok != fmt.Sprintf("gh-%d", want) {
			t.Errorf("token %q, want a fresh gh-%d", tok, want)
		}
	}

	bad := &GitHubOIDC{RequestURL: srv.URL + "/token?api-version=2.0", RequestToken: "wrong", HTTPClient: srv.Client()}
	if _, err := bad.IDToken(context.Background()); err == nil || !strings.Contains(err.Error(), "401") {
		t.Errorf("a refused request must fail with its status, got %v", err)
	}
}

// fakeEntra is the part of Entra ID the client assertion credential talks to:
// instance discovery, OpenID metadata and the token endpoint, which records
// every client assertion it is given.
type fakeEntra struct {
	mu         sync.Mutex
	host       string
	assertions []string
}

func (e *fakeEntra) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	base := "https://" + e.host + "/" + testTenant
	switch {
	case strings.HasSuffix(r.URL.Path, "/discovery/instance"):
		_ = json.NewEncoder(w).Encode(map[string]any{
			"tenant_discovery_endpoint": base + "/v2.0/.well-known/openid-configuration",
			"api-version":               "1.1",
			"metadata":                  []any{map[string]any{"preferred_network": e.host, "preferred_cache": e.host, "aliases": []string{e.host}}},
		})
	case strings.HasSuffix(r.URL.Path, "/.well-known/openid-configuration"):
		_ = json.NewEncoder(w).Encode(map[string]any{
			"token_endpoint":         base + "/oauth2/v2.0/token",
			"authorization_endpoint": base + "/oauth2/v2.0/authorize",
			"issuer":                 base + "/v2.0",
		})
	case strings.HasSuffix(r.URL.Path, "/oauth2/v2.0/token"):
		if err := r.ParseForm(); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		if r.PostForm.Get("client_id") != testClient ||
			r.PostForm.Get("client_assertion_type") != "urn:ietf:params:oauth:client-assertion-type:jwt-bearer" {
			http.Error(w, "bad client "+r.PostForm.Encode(), http.StatusBadRequest)
			return
		}
		e.mu.Lock()
		e.assertions = append(e.assertions, r.PostForm.Get("client_assertion"))
		n := len(e.assertions)
		e.mu.Unlock()
		_ = json.NewEncoder(w).Encode(map[string]any{
			"access_token": fmt.Sprintf("at-%d", n), "token_type": "Bearer", "expires_in": 3600,
		})
	default:
		http.Error(w, "unexpected "+r.URL.Path, http.StatusNotFound)
	}
}

// toHost sends every request to the fake Entra ID, including MSAL's
// instance discovery, which asks login.microsoftonline.com.
type toHost struct {
	host   string
	client *http.Client
}

func (h toHost) Do(req *http.Request) (*http.Response, error) {
	req.URL.Host = h.host
	req.Host = h.host
	return h.client.Do(req)
}

// TestGitHubCredentialExchangesAFreshTokenEachTime runs the chosen credential
// against a fake GitHub and a fake Entra ID: every access token request is
// made with a GitHub ID token minted for it, never with the first one.
func TestGitHubCredentialExchangesAFreshTokenEachTime(t *testing.T) {
	gh := &githubTokenServer{t: t}
	ghSrv := httptest.NewServer(gh)
	defer ghSrv.Close()
	entra := &fakeEntra{}
	entraSrv := httptest.NewTLSServer(entra)
	defer entraSrv.Close()
	entra.host = strings.TrimPrefix(entraSrv.URL, "https://")

	cred, err := New(Options{
		Getenv:     lookup(githubEnv(ghSrv.URL)),
		HTTPClient: ghSrv.Client(),
		Cloud:      cloud.Configuration{ActiveDirectoryAuthorityHost: entraSrv.URL + "/"},
		Transport:  toHost{host: entra.host, client: entraSrv.Client()},
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	// Two scopes: two access tokens, as verify needs for ARM and Log Analytics.
	for i, scope := range []string{"https://management.azure.com/.default", "https://api.loganalytics.io/.default"} {
		tok, err := cred.GetToken(ctx, policy.TokenRequestOptions{Scopes: []string{scope}})
		if err != nil {
			t.Fatalf("GetToken(%s): %v", scope, err)
		}
		if tok.Token != fmt.Sprintf("at-%d", i+1) {
			t.Errorf("access token %q", tok.Token)
		}
	}
	entra.mu.Lock()
	defer entra.mu.Unlock()
	if want := []string{"gh-1", "gh-2"}; strings.Join(entra.assertions, ",") != strings.Join(want, ",") {
		t.Errorf("client assertions %v, want %v (one fresh GitHub token per exchange)", entra.assertions, want)
	}
	if gh.count() != 2 {
		t.Errorf("GitHub was asked %d times, want 2", gh.count())
	}
}
