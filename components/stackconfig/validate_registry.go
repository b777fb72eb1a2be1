package stackconfig

import (
	"net/netip"
	"regexp"
	"sort"
	"strings"

	"github.com/privatepull/privatepull/components"
)

// privateEndpointNameRule: 2-64 letters, digits, _ . -; starts alnum, ends alnum or _.
var privateEndpointNameRule = regexp.MustCompile(`^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}[a-zA-Z0-9_]$`)

// Endpoints returns the registry's private endpoints: the configured list, or
// one endpoint in the stack's private-endpoint subnet.
func (c *Config) Endpoints() []RegistryPrivateEndpoint {
	if len(c.RegistryPrivateEndpoints) > 0 {
		return c.RegistryPrivateEndpoints
	}
	return []RegistryPrivateEndpoint{{Name: "pe-acr-" + strings.ToLower(c.RegistryName), Location: c.Location}}
}

// validateRegistry checks replicas, endpoints, DNS, the allow-list and retention.
func validateRegistry(cfg *Config, p *problems) {
	seen := map[string]bool{cfg.Location: true}
	for i, r := range cfg.Replicas {
		key := func(field string) string { return entryKey(KeyReplicas, i, field) }
		switch {
		case !locationRule.MatchString(r.Location):
			p.addf(key("location"), "%q is not an Azure region name (lowercase letters and digits)", r.Location)
		case r.Location == cfg.Location:
			p.addf(key("location"), "%q is the registry's home region (%s); list other regions only", r.Location, qualified(KeyLocation))
		case seen[r.Location]:
			p.addf(key("location"), "%q is listed twice", r.Location)
		}
		seen[r.Location] = true
		if r.ZoneRedundancy != "" && r.ZoneRedundancy != "Enabled" && r.ZoneRedundancy != "Disabled" {
			p.addf(key("zoneRedundancy"), "%q must be Enabled, Disabled or omitted (the region's default)", r.ZoneRedundancy)
		}
	}
	validateEndpoints(cfg, p)
	validateDNS(cfg, p)
	for i, r := range cfg.RegistryAllowedIPRanges {
		validateAllowedRange(p, entryKey(KeyRegistryAllowedIPRanges, i, ""), r)
	}
	if err := components.CheckDomainNameLabelScope(cfg.RegistryDomainNameLabelScope); err != nil {
		p.addf(KeyRegistryDomainNameLabelScope, "%v; it is fixed when the registry is created: a change replaces "+
			"the registry (and %s refuses that)", err, qualified(KeyProtectRegistry))
	}
	if cfg.UntaggedRetentionDays < 0 || cfg.UntaggedRetentionDays > 365 {
		p.addf(KeyUntaggedRetentionDays, "%d must be between 0 (off) and 365", cfg.UntaggedRetentionDays)
	}
	validatePropagationWait(cfg, p)
}

// validatePropagationWait checks acrPullPropagationSeconds.
func validatePropagationWait(cfg *Config, p *problems) {
	if cfg.AcrPullPropagationSeconds < 0 || cfg.AcrPullPropagationSeconds > 1800 {
		p.addf(KeyAcrPullPropagationSeconds, "%d must be between 0 (no wait) and 1800 seconds; RBAC usually "+
			"propagates within 1-5 minutes", cfg.AcrPullPropagationSeconds)
	}
}

// endpointSubnet is one subnet that holds registry endpoints.
type endpointSubnet struct {
	key    string // config key of its CIDR, for messages
	prefix netip.Prefix
	known  bool
	need   int
}

