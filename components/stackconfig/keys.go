package stackconfig

import "github.com/privatepull/privatepull/components"

// Namespace is the config namespace of every key: the Pulumi project name.
const Namespace = "privatepull"

// Config keys (without the namespace). Pulumi.yaml declares each of them.
const (
	KeyLocation                  = "location"
	KeyCloud                     = "cloud"
	KeyBaseName                  = "baseName"
	KeyResourceGroupName         = "resourceGroupName"
	KeyCreateResourceGroup       = "createResourceGroup"
	KeyVnetName                  = "vnetName"
	KeyVnetCidr                  = "vnetCidr"
	KeyContainerAppsSubnetCidr   = "containerAppsSubnetCidr"
	KeyPrivateEndpointSubnetCidr = "privateEndpointSubnetCidr"
	KeyRegistryName              = "registryName"
	KeyIdentityName              = "identityName"
	KeyEnvironmentName           = "environmentName"
	KeyEnvironmentInternal       = "environmentInternal"
	KeyWorkloadProfiles          = "workloadProfiles"
	KeyContainerApps             = "containerApps"
	KeyTags                      = "tags"
	KeyAppServiceSubnetCidr      = "appServiceSubnetCidr"
	KeyAppServicePlanName        = "appServicePlanName"
	KeyAppServicePlanSku         = "appServicePlanSku"
	KeyAppServicePlanInstances   = "appServicePlanInstances"
	KeyAppServicePlanOS          = "appServicePlanOs"
	KeyWebApps                   = "webApps"
	KeyAcrPullUsername           = "acrPullUsername"
	KeyAcrPullPassword           = "acrPullPassword"
	KeyCustomRegistryURL         = "customRegistryUrl"
	KeyCustomRegistryUsername    = "customRegistryUsername"
	KeyCustomRegistryPassword    = "customRegistryPassword"
	KeyHostedRegistryName        = "hostedRegistryName"

	KeyReplicas                      = "replicas"
	KeyRegistryPrivateEndpoints      = "registryPrivateEndpoints"
	KeyRegistryDNSZoneID             = "registryDnsZoneId"
	KeyLinkVnetToRegistryDNSZone     = "linkVnetToRegistryDnsZone"
	KeyRegistryDNSZoneLinkVnetIDs    = "registryDnsZoneLinkVnetIds"
	KeyExistingVnetID                = "existingVnetId"
	KeyExistingContainerAppsSubnet   = "existingContainerAppsSubnetId"
	KeyExistingPrivateEndpointSubnet = "existingPrivateEndpointSubnetId"
	KeyExistingAppServiceSubnet      = "existingAppServiceSubnetId"
	KeyRegistryAllowedIPRanges       = "registryAllowedIpRanges"
	KeyProtectRegistry               = "protectRegistry"
	KeyUntaggedRetentionDays         = "untaggedRetentionDays"
	KeyRegistryDomainNameLabelScope  = "registryDomainNameLabelScope"

	KeyRegistryDNSResolvedElsewhere    = "registryDnsResolvedElsewhere"
	KeyAcrPullPropagationSeconds       = "acrPullPropagationSeconds"
	KeyHostedRegistryHtpasswd          = "hostedRegistryHtpasswd"
	KeyHostedRegistryAnonymousTestOnly = "hostedRegistryAnonymousTestOnly"

	KeyCacheRules     = "cacheRules"
	KeyCredentialSets = "credentialSets"
	KeyAgentPool      = "agentPool"
	KeyProbeJob       = "probeJob"

	KeyFunctionApps                = "functionApps"
	KeyFunctionsElasticPlan        = "functionsElasticPlan"
	KeyFunctionsStorageAccountName = "functionsStorageAccountName"
	KeyFunctionsStorageAccountID   = "functionsStorageAccountId"
	KeyFunctionsStorageSku         = "functionsStorageSku"

	KeyFunctionsStorageDNSZoneIDs         = "functionsStorageDnsZoneIds"
	KeyLinkVnetToFunctionsStorageDNSZones = "linkVnetToFunctionsStorageDnsZones"

	KeyLogAnalyticsWorkspaceID = "logAnalyticsWorkspaceId"
	KeyAgentPoolRegionOverride = "agentPoolRegionOverride"
	KeyAgentPoolVcpuQuota      = "agentPoolVcpuQuota"

	// Platform stacks only.
	KeyTeamIdentities             = "teamIdentities"
	KeyCreateEnvironment          = "createEnvironment"
	KeyCreateAppServicePlan       = "createAppServicePlan"
	KeyRegistryRoleAssignmentMode = "registryRoleAssignmentMode"

	// App stacks only (identityMode also names the mode of a platform's
	// own apps: own, the default).
	KeyPlatformStack    = "platformStack"
	KeyPlatform         = "platform"
	KeyTeamName         = "teamName"
	KeyRepositoryPrefix = "repositoryPrefix"
	KeyIdentityMode     = "identityMode"
)

// SecretKeys are the keys whose values must be Pulumi secrets
// (`pulumi config set --secret`).
var SecretKeys = []string{KeyAcrPullUsername, KeyAcrPullPassword, KeyCustomRegistryUsername, KeyCustomRegistryPassword,
	KeyHostedRegistryHtpasswd}

