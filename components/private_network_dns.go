package components

import (
	"fmt"

	"github.com/pulumi/pulumi-azure-native-sdk/authorization/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// composesDNS reports whether the deprecated DNS inputs are given: the
// network then creates the zones and links itself, as PrivateDnsZones does.
func (a *PrivateNetworkArgs) composesDNS() bool {
	return a != nil && (len(a.RegistryDNSZones) > 0 || a.WebAppDNSZone)
}

// withSubscription returns the args with SubscriptionID read from the
// default provider (getClientConfig) when the DNS layout check needs it: the
// deprecated DNS inputs are given and the VNet is one the component creates,
// whose id the check compares with the zones' further VNets.
func (a *PrivateNetworkArgs) withSubscription(ctx *pulumi.Context) (*PrivateNetworkArgs, error) {
	if !a.composesDNS() || a.SubscriptionID != "" || isSet(a.ExistingVnetID) {
		return a, nil
	}
	client, err := authorization.GetClientConfig(ctx)
	if err != nil {
		return nil, fmt.Errorf("read the subscription: %w", err)
	}
	withSub := *a
	withSub.SubscriptionID = client.SubscriptionId
	return &withSub, nil
}

// checkedDNSZonesArgs returns the PrivateDnsZones args the deprecated DNS
// inputs describe, checked as PrivateDnsZones checks them, or nil when they
// are not given (and then none of the settings that go with them is).
func (a *PrivateNetworkArgs) checkedDNSZonesArgs() (*PrivateDnsZonesArgs, error) {
	if !a.composesDNS() {
		if a.AllowUnlinkedRegistryDNSZones || a.SubscriptionID != "" || a.ProviderSettings != nil || a.Cloud != "" {
			return nil, fmt.Errorf("allowUnlinkedRegistryDnsZones, subscriptionId, providerSettings and cloud " +
				"go with registryDnsZones (deprecated): set them on PrivateDnsZones instead")
		}
		return nil, nil
	}
	dns := &PrivateDnsZonesArgs{
		ResourceGroupName:             a.ResourceGroupName,
		VnetID:                        a.ExistingVnetID,
		RegistryDNSZones:              a.RegistryDNSZones,
		AllowUnlinkedRegistryDNSZones: a.AllowUnlinkedRegistryDNSZones,
		WebAppDNSZone:                 a.WebAppDNSZone,
		ProviderSettings:              a.ProviderSettings,
		Cloud:                         a.Cloud,
		Tags:                          a.Tags,
	}
	if !isSet(a.ExistingVnetID) {
		// The VNet the component creates: its id is known as soon as the
		// resource group's name is, so the layout is checked before anything
		// is registered whenever it was before PrivateDnsZones existed.
		dns.VnetName = a.VnetName
		if rg, known := knownString(a.ResourceGroupName); known {
			dns.VnetID = pulumi.String(VnetID(a.SubscriptionID, rg, a.VnetName))
		} else {
			dns.VnetID = a.ResourceGroupName.ToStringOutput().ApplyT(func(rg string) string {
				return VnetID(a.SubscriptionID, rg, a.VnetName)
			}).(pulumi.StringOutput)
		}
	}
	if err := dns.check(); err != nil {
		return nil, fmt.Errorf("registryDnsZones (deprecated: compose PrivateDnsZones instead): %w", err)
	}
	return dns, nil
}

// deprecatedDNSZones registers the zones and links of the deprecated DNS
// inputs (dns: checkedDNSZonesArgs; nil registers nothing and returns empty
// outputs) through PrivateDnsZones' builder, as the network's own children
// under the names they had before PrivateDnsZones existed: in the network's
// resource group (rgName) and linked to its VNet.
func (a *PrivateNetworkArgs) deprecatedDNSZones(ctx *pulumi.Context, name string, dns *PrivateDnsZonesArgs,
	rgName pulumi.StringOutput, vnet vnetRef, child []pulumi.ResourceOption) (*dnsZoneSet, error) {
	if dns == nil {
		return noDNSZones(), nil
	}
	zones := zoneArgs{ctx: ctx, component: name, rgName: rgName, vnetID: vnet.id, vnetName: dns.vnetName(), opts: child}
	return buildDNSZones(fmt.Sprintf("PrivateNetwork %q", name), dns, zones)
}
