package verify

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Outputs are the stack outputs verify reads, exactly as
// `pulumi stack output --json` prints them. Outputs the program exports but
// verify does not need are ignored.
type Outputs struct {
	// Cloud is "public", "usgovernment" or "china" (empty means public).
	Cloud string `json:"cloud"`
	// SubscriptionID is the subscription of the stack's resource group.
	SubscriptionID string `json:"subscriptionId"`
	// ResourceGroupName is the stack's resource group.
	ResourceGroupName string `json:"resourceGroupName"`

	// RegistryName is the registry's resource name.
	RegistryName string `json:"registryName"`
	// RegistryID is the registry's ARM id.
	RegistryID string `json:"registryId"`
	// LoginServer is <name>.azurecr.io (or .us/.cn).
	LoginServer string `json:"loginServer"`
	// RegistryRegions lists the home region first, then the replica regions.
	RegistryRegions []string `json:"registryRegions"`
	// DataEndpointHostNames lists <name>.<region>.data.azurecr.io, one per region.
	DataEndpointHostNames []string `json:"dataEndpointHostNames"`
	// RegistryPublicNetworkAccess is the expected value, "Disabled" or "Enabled".
	RegistryPublicNetworkAccess string `json:"registryPublicNetworkAccess"`
	// RegistryAllowedIPRanges are the expected IP rules when public access is Enabled.
	RegistryAllowedIPRanges []string `json:"registryAllowedIpRanges"`
	// RegistryPrivateEndpoints lists every registry private endpoint of the stack.
	RegistryPrivateEndpoints []PrivateEndpointOutput `json:"registryPrivateEndpoints"`
	// DNSResolvedElsewhere declares that workload VNets resolve the registry
	// zone through links or resolvers outside the stack: a missing link for a
	// workload VNet is then a warning, not a failure.
	DNSResolvedElsewhere bool `json:"dnsResolvedElsewhere"`

	// IdentityID is the resource id of the user-assigned pull identity.
	IdentityID string `json:"identityId"`
	// IdentityClientID is the pull identity's client (application) id.
	IdentityClientID string `json:"identityClientId"`
	// IdentityPrincipalID is the pull identity's principal (object) id.
	IdentityPrincipalID string `json:"identityPrincipalId"`

	// ContainerAppsEnvironmentID is empty when the stack has no container apps.
	ContainerAppsEnvironmentID string `json:"containerAppsEnvironmentId"`
	// ContainerAppsEnvironment describes the environment as the stack
	// declares it; its ID is empty when the stack has no container apps.
	ContainerAppsEnvironment EnvironmentOutput `json:"containerAppsEnvironment"`
	// LogAnalyticsWorkspaceID is the ARM id of the Log Analytics workspace
	// the environment sends its logs to; empty (or absent) when the stack has
	// none.
	LogAnalyticsWorkspaceID string `json:"logAnalyticsWorkspaceId"`
	// LogAnalyticsCustomerID is that workspace's customer id (the GUID the
	// Log Analytics query API and `az monitor log-analytics query
	// --workspace` take).
	LogAnalyticsCustomerID string `json:"logAnalyticsCustomerId"`
	// ContainerApps maps an app name to its id and image.
	ContainerApps map[string]ContainerAppOutput `json:"containerApps"`
	// WebApps maps a site name to its id, pull settings and image.
	WebApps map[string]WebAppOutput `json:"webApps"`
	// FunctionApps maps a function app's site name to its id, plan, pull
	// settings, image and host storage; absent on stacks without function
	// apps (then verify reports no function app rows).
	FunctionApps map[string]FunctionAppOutput `json:"functionApps"`
	// FunctionsStorage describes the Functions host storage account, its
	// private endpoints and zones; absent on stacks without function apps.
	FunctionsStorage *FunctionsStorageOutput `json:"functionsStorage"`
	// ProbeJobID is the in-VNet probe job's id; empty when the probe is off.
	ProbeJobID string `json:"probeJobId"`

	// StackRole is "platform" or "app" (empty: a platform stack of a
	// privatepull version before app stacks). An app stack's outputs hold
	// the platform values its apps depend on, exported again.
	StackRole string `json:"stackRole"`
	// PlatformStack is the platform stack an app stack references ("" with
	// explicit platform ids).
	PlatformStack string `json:"platformStack"`
	// TeamName is an app stack's team.
	TeamName string `json:"teamName"`
	// RepositoryPrefix is an app stack's repository prefix, e.g. shop/: in
	// ABAC mode its grant's condition must limit pulls to it.
	RepositoryPrefix string `json:"repositoryPrefix"`
	// IdentityMode is an app stack's identity mode, own or platform.
	IdentityMode string `json:"identityMode"`
	// RegistryRoleAssignmentMode is the mode the stack declares for the
	// registry (empty: LegacyRegistryPermissions).
	RegistryRoleAssignmentMode string `json:"registryRoleAssignmentMode"`
	// liveRoleAssignmentMode is the registry's live role-assignment mode,
	// set by checkRegistry once it has read the registry ("" before, or when
	// the registry could not be read): the pull grant check requires the
	// grant it honours.
	liveRoleAssignmentMode string
	// TeamIdentities are the identities a platform stack created and
	// granted for app teams, by team name.
	TeamIdentities map[string]TeamIdentityOutput `json:"teamIdentities"`
}

