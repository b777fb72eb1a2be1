package verify

import (
	"fmt"
	"strings"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/arm"
)

// NormalizeID returns an ARM id or scope in a form fit for comparison: lower
// case, one leading slash, no trailing slash, no empty segments. ARM ids are
// case-insensitive, and Azure returns them with whatever casing they were
// created with.
func NormalizeID(id string) string {
	parts := strings.Split(strings.ToLower(strings.TrimSpace(id)), "/")
	kept := parts[:0]
	for _, p := range parts {
		if p != "" {
			kept = append(kept, p)
		}
	}
	return "/" + strings.Join(kept, "/")
}

// SameID reports whether two ARM ids or scopes name the same resource.
func SameID(a, b string) bool {
	return NormalizeID(a) == NormalizeID(b)
}

// isUnder reports whether scope is id itself or one of its ancestors
// (a role assignment at scope is inherited by id).
func isUnder(id, scope string) bool {
	i, s := NormalizeID(id), NormalizeID(scope)
	return i == s || s == "/" || strings.HasPrefix(i, s+"/")
}

// parseID parses an ARM resource id.
func parseID(id string) (*arm.ResourceID, error) {
	if strings.TrimSpace(id) == "" {
		return nil, fmt.Errorf("empty resource id")
	}
	rid, err := arm.ParseResourceID(strings.TrimRight(strings.TrimSpace(id), "/"))
	if err != nil {
		return nil, fmt.Errorf("invalid resource id %q: %w", id, err)
	}
	if rid.SubscriptionID == "" || rid.ResourceGroupName == "" {
		return nil, fmt.Errorf("resource id %q lacks a subscription or resource group", id)
	}
	return rid, nil
}

// shortID returns "<type>/<name>" of an id for messages, or the id itself.
func shortID(id string) string {
	rid, err := arm.ParseResourceID(id)
	if err != nil || rid.Name == "" {
		return id
	}
	types := rid.ResourceType.Types
	if len(types) == 0 {
		return rid.Name
	}
	return types[len(types)-1] + "/" + rid.Name
}
