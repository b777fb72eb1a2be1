package verify

import (
	"context"
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/containerregistry/armcontainerregistry/v3"
)

// Check names of the registry checks.
const (
	CheckRegistrySKU           = "registry.sku"
	CheckRegistryPublicAccess  = "registry.publicNetworkAccess"
	CheckRegistryAdminUser     = "registry.adminUser"
	CheckRegistryAnonymousPull = "registry.anonymousPull"
	CheckRegistryDataEndpoints = "registry.dataEndpoints"
	CheckRegistryARMAudience   = "registry.armAudience"
	CheckRegistryRBACMode      = "registry.rbacMode"
)

// checkRegistry reads the registry and checks its settings against the stack.
func checkRegistry(ctx context.Context, c *Clients, o *Outputs, r *Report) {
	id, err := parseID(o.RegistryID)
	if err != nil {
		r.fail(CheckRegistrySKU, o.RegistryID, err.Error(), "a registry id", fixRead)
		return
	}
	cl, err := c.registries(id.SubscriptionID)
	if err != nil {
		r.fail(CheckRegistrySKU, o.RegistryID, err.Error(), "a registry client", fixRead)
		return
	}
	resp, err := cl.Get(ctx, id.ResourceGroupName, id.Name, nil)
	if err != nil {
		r.fail(CheckRegistrySKU, o.RegistryID, describeError(err), "the registry", fixRead)
		return
	}
	reg := resp.Registry
	props := reg.Properties
	if props == nil {
		props = &armcontainerregistry.RegistryProperties{}
	}
	res := o.RegistryID

	sku := ""
	if reg.SKU != nil && reg.SKU.Name != nil {
		sku = string(*reg.SKU.Name)
	}
	r.check(strings.EqualFold(sku, string(armcontainerregistry.SKUNamePremium)),
		CheckRegistrySKU, res, "sku "+orNone(sku), "sku Premium", fixSKU)

	checkPublicAccess(props, o, r)

	admin := deref(props.AdminUserEnabled)
	r.check(!admin, CheckRegistryAdminUser, res, fmt.Sprintf("adminUserEnabled=%t", admin), "adminUserEnabled=false", fixAdminUser)

	if props.AnonymousPullEnabled == nil {
		r.pass(CheckRegistryAnonymousPull, res, "anonymousPullEnabled not reported (off)", "anonymousPullEnabled=false")
	} else {
		anon := *props.AnonymousPullEnabled
		r.check(!anon, CheckRegistryAnonymousPull, res, fmt.Sprintf("anonymousPullEnabled=%t", anon),
			"anonymousPullEnabled=false", fixAnonymousPull)
	}

	checkDataEndpoints(props, o, r)

	armPolicy := ""
	if props.Policies != nil && props.Policies.AzureADAuthenticationAsArmPolicy != nil &&
		props.Policies.AzureADAuthenticationAsArmPolicy.Status != nil {
		armPolicy = string(*props.Policies.AzureADAuthenticationAsArmPolicy.Status)
	}
	switch {
	case strings.EqualFold(armPolicy, string(armcontainerregistry.AzureADAuthenticationAsArmPolicyStatusEnabled)):
		r.pass(CheckRegistryARMAudience, res, "azureADAuthenticationAsArmPolicy=enabled", "azureADAuthenticationAsArmPolicy=enabled")
	case armPolicy == "":
		r.warn(CheckRegistryARMAudience, res, "azureADAuthenticationAsArmPolicy not reported",
			"azureADAuthenticationAsArmPolicy=enabled", fixARMAudience)
	default:
		r.fail(CheckRegistryARMAudience, res, "azureADAuthenticationAsArmPolicy="+armPolicy,
			"azureADAuthenticationAsArmPolicy=enabled", fixARMAudience)
	}

	checkRoleAssignmentMode(props, o, r)

	checkCredentialSets(ctx, c, id, r)
}

// checkRoleAssignmentMode reports the registry's live role-assignment mode
// and records it for the pull grant check (which requires the grant that
// mode honours). Either live mode passes for a stack that declares legacy
// mode: it grants AcrPull and Container Registry Repository Reader, so pulls
// hold in both. A stack that declares ABAC mode grants the Reader alone,
// which a registry in legacy mode does not honour: that fails.
func checkRoleAssignmentMode(props *armcontainerregistry.RegistryProperties, o *Outputs, r *Report) {
	live := RoleAssignmentModeLegacy
	found := "roleAssignmentMode=" + RoleAssignmentModeLegacy + " (property not reported: the default)"
	if props.RoleAssignmentMode != nil {
		live = string(*props.RoleAssignmentMode)
		found = "roleAssignmentMode=" + live
	}
	o.liveRoleAssignmentMode = live
	abacLive := strings.EqualFold(live, RoleAssignmentModeAbac)
	switch {
	case o.abac() && abacLive:
		r.pass(CheckRegistryRBACMode, o.RegistryID, found+" (pulls need Container Registry Repository Reader)", RoleAssignmentModeAbac)
	case o.abac():
		r.fail(CheckRegistryRBACMode, o.RegistryID, found+" (AcrPull only: the stack's Container Registry Repository "+
			"Reader grants are not honoured)", RoleAssignmentModeAbac+" (the stack grants Container Registry Repository "+
			"Reader with repository conditions)", fixRBACModeDeclared)
	case abacLive:
		r.pass(CheckRegistryRBACMode, o.RegistryID, found+" (AcrPull is ignored: pulls need Container Registry Repository "+
			"Reader, which "+CheckPullGrant+" requires)", "either mode: the stack grants AcrPull and Container Registry "+
			"Repository Reader")
	default:
		r.pass(CheckRegistryRBACMode, o.RegistryID, found+" (pulls need AcrPull)", "either mode: the stack grants "+
			"AcrPull and Container Registry Repository Reader")
	}
}

