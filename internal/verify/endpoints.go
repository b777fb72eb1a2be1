package verify

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// Check names of the private endpoint checks.
const (
	CheckEndpointConnection = "endpoint.connection"
	CheckEndpointFQDNs      = "endpoint.nicFqdns"
	CheckEndpointZoneGroup  = "endpoint.dnsZoneGroup"
)

// networkAPIVersion is the Microsoft.Network API version of the plain reads.
const networkAPIVersion = "2024-05-01"

// privateEndpoint is the part of Microsoft.Network/privateEndpoints verify reads.
type privateEndpoint struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	Properties struct {
		ProvisioningState                   string                  `json:"provisioningState"`
		PrivateLinkServiceConnections       []privateLinkConnection `json:"privateLinkServiceConnections"`
		ManualPrivateLinkServiceConnections []privateLinkConnection `json:"manualPrivateLinkServiceConnections"`
		NetworkInterfaces                   []struct {
			ID string `json:"id"`
		} `json:"networkInterfaces"`
	} `json:"properties"`
}

// privateLinkConnection is one connection of a private endpoint.
type privateLinkConnection struct {
	Name       string `json:"name"`
	Properties struct {
		PrivateLinkServiceID string   `json:"privateLinkServiceId"`
		GroupIDs             []string `json:"groupIds"`
		State                struct {
			Status      string `json:"status"`
			Description string `json:"description"`
		} `json:"privateLinkServiceConnectionState"`
	} `json:"properties"`
}

// networkInterface is the part of Microsoft.Network/networkInterfaces verify reads.
type networkInterface struct {
	Properties struct {
		IPConfigurations []struct {
			Name       string `json:"name"`
			Properties struct {
				PrivateIPAddress                string `json:"privateIPAddress"`
				PrivateLinkConnectionProperties *struct {
					GroupID            string   `json:"groupId"`
					RequiredMemberName string   `json:"requiredMemberName"`
					FQDNs              []string `json:"fqdns"`
				} `json:"privateLinkConnectionProperties"`
			} `json:"properties"`
		} `json:"ipConfigurations"`
	} `json:"properties"`
}

// dnsZoneGroup is one privateEndpoints/privateDnsZoneGroups resource.
type dnsZoneGroup struct {
	Name       string `json:"name"`
	Properties struct {
		ProvisioningState     string `json:"provisioningState"`
		PrivateDNSZoneConfigs []struct {
			Name       string `json:"name"`
			Properties struct {
				PrivateDNSZoneID string `json:"privateDnsZoneId"`
			} `json:"properties"`
		} `json:"privateDnsZoneConfigs"`
	} `json:"properties"`
}

// checkEndpoint checks one registry private endpoint: provisioned, its
// connection to the registry Approved, its NIC holding a private IP for the
// login server and every data endpoint, and its DNS zone group writing to the
// declared zone. It returns the NIC's FQDN → private IP map (lower-case
// FQDNs) for the DNS checks, or nil when the endpoint could not be read.
func checkEndpoint(ctx context.Context, c *Clients, o *Outputs, pe PrivateEndpointOutput, r *Report) map[string]string {
	var ep privateEndpoint
	if err := c.raw.get(ctx, pe.ID, networkAPIVersion, &ep); err != nil {
		r.fail(CheckEndpointConnection, pe.ID, describeError(err), "the private endpoint", fixRead)
		return nil
	}
	checkConnection(&ep, o, pe, r)
	ips := checkNICs(ctx, c, o, &ep, pe, r)
	checkZoneGroup(ctx, c, pe, r)
	return ips
}

// checkConnection checks provisioning and the connection state.
func checkConnection(ep *privateEndpoint, o *Outputs, pe PrivateEndpointOutput, r *Report) {
	checkConnectionTo(ep, pe.ID, linkTarget{id: o.RegistryID, label: "the registry", groupID: "registry",
		check: CheckEndpointConnection, fix: fixEndpointConnection}, r)
}

// linkTarget is the resource a private endpoint must connect to, the group
// id of that connection, and the row that reports it.
type linkTarget struct {
	id, label, groupID string
	check, fix         string
}

// connectionTo returns the endpoint's connection (automatic or manual) to
// the resource id, or nil.
func connectionTo(ep *privateEndpoint, id string) *privateLinkConnection {
	var conn *privateLinkConnection
	for _, list := range [][]privateLinkConnection{ep.Properties.PrivateLinkServiceConnections, ep.Properties.ManualPrivateLinkServiceConnections} {
		for i := range list {
			if SameID(list[i].Properties.PrivateLinkServiceID, id) {
				conn = &list[i]
			}
		}
	}
	return conn
}

