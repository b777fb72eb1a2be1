package stackconfig

import (
	"fmt"
	"net/netip"
	"regexp"
	"strings"

	"github.com/privatepull/privatepull/components"
)

// agentPoolNameRule: 3-20 letters, digits and hyphens.
var agentPoolNameRule = regexp.MustCompile(`^[a-zA-Z0-9][a-zA-Z0-9-]{1,18}[a-zA-Z0-9]$`)

// dockerBridge is the range ACR Tasks agents use for their Docker bridge: the
// agent pool's subnet must not overlap it.
var dockerBridge = netip.MustParsePrefix("172.17.0.0/16")

// validateAgentPool checks the ACR Tasks agent pool: name, tier, count and a
// dedicated subnet (created: inside the VNet, no overlap, /28 or larger, not
// the Docker bridge range, an address per agent; existing: a subnet id), the
// region (one where agent pools are offered, unless
// privatepull:agentPoolRegionOverride) and the registry's vCPU quota (the
// default, or privatepull:agentPoolVcpuQuota).
func validateAgentPool(cfg *Config, p *problems) {
	pool := cfg.AgentPool
	if pool == nil {
		validateAgentPoolOverridesUnused(cfg, p)
		return
	}
	key := func(field string) string { return KeyAgentPool + "." + field }
	if !agentPoolNameRule.MatchString(pool.Name) {
		p.addf(key("name"), "%q breaks the agent pool naming rule: 3-20 letters, digits and hyphens", pool.Name)
	}
	tier, tierKnown := AgentPoolTiers[pool.Tier]
	if !tierKnown {
		p.addf(key("tier"), "%q is not an agent pool tier (want S1, S2, S3 or I6)", pool.Tier)
	}
	if *pool.Count < 1 || *pool.Count > 100 {
		p.addf(key("count"), "%d must be between 1 and 100", *pool.Count)
	}
	switch {
	case pool.SubnetCidr == "" && pool.SubnetID == "":
		p.addf(key("subnetCidr"), "is required: the agents need a dedicated subnet in the stack's VNet (e.g. 10.0.4.0/28), "+
			"or give an existing one as %s", qualified(key("subnetId")))
	case pool.SubnetCidr != "" && pool.SubnetID != "":
		p.addf(key("subnetId"), "set either subnetCidr (privatepull creates the subnet) or subnetId, not both")
	case pool.SubnetID != "":
		if _, err := components.ParseResourceIDOfType(pool.SubnetID, components.TypeSubnet); err != nil {
			p.addf(key("subnetId"), "%v", err)
		}
	}
	if prefix, err := netip.ParsePrefix(pool.SubnetCidr); err == nil && prefix.Overlaps(dockerBridge) {
		p.addf(key("subnetCidr"), "%s overlaps %s, the Docker bridge range ACR Tasks agents use", prefix, dockerBridge)
	}
	if prefix, err := parseCIDR(pool.SubnetCidr); err == nil && prefix.Bits() <= 28 && *pool.Count > usableAddresses(prefix) {
		p.addf(key("count"), "%d agents need an address each, but %s has %d usable addresses (Azure reserves 5 in "+
			"every subnet): give %s a larger subnet or fewer agents", *pool.Count, prefix, usableAddresses(prefix),
			qualified(key("subnetCidr")))
	}
	if tierKnown && *pool.Count >= 1 {
		validateAgentPoolQuota(cfg, tier, p)
	}
	validateAgentPoolRegion(cfg, p)
}

// validateAgentPoolQuota checks the pool's vCPU (tier x count) against the
// registry's quota for its tier type: the default, or the raised quota of
// privatepull:agentPoolVcpuQuota.
func validateAgentPoolQuota(cfg *Config, tier AgentPoolTier, p *problems) {
	pool := cfg.AgentPool
	if cfg.AgentPoolVcpuQuota < 0 {
		p.addf(KeyAgentPoolVcpuQuota, "%d must be 0 (the default quota) or the vCPU quota Azure raised the registry's "+
			"agent pools to", cfg.AgentPoolVcpuQuota)
		return
	}
	kind, quota, source := "standard", DefaultAgentPoolStandardVcpuQuota, "the default quota"
	if tier.Isolated {
		kind, quota = "isolated", DefaultAgentPoolIsolatedVcpuQuota
	}
	if cfg.AgentPoolVcpuQuota > 0 {
		quota, source = cfg.AgentPoolVcpuQuota, qualified(KeyAgentPoolVcpuQuota)
	}
	need := tier.VCPU * *pool.Count
	if need <= quota {
		return
	}
	p.addf(KeyAgentPool+".count", "%d %s agents take %d vCPU (%d each), over the registry's %s agent pool vCPU quota of %d "+
		"(%s; Azure's defaults per registry are %d for standard tiers and %d for isolated): lower the tier or the "+
		"count, or ask Azure support for a higher quota and set %s to it", *pool.Count, pool.Tier, need, tier.VCPU, kind,
		quota, source, DefaultAgentPoolStandardVcpuQuota, DefaultAgentPoolIsolatedVcpuQuota, qualified(KeyAgentPoolVcpuQuota))
}

// validateAgentPoolRegion refuses a location where agent pools are not
// offered, unless privatepull:agentPoolRegionOverride says Azure has added it
// since the list was read; then `pulumi up` warns.
func validateAgentPoolRegion(cfg *Config, p *problems) {
	if agentPoolRegionOffered(cfg.Location) {
		return
	}
	if !cfg.AgentPoolRegionOverride {
		p.addf(KeyAgentPool, "ACR Tasks agent pools are not offered in %s (privatepull:location); they are in %s "+
			"(Microsoft Learn, tasks-agent-pools). Use another path into the registry (an in-VNet runner, "+
			"privatepull:cacheRules), or set %s: true if Azure has added %s since", cfg.Location,
			strings.Join(agentPoolRegions, ", "), qualified(KeyAgentPoolRegionOverride), cfg.Location)
		return
	}
	cfg.Warnings = append(cfg.Warnings, fmt.Sprintf("%s: %s is not in privatepull's list of ACR Tasks agent pool regions; "+
		"%s is true, so the pool is deployed anyway and `pulumi up` fails if Azure does not offer agent pools there",
		qualified(KeyAgentPool), cfg.Location, qualified(KeyAgentPoolRegionOverride)))
}

// validateAgentPoolOverridesUnused refuses the agent pool's override keys in a
// stack without an agent pool, where they would be silently ignored.
func validateAgentPoolOverridesUnused(cfg *Config, p *problems) {
	if cfg.AgentPoolRegionOverride {
		p.addf(KeyAgentPoolRegionOverride, "has no effect without %s: remove it, or declare the agent pool",
			qualified(KeyAgentPool))
	}
	if cfg.AgentPoolVcpuQuota != 0 {
		p.addf(KeyAgentPoolVcpuQuota, "has no effect without %s: remove it, or declare the agent pool",
			qualified(KeyAgentPool))
	}
}
