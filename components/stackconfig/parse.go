package stackconfig

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/privatepull/privatepull/components"
)

// Parse builds the stack configuration from raw config values (unqualified
// key -> value as Pulumi passes it: structured values are JSON), applies the
// defaults and validates everything. secret lists the unqualified keys whose
// values are Pulumi secrets. It returns an *Error listing every problem, so a
// user fixes a stack file in one round.
func Parse(raw map[string]string, secret map[string]bool) (*Config, error) {
	return ParseIn(Environment{}, raw, secret)
}

// ParseIn is Parse for a known environment (stack, subscription and the
// stack's azure-native settings), which some rules and derived names need.
func ParseIn(env Environment, raw map[string]string, secret map[string]bool) (*Config, error) {
	r := reader{raw: raw, secret: secret}
	checkUnknownKeys(raw, &r.problems)
	cfg := &Config{
		Location:                  r.str(KeyLocation),
		Cloud:                     components.Cloud(r.str(KeyCloud)),
		BaseName:                  r.str(KeyBaseName),
		ResourceGroupName:         r.str(KeyResourceGroupName),
		CreateResourceGroup:       r.boolean(KeyCreateResourceGroup),
		VnetName:                  r.str(KeyVnetName),
		VnetCidr:                  r.str(KeyVnetCidr),
		ContainerAppsSubnetCidr:   r.str(KeyContainerAppsSubnetCidr),
		PrivateEndpointSubnetCidr: r.str(KeyPrivateEndpointSubnetCidr),
		RegistryName:              r.str(KeyRegistryName),
		IdentityName:              r.str(KeyIdentityName),
		EnvironmentName:           r.str(KeyEnvironmentName),
		EnvironmentInternal:       r.boolean(KeyEnvironmentInternal),
		AppServiceSubnetCidr:      r.str(KeyAppServiceSubnetCidr),
		AppServicePlanName:        r.str(KeyAppServicePlanName),
		AppServicePlanSku:         r.str(KeyAppServicePlanSku),
		AppServicePlanInstances:   r.integer(KeyAppServicePlanInstances),
		AppServicePlanOS:          r.str(KeyAppServicePlanOS),
		AcrPullUsername:           r.secretValue(KeyAcrPullUsername),
		AcrPullPassword:           r.secretValue(KeyAcrPullPassword),
		CustomRegistryURL:         r.str(KeyCustomRegistryURL),
		CustomRegistryUsername:    r.secretValue(KeyCustomRegistryUsername),
		CustomRegistryPassword:    r.secretValue(KeyCustomRegistryPassword),
		HostedRegistryName:        r.str(KeyHostedRegistryName),

		RegistryDNSZoneID:               r.str(KeyRegistryDNSZoneID),
		LinkVnetToRegistryDNSZone:       r.boolean(KeyLinkVnetToRegistryDNSZone),
		ExistingVnetID:                  r.str(KeyExistingVnetID),
		ExistingContainerAppsSubnetID:   r.str(KeyExistingContainerAppsSubnet),
		ExistingPrivateEndpointSubnetID: r.str(KeyExistingPrivateEndpointSubnet),
		ExistingAppServiceSubnetID:      r.str(KeyExistingAppServiceSubnet),
		ProtectRegistry:                 r.boolean(KeyProtectRegistry),
		UntaggedRetentionDays:           r.integer(KeyUntaggedRetentionDays),
		RegistryDomainNameLabelScope:    r.str(KeyRegistryDomainNameLabelScope),

		RegistryDNSResolvedElsewhere:       r.boolean(KeyRegistryDNSResolvedElsewhere),
		AcrPullPropagationSeconds:          r.integer(KeyAcrPullPropagationSeconds),
		HostedRegistryHtpasswd:             r.secretValue(KeyHostedRegistryHtpasswd),
		HostedRegistryAnonymousTestOnly:    r.boolean(KeyHostedRegistryAnonymousTestOnly),
		ProbeJob:                           r.boolean(KeyProbeJob),
		LogAnalyticsWorkspaceID:            r.str(KeyLogAnalyticsWorkspaceID),
		AgentPoolRegionOverride:            r.boolean(KeyAgentPoolRegionOverride),
		AgentPoolVcpuQuota:                 r.integer(KeyAgentPoolVcpuQuota),
		FunctionsStorageAccountName:        r.str(KeyFunctionsStorageAccountName),
		FunctionsStorageAccountID:          r.str(KeyFunctionsStorageAccountID),
		FunctionsStorageSku:                r.str(KeyFunctionsStorageSku),
		LinkVnetToFunctionsStorageDNSZones: r.boolean(KeyLinkVnetToFunctionsStorageDNSZones),
		CreateEnvironment:                  r.boolean(KeyCreateEnvironment),
		CreateAppServicePlan:               r.boolean(KeyCreateAppServicePlan),
		RegistryRoleAssignmentMode:         r.str(KeyRegistryRoleAssignmentMode),
		PlatformStack:                      r.str(KeyPlatformStack),
		TeamName:                           r.str(KeyTeamName),
		RepositoryPrefix:                   r.str(KeyRepositoryPrefix),
		IdentityMode:                       r.str(KeyIdentityMode),
		Env:                                env,
	}
	r.object(KeyWorkloadProfiles, &cfg.WorkloadProfiles)
	r.object(KeyContainerApps, &cfg.ContainerApps)
	r.object(KeyTags, &cfg.Tags)
	r.object(KeyWebApps, &cfg.WebApps)
	r.object(KeyReplicas, &cfg.Replicas)
	r.object(KeyRegistryPrivateEndpoints, &cfg.RegistryPrivateEndpoints)
	r.object(KeyRegistryDNSZoneLinkVnetIDs, &cfg.RegistryDNSZoneLinkVnetIDs)
	r.object(KeyRegistryAllowedIPRanges, &cfg.RegistryAllowedIPRanges)
	r.object(KeyCacheRules, &cfg.CacheRules)
	r.object(KeyCredentialSets, &cfg.CredentialSets)
	r.object(KeyTeamIdentities, &cfg.TeamIdentities)
	r.object(KeyFunctionApps, &cfg.FunctionApps)
	r.object(KeyFunctionsElasticPlan, &cfg.FunctionsElasticPlan)
	r.object(KeyFunctionsStorageDNSZoneIDs, &cfg.FunctionsStorageDNSZoneIDs)
	cfg.elasticPlanSet = isSetAway(raw, KeyFunctionsElasticPlan)
	r.explicitPlatform(cfg)
	var pool AgentPool
	r.object(KeyAgentPool, &pool)
	if pool != (AgentPool{}) {
		cfg.AgentPool = &pool
	}
	applyAppStackDefaults(cfg, raw)
	applyDerivedNames(cfg)
	applyEntryDefaults(cfg)

	checkStackRoleKeys(cfg, raw, &r.problems)
	validate(cfg, &r.problems)
	if err := r.err(); err != nil {
		return nil, err
	}
	return cfg, nil
}

