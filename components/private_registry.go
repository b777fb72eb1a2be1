package components

import (
	"fmt"

	acr "github.com/pulumi/pulumi-azure-native-sdk/containerregistry/v2/v20241101preview"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// ZoneRedundancyDisabled is the zoneRedundancy privatepull sends when none is
// configured: what the azure-native SDK would send, made explicit.
const ZoneRedundancyDisabled = "Disabled"

// NetworkRuleBypassAzureServices lets trusted Azure services (artifact cache,
// az acr import) reach a registry whose public network access is disabled.
// App Service and Container Apps are NOT trusted services: they always pull
// through the private endpoints.
const NetworkRuleBypassAzureServices = "AzureServices"

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

// PrivateRegistryArgs configures the PrivateRegistry component.
type PrivateRegistryArgs struct {
	// Name is the registry's globally unique name (5-50 alphanumerics).
	// Plain: the data endpoint host names derive from it and are known in
	// preview.
	Name string `pulumi:"name"`
	// Location is the registry's home region.
	Location string `pulumi:"location"`
	// ResourceGroupName is the resource group of the registry.
	ResourceGroupName pulumi.StringInput `pulumi:"resourceGroupName"`
	// Cloud selects the login-server and data-endpoint suffixes: public (the
	// default), usgovernment or china.
	Cloud Cloud `pulumi:"cloud,optional"`
	// Replicas are the geo-replication regions (not the home region). Plain
	// list: it decides how many replications exist and their names.
	Replicas []ReplicaSpec `pulumi:"replicas,optional"`
	// AllowedPublicIPRanges are the only IPs/CIDRs the public endpoint
	// accepts (default action Deny), e.g. for pushing from a known address.
	// Empty (the default) keeps public network access Disabled. Plain list.
	AllowedPublicIPRanges []string `pulumi:"allowedPublicIpRanges,optional"`
	// UntaggedRetentionDays is the number of days after which untagged
	// manifests are deleted (the registry's retention policy); 0 keeps them.
	UntaggedRetentionDays int `pulumi:"untaggedRetentionDays,optional"`
	// Protect marks the registry protected: Pulumi refuses to delete it.
	Protect bool `pulumi:"protect,optional"`
	// Tags are applied to every taggable resource. Plain map.
	Tags map[string]string `pulumi:"tags,optional"`

	// Deprecated: compose RegistryEndpoints instead (faster across
	// languages: a component's outputs all arrive once its slowest child
	// exists, so here the pull grant, which needs only the registry's id,
	// waits for the endpoints and their DNS zone groups).
	//
	// PrivateEndpoints are RegistryEndpoints' privateEndpoints, created by
	// the registry itself in its resource group, each with an explicit
	// dependsOn on the registry and every replication, under the names they
	// had before RegistryEndpoints existed (a stack deployed then keeps
	// them). Plain list: it decides how many endpoints exist and their
	// logical names.
	PrivateEndpoints []RegistryEndpointSpec `pulumi:"privateEndpoints,optional"`
	// Deprecated: compose RegistryImages instead (faster across languages:
	// see privateEndpoints).
	//
	// CacheRules are RegistryImages' cacheRules, created by the registry
	// itself. Plain list: it decides how many cache rules exist and their
	// logical names.
	CacheRules []CacheRuleSpec `pulumi:"cacheRules,optional"`
	// Deprecated: compose RegistryImages instead (faster across languages:
	// see privateEndpoints).
	//
	// CredentialSets are RegistryImages' credentialSets, created by the
	// registry itself. Plain list: it decides how many credential sets exist
	// and their names.
	CredentialSets []CredentialSetSpec `pulumi:"credentialSets,optional"`
	// Deprecated: compose RegistryImages instead (faster across languages:
	// see privateEndpoints).
	//
	// CredentialSetPropagationWaitSeconds is RegistryImages'
	// credentialSetPropagationWaitSeconds (with credentialSets). Plain: it
	// decides whether the wait exists.
	CredentialSetPropagationWaitSeconds int `pulumi:"credentialSetPropagationWaitSeconds,optional"`
	// Deprecated: compose RegistryImages instead (faster across languages:
	// see privateEndpoints).
	//
	// AgentPool is RegistryImages' agentPool, created by the registry itself
	// in its home region; unset for none.
	AgentPool *AgentPoolSpec `pulumi:"agentPool,optional"`
}

// Regions returns the home region followed by every replica region.
func (a *PrivateRegistryArgs) Regions() []string {
	regions := []string{a.Location}
	for _, r := range a.Replicas {
		regions = append(regions, r.Location)
	}
	return regions
}

// PrivateRegistry is a Premium registry reachable over Private Link only
// (RegistryEndpoints gives it its private endpoints, or, deprecated, this
// component's privateEndpoints), with its replications.
type PrivateRegistry struct {
	pulumi.ResourceState

	// RegistryID is the registry's resource id (the pull grant's scope).
	RegistryID pulumi.StringOutput `pulumi:"registryId"`
	// RegistryName is the registry's name.
	RegistryName pulumi.StringOutput `pulumi:"registryName"`
	// LoginServer is the registry's login server, e.g. myregistry.azurecr.io.
	LoginServer pulumi.StringOutput `pulumi:"loginServer"`
	// DataEndpointHostNames lists every region's data endpoint host name
	// (<name>.<region>.data.azurecr.io), home region first.
	DataEndpointHostNames pulumi.StringArrayOutput `pulumi:"dataEndpointHostNames"`
	// RegistryReady is the ids of the registry and every replication,
	// comma-separated: it resolves only once they all exist. A private
	// endpoint created earlier fails (a data-endpoint member exists only
	// once its region is provisioned): pass it in RegistryEndpoints'
	// registryReady.
	RegistryReady pulumi.StringOutput `pulumi:"registryReady"`
	// Gate are the registry and its replications as resource handles (Go
	// only, not in the schema): Go callers put them in RegistryEndpoints'
	// Gate.
	Gate []pulumi.Resource

	// Deprecated: compose RegistryEndpoints instead (faster across
	// languages: see privateEndpoints).
	//
	// PrivateEndpointIDs are RegistryEndpoints' privateEndpointIds for
	// privateEndpoints (empty without them).
	PrivateEndpointIDs pulumi.StringArrayOutput `pulumi:"privateEndpointIds"`
	// Deprecated: compose RegistryEndpoints instead (faster across
	// languages: see privateEndpoints).
	//
	// PrimaryEndpointAddresses are RegistryEndpoints'
	// primaryEndpointAddresses for privateEndpoints (empty without them).
	PrimaryEndpointAddresses pulumi.StringMapOutput `pulumi:"primaryEndpointAddresses"`
	// Deprecated: compose RegistryEndpoints and RegistryImages instead
	// (faster across languages: see privateEndpoints).
	//
	// PullReady is RegistryEndpoints' pullReady for privateEndpoints and
	// RegistryImages' pullReady for cacheRules and credentialSets, in one
	// comma-separated list ("" without them).
	PullReady pulumi.StringOutput `pulumi:"pullReady"`
	// Deprecated: compose RegistryEndpoints and RegistryImages instead
	// (faster across languages: see privateEndpoints).
	//
	// PullDependencies are the same resources as handles (Go only, not in
	// the schema), as RegistryEndpoints' and RegistryImages'
	// PullDependencies.
	PullDependencies []pulumi.Resource
	// Deprecated: compose RegistryImages instead (faster across languages:
	// see privateEndpoints).
	//
	// CacheRuleIDs are RegistryImages' cacheRuleIds for cacheRules (empty
	// without them).
	CacheRuleIDs pulumi.StringMapOutput `pulumi:"cacheRuleIds"`
	// Deprecated: compose RegistryImages instead (faster across languages:
	// see privateEndpoints).
	//
	// AgentPoolName is RegistryImages' agentPoolName for agentPool (""
	// without one).
	AgentPoolName pulumi.StringOutput `pulumi:"agentPoolName"`
}

// NewPrivateRegistry registers the registry and its replications and, with
// the deprecated inputs, the private endpoints, cache rules, credential sets
// and agent pool (as RegistryEndpoints and RegistryImages do, under the names
// they had before those existed).
func NewPrivateRegistry(ctx *pulumi.Context, name string, args *PrivateRegistryArgs,
	opts ...pulumi.ResourceOption) (*PrivateRegistry, error) {
	if args == nil || args.Name == "" || args.ResourceGroupName == nil {
		return nil, fmt.Errorf("PrivateRegistry %q: args with Name and ResourceGroupName are required", name)
	}
	if err := args.checkDeprecatedParts(); err != nil {
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

	component.Gate = []pulumi.Resource{registry}
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
		component.Gate = append(component.Gate, replication)
	}

	hostNames := pulumi.StringArray{}
	for _, region := range args.Regions() {
		hostNames = append(hostNames, pulumi.String(args.Cloud.DataEndpointHostName(args.Name, region)))
	}
	component.RegistryID = registry.ID().ToStringOutput()
	component.RegistryName = registry.Name
	component.LoginServer = registry.LoginServer
	component.DataEndpointHostNames = hostNames.ToStringArrayOutput()
	component.RegistryReady = readyToken(component.Gate)
	if err := args.deprecatedParts(ctx, name, component, registry, child); err != nil {
		return nil, err
	}

	if err := ctx.RegisterResourceOutputs(component, pulumi.Map{
		"registryId":               component.RegistryID,
		"registryName":             component.RegistryName,
		"loginServer":              component.LoginServer,
		"dataEndpointHostNames":    component.DataEndpointHostNames,
		"registryReady":            component.RegistryReady,
		"privateEndpointIds":       component.PrivateEndpointIDs,
		"primaryEndpointAddresses": component.PrimaryEndpointAddresses,
		"pullReady":                component.PullReady,
		"cacheRuleIds":             component.CacheRuleIDs,
		"agentPoolName":            component.AgentPoolName,
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
