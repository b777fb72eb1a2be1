package tests

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/privatepull/privatepull/components"
)

// networkSpec is what a test configures of a stack's network: the network
// and its private DNS zones, which newNetwork composes as the program does.
type networkSpec struct {
	components.PrivateNetworkArgs
	// RegistryDNSZones, AllowUnlinkedRegistryDNSZones, WebAppDNSZone,
	// ProviderSettings and Cloud are PrivateDnsZones' inputs.
	RegistryDNSZones              []components.RegistryDNSZoneSpec
	AllowUnlinkedRegistryDNSZones bool
	WebAppDNSZone                 bool
	ProviderSettings              *components.AzureProviderSettings
	Cloud                         components.Cloud
}

// networkParts are the two components newNetwork registers, both named "net".
type networkParts struct {
	net *components.PrivateNetwork
	dns *components.PrivateDnsZones
}

// newNetwork registers PrivateNetwork "net" and PrivateDnsZones "net" on its
// resource group and VNet, named like the VNet so that the links' names are
// known in preview (as the program does).
func newNetwork(ctx *pulumi.Context, spec *networkSpec) (*networkParts, error) {
	net, err := components.NewPrivateNetwork(ctx, "net", &spec.PrivateNetworkArgs)
	if err != nil {
		return nil, err
	}
	vnetName := spec.VnetName
	if id, ok := spec.ExistingVnetID.(pulumi.String); ok {
		vnet, _ := components.ParseResourceID(string(id))
		vnetName = vnet.Name()
	} else if spec.ExistingVnetID != nil {
		vnetName = ""
	}
	dns, err := components.NewPrivateDnsZones(ctx, "net", &components.PrivateDnsZonesArgs{
		ResourceGroupName: net.ResourceGroupName, VnetID: net.VnetID, VnetName: vnetName,
		RegistryDNSZones: spec.RegistryDNSZones, AllowUnlinkedRegistryDNSZones: spec.AllowUnlinkedRegistryDNSZones,
		WebAppDNSZone: spec.WebAppDNSZone, ProviderSettings: spec.ProviderSettings, Cloud: spec.Cloud, Tags: spec.Tags,
	})
	if err != nil {
		return nil, err
	}
	return &networkParts{net: net, dns: dns}, nil
}

// networkProgram registers newNetwork(spec).
func networkProgram(spec *networkSpec) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		_, err := newNetwork(ctx, spec)
		return err
	}
}

// registrySpec is what a test configures of a registry: the registry, its
// private endpoints and what brings images into it, which newRegistry
// composes as the program does.
type registrySpec struct {
	components.PrivateRegistryArgs
	// PrivateEndpoints are RegistryEndpoints' endpoints.
	PrivateEndpoints []components.RegistryEndpointSpec
	// CacheRules, CredentialSets, CredentialSetPropagationWaitSeconds and
	// AgentPool are RegistryImages' inputs.
	CacheRules                          []components.CacheRuleSpec
	CredentialSets                      []components.CredentialSetSpec
	CredentialSetPropagationWaitSeconds int
	AgentPool                           *components.AgentPoolSpec
}

// registryParts are the three components newRegistry registers, all named "acr".
type registryParts struct {
	registry  *components.PrivateRegistry
	endpoints *components.RegistryEndpoints
	images    *components.RegistryImages
}

// pullDependencies are what a workload's first pull needs of the registry:
// the endpoints' DNS zone groups and the images' cache rules and grants.
func (r *registryParts) pullDependencies() []pulumi.Resource {
	return append(append([]pulumi.Resource{}, r.endpoints.PullDependencies...), r.images.PullDependencies...)
}

// newRegistry registers PrivateRegistry "acr", its RegistryEndpoints "acr"
// (gated behind the registry and its replications, by handle and by
// registryReady) and its RegistryImages "acr".
func newRegistry(ctx *pulumi.Context, spec *registrySpec) (*registryParts, error) {
	reg, err := components.NewPrivateRegistry(ctx, "acr", &spec.PrivateRegistryArgs)
	if err != nil {
		return nil, err
	}
	var replicas []string
	for _, r := range spec.Replicas {
		replicas = append(replicas, r.Location)
	}
	endpoints, err := components.NewRegistryEndpoints(ctx, "acr", &components.RegistryEndpointsArgs{
		RegistryID: reg.RegistryID, LoginServer: reg.LoginServer, DataEndpointHostNames: reg.DataEndpointHostNames,
		ResourceGroupName: spec.ResourceGroupName, Location: spec.Location, ReplicaLocations: replicas,
		PrivateEndpoints: spec.PrivateEndpoints, RegistryReady: reg.RegistryReady, Gate: reg.Gate, Tags: spec.Tags,
	})
	if err != nil {
		return nil, err
	}
	images, err := components.NewRegistryImages(ctx, "acr", &components.RegistryImagesArgs{
		RegistryName: reg.RegistryName, ResourceGroupName: spec.ResourceGroupName, Location: spec.Location,
		CacheRules: spec.CacheRules, CredentialSets: spec.CredentialSets,
		CredentialSetPropagationWaitSeconds: spec.CredentialSetPropagationWaitSeconds, AgentPool: spec.AgentPool,
		Tags: spec.Tags,
	})
	if err != nil {
		return nil, err
	}
	return &registryParts{registry: reg, endpoints: endpoints, images: images}, nil
}
