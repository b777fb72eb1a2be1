package stackconfig

import "github.com/privatepull/privatepull/components"

// Config is the whole, validated stack configuration.
type Config struct {
	// Location is the Azure region of every regional resource.
	Location string
	// Cloud selects DNS suffixes (public, usgovernment, china).
	Cloud components.Cloud
	// BaseName derives default resource names.
	BaseName string
	// ResourceGroupName is the stack's resource group.
	ResourceGroupName string
	// CreateResourceGroup creates it; false uses an existing one.
	CreateResourceGroup bool
	// VnetName is the virtual network's name.
	VnetName string
	// VnetCidr is the VNet's address space.
	VnetCidr string
	// ContainerAppsSubnetCidr is the Container Apps infrastructure subnet.
	ContainerAppsSubnetCidr string
	// PrivateEndpointSubnetCidr is the private-endpoint subnet.
	PrivateEndpointSubnetCidr string
	// RegistryName is the globally unique registry name.
	RegistryName string
	// IdentityName is the user-assigned pull identity's name.
	IdentityName string
	// EnvironmentName is the Container Apps environment's name.
	EnvironmentName string
	// EnvironmentInternal makes the environment internal (VNet-only ingress).
	EnvironmentInternal bool
	// WorkloadProfiles are the dedicated profiles (Consumption is always there).
	WorkloadProfiles []WorkloadProfile
	// ContainerApps are the container apps.
	ContainerApps []ContainerApp
	// Tags are applied to every taggable resource.
	Tags map[string]string

	// AppServiceSubnetCidr is the App Service VNet integration subnet.
	AppServiceSubnetCidr string
	// AppServicePlanName is the Linux App Service plan's name.
	AppServicePlanName string
	// AppServicePlanSku is its SKU (Basic or higher).
	AppServicePlanSku string
	// AppServicePlanInstances is its instance count.
	AppServicePlanInstances int
	// AppServicePlanOS must be linux.
	AppServicePlanOS string
	// WebApps are the Linux web apps.
	WebApps []WebApp
	// AcrPullUsername and AcrPullPassword serve web apps with pullAuth=credentials.
	AcrPullUsername Secret
	// AcrPullPassword is the password of AcrPullUsername.
	AcrPullPassword Secret
	// CustomRegistryURL is https://host[:port] of a non-ACR registry.
	CustomRegistryURL string
	// CustomRegistryUsername and CustomRegistryPassword authenticate it (optional).
	CustomRegistryUsername Secret
	// CustomRegistryPassword is the password of CustomRegistryUsername.
	CustomRegistryPassword Secret
	// HostedRegistryName hosts a registry:2 site of that name behind a private endpoint.
	HostedRegistryName string

	// Replicas are the registry's geo-replicas.
	Replicas []Replica
	// RegistryPrivateEndpoints replace the default single endpoint when set.
	RegistryPrivateEndpoints []RegistryPrivateEndpoint
	// RegistryDNSZoneID uses an existing privatelink.azurecr.* zone.
	RegistryDNSZoneID string
	// LinkVnetToRegistryDNSZone links the stack's VNet to the registry zone.
	LinkVnetToRegistryDNSZone bool
	// RegistryDNSZoneLinkVnetIDs are further VNets linked to the registry zone.
	RegistryDNSZoneLinkVnetIDs []string
	// ExistingVnetID brings an existing VNet.
	ExistingVnetID string
	// ExistingContainerAppsSubnetID brings an existing Container Apps subnet.
	ExistingContainerAppsSubnetID string
	// ExistingPrivateEndpointSubnetID brings an existing private-endpoint subnet.
	ExistingPrivateEndpointSubnetID string
	// ExistingAppServiceSubnetID brings an existing App Service integration subnet.
	ExistingAppServiceSubnetID string
	// RegistryAllowedIPRanges opens the public endpoint to these IPs/CIDRs only.
	RegistryAllowedIPRanges []string
	// ProtectRegistry protects the registry from deletion.
	ProtectRegistry bool
	// UntaggedRetentionDays deletes untagged manifests after this many days (0 = off).
	UntaggedRetentionDays int
	// RegistryDomainNameLabelScope is the registry's domain-name-label scope
	// (Unsecure, or a scope that adds a hash to its host names); fixed at
	// creation.
	RegistryDomainNameLabelScope string
	// RegistryDNSResolvedElsewhere acknowledges registry zones that no VNet
	// of the stack is linked to (a hub resolver or policy-owned links answer).
	RegistryDNSResolvedElsewhere bool
	// AcrPullPropagationSeconds is how long container apps wait after a new
	// AcrPull grant, and cache rules after a credential set's new Key Vault
	// grant (0 = no wait).
	AcrPullPropagationSeconds int
	// HostedRegistryHtpasswd is the hosted registry's htpasswd entry (bcrypt).
	HostedRegistryHtpasswd Secret
	// HostedRegistryAnonymousTestOnly runs the hosted registry without
	// authentication (throwaway test setups only; never with ProtectRegistry).
	HostedRegistryAnonymousTestOnly bool

	// CacheRules mirror upstream repositories into the registry (artifact cache).
	CacheRules []CacheRule
	// CredentialSets hold the Key Vault secrets of upstreams that need credentials.
	CredentialSets []CredentialSet
	// AgentPool is the ACR Tasks agent pool inside the VNet (nil for none).
	AgentPool *AgentPool
	// AgentPoolRegionOverride deploys the agent pool in a region the list of
	// agent-pool regions does not name (Azure added it since).
	AgentPoolRegionOverride bool
	// AgentPoolVcpuQuota is the registry's agent pool vCPU quota when Azure
	// raised it (0: the default, 16 standard and 0 isolated).
	AgentPoolVcpuQuota int
	// ProbeJob declares the in-VNet pull-path probe job (its image is cached
	// from MCR by a cache rule privatepull adds).
	ProbeJob bool
	// FunctionApps are the Linux function apps (platform stacks only).
	FunctionApps []FunctionApp
	// FunctionsElasticPlan is the Elastic Premium plan of the function apps
	// with plan elastic (defaults applied).
	FunctionsElasticPlan FunctionsElasticPlan
	// FunctionsStorageAccountName is the function apps' host storage account
	// (derived st<baseName><13 characters> when unset).
	FunctionsStorageAccountName string
	// FunctionsStorageAccountID is an existing host storage account instead.
	FunctionsStorageAccountID string
	// FunctionsStorageSku is the SKU of the account the stack creates.
	FunctionsStorageSku string
	// FunctionsStorageDNSZoneIDs maps blob, queue and table to an existing
	// privatelink zone (e.g. a hub's) the host storage's endpoints register
	// in; empty: the stack creates the three zones.
	FunctionsStorageDNSZoneIDs map[string]string
	// LinkVnetToFunctionsStorageDNSZones links the stack's VNet to the
	// zones of FunctionsStorageDNSZoneIDs (the zones the stack creates are
	// always linked).
	LinkVnetToFunctionsStorageDNSZones bool
	// elasticPlanSet records that functionsElasticPlan was set (its fields
	// are defaulted), so that a plan no app uses is refused.
	elasticPlanSet bool

	// LogAnalyticsWorkspaceID is an existing workspace for the Container Apps
	// environment's logs; "" creates one (LogAnalyticsWorkspaceName).
	LogAnalyticsWorkspaceID string

	// TeamIdentities are the identities a platform stack pre-creates and
	// grants for app teams (identity mode platform of their app stacks).
	TeamIdentities []TeamIdentity
	// CreateEnvironment creates the Container Apps environment even without
	// container apps of the platform's own, for app stacks to deploy into.
	CreateEnvironment bool
	// CreateAppServicePlan creates the App Service plan (and its integration
	// subnet) even without web apps of the platform's own.
	CreateAppServicePlan bool
	// RegistryRoleAssignmentMode declares the registry's role-assignment
	// mode, set outside the stack: LegacyRegistryPermissions or
	// AbacRepositoryPermissions (every grant is then Container Registry
	// Repository Reader).
	RegistryRoleAssignmentMode string

	// PlatformStack is the platform stack an app stack references
	// (<org>/<project>/<stack>); "" in a platform stack.
	PlatformStack string
	// Platform holds the platform's ids given explicitly (an app stack
	// without access to the platform's state); nil otherwise.
	Platform *ExplicitPlatform
	// TeamName names an app stack's team: its resources and the platform's
	// team identity it uses in identity mode platform.
	TeamName string
	// RepositoryPrefix is the app team's repository prefix, e.g. shop/:
	// every image of the app stack is under it.
	RepositoryPrefix string
	// IdentityMode is own (the stack creates its identity and grant) or
	// platform (it uses the platform's team identity).
	IdentityMode string

	// Env is where the program runs (stack, subscription, azure-native settings).
	Env Environment
	// Warnings are advice that does not block the deployment (e.g. mutable
	// tags in a protected stack); the program logs them.
	Warnings []string
}

