package components

import (
	"fmt"
	"regexp"
	"strings"
)

// appServiceSkuTiers maps App Service plan SKU names to their tier. Only tiers
// that support regional VNet integration (Basic and up, outside an App Service
// Environment) are listed.
var appServiceSkuTiers = []struct {
	pattern *regexp.Regexp
	tier    string
}{
	{regexp.MustCompile(`^B[1-3]$`), "Basic"},
	{regexp.MustCompile(`^S[1-3]$`), "Standard"},
	{regexp.MustCompile(`^P[1-3]v2$`), "PremiumV2"},
	{regexp.MustCompile(`^P[0-3]v3$`), "PremiumV3"},
	{regexp.MustCompile(`^P[1-5]mv3$`), "PremiumMV3"},
}

// AppServiceSkuTier returns the tier of an App Service plan SKU (e.g. P1v3 ->
// PremiumV3), or an error naming why the SKU cannot host a VNet-integrated
// container app.
func AppServiceSkuTier(sku string) (string, error) {
	for _, t := range appServiceSkuTiers {
		if t.pattern.MatchString(sku) {
			return t.tier, nil
		}
	}
	upper := strings.ToUpper(sku)
	switch {
	case upper == "F1" || upper == "FREE" || upper == "D1" || upper == "SHARED":
		return "", fmt.Errorf("%q (Free/Shared) does not support VNet integration; use Basic (B1) or higher, P1v3 recommended", sku)
	case strings.HasPrefix(upper, "I"):
		return "", fmt.Errorf("%q is an App Service Environment (Isolated) SKU; privatepull deploys multi-tenant plans with regional VNet integration", sku)
	case strings.HasPrefix(upper, "Y") || strings.HasPrefix(upper, "EP") || strings.HasPrefix(upper, "WS"):
		return "", fmt.Errorf("%q is a Functions/Logic Apps SKU; use an App Service plan SKU such as P1v3", sku)
	}
	return "", fmt.Errorf("%q is not an App Service plan SKU (want B1-B3, S1-S3, P1v2-P3v2, P0v3-P3v3 or P1mv3-P5mv3)", sku)
}