// TeamIdentityOutput is one identity a platform stack created for a team.
type TeamIdentityOutput struct {
	// ID is the identity's resource id.
	ID string `json:"id"`
	// ClientID is its client id.
	ClientID string `json:"clientId"`
	// PrincipalID is its principal id (what the grant names).
	PrincipalID string `json:"principalId"`
	// RepositoryPrefix is the prefix its grant is limited to in ABAC mode.
	RepositoryPrefix string `json:"repositoryPrefix"`
}

// PrivateEndpointOutput describes one registry private endpoint and the DNS
// zone its DNS zone group writes to.
type PrivateEndpointOutput struct {
	// Name is the endpoint's resource name.
	Name string `json:"name"`
	// ID is the endpoint's ARM id.
	ID string `json:"id"`
	// DNSZoneID is the privatelink.azurecr.* zone of this endpoint's zone group.
	DNSZoneID string `json:"dnsZoneId"`
	// LinkedVnetIDs are the VNets the stack links to that zone.
	LinkedVnetIDs []string `json:"linkedVnetIds"`
	// WorkloadVnetIDs are the VNets hosting workloads that resolve through that zone.
	WorkloadVnetIDs []string `json:"workloadVnetIds"`
}

// EnvironmentOutput describes the Container Apps environment as the stack
// declares it.
type EnvironmentOutput struct {
	// ID is the environment's ARM id.
	ID string `json:"id"`
	// SubnetID is the infrastructure subnet (vnetConfiguration.infrastructureSubnetId).
	SubnetID string `json:"subnetId"`
	// Internal is true for an internal environment (a private static IP only).
	Internal bool `json:"internal"`
	// WorkloadProfiles are the declared profiles: Consumption, then the
	// dedicated ones.
	WorkloadProfiles []WorkloadProfileOutput `json:"workloadProfiles"`
}

// WorkloadProfileOutput is one declared workload profile.
type WorkloadProfileOutput struct {
	// Name is the profile's name, e.g. Consumption or general.
	Name string `json:"name"`
	// Type is its workloadProfileType, e.g. Consumption or D4.
	Type string `json:"type"`
}

// ContainerAppOutput describes one container app.
type ContainerAppOutput struct {
	// ID is the app's ARM id.
	ID string `json:"id"`
	// Image is the full reference <loginServer>/<repo>:<tag>.
	Image string `json:"image"`
}

// The pull authentication modes of a web app.
const (
	// PullAuthUserAssigned pulls with the stack's user-assigned identity.
	PullAuthUserAssigned = "userAssigned"
	// PullAuthSystemAssigned pulls with the site's own identity.
	PullAuthSystemAssigned = "systemAssigned"
	// PullAuthCredentials pulls with a user name and password.
	PullAuthCredentials = "credentials"
)

// WebAppOutput describes one web app.
type WebAppOutput struct {
	// ID is the site's ARM id.
	ID string `json:"id"`
	// PullAuth is userAssigned, systemAssigned or credentials.
	PullAuth string `json:"pullAuth"`
	// Registry is "acr" (the stack's registry) or "custom".
	Registry string `json:"registry"`
	// Image is the full image reference the site runs.
	Image string `json:"image"`
	// IntegrationSubnetID is the site's VNet integration subnet.
	IntegrationSubnetID string `json:"integrationSubnetId"`
}

// ParseOutputs reads stack outputs in the JSON form `pulumi stack output
// --json` prints and checks that the outputs verify needs are present.
func ParseOutputs(r io.Reader) (*Outputs, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("reading stack outputs: %w", err)
	}
	if len(strings.TrimSpace(string(data))) == 0 {
		return nil, errors.New("no stack outputs: pipe `pulumi stack output --json` or pass --stack")
	}
	var out Outputs
	if err := json.Unmarshal(data, &out); err != nil {
		return nil, fmt.Errorf("parsing stack outputs: %w", err)
	}
	// A stack without function apps exports functionsStorage as {}.
	if st := out.FunctionsStorage; st != nil && st.isEmpty() {
		out.FunctionsStorage = nil
	}
	if err := out.validate(); err != nil {
		return nil, err
	}
	return &out, nil
}