// CacheRule is one entry of privatepull:cacheRules.
type CacheRule struct {
	// Name is the cache rule's name (default: derived from the target).
	Name string `json:"name,omitempty"`
	// Source is the upstream repository, <registry host>/<path>, optionally
	// ending in /* (a wildcard rule).
	Source string `json:"source"`
	// Target is the repository in the private registry (ends in * exactly
	// when Source ends in /*).
	Target string `json:"target"`
	// CredentialSet names an entry of credentialSets for upstreams that need
	// credentials (e.g. Docker Hub).
	CredentialSet string `json:"credentialSet,omitempty"`
}

// CredentialSet is one entry of privatepull:credentialSets.
type CredentialSet struct {
	// Name is the credential set's name.
	Name string `json:"name"`
	// LoginServer is the upstream's host, e.g. docker.io.
	LoginServer string `json:"loginServer"`
	// UsernameSecretID is the Key Vault secret URI of the username.
	UsernameSecretID string `json:"usernameSecretId"`
	// PasswordSecretID is the Key Vault secret URI of the password or token.
	PasswordSecretID string `json:"passwordSecretId"`
	// KeyVaultID is the vault's resource id: privatepull then grants the
	// credential set's identity Key Vault Secrets User on it.
	KeyVaultID string `json:"keyVaultId,omitempty"`
}