// reader reads raw values, falling back to Defaults and recording problems.
type reader struct {
	raw    map[string]string
	secret map[string]bool
	problems
}

func (r *reader) value(key string) (string, bool) {
	v, ok := r.raw[key]
	return v, ok && v != ""
}

func (r *reader) str(key string) string {
	if v, ok := r.value(key); ok {
		return v
	}
	if d, ok := Defaults[key].(string); ok {
		return d
	}
	return ""
}

func (r *reader) boolean(key string) bool {
	v, ok := r.value(key)
	if !ok {
		d, _ := Defaults[key].(bool)
		return d
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		r.addf(key, "%q is not a boolean (want true or false)", v)
	}
	return b
}

func (r *reader) integer(key string) int {
	v, ok := r.value(key)
	if !ok {
		d, _ := Defaults[key].(int)
		return d
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		r.addf(key, "%q is not a whole number", v)
	}
	return n
}

// secretValue reads a key that must hold a Pulumi secret: a value stored in
// plain text in the stack file is an error, not a warning.
func (r *reader) secretValue(key string) Secret {
	v, ok := r.value(key)
	if !ok {
		return Secret{}
	}
	if !r.secret[key] {
		r.addf(key, "must be a secret: remove it from the stack file and set it with "+
			"`pulumi config set --secret %s <value>`", qualified(key))
	}
	return NewSecret(v)
}

