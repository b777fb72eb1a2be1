package stackconfig

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/privatepull/privatepull/components"
)

// typeUserAssignedIdentity is the resource type of a team identity.
const typeUserAssignedIdentity = "Microsoft.ManagedIdentity/userAssignedIdentities"

var (
	// hostNameRule: a DNS host name (lowercase labels, at least one dot).
	hostNameRule = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$`)
	// guidRule: a client or principal id.
	guidRule = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
)

// checkIDOfType checks an ARM resource id of a type.
func checkIDOfType(id, wantType string) error {
	_, err := components.ParseResourceIDOfType(id, wantType)
	return err
}

// subscriptionOfID returns the subscription of an ARM id ("" when it is none).
func subscriptionOfID(id string) string {
	r, err := components.ParseResourceID(id)
	if err != nil {
		return ""
	}
	return r.Subscription
}

// checkLoginServer checks a registry login server of the cloud:
// <name>[-<hash>].<registry suffix>.
func checkLoginServer(host string, cloud components.Cloud) error {
	if !hostNameRule.MatchString(host) {
		return fmt.Errorf("%q is not a host name (a registry login server, e.g. acrshop.%s)", host, cloud.RegistrySuffix())
	}
	if !strings.HasSuffix(host, "."+cloud.RegistrySuffix()) {
		return fmt.Errorf("%q is not a login server of the %s cloud (*.%s)", host, cloud, cloud.RegistrySuffix())
	}
	return nil
}

// checkGUID checks a client or principal id.
func checkGUID(id string) error {
	if !guidRule.MatchString(id) {
		return fmt.Errorf("%q is not a GUID", id)
	}
	return nil
}

// checkRoleAssignmentMode checks a registry role-assignment mode.
func checkRoleAssignmentMode(mode string) error {
	if mode != RoleAssignmentModeLegacy && mode != RoleAssignmentModeAbac {
		return fmt.Errorf("%q is not %s or %s", mode, RoleAssignmentModeLegacy, RoleAssignmentModeAbac)
	}
	return nil
}

// checkRegion checks an Azure region name.
func checkRegion(region string) error {
	if !locationRule.MatchString(region) {
		return fmt.Errorf("%q is not an Azure region name", region)
	}
	return nil
}