// checkConnectionTo checks that the endpoint provisioned and that its
// connection to the target, with the target's group id, is Approved.
func checkConnectionTo(ep *privateEndpoint, peID string, t linkTarget, r *Report) {
	expected := fmt.Sprintf("provisioningState=Succeeded, connection to %s (groupIds [%s]) Approved", shortID(t.id), t.groupID)
	conn := connectionTo(ep, t.id)
	if conn == nil {
		r.fail(t.check, peID, fmt.Sprintf("provisioningState=%s, no connection to %s",
			orNone(ep.Properties.ProvisioningState), t.label), expected, t.fix)
		return
	}
	state := conn.Properties.State
	found := fmt.Sprintf("provisioningState=%s, connection %s groupIds [%s] %s", orNone(ep.Properties.ProvisioningState),
		conn.Name, strings.Join(conn.Properties.GroupIDs, ","), orNone(state.Status))
	if state.Description != "" && !strings.EqualFold(state.Status, "Approved") {
		found += " (" + state.Description + ")"
	}
	ok := strings.EqualFold(ep.Properties.ProvisioningState, "Succeeded") &&
		strings.EqualFold(state.Status, "Approved") &&
		slices.ContainsFunc(conn.Properties.GroupIDs, func(g string) bool { return strings.EqualFold(g, t.groupID) })
	r.check(ok, t.check, peID, found, expected, t.fix)
}

// checkNICs reads the endpoint's network interfaces and checks that their
// private-link IP configurations cover every registry FQDN.
func checkNICs(ctx context.Context, c *Clients, o *Outputs, ep *privateEndpoint, pe PrivateEndpointOutput, r *Report) map[string]string {
	want := o.registryFQDNs()
	expected := "a private IP for each of [" + strings.Join(want, ",") + "]"
	if len(ep.Properties.NetworkInterfaces) == 0 {
		r.fail(CheckEndpointFQDNs, pe.ID, "no network interface", expected, fixEndpointFQDNs)
		return nil
	}
	ips, failed, err := nicIPs(ctx, c, ep)
	if err != nil {
		r.fail(CheckEndpointFQDNs, failed, describeError(err), expected, fixRead)
		return nil
	}
	var missing, found []string
	for _, f := range want {
		ip, ok := ips[f]
		if !ok || ip == "" {
			missing = append(missing, f)
			continue
		}
		found = append(found, f+"="+ip)
	}
	for _, f := range slices.Sorted(maps.Keys(ips)) {
		if !slices.Contains(want, f) {
			found = append(found, f+"="+ips[f]+" (not expected)")
		}
	}
	summary := strings.Join(found, ", ")
	if len(missing) > 0 {
		summary = "missing [" + strings.Join(missing, ",") + "]; has " + orNone(summary)
	}
	r.check(len(missing) == 0, CheckEndpointFQDNs, pe.ID, summary, expected, fixEndpointFQDNs)
	return ips
}

// nicIPs reads the endpoint's network interfaces and returns the private IP
// of every FQDN of their private-link IP configurations (lower case, no
// trailing dot). On a read error it returns the id of the NIC it could not
// read.
func nicIPs(ctx context.Context, c *Clients, ep *privateEndpoint) (map[string]string, string, error) {
	ips := map[string]string{}
	for _, ref := range ep.Properties.NetworkInterfaces {
		var nic networkInterface
		if err := c.raw.get(ctx, ref.ID, networkAPIVersion, &nic); err != nil {
			return nil, ref.ID, err
		}
		for _, ipc := range nic.Properties.IPConfigurations {
			pl := ipc.Properties.PrivateLinkConnectionProperties
			if pl == nil {
				continue
			}
			for _, f := range pl.FQDNs {
				ips[strings.ToLower(strings.TrimSuffix(f, "."))] = ipc.Properties.PrivateIPAddress
			}
		}
	}
	return ips, "", nil
}

// checkZoneGroup checks that the endpoint's DNS zone group writes its records
// into the zone the stack declares for this endpoint.
func checkZoneGroup(ctx context.Context, c *Clients, pe PrivateEndpointOutput, r *Report) {
	expected := "a DNS zone group writing to " + pe.DNSZoneID
	found, ok, err := zoneGroupWrites(ctx, c, pe.ID, pe.DNSZoneID)
	if err != nil {
		r.fail(CheckEndpointZoneGroup, pe.ID, describeError(err), expected, fixRead)
		return
	}
	r.check(ok, CheckEndpointZoneGroup, pe.ID, found, expected, fixZoneGroup)
}

// zoneGroupWrites lists the DNS zone groups of an endpoint and reports
// whether one of them (not Failed) writes to the zone, with every group and
// zone it found, and each group's provisioning state unless Succeeded.
func zoneGroupWrites(ctx context.Context, c *Clients, peID, zoneID string) (string, bool, error) {
	groups, err := listAll[dnsZoneGroup](ctx, c.raw, peID+"/privateDnsZoneGroups", networkAPIVersion)
	if err != nil {
		return "", false, err
	}
	var zones []string
	ok := false
	for _, g := range groups {
		state := ""
		if ps := g.Properties.ProvisioningState; !strings.EqualFold(ps, "Succeeded") {
			state = " (provisioningState " + orNone(ps) + ")"
		}
		for _, cfg := range g.Properties.PrivateDNSZoneConfigs {
			zones = append(zones, g.Name+" → "+cfg.Properties.PrivateDNSZoneID+state)
			if SameID(cfg.Properties.PrivateDNSZoneID, zoneID) && !strings.EqualFold(g.Properties.ProvisioningState, "Failed") {
				ok = true
			}
		}
	}
	if len(zones) == 0 {
		return "no DNS zone group", false, nil
	}
	return strings.Join(zones, ", "), ok, nil
}
