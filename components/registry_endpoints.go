package components

import (
	"fmt"

	"github.com/pulumi/pulumi-azure-native-sdk/network/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// MaxRegistryPrivateEndpoints is the number of private endpoints a registry accepts.
const MaxRegistryPrivateEndpoints = 200

// RegistryGroupID is the only private-link group of a container registry. Its
// members are "registry" (the login server) and "registry_data_<region>" for
// the home region and every replica.
const RegistryGroupID = "registry"

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
	// PrivateDnsZones' registryDnsZoneIds.
	DNSZoneID pulumi.StringInput `pulumi:"dnsZoneId"`
	// StaticIPs maps every required member (registry and
	// registry_data_<region> for the home region and every replica) to a
	// fixed private IP; empty for dynamic allocation. Plain map: it decides
	// the endpoint's IP configurations.
	StaticIPs map[string]string `pulumi:"staticIps,optional"`
}

// RegistryEndpointsArgs configures the RegistryEndpoints component.
type RegistryEndpointsArgs struct {
	// RegistryID is the registry's resource id, e.g. PrivateRegistry's
	// registryId.
	RegistryID pulumi.StringInput `pulumi:"registryId"`
	// LoginServer is the registry's login server, e.g. PrivateRegistry's
	// loginServer: primaryEndpointAddresses matches the DNS records to it.
	LoginServer pulumi.StringInput `pulumi:"loginServer"`
	// DataEndpointHostNames are the registry's data endpoint host names,
	// e.g. PrivateRegistry's dataEndpointHostNames: primaryEndpointAddresses
	// matches the DNS records to them (and to each region's data endpoint
	// named after the login server).
	DataEndpointHostNames pulumi.StringArrayInput `pulumi:"dataEndpointHostNames,optional"`
	// ResourceGroupName is the resource group of the endpoints.
	ResourceGroupName pulumi.StringInput `pulumi:"resourceGroupName"`
	// Location is the registry's home region, the default region of the
	// endpoints.
	Location string `pulumi:"location"`
	// ReplicaLocations are the registry's replica regions: with the home
	// region they decide the members every endpoint covers
	// (registry_data_<region>). Plain list: it decides the endpoints' IP
	// configurations.
	ReplicaLocations []string `pulumi:"replicaLocations,optional"`
	// PrivateEndpoints are the private endpoints to the registry (at least
	// one), each gated behind the registry and every replication. Plain
	// list: it decides how many endpoints exist and their logical names.
	PrivateEndpoints []RegistryEndpointSpec `pulumi:"privateEndpoints"`
	// RegistryReady resolves once the registry and every replication exist,
	// e.g. PrivateRegistry's registryReady: every endpoint waits for it (an
	// endpoint created before a replication fails with
	// InvalidPrivateEndpointConnectionRequestParameters). Its value is not
	// used.
	RegistryReady pulumi.StringInput `pulumi:"registryReady,optional"`
	// Gate are the registry and its replications as resource handles (Go
	// only, not in the schema), e.g. PrivateRegistry's Gate: an explicit
	// dependsOn of every endpoint.
	Gate []pulumi.Resource
	// Tags are applied to every taggable resource. Plain map.
	Tags map[string]string `pulumi:"tags,optional"`
}