// validate lists every output verify needs that is missing or malformed.
func (o *Outputs) validate() error {
	var problems []string
	missing := func(name, value string) {
		if strings.TrimSpace(value) == "" {
			problems = append(problems, "missing output "+name)
		}
	}
	missing("registryId", o.RegistryID)
	missing("loginServer", o.LoginServer)
	switch o.StackRole {
	case "", StackRolePlatform:
		// An app stack given the platform's ids may lack the endpoints and
		// the team identity's principal: those checks are skipped.
		missing("identityPrincipalId", o.IdentityPrincipalID)
		if len(o.RegistryPrivateEndpoints) == 0 {
			problems = append(problems, "missing output registryPrivateEndpoints")
		}
	case StackRoleApp:
	default:
		problems = append(problems, fmt.Sprintf("output stackRole: unknown role %q (want %s or %s)", o.StackRole,
			StackRolePlatform, StackRoleApp))
	}
	switch o.RegistryRoleAssignmentMode {
	case "", RoleAssignmentModeLegacy, RoleAssignmentModeAbac:
	default:
		problems = append(problems, fmt.Sprintf("output registryRoleAssignmentMode: unknown mode %q", o.RegistryRoleAssignmentMode))
	}
	if _, err := cloudByName(o.Cloud); err != nil {
		problems = append(problems, err.Error())
	}
	if len(o.DataEndpointHostNames) != len(o.RegistryRegions) {
		problems = append(problems, fmt.Sprintf("dataEndpointHostNames has %d entries, registryRegions %d",
			len(o.DataEndpointHostNames), len(o.RegistryRegions)))
	}
	env := o.ContainerAppsEnvironment
	switch {
	case o.ContainerAppsEnvironmentID != "" && env.ID == "" && !o.isApp():
		problems = append(problems, "missing output containerAppsEnvironment")
	case env.ID != "" && !SameID(env.ID, o.ContainerAppsEnvironmentID):
		problems = append(problems, "output containerAppsEnvironment.id differs from containerAppsEnvironmentId")
	case env.ID != "" && len(env.WorkloadProfiles) == 0:
		problems = append(problems, "output containerAppsEnvironment.workloadProfiles is empty")
	}
	for _, pair := range []struct{ name, id string }{
		{"registryId", o.RegistryID},
		{"containerAppsEnvironmentId", o.ContainerAppsEnvironmentID},
		{"containerAppsEnvironment.subnetId", env.SubnetID},
		{"logAnalyticsWorkspaceId", o.LogAnalyticsWorkspaceID},
		{"probeJobId", o.ProbeJobID},
	} {
		if pair.id != "" {
			if _, err := parseID(pair.id); err != nil {
				problems = append(problems, fmt.Sprintf("output %s: %v", pair.name, err))
			}
		}
	}
	for i, pe := range o.RegistryPrivateEndpoints {
		for _, pair := range []struct{ name, id string }{{"id", pe.ID}, {"dnsZoneId", pe.DNSZoneID}} {
			if _, err := parseID(pair.id); err != nil {
				problems = append(problems, fmt.Sprintf("output registryPrivateEndpoints[%d].%s: %v", i, pair.name, err))
			}
		}
	}
	for name, app := range o.ContainerApps {
		if _, err := parseID(app.ID); err != nil {
			problems = append(problems, fmt.Sprintf("output containerApps.%s.id: %v", name, err))
		}
	}
	for name, site := range o.WebApps {
		if _, err := parseID(site.ID); err != nil {
			problems = append(problems, fmt.Sprintf("output webApps.%s.id: %v", name, err))
		}
		switch site.PullAuth {
		case PullAuthUserAssigned, PullAuthSystemAssigned, PullAuthCredentials:
		default:
			problems = append(problems, fmt.Sprintf("output webApps.%s.pullAuth: unknown mode %q", name, site.PullAuth))
		}
	}
	problems = append(problems, o.functionProblems()...)
	if len(problems) > 0 {
		return fmt.Errorf("stack outputs are incomplete (deploy the stack with a privatepull version that exports them): %s",
			strings.Join(problems, "; "))
	}
	return nil
}

// subscription returns the subscription of the stack: the output, or the
// registry id's.
func (o *Outputs) subscription() string {
	if o.SubscriptionID != "" {
		return o.SubscriptionID
	}
	if id, err := parseID(o.RegistryID); err == nil {
		return id.SubscriptionID
	}
	return ""
}

// registryFQDNs returns the login server then every data endpoint, lower case.
func (o *Outputs) registryFQDNs() []string {
	fqdns := []string{strings.ToLower(o.LoginServer)}
	for _, h := range o.DataEndpointHostNames {
		fqdns = append(fqdns, strings.ToLower(h))
	}
	return fqdns
}