// checkPublicAccess compares publicNetworkAccess and the network rule set
// with the stack's expectation: Disabled, or Enabled with default action
// Deny and exactly the allow-list.
func checkPublicAccess(props *armcontainerregistry.RegistryProperties, o *Outputs, r *Report) {
	res := o.RegistryID
	if o.isApp() && o.RegistryPublicNetworkAccess == "" {
		r.skip(o, CheckRegistryPublicAccess, res, "the app stack was given the platform's ids (privatepull:platform), "+
			"not the registry's network settings")
		return
	}
	found := "publicNetworkAccess=" + orNone(string(derefString(props.PublicNetworkAccess)))
	if !strings.EqualFold(o.RegistryPublicNetworkAccess, string(armcontainerregistry.PublicNetworkAccessEnabled)) {
		r.check(strings.EqualFold(string(derefString(props.PublicNetworkAccess)), string(armcontainerregistry.PublicNetworkAccessDisabled)),
			CheckRegistryPublicAccess, res, found, "publicNetworkAccess=Disabled", fixPublicAccess)
		return
	}
	want := normalizeRanges(o.RegistryAllowedIPRanges)
	expected := fmt.Sprintf("publicNetworkAccess=Enabled, defaultAction=Deny, ipRules=[%s]", strings.Join(want, ","))
	action := ""
	var got []string
	if props.NetworkRuleSet != nil {
		if props.NetworkRuleSet.DefaultAction != nil {
			action = string(*props.NetworkRuleSet.DefaultAction)
		}
		for _, rule := range props.NetworkRuleSet.IPRules {
			if rule != nil && rule.IPAddressOrRange != nil {
				got = append(got, *rule.IPAddressOrRange)
			}
		}
	}
	got = normalizeRanges(got)
	found = fmt.Sprintf("%s, defaultAction=%s, ipRules=[%s]", found, orNone(action), strings.Join(got, ","))
	ok := strings.EqualFold(string(derefString(props.PublicNetworkAccess)), string(armcontainerregistry.PublicNetworkAccessEnabled)) &&
		strings.EqualFold(action, string(armcontainerregistry.DefaultActionDeny)) && slices.Equal(got, want)
	r.check(ok, CheckRegistryPublicAccess, res, found, expected, fixPublicAccess)
}

// normalizeRanges returns IPv4 addresses and CIDRs in canonical form
// (a single address as /32), sorted and without duplicates.
func normalizeRanges(ranges []string) []string {
	out := make([]string, 0, len(ranges))
	for _, s := range ranges {
		s = strings.TrimSpace(s)
		if p, err := netip.ParsePrefix(s); err == nil {
			s = p.Masked().String()
		} else if a, err := netip.ParseAddr(s); err == nil {
			s = netip.PrefixFrom(a, a.BitLen()).String()
		}
		out = append(out, s)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// checkDataEndpoints checks that dedicated data endpoints are on and that
// the registry serves every region's data endpoint the stack expects.
func checkDataEndpoints(props *armcontainerregistry.RegistryProperties, o *Outputs, r *Report) {
	enabled := deref(props.DataEndpointEnabled)
	var live []string
	for _, h := range props.DataEndpointHostNames {
		if h != nil {
			live = append(live, strings.ToLower(*h))
		}
	}
	var missing []string
	for _, h := range o.DataEndpointHostNames {
		if !slices.Contains(live, strings.ToLower(h)) {
			missing = append(missing, h)
		}
	}
	found := fmt.Sprintf("dataEndpointEnabled=%t, dataEndpointHostNames=[%s]", enabled, strings.Join(live, ","))
	expected := fmt.Sprintf("dataEndpointEnabled=true, dataEndpointHostNames include [%s]", strings.Join(o.DataEndpointHostNames, ","))
	r.check(enabled && len(missing) == 0, CheckRegistryDataEndpoints, o.RegistryID, found, expected, fixDataEndpoints)
}

// deref returns the value of a *bool, false when nil.
func deref(b *bool) bool {
	return b != nil && *b
}

// derefString returns the value of a pointer to a string type, or its zero value.
func derefString[T ~string](p *T) T {
	if p == nil {
		return ""
	}
	return *p
}

// orNone returns s, or "(none)" when it is empty.
func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}
