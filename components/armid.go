package components

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// ResourceID is a parsed ARM resource id:
// /subscriptions/{sub}/resourceGroups/{rg}/providers/{ns}/{type}/{name}[/{type}/{name}...].
type ResourceID struct {
	// Subscription is the subscription id.
	Subscription string
	// ResourceGroup is the resource group name.
	ResourceGroup string
	// Provider is the resource provider namespace, e.g. Microsoft.Network.
	Provider string
	// Types are the resource types from the top, e.g. [virtualNetworks subnets].
	Types []string
	// Names are the names matching Types.
	Names []string
}

// Name is the name of the innermost resource.
func (r ResourceID) Name() string { return r.Names[len(r.Names)-1] }

// Type is the full type, e.g. Microsoft.Network/virtualNetworks/subnets.
func (r ResourceID) Type() string { return r.Provider + "/" + strings.Join(r.Types, "/") }

// ParseResourceID parses an ARM resource id.
func ParseResourceID(id string) (ResourceID, error) {
	parts := strings.Split(strings.Trim(id, "/"), "/")
	if len(parts) < 8 || len(parts)%2 != 0 || !strings.EqualFold(parts[0], "subscriptions") ||
		!strings.EqualFold(parts[2], "resourceGroups") || !strings.EqualFold(parts[4], "providers") {
		return ResourceID{}, fmt.Errorf("%q is not an ARM resource id "+
			"(want /subscriptions/<sub>/resourceGroups/<rg>/providers/<namespace>/<type>/<name>)", id)
	}
	r := ResourceID{Subscription: parts[1], ResourceGroup: parts[3], Provider: parts[5]}
	for i := 6; i < len(parts); i += 2 {
		if parts[i] == "" || parts[i+1] == "" {
			return ResourceID{}, fmt.Errorf("%q has an empty segment", id)
		}
		r.Types = append(r.Types, parts[i])
		r.Names = append(r.Names, parts[i+1])
	}
	return r, nil
}

// ParseResourceIDOfType parses an id and checks its type (case-insensitive),
// e.g. Microsoft.Network/virtualNetworks/subnets.
func ParseResourceIDOfType(id, wantType string) (ResourceID, error) {
	r, err := ParseResourceID(id)
	if err != nil {
		return r, err
	}
	if !strings.EqualFold(r.Type(), wantType) {
		return r, fmt.Errorf("%q is a %s id, not a %s id", id, r.Type(), wantType)
	}
	return r, nil
}

// Resource types privatepull accepts by id.
const (
	TypeVirtualNetwork        = "Microsoft.Network/virtualNetworks"
	TypeSubnet                = "Microsoft.Network/virtualNetworks/subnets"
	TypePrivateDNSZone        = "Microsoft.Network/privateDnsZones"
	TypeKeyVault              = "Microsoft.KeyVault/vaults"
	TypeLogAnalyticsWorkspace = "Microsoft.OperationalInsights/workspaces"
	TypeContainerRegistry     = "Microsoft.ContainerRegistry/registries"
	TypeAppServicePlan        = "Microsoft.Web/serverFarms"
	TypeManagedEnvironment    = "Microsoft.App/managedEnvironments"
	TypeStorageAccount        = "Microsoft.Storage/storageAccounts"
)

// checkedID returns an id input as an output: as it is when it is known (it
// was checked before anything was registered), else one that fails, when the
// id resolves, unless the id is an ARM id of type wantType.
func checkedID(id pulumi.StringInput, wantType string) pulumi.StringOutput {
	if _, known := knownString(id); known {
		return id.ToStringOutput()
	}
	return id.ToStringOutput().ApplyT(func(s string) (string, error) {
		if _, err := ParseResourceIDOfType(s, wantType); err != nil {
			return "", err
		}
		return s, nil
	}).(pulumi.StringOutput)
}

// idPart returns one part of an ARM id output (its name, resource group or
// subscription), once the id resolves.
func idPart(id pulumi.StringOutput, part func(ResourceID) string) pulumi.StringOutput {
	return id.ApplyT(func(s string) (string, error) {
		r, err := ParseResourceID(s)
		if err != nil {
			return "", err
		}
		return part(r), nil
	}).(pulumi.StringOutput)
}
