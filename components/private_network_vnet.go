package components

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi-azure-native-sdk/network/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// vnetRef is the VNet subnets are created in: created by privatepull or
// brought by the user.
type vnetRef struct {
	id            pulumi.StringOutput
	name          pulumi.StringInput
	resourceGroup pulumi.StringInput
}

// newVnet creates the VNet, or refers to the existing one (whose id may be an
// output of another resource: its name and resource group then come from it
// when it resolves).
func newVnet(ctx *pulumi.Context, component string, args *PrivateNetworkArgs, rgName pulumi.StringOutput,
	tags pulumi.StringMapInput, opts []pulumi.ResourceOption) (vnetRef, error) {
	if isSet(args.ExistingVnetID) {
		if existing, known := knownString(args.ExistingVnetID); known {
			id, err := ParseResourceIDOfType(existing, TypeVirtualNetwork)
			if err != nil {
				return vnetRef{}, err
			}
			return vnetRef{
				id:            pulumi.String(existing).ToStringOutput(),
				name:          pulumi.String(id.Name()),
				resourceGroup: pulumi.String(id.ResourceGroup),
			}, nil
		}
		id := checkedID(args.ExistingVnetID, TypeVirtualNetwork)
		name := idPart(id, func(r ResourceID) string { return r.Name() })
		return vnetRef{id: id, name: name, resourceGroup: idPart(id, func(r ResourceID) string { return r.ResourceGroup })}, nil
	}
	vnet, err := network.NewVirtualNetwork(ctx, childName(component, "vnet"), &network.VirtualNetworkArgs{
		VirtualNetworkName: pulumi.String(args.VnetName),
		ResourceGroupName:  rgName,
		Location:           pulumi.String(args.Location),
		AddressSpace: &network.AddressSpaceArgs{
			AddressPrefixes: pulumi.StringArray{pulumi.String(args.VnetAddressSpace)},
		},
		Tags: tags,
	}, opts...)
	if err != nil {
		return vnetRef{}, fmt.Errorf("virtual network: %w", err)
	}
	return vnetRef{id: vnet.ID().ToStringOutput(), name: vnet.Name, resourceGroup: rgName}, nil
}

// subnetFactory creates the subnets of one VNet one after another: Azure
// rejects concurrent subnet writes on a VNet (AnotherOperationInProgress).
type subnetFactory struct {
	ctx       *pulumi.Context
	component string
	vnet      vnetRef
	opts      []pulumi.ResourceOption
	previous  pulumi.Resource
}

// optional returns the id of an existing subnet, creates the subnet, or
// returns "" when spec is nil.
func (f *subnetFactory) optional(role string, spec *SubnetSpec, privateEndpoints bool) (pulumi.StringOutput, error) {
	if spec == nil {
		return pulumi.String("").ToStringOutput(), nil
	}
	if isSet(spec.ExistingID) {
		return checkedID(spec.ExistingID, TypeSubnet), nil
	}
	subnetArgs := &network.SubnetArgs{
		SubnetName:         pulumi.String(spec.Name),
		ResourceGroupName:  f.vnet.resourceGroup,
		VirtualNetworkName: f.vnet.name,
		AddressPrefix:      pulumi.String(spec.AddressPrefix),
	}
	if privateEndpoints {
		subnetArgs.PrivateEndpointNetworkPolicies = pulumi.String("Disabled")
	}
	if spec.Delegation != "" {
		subnetArgs.Delegations = network.DelegationArray{&network.DelegationArgs{
			Name:        pulumi.String(strings.ReplaceAll(spec.Delegation, "/", ".")),
			ServiceName: pulumi.String(spec.Delegation),
		}}
	}
	opts := f.opts
	if f.previous != nil {
		opts = withOpts(f.opts, pulumi.DependsOn([]pulumi.Resource{f.previous}))
	}
	subnet, err := network.NewSubnet(f.ctx, childName(f.component, role), subnetArgs, opts...)
	if err != nil {
		return pulumi.StringOutput{}, fmt.Errorf("subnet %s: %w", spec.Name, err)
	}
	f.previous = subnet
	return subnet.ID().ToStringOutput(), nil
}
