package components

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// check validates the args before anything is registered: the plain values,
// every id that is known and, when the resource group, the VNet and the
// existing zones are all known, the registry DNS layout. Ids given as outputs
// are checked by deferredCheck.
func (a *PrivateDnsZonesArgs) check() error {
	if a == nil {
		return fmt.Errorf("args are required")
	}
	if a.ResourceGroupName == nil {
		return fmt.Errorf("ResourceGroupName is required")
	}
	if len(a.RegistryDNSZones) == 0 {
		return fmt.Errorf("RegistryDNSZones needs at least one zone (one per registry private endpoint)")
	}
	checks := []idCheck{{a.VnetID, TypeVirtualNetwork}}
	keys := map[string]bool{}
	linksStackVnet := a.WebAppDNSZone
	for _, z := range a.RegistryDNSZones {
		if z.Key == "" || keys[z.Key] {
			return fmt.Errorf("registry DNS zone keys must be set and unique (got %q)", z.Key)
		}
		keys[z.Key] = true
		linksStackVnet = linksStackVnet || z.LinkStackVnet
		checks = append(checks, idCheck{z.ExistingZoneID, TypePrivateDNSZone})
		for _, id := range z.LinkVnetIDs {
			checks = append(checks, idCheck{pulumi.String(id), TypeVirtualNetwork})
		}
	}
	if err := checkKnownIDs(checks); err != nil {
		return err
	}
	if linksStackVnet && !isSet(a.VnetID) {
		return fmt.Errorf("VnetID is required: a zone links the stack's VNet (linkStackVnet or webAppDnsZone)")
	}
	if id, known := knownString(a.VnetID); known && id != "" && a.VnetName != "" {
		if vnet, _ := ParseResourceIDOfType(id, TypeVirtualNetwork); !strings.EqualFold(vnet.Name(), a.VnetName) {
			return fmt.Errorf("VnetName %q is not the name of VnetID %q", a.VnetName, id)
		}
	}
	if !allKnown(a.zoneLayoutIDs()...) {
		return nil // deferredCheck runs the layout check once the ids resolve
	}
	rg, _ := knownString(a.ResourceGroupName)
	vnet, _ := knownString(a.VnetID)
	if issues := CheckRegistryDNSLayout(a.RegistryDNSZones, rg, vnet, a.AllowUnlinkedRegistryDNSZones); len(issues) > 0 {
		return issues[0]
	}
	return nil
}

// zoneLayoutIDs are the ids the DNS layout depends on: the resource group,
// the stack's VNet and every existing zone.
func (a *PrivateDnsZonesArgs) zoneLayoutIDs() []pulumi.StringInput {
	ids := []pulumi.StringInput{a.ResourceGroupName, a.VnetID}
	for _, z := range a.RegistryDNSZones {
		ids = append(ids, z.ExistingZoneID)
	}
	return ids
}

// deferredCheck returns a gate that resolves once the resource group, the
// VNet and the existing zones given as outputs have resolved and the args
// pass check() with their values, and true; or false when check() already
// ran on known values. The gate fails with the error check() would have
// returned, prefixed with owner (the component), so the zones and links that
// wait for it are not created.
func (a *PrivateDnsZonesArgs) deferredCheck(owner string) (pulumi.ResourceArrayOutput, bool) {
	ids := a.zoneLayoutIDs()
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
		resolved.VnetID = pulumi.String(v[1].(string))
		resolved.RegistryDNSZones = make([]RegistryDNSZoneSpec, len(a.RegistryDNSZones))
		for i, z := range a.RegistryDNSZones {
			z.ExistingZoneID = pulumi.String(v[2+i].(string))
			resolved.RegistryDNSZones[i] = z
		}
		if err := resolved.check(); err != nil {
			return nil, fmt.Errorf("%s: %w", owner, err)
		}
		return nil, nil
	}).(pulumi.ResourceArrayOutput)
	return gate, true
}