// validateEndpoints checks names, subnets, static IPs and the room each
// private-endpoint subnet has: every endpoint takes one IP for the login
// server and one per region, so each replica takes one more IP in EVERY
// private-endpoint subnet.
func validateEndpoints(cfg *Config, p *problems) {
	members := components.RegistryMembers(cfg.Regions())
	perEndpoint := len(members)
	subnets := map[string]*endpointSubnet{}
	stack := &endpointSubnet{key: KeyPrivateEndpointSubnetCidr}
	if cfg.ExistingPrivateEndpointSubnetID == "" {
		stack.prefix, stack.known = mustCIDR(cfg.PrivateEndpointSubnetCidr)
	}
	subnets[""] = stack
	if cfg.HostedRegistryName != "" {
		stack.need++ // the hosted registry's `sites` endpoint
	}
	if cfg.HasFunctionApps() && !cfg.IsAppStack() {
		stack.need += len(components.FunctionStorageServices) // the host storage's blob, queue and table endpoints
	}
	if n := len(cfg.Endpoints()); n > components.MaxRegistryPrivateEndpoints {
		p.addf(KeyRegistryPrivateEndpoints, "%d endpoints exceed the registry's limit of %d private endpoints",
			n, components.MaxRegistryPrivateEndpoints)
	}
	names := newNameChecker(KeyRegistryPrivateEndpoints, privateEndpointNameRule,
		"private endpoint naming rule: 2-64 letters, digits, _ . -")
	ips := map[netip.Addr]string{}
	for i, e := range cfg.Endpoints() {
		key := func(field string) string { return entryKey(KeyRegistryPrivateEndpoints, i, field) }
		names.check(p, i, e.Name)
		if !locationRule.MatchString(e.Location) {
			p.addf(key("location"), "%q is not an Azure region name", e.Location)
		}
		subnet := stack
		if e.SubnetID != "" {
			if _, err := components.ParseResourceIDOfType(e.SubnetID, components.TypeSubnet); err != nil {
				p.addf(key("subnetId"), "%v", err)
			}
			subnet = subnets[strings.ToLower(e.SubnetID)]
			if subnet == nil {
				subnet = &endpointSubnet{key: key("subnetCidr")}
				if e.SubnetCidr != "" {
					prefix, err := parseCIDR(e.SubnetCidr)
					if err != nil {
						p.addf(key("subnetCidr"), "%v", err)
					}
					subnet.prefix, subnet.known = prefix, err == nil
				}
				subnets[strings.ToLower(e.SubnetID)] = subnet
			}
		} else if e.SubnetCidr != "" {
			p.addf(key("subnetCidr"), "is only for endpoints with a subnetId; this one uses %s", qualified(KeyPrivateEndpointSubnetCidr))
		}
		subnet.need += perEndpoint
		validateStaticIPs(p, key("staticIps"), e.StaticIPs, members, subnet, ips)
	}
	keys := make([]string, 0, len(subnets))
	for k := range subnets {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		s := subnets[k]
		if s.known && usableAddresses(s.prefix) < s.need {
			p.addf(s.key, "%s has %d usable addresses but its private endpoints need %d: each registry endpoint takes "+
				"one IP for the login server and one per region (%d regions), so each replica takes one more IP in "+
				"every private-endpoint subnet (and the function apps' host storage takes 3 in the stack's); use a "+
				"larger subnet", s.prefix, usableAddresses(s.prefix), s.need, len(cfg.Regions()))
		}
	}
}

// validateStaticIPs checks that static IPs cover exactly the required members,
// lie inside the subnet (when its CIDR is known), avoid Azure's reserved
// addresses and are not used twice.
func validateStaticIPs(p *problems, key string, static map[string]string, members []string, subnet *endpointSubnet,
	used map[netip.Addr]string) {
	if len(static) == 0 {
		return
	}
	required := map[string]bool{}
	for _, m := range members {
		required[m] = true
		if _, ok := static[m]; !ok {
			p.addf(key, "misses member %s: a registry endpoint with static IPs needs one per member (%s)",
				m, strings.Join(members, ", "))
		}
	}
	memberNames := make([]string, 0, len(static))
	for m := range static {
		memberNames = append(memberNames, m)
	}
	sort.Strings(memberNames)
	for _, m := range memberNames {
		if !required[m] {
			p.addf(key, "%s is not a member of this registry (want %s)", m, strings.Join(members, ", "))
			continue
		}
		addr, err := netip.ParseAddr(static[m])
		if err != nil || !addr.Is4() {
			p.addf(key, "%s: %q is not an IPv4 address", m, static[m])
			continue
		}
		if subnet.known {
			if !subnet.prefix.Contains(addr) {
				p.addf(key, "%s: %s is outside its subnet %s", m, addr, subnet.prefix)
			} else if reserved(subnet.prefix, addr) {
				p.addf(key, "%s: %s is reserved by Azure (the first four and the last address of %s)", m, addr, subnet.prefix)
			}
		}
		if other, dup := used[addr]; dup {
			p.addf(key, "%s: %s is already given to %s", m, addr, other)
		} else {
			used[addr] = qualified(key) + "." + m
		}
	}
}

// reserved reports Azure's reserved addresses: network, .1-.3 and broadcast.
func reserved(prefix netip.Prefix, addr netip.Addr) bool {
	offset := ipToUint(addr) - ipToUint(prefix.Addr())
	size := uint32(1) << (32 - prefix.Bits())
	return offset < 4 || offset == size-1
}

func ipToUint(a netip.Addr) uint32 {
	b := a.As4()
	return uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
}

func mustCIDR(value string) (netip.Prefix, bool) {
	prefix, err := parseCIDR(value)
	return prefix, err == nil
}