// AgentPool is privatepull:agentPool.
type AgentPool struct {
	// Name is the agent pool's name (default vnetpool).
	Name string `json:"name,omitempty"`
	// Tier is S1, S2, S3 or I6 (default S1).
	Tier string `json:"tier,omitempty"`
	// Count is the number of agents (default 1).
	Count *int `json:"count,omitempty"`
	// SubnetCidr is the CIDR of the dedicated subnet privatepull creates.
	SubnetCidr string `json:"subnetCidr,omitempty"`
	// SubnetID is an existing dedicated subnet instead.
	SubnetID string `json:"subnetId,omitempty"`
}

// Replica is one entry of privatepull:replicas.
type Replica struct {
	// Location is the replica's region.
	Location string `json:"location"`
	// RegionEndpointEnabled routes traffic to the replica (default true).
	RegionEndpointEnabled *bool `json:"regionEndpointEnabled,omitempty"`
	// ZoneRedundancy is Enabled, Disabled or empty for the region's default.
	ZoneRedundancy string `json:"zoneRedundancy,omitempty"`
}

// RegistryPrivateEndpoint is one entry of privatepull:registryPrivateEndpoints.
type RegistryPrivateEndpoint struct {
	// Name is the private endpoint's name.
	Name string `json:"name"`
	// Location is the endpoint's region (that of its subnet; default: location).
	Location string `json:"location,omitempty"`
	// SubnetID is the subnet (default: the stack's private-endpoint subnet).
	SubnetID string `json:"subnetId,omitempty"`
	// SubnetCidr is SubnetID's CIDR, so static IPs and capacity can be checked.
	SubnetCidr string `json:"subnetCidr,omitempty"`
	// StaticIPs maps every member (registry, registry_data_<region>) to an IP.
	StaticIPs map[string]string `json:"staticIps,omitempty"`
	// DNSZoneID is an existing privatelink.azurecr.* zone of this endpoint's
	// own (not for the first endpoint, which uses registryDnsZoneId).
	DNSZoneID string `json:"dnsZoneId,omitempty"`
	// DNSZoneResourceGroupName is where this endpoint's zone is created when
	// DNSZoneID is empty (default rg-dns-<name>; created by the stack).
	DNSZoneResourceGroupName string `json:"dnsZoneResourceGroupName,omitempty"`
	// LinkVnetIDs are the VNets that resolve the registry through this
	// endpoint, linked to its zone (not for the first endpoint).
	LinkVnetIDs []string `json:"linkVnetIds,omitempty"`
}

