package components

import (
	"fmt"
	"strings"
)

// DNSLayoutProblem names what is wrong with a set of registry DNS zones.
type DNSLayoutProblem string

// The registry DNS layouts Azure rejects or that break name resolution.
const (
	// DNSSameZone: two endpoints resolve to one zone; their DNS zone groups
	// would overwrite each other's records, and deleting either endpoint
	// deletes them.
	DNSSameZone DNSLayoutProblem = "same-zone"
	// DNSVnetLinkedTwice: one VNet is linked twice to the same zone (Azure
	// rejects the second link; Pulumi would fail on a duplicate name).
	DNSVnetLinkedTwice DNSLayoutProblem = "vnet-linked-twice"
	// DNSVnetInTwoZones: one VNet is linked to two zones of the same name
	// ("A virtual network cannot be linked to multiple zones with
	// overlapping namespaces").
	DNSVnetInTwoZones DNSLayoutProblem = "vnet-in-two-zones"
	// DNSLinkNameClash: two different VNets of the same name are linked to
	// one zone; their link names (link-acr-<vnetName>) would collide.
	DNSLinkNameClash DNSLayoutProblem = "link-name-clash"
	// DNSUnlinkedZone: no VNet of the stack is linked to the zone, so nothing
	// the stack deploys resolves the registry through it.
	DNSUnlinkedZone DNSLayoutProblem = "unlinked-zone"
)

// DNSLayoutIssue is one problem of a registry DNS layout.
type DNSLayoutIssue struct {
	// Problem is what is wrong.
	Problem DNSLayoutProblem
	// Zone is the index of the zone concerned.
	Zone int
	// Other is the index of the other zone involved, or -1.
	Other int
	// VnetID is the VNet concerned ("" for zone-level problems).
	VnetID string
}

// Error describes the issue in words, without configuration keys.
func (i DNSLayoutIssue) Error() string {
	switch i.Problem {
	case DNSSameZone:
		return fmt.Sprintf("registry DNS zones %d and %d are the same zone: every private endpoint needs a zone of its own", i.Other, i.Zone)
	case DNSVnetLinkedTwice:
		return fmt.Sprintf("registry DNS zone %d links VNet %s twice", i.Zone, i.VnetID)
	case DNSVnetInTwoZones:
		return fmt.Sprintf("VNet %s is linked to registry DNS zones %d and %d, which have the same name", i.VnetID, i.Other, i.Zone)
	case DNSLinkNameClash:
		return fmt.Sprintf("registry DNS zone %d links two VNets named like %s", i.Zone, i.VnetID)
	default:
		return fmt.Sprintf("registry DNS zone %d is linked to no VNet", i.Zone)
	}
}

// CheckRegistryDNSLayout finds the problems of a set of registry DNS zones:
// zones shared by two endpoints, VNets linked twice to a zone or to two zones
// of the same name, link-name clashes and (unless allowUnlinked) zones no VNet
// is linked to. stackResourceGroup and stackVnetID identify where zones are
// created by default and the VNet LinkStackVnet refers to. Every zone's
// ExistingZoneID must be nil or known (a pulumi.String): PrivateDnsZones checks
// ids given as outputs once they resolve.
func CheckRegistryDNSLayout(zones []RegistryDNSZoneSpec, stackResourceGroup, stackVnetID string, allowUnlinked bool) []DNSLayoutIssue {
	var issues []DNSLayoutIssue
	zoneOwner := map[string]int{}
	vnetOwner := map[string]int{}
	for i, z := range zones {
		identity := "created:" + strings.ToLower(stackResourceGroup)
		if z.ResourceGroupName != "" {
			identity = "created:" + strings.ToLower(z.ResourceGroupName)
		}
		if existing, _ := knownString(z.ExistingZoneID); existing != "" {
			identity = NormalizeResourceID(existing)
		}
		if first, dup := zoneOwner[identity]; dup {
			issues = append(issues, DNSLayoutIssue{Problem: DNSSameZone, Zone: i, Other: first})
		} else {
			zoneOwner[identity] = i
		}

		linked := map[string]bool{}
		linkNames := map[string]string{}
		vnets := append([]string{}, z.LinkVnetIDs...)
		if z.LinkStackVnet {
			vnets = append([]string{stackVnetID}, vnets...)
		}
		for _, id := range vnets {
			key := NormalizeResourceID(id)
			if linked[key] {
				issues = append(issues, DNSLayoutIssue{Problem: DNSVnetLinkedTwice, Zone: i, Other: -1, VnetID: id})
				continue
			}
			linked[key] = true
			name := strings.ToLower(key[strings.LastIndex(key, "/")+1:])
			if other, clash := linkNames[name]; clash && other != key {
				issues = append(issues, DNSLayoutIssue{Problem: DNSLinkNameClash, Zone: i, Other: -1, VnetID: id})
			}
			linkNames[name] = key
			if first, dup := vnetOwner[key]; dup && first != i {
				issues = append(issues, DNSLayoutIssue{Problem: DNSVnetInTwoZones, Zone: i, Other: first, VnetID: id})
			} else {
				vnetOwner[key] = i
			}
		}
		if len(vnets) == 0 && !allowUnlinked {
			issues = append(issues, DNSLayoutIssue{Problem: DNSUnlinkedZone, Zone: i, Other: -1})
		}
	}
	return issues
}

// NormalizeResourceID lower-cases an ARM id and trims surrounding slashes, so
// ids that differ only in case or a trailing slash compare equal.
func NormalizeResourceID(id string) string {
	return "/" + strings.ToLower(strings.Trim(strings.TrimSpace(id), "/"))
}
