package components

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// idCheck is one resource id a component is given and the type it must have.
type idCheck struct {
	id  pulumi.StringInput
	typ string
}

// checkKnownIDs checks the type of every id that is known (a plain
// pulumi.String); ids given as outputs are checked when they resolve.
func checkKnownIDs(checks []idCheck) error {
	for _, c := range checks {
		if id, known := knownString(c.id); known && id != "" {
			if _, err := ParseResourceIDOfType(id, c.typ); err != nil {
				return err
			}
		}
	}
	return nil
}

// check validates the args before anything is registered: the plain values
// and every id that is known. Ids given as outputs are checked when they
// resolve (checkedID).
func (a *PrivateNetworkArgs) check() error {
	if a == nil {
		return fmt.Errorf("args are required")
	}
	if a.ResourceGroupName == nil {
		return fmt.Errorf("ResourceGroupName is required")
	}
	checks := []idCheck{{a.ExistingVnetID, TypeVirtualNetwork}, {a.PrivateEndpointSubnet.ExistingID, TypeSubnet}}
	for _, s := range []*SubnetSpec{a.ContainerAppsSubnet, a.AppServiceSubnet, a.AgentPoolSubnet} {
		if s != nil {
			checks = append(checks, idCheck{s.ExistingID, TypeSubnet})
		}
	}
	if err := checkKnownIDs(checks); err != nil {
		return err
	}
	return a.checkSubnetSpecs()
}

// checkSubnetSpecs rejects a VNet or subnet privatepull would create without
// a name or address range.
func (a *PrivateNetworkArgs) checkSubnetSpecs() error {
	if !isSet(a.ExistingVnetID) && (a.VnetName == "" || a.VnetAddressSpace == "") {
		return fmt.Errorf("VnetName and VnetAddressSpace are required unless ExistingVnetID is set")
	}
	subnets := []struct {
		role string
		spec *SubnetSpec
	}{{"ContainerAppsSubnet", a.ContainerAppsSubnet}, {"PrivateEndpointSubnet", &a.PrivateEndpointSubnet},
		{"AppServiceSubnet", a.AppServiceSubnet}, {"AgentPoolSubnet", a.AgentPoolSubnet}}
	for _, s := range subnets {
		if s.spec != nil && !isSet(s.spec.ExistingID) && (s.spec.Name == "" || s.spec.AddressPrefix == "") {
			return fmt.Errorf("%s needs Name and AddressPrefix unless ExistingID is set", s.role)
		}
	}
	return nil
}