// WebApp is one entry of privatepull:webApps.
type WebApp struct {
	// Name is the site's globally unique name (default: derived from the
	// subscription and stack).
	Name string `json:"name,omitempty"`
	// Image is the repository, without registry host or tag.
	Image string `json:"image"`
	// Tag is the image tag (default "latest").
	Tag string `json:"tag,omitempty"`
	// Port is the container's port (default 80).
	Port *int `json:"port,omitempty"`
	// AlwaysOn keeps the app loaded (default true).
	AlwaysOn *bool `json:"alwaysOn,omitempty"`
	// AppSettings are plain app settings.
	AppSettings map[string]string `json:"appSettings,omitempty"`
	// PullAuth is userAssigned (default), systemAssigned or credentials.
	PullAuth string `json:"pullAuth,omitempty"`
	// Registry is acr (default) or custom (customRegistryUrl or the hosted registry).
	Registry string `json:"registry,omitempty"`
}

// LogAnalyticsWorkspaceName is the name of the workspace the stack creates
// for the environment's logs when logAnalyticsWorkspaceId is unset:
// log-<baseName> (a valid workspace name for every valid baseName).
func (c *Config) LogAnalyticsWorkspaceName() string {
	return "log-" + c.BaseName
}

// HasWebApps reports whether the stack has an App Service plan of its own:
// a platform stack's plan (web apps, the hosted registry, function apps
// with plan appService or createAppServicePlan). An app stack's web apps
// run on the platform's plan.
func (c *Config) HasWebApps() bool {
	if c.IsAppStack() {
		return false
	}
	return len(c.WebApps) > 0 || c.HostedRegistryName != "" || c.CreateAppServicePlan ||
		c.usesFunctionPlan(string(components.FunctionPlanAppService))
}

// CustomRegistryHost returns host[:port] of the custom registry.
func (c *Config) CustomRegistryHost() string {
	u, err := parseRegistryURL(c.CustomRegistryURL)
	if err != nil {
		return ""
	}
	return u
}

// WorkloadProfile is one entry of privatepull:workloadProfiles.
type WorkloadProfile struct {
	// Name is the profile name apps refer to.
	Name string `json:"name"`
	// Type is the profile type, e.g. D4.
	Type string `json:"type"`
	// MinimumCount is the minimum node count (default 1).
	MinimumCount *int `json:"minimumCount,omitempty"`
	// MaximumCount is the maximum node count (default 3).
	MaximumCount *int `json:"maximumCount,omitempty"`
}

// ContainerApp is one entry of privatepull:containerApps.
type ContainerApp struct {
	// Name is the app's name (2-32 lowercase letters, digits, hyphens).
	Name string `json:"name"`
	// Image is the repository in the private registry, without host or tag.
	Image string `json:"image"`
	// Tag is the image tag (default "latest").
	Tag string `json:"tag,omitempty"`
	// Port is the container's listening port (default 8000).
	Port *int `json:"port,omitempty"`
	// ExternalIngress exposes the app outside the environment (default true).
	ExternalIngress *bool `json:"externalIngress,omitempty"`
	// Env are plain environment variables.
	Env map[string]string `json:"env,omitempty"`
	// CPU is the vCPU per replica (default 0.5).
	CPU *float64 `json:"cpu,omitempty"`
	// Memory is the memory per replica (default "1Gi").
	Memory string `json:"memory,omitempty"`
	// MinReplicas is the minimum replica count (default 1).
	MinReplicas *int `json:"minReplicas,omitempty"`
	// MaxReplicas is the maximum replica count (default 10).
	MaxReplicas *int `json:"maxReplicas,omitempty"`
	// WorkloadProfile is the profile the app runs on (default Consumption).
	WorkloadProfile string `json:"workloadProfile,omitempty"`
	// PullIdentity must be userAssigned (the default): see validation.
	PullIdentity string `json:"pullIdentity,omitempty"`
	// Kind is "" (a container app) or functionapp (Azure Functions on
	// Container Apps).
	Kind string `json:"kind,omitempty"`
}

// Regions returns the registry's home region followed by its replica regions.
func (c *Config) Regions() []string {
	regions := []string{c.Location}
	for _, r := range c.Replicas {
		regions = append(regions, r.Location)
	}
	return regions
}