// validateExistingNetwork checks bring-your-own ids: the right resource types,
// and subnets of the given VNet (so the DNS link reaches the workloads).
func validateExistingNetwork(cfg *Config, p *problems) {
	var vnet components.ResourceID
	if cfg.ExistingVnetID != "" {
		var err error
		if vnet, err = components.ParseResourceIDOfType(cfg.ExistingVnetID, components.TypeVirtualNetwork); err != nil {
			p.addf(KeyExistingVnetID, "%v", err)
		}
	}
	for _, s := range []struct{ key, id string }{
		{KeyExistingContainerAppsSubnet, cfg.ExistingContainerAppsSubnetID},
		{KeyExistingPrivateEndpointSubnet, cfg.ExistingPrivateEndpointSubnetID},
		{KeyExistingAppServiceSubnet, cfg.ExistingAppServiceSubnetID},
	} {
		if s.id == "" {
			continue
		}
		subnet, err := components.ParseResourceIDOfType(s.id, components.TypeSubnet)
		switch {
		case err != nil:
			p.addf(s.key, "%v", err)
		case cfg.ExistingVnetID == "":
			p.addf(s.key, "needs %s: the workloads' VNet must be the one linked to the registry's DNS zone",
				qualified(KeyExistingVnetID))
		case len(vnet.Names) > 0 && !strings.EqualFold(subnet.Names[0], vnet.Name()):
			p.addf(s.key, "the subnet is in VNet %q, not in %s (%q)", subnet.Names[0], qualified(KeyExistingVnetID), vnet.Name())
		}
	}
	validateSubnetRoles(cfg, p)
}

// subnetRole is one use of an existing subnet and the delegation it needs.
type subnetRole struct {
	key, id, role, delegation string
}

// validateSubnetRoles rejects one existing subnet given for two roles: the
// Container Apps environment (delegated to Microsoft.App/environments), App
// Service VNet integration (delegated to Microsoft.Web/serverFarms; several
// plans may share it) and private endpoints (no delegation) each need their
// own.
func validateSubnetRoles(cfg *Config, p *problems) {
	var roles []subnetRole
	add := func(key, id, role, delegation string) {
		if id != "" {
			roles = append(roles, subnetRole{key, components.NormalizeResourceID(id), role, delegation})
		}
	}
	add(KeyExistingPrivateEndpointSubnet, cfg.ExistingPrivateEndpointSubnetID, "private endpoints", "")
	for i, e := range cfg.RegistryPrivateEndpoints {
		add(entryKey(KeyRegistryPrivateEndpoints, i, "subnetId"), e.SubnetID, "private endpoints", "")
	}
	if cfg.AgentPool != nil {
		add(KeyAgentPool+".subnetId", cfg.AgentPool.SubnetID, "the ACR Tasks agent pool", "")
	}
	add(KeyExistingContainerAppsSubnet, cfg.ExistingContainerAppsSubnetID, "the Container Apps environment",
		components.DelegationContainerApps)
	if cfg.HasIntegrationSubnet() {
		add(KeyExistingAppServiceSubnet, cfg.ExistingAppServiceSubnetID, "App Service VNet integration",
			components.DelegationAppService)
	}
	for i, r := range roles {
		for _, other := range roles[:i] {
			if r.id != other.id || r.role == other.role {
				continue
			}
			p.addf(r.key, "is the subnet %s gives to %s: %s needs a subnet of its own (%s), while %s need(s) %s",
				qualified(other.key), other.role, r.role, delegationText(r.delegation),
				other.role, delegationText(other.delegation))
			break
		}
	}
}

func delegationText(delegation string) string {
	if delegation == "" {
		return "no delegation"
	}
	return "delegated to " + delegation
}

// minAllowedPrefixBits is the widest range the registry's public allow-list
// accepts: a /16 is already 65,536 addresses.
const minAllowedPrefixBits = 16

// validateAllowedRange checks one operator IP or CIDR of the registry's
// public allow-list: a public IPv4 address or a range no wider than /16.
func validateAllowedRange(p *problems, key, value string) {
	var addr netip.Addr
	if prefix, err := netip.ParsePrefix(value); err == nil {
		if prefix.Addr().Is4() && prefix.Bits() < minAllowedPrefixBits {
			p.addf(key, "%q opens the registry to %d addresses: list the operators' egress IPs or ranges no wider "+
				"than /%d; the private endpoint is the way in for everything else", value,
				uint64(1)<<(32-prefix.Bits()), minAllowedPrefixBits)
			return
		}
		addr = prefix.Addr()
	} else if a, err := netip.ParseAddr(value); err == nil {
		addr = a
	} else {
		p.addf(key, "%q is not an IPv4 address or CIDR", value)
		return
	}
	if !addr.Is4() || addr.IsPrivate() || addr.IsLoopback() || addr.IsUnspecified() {
		p.addf(key, "%q is not a public IPv4 address: registry IP rules apply to public clients only "+
			"(private clients use the private endpoint)", value)
	}
}
