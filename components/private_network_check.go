package components

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// idCheck is one resource id a PrivateNetwork is given and the type it must have.
type idCheck struct {
	id  pulumi.StringInput
	typ string
}

// check validates the args before anything is registered: the plain values,
// every id that is known (a plain pulumi.String) and, when the resource
// group, the existing VNet and the existing zones are all known, the registry
// DNS layout. Ids given as outputs are checked by deferredCheck.
func (a *PrivateNetworkArgs) check() error {
	if a == nil {
		return fmt.Errorf("args are required")
	}
	if a.ResourceGroupName == nil {
		return fmt.Errorf("ResourceGroupName is required")
	}
	if len(a.RegistryDNSZones) == 0 {
		return fmt.Errorf("RegistryDNSZones needs at least one zone (one per registry private endpoint)")
	}
	checks := []idCheck{{a.ExistingVnetID, TypeVirtualNetwork}, {a.PrivateEndpointSubnet.ExistingID, TypeSubnet}}
	for _, s := range []*SubnetSpec{a.ContainerAppsSubnet, a.AppServiceSubnet, a.AgentPoolSubnet} {
		if s != nil {
			checks = append(checks, idCheck{s.ExistingID, TypeSubnet})
		}
	}
	keys := map[string]bool{}
	zoneIDs := []pulumi.StringInput{}
	for _, z := range a.RegistryDNSZones {
		if z.Key == "" || keys[z.Key] {
			return fmt.Errorf("registry DNS zone keys must be set and unique (got %q)", z.Key)
		}
		keys[z.Key] = true
		checks = append(checks, idCheck{z.ExistingZoneID, TypePrivateDNSZone})
		zoneIDs = append(zoneIDs, z.ExistingZoneID)
		for _, id := range z.LinkVnetIDs {
			checks = append(checks, idCheck{pulumi.String(id), TypeVirtualNetwork})
		}
	}
	for _, c := range checks {
		if id, known := knownString(c.id); known && id != "" {
			if _, err := ParseResourceIDOfType(id, c.typ); err != nil {
				return err
			}
		}
	}
	if err := a.checkSubnetSpecs(); err != nil {
		return err
	}
	if !allKnown(append(zoneIDs, a.ResourceGroupName, a.ExistingVnetID)...) {
		return nil // deferredCheck runs the layout check once the ids resolve
	}
	rg, _ := knownString(a.ResourceGroupName)
	if issues := CheckRegistryDNSLayout(a.RegistryDNSZones, rg, a.stackVnetID(), a.AllowUnlinkedRegistryDNSZones); len(issues) > 0 {
		return issues[0]
	}
	return nil
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

// deferredCheck returns a gate that resolves once the resource group, the
// existing VNet and the existing zones given as outputs have resolved and
// the args pass check() with their values, and true; or false when check()
// already ran on known values. The gate fails with the error check() would
// have returned, so the zones and links that wait for it are not created.
func (a *PrivateNetworkArgs) deferredCheck(name string) (pulumi.ResourceArrayOutput, bool) {
	ids := []pulumi.StringInput{a.ResourceGroupName, a.ExistingVnetID}
	for _, z := range a.RegistryDNSZones {
		ids = append(ids, z.ExistingZoneID)
	}
	if allKnown(ids...) {
		return pulumi.ResourceArrayOutput{}, false
	}
	values := make([]interface{}, len(ids))
	for i, id := range ids {
		values[i] = orEmpty(id)
	}
	gate := pulumi.All(values...).ApplyT(func(v []interface{}) ([]pulumi.Resource, error) {
		resolved := *a
		resolved.ResourceGroupName = pulumi.String(v[0].(string))
		resolved.ExistingVnetID = pulumi.String(v[1].(string))
		resolved.RegistryDNSZones = make([]RegistryDNSZoneSpec, len(a.RegistryDNSZones))
		for i, z := range a.RegistryDNSZones {
			z.ExistingZoneID = pulumi.String(v[2+i].(string))
			resolved.RegistryDNSZones[i] = z
		}
		if err := resolved.check(); err != nil {
			return nil, fmt.Errorf("PrivateNetwork %q: %w", name, err)
		}
		return nil, nil
	}).(pulumi.ResourceArrayOutput)
	return gate, true
}

// stackVnetID is the id of the VNet the component uses: the existing one, or
// the one it creates. The resource group and existing VNet must be known.
func (a *PrivateNetworkArgs) stackVnetID() string {
	if id, _ := knownString(a.ExistingVnetID); id != "" {
		return id
	}
	rg, _ := knownString(a.ResourceGroupName)
	return VnetID(a.SubscriptionID, rg, a.VnetName)
}