// Defaults holds the default of every optional key as it is written in
// Pulumi.yaml. Keys absent here are required. An empty name means "derived
// from baseName".
var Defaults = map[string]any{
	KeyLocation:                  "",
	KeyCloud:                     "public",
	KeyBaseName:                  "privatepull",
	KeyResourceGroupName:         "",
	KeyCreateResourceGroup:       true,
	KeyVnetName:                  "",
	KeyVnetCidr:                  "10.0.0.0/16",
	KeyContainerAppsSubnetCidr:   "10.0.0.0/23",
	KeyPrivateEndpointSubnetCidr: "10.0.2.0/24",
	KeyIdentityName:              "",
	KeyEnvironmentName:           "",
	KeyEnvironmentInternal:       false,
	KeyWorkloadProfiles:          []any{},
	KeyContainerApps:             []any{},
	KeyTags:                      map[string]any{},
	KeyAppServiceSubnetCidr:      "10.0.3.0/26",
	KeyAppServicePlanName:        "",
	KeyAppServicePlanSku:         "P1v3",
	KeyAppServicePlanInstances:   1,
	KeyAppServicePlanOS:          "linux",
	KeyWebApps:                   []any{},
	KeyAcrPullUsername:           "",
	KeyAcrPullPassword:           "",
	KeyCustomRegistryURL:         "",
	KeyCustomRegistryUsername:    "",
	KeyCustomRegistryPassword:    "",
	KeyHostedRegistryName:        "",

	KeyReplicas:                      []any{},
	KeyRegistryPrivateEndpoints:      []any{},
	KeyRegistryDNSZoneID:             "",
	KeyLinkVnetToRegistryDNSZone:     true,
	KeyRegistryDNSZoneLinkVnetIDs:    []any{},
	KeyExistingVnetID:                "",
	KeyExistingContainerAppsSubnet:   "",
	KeyExistingPrivateEndpointSubnet: "",
	KeyExistingAppServiceSubnet:      "",
	KeyRegistryAllowedIPRanges:       []any{},
	KeyProtectRegistry:               false,
	KeyUntaggedRetentionDays:         0,
	KeyRegistryDomainNameLabelScope:  components.DomainNameLabelScopeUnsecure,

	KeyRegistryDNSResolvedElsewhere:    false,
	KeyAcrPullPropagationSeconds:       DefaultAcrPullPropagationSeconds,
	KeyHostedRegistryHtpasswd:          "",
	KeyHostedRegistryAnonymousTestOnly: false,

	KeyRegistryName:   "",
	KeyCacheRules:     []any{},
	KeyCredentialSets: []any{},
	KeyAgentPool:      map[string]any{},
	KeyProbeJob:       false,

	KeyFunctionApps:                []any{},
	KeyFunctionsElasticPlan:        map[string]any{},
	KeyFunctionsStorageAccountName: "",
	KeyFunctionsStorageAccountID:   "",
	KeyFunctionsStorageSku:         components.DefaultFunctionStorageSku,

	KeyFunctionsStorageDNSZoneIDs:         map[string]any{},
	KeyLinkVnetToFunctionsStorageDNSZones: true,

	KeyLogAnalyticsWorkspaceID: "",
	KeyAgentPoolRegionOverride: false,
	KeyAgentPoolVcpuQuota:      0,

	KeyTeamIdentities:             []any{},
	KeyCreateEnvironment:          false,
	KeyCreateAppServicePlan:       false,
	KeyRegistryRoleAssignmentMode: RoleAssignmentModeLegacy,

	KeyPlatformStack:    "",
	KeyPlatform:         map[string]any{},
	KeyTeamName:         "",
	KeyRepositoryPrefix: "",
	KeyIdentityMode:     IdentityModeOwn,
}

// The in-VNet probe job's image: privatepull caches it from MCR into the
// registry itself (azurelinux core has bash, getent and curl).
const (
	ProbeImageSource     = "mcr.microsoft.com/azurelinux/base/core"
	ProbeImageRepository = "privatepull/probe"
	ProbeImageTag        = "3.0"
	ProbeCacheRuleName   = "cache-privatepull-probe"
)

// DefaultAcrPullPropagationSeconds is how long container apps wait after a new
// AcrPull grant (and cache rules after a credential set's new Key Vault
// grant): RBAC usually propagates in 1-5 minutes but Microsoft documents up
// to 10, and Container Apps validates the pull when an app is created. On a
// first deployment the wait runs while the environment is created.
const DefaultAcrPullPropagationSeconds = 300

// RequiredKeys are the keys without a default: none, so that the CLI lets an
// app stack leave location to its platform. A platform stack's location is
// required by validation; global names (registryName, webApps[].name) are
// derived from the subscription and stack when unset.
var RequiredKeys = []string{}

// Defaults of the fields of one containerApps entry.
const (
	DefaultAppPort        = 8000
	DefaultAppImageTag    = "latest"
	DefaultAppCPU         = 0.5
	DefaultAppMemory      = "1Gi"
	DefaultAppMinReplicas = 1
	DefaultAppMaxReplicas = 10
)

// Defaults of the fields of one webApps entry.
const (
	DefaultWebAppPort = 80
	RegistryACR       = "acr"
	RegistryCustom    = "custom"
)

// Defaults of the fields of one functionApps entry and of
// functionsElasticPlan.
const (
	DefaultFunctionPlan              = string(components.FunctionPlanElastic)
	DefaultElasticPlanSku            = "EP1"
	DefaultMaximumElasticWorkerCount = 20
)

// Defaults of the agentPool fields.
const (
	DefaultAgentPoolName  = "vnetpool"
	DefaultAgentPoolTier  = "S1"
	DefaultAgentPoolCount = 1
)

// Defaults of the fields of one workloadProfiles entry.
const (
	DefaultProfileMinimumCount = 1
	DefaultProfileMaximumCount = 3
)

// qualified returns the key as users write it: privatepull:<key>.
func qualified(key string) string {
	return Namespace + ":" + key
}