// object decodes a structured value strictly: an unknown field (a typo) is an
// error, not a silently ignored setting.
func (r *reader) object(key string, into any) {
	v, ok := r.value(key)
	if !ok {
		return
	}
	dec := json.NewDecoder(bytes.NewReader([]byte(v)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(into); err != nil {
		r.addf(key, "cannot read the value: %v", describeJSONError(err))
	}
}

func describeJSONError(err error) string {
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) {
		return fmt.Sprintf("field %q must be a %s, not %s", typeErr.Field, typeErr.Type, typeErr.Value)
	}
	return err.Error()
}

// applyDerivedNames fills the names left empty from baseName, following the
// Azure naming convention (rg-, vnet-, id-, cae-), and the global names from
// the subscription and stack (see globalName).
func applyDerivedNames(cfg *Config) {
	if cfg.RegistryName == "" {
		cfg.RegistryName = derivedRegistryName(cfg)
	}
	for i := range cfg.WebApps {
		if cfg.WebApps[i].Name == "" {
			cfg.WebApps[i].Name = derivedWebAppName(cfg, i)
		}
	}
	if cfg.ResourceGroupName == "" {
		cfg.ResourceGroupName = "rg-" + cfg.BaseName
	}
	if cfg.VnetName == "" {
		cfg.VnetName = "vnet-" + cfg.BaseName
	}
	if cfg.IdentityName == "" {
		cfg.IdentityName = "id-" + cfg.BaseName
	}
	if cfg.EnvironmentName == "" {
		cfg.EnvironmentName = "cae-" + cfg.BaseName
	}
	if cfg.AppServicePlanName == "" {
		cfg.AppServicePlanName = "asp-" + cfg.BaseName
	}
	for i := range cfg.FunctionApps {
		if cfg.FunctionApps[i].Name == "" {
			cfg.FunctionApps[i].Name = derivedFunctionAppName(cfg, i)
		}
	}
	if cfg.HasFunctionApps() && cfg.FunctionsStorageAccountName == "" && cfg.FunctionsStorageAccountID == "" {
		cfg.FunctionsStorageAccountName = derivedStorageAccountName(cfg)
	}
	if cfg.FunctionsElasticPlan.Name == "" {
		cfg.FunctionsElasticPlan.Name = "asp-" + cfg.BaseName + "-ep"
	}
	if cfg.CustomRegistryURL == "" && cfg.HostedRegistryName != "" {
		cfg.CustomRegistryURL = "https://" + cfg.HostedRegistryName + "." + cfg.Cloud.WebAppSuffix()
	}
}

// applyEntryDefaults fills every optional field of list entries, so that the
// rest of the program never sees a nil.
func applyEntryDefaults(cfg *Config) {
	for i := range cfg.WorkloadProfiles {
		p := &cfg.WorkloadProfiles[i]
		p.MinimumCount = orInt(p.MinimumCount, DefaultProfileMinimumCount)
		p.MaximumCount = orInt(p.MaximumCount, DefaultProfileMaximumCount)
	}
	for i := range cfg.ContainerApps {
		a := &cfg.ContainerApps[i]
		if a.Tag == "" {
			a.Tag = DefaultAppImageTag
		}
		if a.Memory == "" {
			a.Memory = DefaultAppMemory
		}
		a.Port = orInt(a.Port, DefaultAppPort)
		a.MinReplicas = orInt(a.MinReplicas, DefaultAppMinReplicas)
		a.MaxReplicas = orInt(a.MaxReplicas, DefaultAppMaxReplicas)
		if a.ExternalIngress == nil {
			t := true
			a.ExternalIngress = &t
		}
		if a.CPU == nil {
			c := DefaultAppCPU
			a.CPU = &c
		}
		if a.PullIdentity == "" {
			a.PullIdentity = string(components.PullAuthUserAssigned)
		}
	}
	for i := range cfg.Replicas {
		if cfg.Replicas[i].RegionEndpointEnabled == nil {
			t := true
			cfg.Replicas[i].RegionEndpointEnabled = &t
		}
		if cfg.Replicas[i].ZoneRedundancy == "" {
			cfg.Replicas[i].ZoneRedundancy = components.ZoneRedundancyDisabled
		}
	}
	for i := range cfg.RegistryPrivateEndpoints {
		e := &cfg.RegistryPrivateEndpoints[i]
		if e.Location == "" {
			e.Location = cfg.Location
		}
		if i > 0 && e.DNSZoneID == "" && e.DNSZoneResourceGroupName == "" {
			e.DNSZoneResourceGroupName = "rg-dns-" + e.Name
		}
	}
	if cfg.ProbeJob {
		cfg.CacheRules = append(cfg.CacheRules, CacheRule{
			Name: ProbeCacheRuleName, Source: ProbeImageSource, Target: ProbeImageRepository,
		})
	}
	for i := range cfg.CacheRules {
		if cfg.CacheRules[i].Name == "" {
			cfg.CacheRules[i].Name = derivedCacheRuleName(cfg.CacheRules[i].Target)
		}
	}
	if p := cfg.AgentPool; p != nil {
		if p.Name == "" {
			p.Name = DefaultAgentPoolName
		}
		if p.Tier == "" {
			p.Tier = DefaultAgentPoolTier
		}
		p.Count = orInt(p.Count, DefaultAgentPoolCount)
	}
	applyFunctionDefaults(cfg)
	for i := range cfg.WebApps {
		w := &cfg.WebApps[i]
		if w.Tag == "" {
			w.Tag = DefaultAppImageTag
		}
		w.Port = orInt(w.Port, DefaultWebAppPort)
		if w.AlwaysOn == nil {
			t := true
			w.AlwaysOn = &t
		}
		if w.Registry == "" {
			w.Registry = RegistryACR
		}
		if w.PullAuth == "" {
			w.PullAuth = string(components.PullAuthUserAssigned)
			if w.Registry == RegistryCustom {
				w.PullAuth = string(components.PullAuthCredentials)
			}
		}
	}
}

func orInt(v *int, def int) *int {
	if v != nil {
		return v
	}
	return &def
}

// applyFunctionDefaults fills the optional fields of functionApps entries
// and of functionsElasticPlan.
func applyFunctionDefaults(cfg *Config) {
	for i := range cfg.FunctionApps {
		f := &cfg.FunctionApps[i]
		if f.Tag == "" {
			f.Tag = DefaultAppImageTag
		}
		if f.Plan == "" {
			f.Plan = DefaultFunctionPlan
		}
		if f.PullAuth == "" {
			f.PullAuth = string(components.PullAuthUserAssigned)
		}
	}
	plan := &cfg.FunctionsElasticPlan
	if plan.Sku == "" {
		plan.Sku = DefaultElasticPlanSku
	}
	plan.MaximumElasticWorkerCount = orInt(plan.MaximumElasticWorkerCount, DefaultMaximumElasticWorkerCount)
}