// Regions returns the home region followed by every replica region.
func (a *RegistryEndpointsArgs) Regions() []string {
	return append([]string{a.Location}, a.ReplicaLocations...)
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

// RegistryEndpoints are the registry's `registry` private endpoints and their
// DNS zone groups.
type RegistryEndpoints struct {
	pulumi.ResourceState

	// PrivateEndpointIDs are the ids of the registry's private endpoints.
	PrivateEndpointIDs pulumi.StringArrayOutput `pulumi:"privateEndpointIds"`
	// PrimaryEndpointAddresses maps each registry FQDN (login server, data
	// endpoints) to the comma-separated private IPs of the first private
	// endpoint, read from the A records its DNS zone group registered (the
	// zone group's record sets; the endpoint's customDnsConfigs is empty
	// with a zone group). Unknown in preview; a host whose record the
	// provider does not report is left out.
	PrimaryEndpointAddresses pulumi.StringMapOutput `pulumi:"primaryEndpointAddresses"`
	// PullReady is the ids of every endpoint's DNS zone group,
	// comma-separated: it resolves only once they all exist. A workload's
	// first pull needs the A records, so pass it in its pullReady
	// (ContainerAppWorkload) or networkReady (WebAppWorkload).
	PullReady pulumi.StringOutput `pulumi:"pullReady"`
	// PullDependencies are the DNS zone groups as handles (Go only, not in
	// the schema): Go callers put them in a workload's PullDependencies.
	PullDependencies []pulumi.Resource
}

// NewRegistryEndpoints registers the registry's private endpoints, each gated
// behind the registry and every replication (Gate and registryReady), and
// their DNS zone groups. Its children kept the names they had in
// PrivateRegistry (of the same name), which they are aliased from.
func NewRegistryEndpoints(ctx *pulumi.Context, name string, args *RegistryEndpointsArgs,
	opts ...pulumi.ResourceOption) (*RegistryEndpoints, error) {
	if err := args.check(); err != nil {
		return nil, fmt.Errorf("RegistryEndpoints %q: %w", name, err)
	}
	component := &RegistryEndpoints{}
	child, err := registerComponent(ctx, "RegistryEndpoints", name, component, opts...)
	if err != nil {
		return nil, err
	}
	set, err := buildRegistryEndpoints(ctx, name, args, withOpts(child, legacyParentAlias(component, "PrivateRegistry")))
	if err != nil {
		return nil, err
	}
	component.PrivateEndpointIDs, component.PrimaryEndpointAddresses = set.endpointIDs, set.addresses
	component.PullDependencies, component.PullReady = set.zoneGroups, readyToken(set.zoneGroups)
	if err := ctx.RegisterResourceOutputs(component, pulumi.Map{
		"privateEndpointIds":       component.PrivateEndpointIDs,
		"primaryEndpointAddresses": component.PrimaryEndpointAddresses,
		"pullReady":                component.PullReady,
	}); err != nil {
		return nil, fmt.Errorf("RegistryEndpoints %q outputs: %w", name, err)
	}
	return component, nil
}

// endpointSet is what buildRegistryEndpoints registered.
type endpointSet struct {
	endpointIDs pulumi.StringArrayOutput
	addresses   pulumi.StringMapOutput
	// zoneGroups are the endpoints' DNS zone groups: what a first pull needs.
	zoneGroups []pulumi.Resource
}

// buildRegistryEndpoints registers the private endpoints args describe (args
// passed check(); none registers nothing and returns empty outputs), each
// gated behind the registry and every replication (Gate: an explicit
// dependsOn; registryReady: a gate), and their DNS zone groups, as children
// with the options child. RegistryEndpoints and PrivateRegistry's deprecated
// privateEndpoints both build their endpoints here.
func buildRegistryEndpoints(ctx *pulumi.Context, name string, args *RegistryEndpointsArgs,
	child []pulumi.ResourceOption) (*endpointSet, error) {
	var ready []pulumi.StringInput
	if args.RegistryReady != nil {
		ready = append(ready, args.RegistryReady)
	}
	endpointOpts := gated(ctx, child, args.Gate, ready)
	members := RegistryMembers(args.Regions())
	set := &endpointSet{addresses: pulumi.StringMap{}.ToStringMapOutput()}
	endpointIDs := pulumi.StringArray{}
	for i, spec := range args.PrivateEndpoints {
		role := "pe"
		if i > 0 {
			role = fmt.Sprintf("pe%d", i+1)
		}
		pe, zoneGroup, err := newRegistryEndpoint(ctx, childName(name, role), spec, members, args, child, endpointOpts)
		if err != nil {
			return nil, err
		}
		endpointIDs = append(endpointIDs, pe.ID().ToStringOutput())
		if i == 0 {
			set.addresses = zoneGroupAddresses(zoneGroup, args.LoginServer.ToStringOutput(), args.hostNames())
		}
		set.zoneGroups = append(set.zoneGroups, zoneGroup)
	}
	set.endpointIDs = endpointIDs.ToStringArrayOutput()
	return set, nil
}

// newRegistryEndpoint registers one `registry` private endpoint (endpointOpts:
// gated behind the registry and its replications) and the DNS zone group that
// registers the login-server and data-endpoint A records.
func newRegistryEndpoint(ctx *pulumi.Context, name string, spec RegistryEndpointSpec, members []string,
	args *RegistryEndpointsArgs, child, endpointOpts []pulumi.ResourceOption,
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
	return newPrivateEndpoint(ctx, name, privateEndpointSpec{
		name: spec.Name, resourceGroupName: args.ResourceGroupName, location: location, subnetID: spec.SubnetID,
		targetID: args.RegistryID, groupID: RegistryGroupID, ipConfigs: ipConfigs, dnsZoneID: spec.DNSZoneID,
		tags: args.Tags,
	}, endpointOpts, child)
}

// check rejects args the endpoints cannot be built from, before anything is
// registered: missing inputs, a known registry id of another type, and bad
// static IPs (checkStaticIPs).
func (a *RegistryEndpointsArgs) check() error {
	if a == nil || len(a.PrivateEndpoints) == 0 {
		return fmt.Errorf("args with at least one private endpoint are required")
	}
	if a.RegistryID == nil || a.LoginServer == nil || a.ResourceGroupName == nil || a.Location == "" {
		return fmt.Errorf("RegistryID, LoginServer, ResourceGroupName and Location are required")
	}
	if err := checkKnownIDs([]idCheck{{a.RegistryID, TypeContainerRegistry}}); err != nil {
		return fmt.Errorf("registryId: %w", err)
	}
	return a.checkStaticIPs()
}

// checkStaticIPs rejects static IPs that do not name exactly the required
// members (Azure would fail with
// PrivateEndpointIpConfigurationMissingMemberNamesRequiredByFps).
func (a *RegistryEndpointsArgs) checkStaticIPs() error {
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
