package azcred

import (
	"fmt"
	"net/http"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/cloud"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
)

// Options configures New.
type Options struct {
	// Cloud selects the Entra ID authority; the zero value means Azure public.
	Cloud cloud.Configuration
	// Getenv reads the environment; nil means os.Getenv.
	Getenv func(string) string
	// HTTPClient sends the GitHub ID token requests; nil means http.DefaultClient.
	HTTPClient *http.Client
	// Transport, when non-nil, replaces the HTTP transport of the Entra ID
	// requests (tests).
	Transport policy.Transporter
}

// Credential is the chosen credential and how it authenticates.
type Credential struct {
	azcore.TokenCredential
	// Description says which credential was chosen, for a log line.
	Description string
}

// New returns a client assertion credential that asks GitHub for a fresh ID
// token on every token request when the GitHub OIDC variables are set
// (ACTIONS_ID_TOKEN_REQUEST_URL, ACTIONS_ID_TOKEN_REQUEST_TOKEN, and the
// client and tenant in AZURE_CLIENT_ID / AZURE_TENANT_ID or ARM_CLIENT_ID /
// ARM_TENANT_ID); otherwise DefaultAzureCredential.
func New(o Options) (*Credential, error) {
	getenv := o.Getenv
	if getenv == nil {
		getenv = osGetenv
	}
	clientOpts := azcore.ClientOptions{Cloud: o.Cloud, Transport: o.Transport}
	if gh, ok := GitHubOIDCFromEnv(getenv, o.HTTPClient); ok {
		cred, err := azidentity.NewClientAssertionCredential(gh.TenantID, gh.ClientID, gh.IDToken,
			&azidentity.ClientAssertionCredentialOptions{ClientOptions: clientOpts})
		if err != nil {
			return nil, fmt.Errorf("creating the GitHub OIDC client assertion credential: %w", err)
		}
		return &Credential{TokenCredential: cred,
			Description: "GitHub OIDC (a fresh GitHub ID token for every Entra ID token request) as client " + gh.ClientID}, nil
	}
	cred, err := azidentity.NewDefaultAzureCredential(&azidentity.DefaultAzureCredentialOptions{ClientOptions: clientOpts})
	if err != nil {
		return nil, fmt.Errorf("creating DefaultAzureCredential: %w", err)
	}
	return &Credential{TokenCredential: cred, Description: "DefaultAzureCredential"}, nil
}
