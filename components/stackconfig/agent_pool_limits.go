package stackconfig

import "strings"

// The limits of ACR Tasks agent pools (preview), in one place. Source:
// Microsoft Learn, "Run an ACR task on a dedicated agent pool"
// (https://learn.microsoft.com/azure/container-registry/tasks-agent-pools,
// page dated 2023-10-31, read 2026-12-06): "Preview limitations" and "Pool
// tiers". The project's platform facts (Azure as of December 2026) agree on
// the regions and the quotas and say koreacentral is not an agent-pool region.

// agentPoolRegions are the regions where agent pools are offered, in the
// order the page lists them (West US 2, South Central US, East US 2, East US,
// Central US, West Europe, North Europe, Canada Central, East Asia,
// Switzerland North, USGov Arizona, USGov Texas, USGov Virginia).
var agentPoolRegions = []string{
	"westus2", "southcentralus", "eastus2", "eastus", "centralus", "westeurope", "northeurope",
	"canadacentral", "eastasia", "switzerlandnorth", "usgovarizona", "usgovtexas", "usgovvirginia",
}

// agentPoolRegionOffered reports whether agent pools are offered in location.
func agentPoolRegionOffered(location string) bool {
	for _, r := range agentPoolRegions {
		if strings.EqualFold(r, location) {
			return true
		}
	}
	return false
}

// AgentPoolTier is one agent pool tier: the vCPU each agent takes from the
// registry's agent pool quota, and which quota (standard or isolated).
type AgentPoolTier struct {
	// VCPU is the vCPU count of one agent of the tier.
	VCPU int
	// Isolated marks the isolated tier, which has a quota of its own.
	Isolated bool
}

// AgentPoolTiers are the agent pool tiers. The vCPU per agent are the
// project's platform facts (S1 2, S2 8, S3 16; I6 64, isolated); the Learn
// page's tier table lists S2 with 4 and S3 with 8 vCPU. Validation counts the
// larger figures, so it never passes a pool that exceeds the quota under
// either; privatepull:agentPoolVcpuQuota is the way past it.
var AgentPoolTiers = map[string]AgentPoolTier{
	"S1": {VCPU: 2},
	"S2": {VCPU: 8},
	"S3": {VCPU: 16},
	"I6": {VCPU: 64, Isolated: true},
}

// The default vCPU quota of one registry's agent pools: "For each registry,
// the default total vCPU (core) quota is 16 for all standard agent pools and
// is 0 for isolated agent pools" (raised through a support request).
const (
	DefaultAgentPoolStandardVcpuQuota = 16
	DefaultAgentPoolIsolatedVcpuQuota = 0
)
