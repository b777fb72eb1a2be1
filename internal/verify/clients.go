package verify

import (
	"fmt"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/arm"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/cloud"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/appcontainers/armappcontainers/v3"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/authorization/armauthorization/v2"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/containerregistry/armcontainerregistry/v3"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/privatedns/armprivatedns"
)

// Options configures the ARM clients verify uses.
type Options struct {
	// Cloud selects the ARM endpoint; the zero value means Azure public.
	Cloud cloud.Configuration
	// Transport, when non-nil, replaces the HTTP transport of every client.
	// Tests pass the SDK's fake server transports here.
	Transport policy.Transporter
}

// Clients creates the ARM clients verify reads through. The registry,
// private DNS, Container Apps and authorization reads use the Azure SDK's
// resource-manager modules; the handful of private-endpoint, network-interface
// and App Service reads use plain ARM requests (see raw.go) so that verify
// does not compile the very large armnetwork and armappservice modules.
type Clients struct {
	cred azcore.TokenCredential
	opts *arm.ClientOptions
	raw  *rawClient
}

// NewClients returns clients that authenticate with cred.
func NewClients(cred azcore.TokenCredential, o Options) (*Clients, error) {
	opts := &arm.ClientOptions{
		ClientOptions: policy.ClientOptions{Cloud: o.Cloud, Transport: o.Transport},
		// verify only reads (and starts the probe job): never register
		// resource providers on the caller's subscription.
		DisableRPRegistration: true,
	}
	raw, err := newRawClient(cred, opts)
	if err != nil {
		return nil, err
	}
	return &Clients{cred: cred, opts: opts, raw: raw}, nil
}

// registries returns a registries client for a subscription.
func (c *Clients) registries(subscription string) (*armcontainerregistry.RegistriesClient, error) {
	cl, err := armcontainerregistry.NewRegistriesClient(subscription, c.cred, c.opts)
	if err != nil {
		return nil, fmt.Errorf("creating the registries client: %w", err)
	}
	return cl, nil
}

// credentialSets returns a credential sets client for a subscription.
func (c *Clients) credentialSets(subscription string) (*armcontainerregistry.CredentialSetsClient, error) {
	cl, err := armcontainerregistry.NewCredentialSetsClient(subscription, c.cred, c.opts)
	if err != nil {
		return nil, fmt.Errorf("creating the credential sets client: %w", err)
	}
	return cl, nil
}

// privateDNS returns the private DNS clients for a subscription.
func (c *Clients) privateDNS(subscription string) (*armprivatedns.ClientFactory, error) {
	f, err := armprivatedns.NewClientFactory(subscription, c.cred, c.opts)
	if err != nil {
		return nil, fmt.Errorf("creating the private DNS clients: %w", err)
	}
	return f, nil
}

// appContainers returns the Container Apps clients for a subscription.
func (c *Clients) appContainers(subscription string) (*armappcontainers.ClientFactory, error) {
	f, err := armappcontainers.NewClientFactory(subscription, c.cred, c.opts)
	if err != nil {
		return nil, fmt.Errorf("creating the Container Apps clients: %w", err)
	}
	return f, nil
}

// roleAssignments returns a role assignments client for a subscription.
func (c *Clients) roleAssignments(subscription string) (*armauthorization.RoleAssignmentsClient, error) {
	cl, err := armauthorization.NewRoleAssignmentsClient(subscription, c.cred, c.opts)
	if err != nil {
		return nil, fmt.Errorf("creating the role assignments client: %w", err)
	}
	return cl, nil
}
