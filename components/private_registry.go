package components

import (
	"fmt"

	acr "github.com/pulumi/pulumi-azure-native-sdk/containerregistry/v2/v20241101preview"
	"github.com/pulumi/pulumi-azure-native-sdk/network/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// MaxRegistryPrivateEndpoints is the number of private endpoints a registry accepts.
const MaxRegistryPrivateEndpoints = 200

// ZoneRedundancyDisabled is the zoneRedundancy privatepull sends when none is
// configured: what the azure-native SDK would send, made explicit.
const ZoneRedundancyDisabled = "Disabled"

// NetworkRuleBypassAzureServices lets trusted Azure services (artifact cache,
// az acr import) reach a registry whose public network access is disabled.
// App Service and Container Apps are NOT trusted services: they always pull
// through the private endpoints.
const NetworkRuleBypassAzureServices = "AzureServices"

// RegistryGroupID is the only private-link group of a container registry. Its
// members are "registry" (the login server) and "registry_data_<region>" for
// the home region and every replica.
const RegistryGroupID = "registry"

// ReplicaSpec is one geo-replica of the registry.
type ReplicaSpec struct {
	// Location is the replica's Azure region. Plain: it names the replication.
	Location string `pulumi:"location"`
	// RegionEndpointEnabled routes requests to this replica (true is what
	// you want); false takes it out of traffic routing while it keeps
	// replicating.
	RegionEndpointEnabled bool `pulumi:"regionEndpointEnabled"`
	// ZoneRedundancy is "Enabled" or "Disabled" ("" sends "Disabled", the
	// azure-native default, explicitly). The property is legacy: Azure makes
	// registries zone redundant by default in regions with availability
	// zones. It cannot change after creation: a change replaces the replica.
	ZoneRedundancy string `pulumi:"zoneRedundancy,optional"`
}

// RegistryEndpointSpec is one private endpoint to the registry. Each endpoint
// covers the login server and every region's data endpoint.
type RegistryEndpointSpec struct {
	// Name is the private endpoint's Azure name.
	Name string `pulumi:"name"`
	// Location is the endpoint's region: that of its subnet's VNet ("" = the
	// registry's home region).
	Location string `pulumi:"location,optional"`
	// SubnetID is the subnet the endpoint's NIC goes to (network policies for
	// private endpoints disabled), e.g. PrivateNetwork's privateEndpointSubnetId.
	SubnetID pulumi.StringInput `pulumi:"subnetId"`
	// DNSZoneID is the endpoint's own privatelink.azurecr.* zone, which the
	// DNS zone group registers the A records in, e.g. one of
	// PrivateNetwork's registryDnsZoneIds.
	DNSZoneID pulumi.StringInput `pulumi:"dnsZoneId"`
	// StaticIPs maps every required member (registry and
	// registry_data_<region> for the home region and every replica) to a
	// fixed private IP; empty for dynamic allocation. Plain map: it decides
	// the endpoint's IP configurations.
	StaticIPs map[string]string `pulumi:"staticIps,optional"`
}

// PrivateRegistryArgs configures the PrivateRegistry component.
type PrivateRegistryArgs struct {
	// Name is the registry's globally unique name (5-50 alphanumerics).
	// Plain: the data endpoint host names derive from it and are known in
	// preview.
	Name string `pulumi:"name"`
	// Location is the registry's home region.
	Location string `pulumi:"location"`
	// ResourceGroupName is the resource group of the registry and its endpoints.
	ResourceGroupName pulumi.StringInput `pulumi:"resourceGroupName"`
	// Cloud selects the login-server and data-endpoint suffixes: public (the
	// default), usgovernment or china.
	Cloud Cloud `pulumi:"cloud,optional"`
	// Replicas are the geo-replication regions (not the home region). Plain
	// list: it decides how many replications exist and their names.
	Replicas []ReplicaSpec `pulumi:"replicas,optional"`
	// PrivateEndpoints are the private endpoints to the registry (at least
	// one), each gated behind the registry and every replication. Plain
	// list: it decides how many endpoints exist and their logical names.
	PrivateEndpoints []RegistryEndpointSpec `pulumi:"privateEndpoints"`
	// AllowedPublicIPRanges are the only IPs/CIDRs the public endpoint
	// accepts (default action Deny), e.g. for pushing from a known address.
	// Empty (the default) keeps public network access Disabled. Plain list.
	AllowedPublicIPRanges []string `pulumi:"allowedPublicIpRanges,optional"`
	// UntaggedRetentionDays is the number of days after which untagged
	// manifests are deleted (the registry's retention policy); 0 keeps them.
	UntaggedRetentionDays int `pulumi:"untaggedRetentionDays,optional"`
	// Protect marks the registry protected: Pulumi refuses to delete it.
	Protect bool `pulumi:"protect,optional"`
	// CacheRules are the artifact cache rules that mirror upstream
	// repositories into the registry. Plain list: it decides how many cache
	// rules exist and their logical names.
	CacheRules []CacheRuleSpec `pulumi:"cacheRules,optional"`
	// CredentialSets are the credentials of upstreams that need them. Plain
	// list: it decides how many credential sets exist and their names.
	CredentialSets []CredentialSetSpec `pulumi:"credentialSets,optional"`
	// CredentialSetPropagationWaitSeconds is how long the cache rules that
	// use a credential set, and everything that waits for pullReady, wait
	// after the set's NEW Key Vault Secrets User grant (keyVaultId): the
	// registry reads the upstream credentials with that grant when a cached
	// image is first pulled, and a role assignment can take up to 10
	// minutes to propagate. The wait runs again only when the grant is
	// replaced. 0 (the default) turns it off; privatepull's own program uses
	// acrPullPropagationSeconds (300). Plain: it decides whether the wait
	// exists.
	CredentialSetPropagationWaitSeconds int `pulumi:"credentialSetPropagationWaitSeconds,optional"`
	// AgentPool is an ACR Tasks agent pool inside the VNet; unset for none.
	AgentPool *AgentPoolSpec `pulumi:"agentPool,optional"`
	// Tags are applied to every taggable resource. Plain map.
	Tags map[string]string `pulumi:"tags,optional"`
}

// Regions returns the home region followed by every replica region.
func (a *PrivateRegistryArgs) Regions() []string {
	regions := []string{a.Location}
	for _, r := range a.Replicas {
		regions = append(regions, r.Location)
	}
	return regions
}

// RegistryMembers returns the private-link members a registry private endpoint
// must cover: "registry" and "registry_data_<region>" for every region.
func RegistryMembers(regions []string) []string {
	members := []string{"registry"}
	for _, region := range regions {
		members = append(members, "registry_data_"+region)
	}
	return members
}

// PrivateRegistry is a Premium registry reachable over Private Link only, with
// its replications, private endpoints and DNS zone groups.
type PrivateRegistry struct {
	pulumi.ResourceState

	// RegistryID is the registry's resource id (the AcrPull scope).
	RegistryID pulumi.StringOutput `pulumi:"registryId"`
	// RegistryName is the registry's name.
	RegistryName pulumi.StringOutput `pulumi:"registryName"`
	// LoginServer is the registry's login server, e.g. myregistry.azurecr.io.
	LoginServer pulumi.StringOutput `pulumi:"loginServer"`
	// DataEndpointHostNames lists every region's data endpoint host name
	// (<name>.<region>.data.azurecr.io), home region first.
	DataEndpointHostNames pulumi.StringArrayOutput `pulumi:"dataEndpointHostNames"`
	// PrivateEndpointIDs are the ids of the registry's private endpoints.
	PrivateEndpointIDs pulumi.StringArrayOutput `pulumi:"privateEndpointIds"`
	// PullReady is the ids of every endpoint's DNS zone group, every cache
	// rule, and every credential set's Key Vault grant and its propagation
	// wait, comma-separated: it resolves only once they all exist. A
	// workload's first pull needs them (an app may pull a cached repository,
	// and the registry then reads the upstream's credentials), so pass it in
	// its pullReady (ContainerAppWorkload) or networkReady (WebAppWorkload).
	PullReady pulumi.StringOutput `pulumi:"pullReady"`
	// PullDependencies are the same resources as handles (Go only, not in
	// the schema): Go callers put them in a workload's PullDependencies.
	PullDependencies []pulumi.Resource
	// PrimaryEndpointAddresses maps each registry FQDN (login server, data
	// endpoints) to the comma-separated private IPs of the first private
	// endpoint, read from the A records its DNS zone group registered (the
	// zone group's record sets; the endpoint's customDnsConfigs is empty
	// with a zone group). Unknown in preview; a host whose record the
	// provider does not report is left out.
	PrimaryEndpointAddresses pulumi.StringMapOutput `pulumi:"primaryEndpointAddresses"`
	// CacheRuleIDs maps each cache rule's target repository to its id.
	CacheRuleIDs pulumi.StringMapOutput `pulumi:"cacheRuleIds"`
	// AgentPoolName is the agent pool's name ("" without one).
	AgentPoolName pulumi.StringOutput `pulumi:"agentPoolName"`
}

// NewPrivateRegistry registers the registry, its replications and its private
// endpoints. Every private endpoint depends explicitly on the registry and on
// every replication: a data-endpoint member exists only once its region is
// provisioned, and an endpoint created earlier fails.
func NewPrivateRegistry(ctx *pulumi.Context, name string, args *PrivateRegistryArgs,
	opts ...pulumi.ResourceOption) (*PrivateRegistry, error) {
	if args == nil || len(args.PrivateEndpoints) == 0 {
		return nil, fmt.Errorf("PrivateRegistry %q: args with at least one private endpoint are required", name)
	}
	if err := args.checkStaticIPs(); err != nil {
		return nil, fmt.Errorf("PrivateRegistry %q: %w", name, err)
	}
	if err := args.checkCache(); err != nil {
		return nil, fmt.Errorf("PrivateRegistry %q: %w", name, err)
	}
	component := &PrivateRegistry{}
	child, err := registerComponent(ctx, "PrivateRegistry", name, component, opts...)
	if err != nil {
		return nil, err
	}
	tags := tagsInput(args.Tags)

	registryOpts := child
	if args.Protect {
		registryOpts = withOpts(child, pulumi.Protect(true))
	}
	registry, err := acr.NewRegistry(ctx, childName(name, "registry"), registryArgs(args, tags), registryOpts...)
	if err != nil {
		return nil, fmt.Errorf("registry %s: %w", args.Name, err)
	}

	gate := []pulumi.Resource{registry}
	for _, replica := range args.Replicas {
		zoneRedundancy := replica.ZoneRedundancy
		if zoneRedundancy == "" {
			zoneRedundancy = ZoneRedundancyDisabled
		}
		// zoneRedundancy is create-only: ARM rejects an update, so a change
		// must show in `pulumi preview` as a replacement.
		replication, err := acr.NewReplication(ctx, childName(name, "replica-"+replica.Location), &acr.ReplicationArgs{
			ReplicationName:       pulumi.String(replica.Location),
			RegistryName:          registry.Name,
			ResourceGroupName:     args.ResourceGroupName,
			Location:              pulumi.String(replica.Location),
			RegionEndpointEnabled: pulumi.Bool(replica.RegionEndpointEnabled),
			ZoneRedundancy:        pulumi.String(zoneRedundancy),
			Tags:                  tags,
		}, withOpts(child, pulumi.ReplaceOnChanges([]string{"zoneRedundancy"}))...)
		if err != nil {
			return nil, fmt.Errorf("replication %s: %w", replica.Location, err)
		}
		gate = append(gate, replication)
	}

	hostNames := pulumi.StringArray{}
	for _, region := range args.Regions() {
		hostNames = append(hostNames, pulumi.String(args.Cloud.DataEndpointHostName(args.Name, region)))
	}
	members := RegistryMembers(args.Regions())
	var endpointIDs pulumi.StringArray
	for i, spec := range args.PrivateEndpoints {
		role := "pe"
		if i > 0 {
			role = fmt.Sprintf("pe%d", i+1)
		}
		pe, zoneGroup, err := newRegistryEndpoint(ctx, childName(name, role), spec, registry, members, args,
			child, gate)
		if err != nil {
			return nil, err
		}
		endpointIDs = append(endpointIDs, pe.ID().ToStringOutput())
		if i == 0 {
			component.PrimaryEndpointAddresses = zoneGroupAddresses(zoneGroup, registry.LoginServer,
				registry.DataEndpointHostNames, hostNames.ToStringArrayOutput())
		}
		component.PullDependencies = append(component.PullDependencies, zoneGroup)
	}

	cache, err := newArtifactCache(ctx, name, registry, args, child)
	if err != nil {
		return nil, err
	}
	cacheIDs := pulumi.StringMap{}
	for target, rule := range cache.rules {
		cacheIDs[target] = rule.ID().ToStringOutput()
	}
	component.PullDependencies = append(component.PullDependencies, cache.ordered...)
	component.AgentPoolName = pulumi.String("").ToStringOutput()
	if args.AgentPool != nil {
		pool, err := newAgentPool(ctx, name, registry.Name, args, child)
		if err != nil {
			return nil, err
		}
		component.AgentPoolName = pool.Name
	}

	component.RegistryID = registry.ID().ToStringOutput()
	component.RegistryName = registry.Name
	component.LoginServer = registry.LoginServer
	component.DataEndpointHostNames = hostNames.ToStringArrayOutput()
	component.PrivateEndpointIDs = endpointIDs.ToStringArrayOutput()
	component.CacheRuleIDs = cacheIDs.ToStringMapOutput()
	component.PullReady = readyToken(component.PullDependencies)

	if err := ctx.RegisterResourceOutputs(component, pulumi.Map{
		"registryId":               component.RegistryID,
		"registryName":             component.RegistryName,
		"loginServer":              component.LoginServer,
		"dataEndpointHostNames":    component.DataEndpointHostNames,
		"privateEndpointIds":       component.PrivateEndpointIDs,
		"cacheRuleIds":             component.CacheRuleIDs,
		"primaryEndpointAddresses": component.PrimaryEndpointAddresses,
		"agentPoolName":            component.AgentPoolName,
		"pullReady":                component.PullReady,
	}); err != nil {
		return nil, fmt.Errorf("PrivateRegistry %q outputs: %w", name, err)
	}
	return component, nil
}

// registryArgs sets every security property of the registry explicitly.
func registryArgs(args *PrivateRegistryArgs, tags pulumi.StringMapInput) *acr.RegistryArgs {
	policies := &acr.PoliciesArgs{
		// Managed-identity pulls from App Service and Container Apps present
		// ARM-audience tokens; some tenants' policies disable them.
		AzureADAuthenticationAsArmPolicy: &acr.AzureADAuthenticationAsArmPolicyArgs{
			Status: pulumi.String("enabled"),
		},
	}
	if args.UntaggedRetentionDays > 0 {
		policies.RetentionPolicy = &acr.RetentionPolicyArgs{
			Status: pulumi.String("enabled"),
			Days:   pulumi.Int(args.UntaggedRetentionDays),
		}
	}
	ra := &acr.RegistryArgs{
		RegistryName:         pulumi.String(args.Name),
		ResourceGroupName:    args.ResourceGroupName,
		Location:             pulumi.String(args.Location),
		Sku:                  &acr.SkuArgs{Name: pulumi.String("Premium")},
		AdminUserEnabled:     pulumi.Bool(false),
		AnonymousPullEnabled: pulumi.Bool(false),
		DataEndpointEnabled:  pulumi.Bool(true),
		PublicNetworkAccess:  pulumi.String("Disabled"),
		// Sent explicitly (the SDK would send the same defaults silently):
		// trusted services may bypass the network rules, and the legacy,
		// create-only zoneRedundancy property stays at the SDK default; Azure
		// makes the registry zone redundant where the region supports it.
		NetworkRuleBypassOptions: pulumi.String(NetworkRuleBypassAzureServices),
		ZoneRedundancy:           pulumi.String(ZoneRedundancyDisabled),
		Policies:                 policies,
		Tags:                     tags,
	}
	if len(args.AllowedPublicIPRanges) > 0 {
		rules := acr.IPRuleArray{}
		for _, ip := range args.AllowedPublicIPRanges {
			rules = append(rules, &acr.IPRuleArgs{
				Action:           pulumi.String("Allow"),
				IPAddressOrRange: pulumi.String(ip),
			})
		}
		ra.PublicNetworkAccess = pulumi.String("Enabled")
		ra.NetworkRuleSet = &acr.NetworkRuleSetArgs{
			DefaultAction: pulumi.String("Deny"),
			IpRules:       rules,
		}
	}
	return ra
}

// newRegistryEndpoint registers one `registry` private endpoint, gated behind
// the registry and its replications, and the DNS zone group that registers the
// login-server and data-endpoint A records.
func newRegistryEndpoint(ctx *pulumi.Context, name string, spec RegistryEndpointSpec, registry *acr.Registry,
	members []string, args *PrivateRegistryArgs, child []pulumi.ResourceOption, gate []pulumi.Resource,
) (*network.PrivateEndpoint, *network.PrivateDnsZoneGroup, error) {
	var ipConfigs network.PrivateEndpointIPConfigurationArray
	if len(spec.StaticIPs) > 0 {
		for _, member := range members {
			ipConfigs = append(ipConfigs, &network.PrivateEndpointIPConfigurationArgs{
				Name:             pulumi.String("ipconfig-" + member),
				GroupId:          pulumi.String(RegistryGroupID),
				MemberName:       pulumi.String(member),
				PrivateIPAddress: pulumi.String(spec.StaticIPs[member]),
			})
		}
	}
	location := spec.Location
	if location == "" {
		location = args.Location
	}
	pe, err := network.NewPrivateEndpoint(ctx, name, &network.PrivateEndpointArgs{
		PrivateEndpointName:        pulumi.String(spec.Name),
		ResourceGroupName:          args.ResourceGroupName,
		Location:                   pulumi.String(location),
		CustomNetworkInterfaceName: pulumi.String(spec.Name + "-nic"),
		Subnet:                     &network.SubnetTypeArgs{Id: spec.SubnetID},
		PrivateLinkServiceConnections: network.PrivateLinkServiceConnectionArray{
			&network.PrivateLinkServiceConnectionArgs{
				Name:                 pulumi.String(spec.Name + "-conn"),
				PrivateLinkServiceId: registry.ID(),
				GroupIds:             pulumi.StringArray{pulumi.String(RegistryGroupID)},
			},
		},
		IpConfigurations: ipConfigs,
		Tags:             tagsInput(args.Tags),
	}, withOpts(child, pulumi.DependsOn(gate))...)
	if err != nil {
		return nil, nil, fmt.Errorf("private endpoint %s: %w", spec.Name, err)
	}
	zoneGroup, err := network.NewPrivateDnsZoneGroup(ctx, name+"-dns", &network.PrivateDnsZoneGroupArgs{
		PrivateDnsZoneGroupName: pulumi.String("default"),
		PrivateEndpointName:     pe.Name,
		ResourceGroupName:       args.ResourceGroupName,
		PrivateDnsZoneConfigs: network.PrivateDnsZoneConfigArray{
			&network.PrivateDnsZoneConfigArgs{
				Name:             pulumi.String("registry"),
				PrivateDnsZoneId: spec.DNSZoneID,
			},
		},
	}, child...)
	if err != nil {
		return nil, nil, fmt.Errorf("DNS zone group of %s: %w", spec.Name, err)
	}
	return pe, zoneGroup, nil
}

// optionalString returns nil for "" so that unset optional properties are not sent.
func optionalString(s string) pulumi.StringPtrInput {
	if s == "" {
		return nil
	}
	return pulumi.String(s)
}

// checkStaticIPs rejects static IPs that do not name exactly the required
// members; Azure would fail with
// PrivateEndpointIpConfigurationMissingMemberNamesRequiredByFps.
func (a *PrivateRegistryArgs) checkStaticIPs() error {
	members := RegistryMembers(a.Regions())
	for _, spec := range a.PrivateEndpoints {
		if len(spec.StaticIPs) == 0 {
			continue
		}
		for _, m := range members {
			if spec.StaticIPs[m] == "" {
				return fmt.Errorf("private endpoint %s: static IPs miss member %s (want %v)", spec.Name, m, members)
			}
		}
		if len(spec.StaticIPs) != len(members) {
			return fmt.Errorf("private endpoint %s: static IPs name members other than %v", spec.Name, members)
		}
	}
	return nil
}

// checkCache rejects cache rules Azure would refuse or that name a credential
// set the registry does not have, and credential sets with a malformed vault.
func (a *PrivateRegistryArgs) checkCache() error {
	if len(a.CacheRules) > MaxCacheRules {
		return fmt.Errorf("%d cache rules exceed the registry's limit of %d", len(a.CacheRules), MaxCacheRules)
	}
	sets := map[string]bool{}
	for _, s := range a.CredentialSets {
		if id, known := knownString(s.KeyVaultID); known && id != "" {
			if _, err := ParseResourceIDOfType(id, TypeKeyVault); err != nil {
				return fmt.Errorf("credential set %s: %w", s.Name, err)
			}
		}
		sets[s.Name] = true
	}
	targets := map[string]bool{}
	for _, r := range a.CacheRules {
		if r.CredentialSet != "" && !sets[r.CredentialSet] {
			return fmt.Errorf("cache rule %s names credential set %q, which is not in CredentialSets", r.Name, r.CredentialSet)
		}
		if targets[r.Target] {
			return fmt.Errorf("cache rule %s: target %q has another rule already", r.Name, r.Target)
		}
		targets[r.Target] = true
	}
	return nil
}
