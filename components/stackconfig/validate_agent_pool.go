package stackconfig

import (
	"fmt"
	"net/netip"
	"regexp"

	"github.com/privatepull/privatepull/components"
)

// agentPoolNameRule: 3-20 letters, digits and hyphens.
var agentPoolNameRule = regexp.MustCompile(`^[a-zA-Z0-9][a-zA-Z0-9-]{1,18}[a-zA-Z0-9]$`)

// dockerBridge is the range ACR Tasks agents use for their Docker bridge: the
// agent pool's subnet must not overlap it.
var dockerBridge = netip.MustParsePrefix("172.17.0.0/16")

// agentPoolRegions are the regions where ACR Tasks agent pools (preview) are
// offered (Microsoft Learn, tasks-agent-pools).
var agentPoolRegions = map[string]bool{
	"westus2": true, "southcentralus": true, "eastus2": true, "eastus": true, "centralus": true,
	"westeurope": true, "northeurope": true, "canadacentral": true, "eastasia": true, "switzerlandnorth": true,
	"usgovarizona": true, "usgovtexas": true, "usgovvirginia": true,
}

// validateAgentPool checks the ACR Tasks agent pool: name, tier, count and a
// dedicated subnet (created: inside the VNet, no overlap, /28 or larger, not
// the Docker bridge range; existing: a subnet id). Regions where agent pools
// are not offered get a warning, not an error: the preview's list grows.
func validateAgentPool(cfg *Config, p *problems) {
	pool := cfg.AgentPool
	if pool == nil {
		return
	}
	key := func(field string) string { return KeyAgentPool + "." + field }
	if !agentPoolNameRule.MatchString(pool.Name) {
		p.addf(key("name"), "%q breaks the agent pool naming rule: 3-20 letters, digits and hyphens", pool.Name)
	}
	if _, ok := components.AgentPoolTiers[pool.Tier]; !ok {
		p.addf(key("tier"), "%q is not an agent pool tier (want S1, S2, S3 or I6)", pool.Tier)
	}
	if *pool.Count < 1 || *pool.Count > 100 {
		p.addf(key("count"), "%d must be between 1 and 100 (the default vCPU quota is 16 per region)", *pool.Count)
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
	if !agentPoolRegions[cfg.Location] {
		cfg.Warnings = append(cfg.Warnings, fmt.Sprintf("%s: ACR Tasks agent pools are in preview and, at the time "+
			"of writing, not offered in %s; `pulumi up` fails there if that is still so (see README, Build inside the "+
			"network boundary)", qualified(KeyAgentPool), cfg.Location))
	}
}
