package stackconfig

import (
	"fmt"
	"net/netip"
	"regexp"
	"strings"
)

// validate checks the parsed configuration and records every problem.
func validate(cfg *Config, p *problems) {
	if cfg.IsAppStack() {
		validateAppStack(cfg, p)
		return
	}
	validateNames(cfg, p)
	validateCloud(cfg, p)
	validateTags(cfg, p)
	validateNetwork(cfg, p)
	validateWorkloadProfiles(cfg, p)
	validateContainerApps(cfg, p)
	validateAppService(cfg, p)
	validateFunctionApps(cfg, p)
	validateRegistry(cfg, p)
	validateCacheRules(cfg, p)
	validateAgentPool(cfg, p)
	validateExistingNetwork(cfg, p)
	validatePlatformStack(cfg, p)
	warnMutableTags(cfg)
}

// validateNames checks the location, cloud and every resource name.
func validateNames(cfg *Config, p *problems) {
	switch {
	case cfg.Location == "" && cfg.IsAppStack():
		// An app stack's location defaults to its platform's.
	case cfg.Location == "":
		p.addf(KeyLocation, "is required (an Azure region such as koreacentral; "+
			"set it with `pulumi config set %s koreacentral`)", qualified(KeyLocation))
	case !locationRule.MatchString(cfg.Location):
		p.addf(KeyLocation, "%q is not an Azure region name (lowercase letters and digits, e.g. koreacentral)", cfg.Location)
	}
	if err := cfg.Cloud.Validate(); err != nil {
		p.addf(KeyCloud, "%v", err)
	}
	if cfg.RegistryName == "" {
		p.addf(KeyRegistryName, "is required (5-50 letters and digits, globally unique)")
	} else if !registryNameRule.MatchString(cfg.RegistryName) {
		p.addf(KeyRegistryName, "%q breaks the registry name rule: 5-50 letters and digits only, no hyphens", cfg.RegistryName)
	}
	checkName(p, KeyBaseName, cfg.BaseName, baseNameRule,
		"2-24 lowercase letters, digits and hyphens, starting with a letter and ending with a letter or digit")
	checkName(p, KeyResourceGroupName, cfg.ResourceGroupName, resourceGroupRule,
		"1-90 letters, digits, underscores, hyphens, periods and parentheses, not ending with a period")
	checkName(p, KeyVnetName, cfg.VnetName, vnetNameRule,
		"2-64 letters, digits, underscores, periods and hyphens, starting with a letter or digit")
	checkName(p, KeyIdentityName, cfg.IdentityName, identityNameRule,
		"3-128 letters, digits, hyphens and underscores, starting with a letter or digit")
	checkName(p, KeyEnvironmentName, cfg.EnvironmentName, environmentNameRule,
		"2-60 lowercase letters, digits and hyphens, starting with a letter and ending with a letter or digit")
}

func checkName(p *problems, key, value string, rule *regexp.Regexp, sentence string) {
	if !rule.MatchString(value) {
		p.addf(key, "%q breaks the naming rule: %s", value, sentence)
	}
}

// subnet is a parsed subnet CIDR with the key it came from.
type subnet struct {
	key    string
	prefix netip.Prefix
}

// validateNetwork checks that every CIDR parses, that the subnets privatepull
// creates lie inside the VNet, do not overlap and are large enough for what
// they host. With an existing VNet its address space is not known here, and an
// existing subnet's CIDR is not checked at all: Azure checks them at deploy time.
func validateNetwork(cfg *Config, p *problems) {
	var vnet netip.Prefix
	vnetKnown := cfg.ExistingVnetID == ""
	if vnetKnown {
		var err error
		if vnet, err = parseCIDR(cfg.VnetCidr); err != nil {
			p.addf(KeyVnetCidr, "%v", err)
			vnetKnown = false
		}
	}
	var subnets []subnet
	addSubnet := func(key, value, existingID string, minBits int, sizeRule string) {
		if existingID != "" {
			return
		}
		prefix, err := parseCIDR(value)
		if err != nil {
			p.addf(key, "%v", err)
			return
		}
		if vnetKnown && !within(vnet, prefix) {
			p.addf(key, "%s is not inside the VNet address space %s (%s)", prefix, vnet, qualified(KeyVnetCidr))
		}
		if prefix.Bits() > minBits {
			p.addf(key, "%s is too small: %s", prefix, sizeRule)
		}
		subnets = append(subnets, subnet{key: key, prefix: prefix})
	}
	addSubnet(KeyContainerAppsSubnetCidr, cfg.ContainerAppsSubnetCidr, cfg.ExistingContainerAppsSubnetID, 27,
		"the Container Apps environment (workload profiles, delegated to Microsoft.App/environments) needs a /27 or larger subnet")
	addSubnet(KeyPrivateEndpointSubnetCidr, cfg.PrivateEndpointSubnetCidr, cfg.ExistingPrivateEndpointSubnetID, 28,
		"the private-endpoint subnet must be /28 or larger")
	if pool := cfg.AgentPool; pool != nil && pool.SubnetCidr != "" {
		addSubnet(KeyAgentPool+".subnetCidr", pool.SubnetCidr, pool.SubnetID, 28,
			"the ACR Tasks agent pool needs a /28 or larger subnet of its own")
	}
	if cfg.HasIntegrationSubnet() {
		addSubnet(KeyAppServiceSubnetCidr, cfg.AppServiceSubnetCidr, cfg.ExistingAppServiceSubnetID, 28,
			"App Service VNet integration needs a /28 or larger subnet (/26 recommended: one address per instance, "+
				"and scaling needs headroom)")
	}
	for i := 0; i < len(subnets); i++ {
		for j := i + 1; j < len(subnets); j++ {
			if subnets[i].prefix.Overlaps(subnets[j].prefix) {
				p.addf(subnets[j].key, "%s overlaps %s (%s); subnets must not overlap",
					subnets[j].prefix, subnets[i].prefix, qualified(subnets[i].key))
			}
		}
	}
}

// entryKey names one list entry in errors, e.g. containerApps[1].port.
func entryKey(list string, index int, field string) string {
	if field == "" {
		return fmt.Sprintf("%s[%d]", list, index)
	}
	return fmt.Sprintf("%s[%d].%s", list, index, field)
}

// nameChecker checks the names of one list's entries against a naming rule
// and for names used twice (case-insensitive), naming the first user.
type nameChecker struct {
	list     string
	rule     *regexp.Regexp
	sentence string
	seen     map[string]int
}

// newNameChecker returns a checker for the entries of list; sentence names
// the rule, e.g. "cache rule naming rule: 5-50 letters, digits and hyphens".
func newNameChecker(list string, rule *regexp.Regexp, sentence string) *nameChecker {
	return &nameChecker{list: list, rule: rule, sentence: sentence, seen: map[string]int{}}
}

// check records a problem when entry i's name breaks the rule or repeats an
// earlier entry's.
func (c *nameChecker) check(p *problems, i int, name string) {
	key := entryKey(c.list, i, "name")
	lower := strings.ToLower(name)
	if !c.rule.MatchString(name) {
		p.addf(key, "%q breaks the %s", name, c.sentence)
	} else if first, dup := c.seen[lower]; dup {
		p.addf(key, "%q is already used by %s", name, qualified(entryKey(c.list, first, "name")))
	} else {
		c.seen[lower] = i
	}
}
