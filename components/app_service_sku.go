package components

import (
	"fmt"
	"regexp"
	"strings"
)

// AppServiceSku is an App Service plan SKU as Azure spells it.
type AppServiceSku struct {
	// Name is the SKU name in Azure's canonical spelling, e.g. P1v3.
	Name string
	// Tier is the SKU's tier, e.g. PremiumV3 (P0v3 is Premium0V3, P0v4
	// PremiumV4).
	Tier string
	// MaxInstances is the most instances a plan of this tier can run:
	// Basic 3, Standard 10, Premium 30.
	MaxInstances int
}

// appServiceSkus lists the SKUs that support regional VNet integration
// (Basic and up, outside an App Service Environment). Names are matched
// case-insensitively, as Azure does (seed 001 writes P1V3); format turns the
// matched number into the canonical spelling.
var appServiceSkus = []struct {
	pattern      *regexp.Regexp
	format       string
	tier         string
	maxInstances int
}{
	{regexp.MustCompile(`(?i)^B([1-3])$`), "B%s", "Basic", 3},
	{regexp.MustCompile(`(?i)^S([1-3])$`), "S%s", "Standard", 10},
	{regexp.MustCompile(`(?i)^P([1-3])v2$`), "P%sv2", "PremiumV2", 30},
	{regexp.MustCompile(`(?i)^P(0)v3$`), "P%sv3", "Premium0V3", 30},
	{regexp.MustCompile(`(?i)^P([1-3])v3$`), "P%sv3", "PremiumV3", 30},
	{regexp.MustCompile(`(?i)^P([1-5])mv3$`), "P%smv3", "PremiumMV3", 30},
	// Premium v4 (GA 2025-09; Linux custom containers and VNet integration).
	// Unlike P0v3, P0v4 shares its tier with P1v4-P3v4. Names and tiers as
	// Azure's SKU data has them: the CLI's get_sku_tier
	// (Azure/azure-cli src/azure-cli/azure/cli/command_modules/appservice/utils.py:
	// P0V4-P3V4 PREMIUMV4, P1MV4-P5MV4 PREMIUMMV4), ARM's quota error
	// "Current Limit (PremiumMV4 VMs)", and Microsoft Learn's
	// app-service-configure-premium-v4-tier (P0V4-P3V4, P1mV4-P5mV4: P2mv4
	// exists).
	{regexp.MustCompile(`(?i)^P([0-3])v4$`), "P%sv4", TierPremiumV4, 30},
	{regexp.MustCompile(`(?i)^P([1-5])mv4$`), "P%smv4", TierPremiumMV4, 30},
}

// The Premium v4 tiers, which have no stable outbound IP addresses.
const (
	// TierPremiumV4 is the tier of P0v4-P3v4.
	TierPremiumV4 = "PremiumV4"
	// TierPremiumMV4 is the tier of the memory-optimised P1mv4-P5mv4.
	TierPremiumMV4 = "PremiumMV4"
)

// StableOutboundIPs reports whether the plan's apps have a stable set of
// outbound IP addresses. Premium v4 does not, by design: ARM returns empty
// outboundIpAddresses and possibleOutboundIpAddresses (Microsoft Learn,
// app-service-configure-premium-v4-tier); a downstream allow-list then
// needs a NAT gateway on the integration subnet.
func (s AppServiceSku) StableOutboundIPs() bool {
	return s.Tier != TierPremiumV4 && s.Tier != TierPremiumMV4
}

// ParseAppServiceSku returns the canonical name, tier and instance limit of an
// App Service plan SKU (case-insensitive: P1V3 and p1v3 are P1v3), or an error
// naming why the SKU cannot host a VNet-integrated Linux container app.
func ParseAppServiceSku(sku string) (AppServiceSku, error) {
	for _, s := range appServiceSkus {
		if m := s.pattern.FindStringSubmatch(sku); m != nil {
			return AppServiceSku{Name: fmt.Sprintf(s.format, m[1]), Tier: s.tier, MaxInstances: s.maxInstances}, nil
		}
	}
	upper := strings.ToUpper(sku)
	switch {
	case upper == "F1" || upper == "FREE" || upper == "D1" || upper == "SHARED":
		return AppServiceSku{}, fmt.Errorf("%q (Free/Shared) does not support VNet integration; use Basic (B1) or higher, P1v3 recommended", sku)
	case strings.HasPrefix(upper, "I"):
		return AppServiceSku{}, fmt.Errorf("%q is an App Service Environment (Isolated) SKU; privatepull deploys multi-tenant plans with regional VNet integration", sku)
	case strings.HasPrefix(upper, "Y") || strings.HasPrefix(upper, "EP") || strings.HasPrefix(upper, "WS"):
		return AppServiceSku{}, fmt.Errorf("%q is a Functions/Logic Apps SKU; use an App Service plan SKU such as P1v3", sku)
	}
	return AppServiceSku{}, fmt.Errorf("%q is not an App Service plan SKU (want B1-B3, S1-S3, P1v2-P3v2, P0v3-P3v3, P1mv3-P5mv3, P0v4-P3v4 or "+
		"P1mv4-P5mv4, any case)", sku)
}
