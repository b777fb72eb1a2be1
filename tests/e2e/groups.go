package e2e

import (
	"slices"
	"strings"
)

// resourceGroupOf returns the resource group id (/subscriptions/<s>/resourceGroups/<g>)
// an ARM id lies in, in that spelling whatever the id's case, or false for an
// id outside a resource group (a subscription, a tenant-level resource).
func resourceGroupOf(id string) (string, bool) {
	parts := strings.Split(strings.TrimPrefix(id, "/"), "/")
	if len(parts) < 4 || !strings.EqualFold(parts[0], "subscriptions") || !strings.EqualFold(parts[2], "resourceGroups") ||
		parts[1] == "" || parts[3] == "" {
		return "", false
	}
	return "/subscriptions/" + parts[1] + "/resourceGroups/" + parts[3], true
}

// resourceGroupsOf returns the distinct resource groups of ids (compared
// without case, as ARM does), sorted, plus the extra groups given.
func resourceGroupsOf(ids []string, extra ...string) []string {
	seen := map[string]bool{}
	var groups []string
	for _, id := range append(slices.Clone(ids), extra...) {
		group, ok := resourceGroupOf(id)
		if !ok || seen[strings.ToLower(group)] {
			continue
		}
		seen[strings.ToLower(group)] = true
		groups = append(groups, group)
	}
	slices.Sort(groups)
	return groups
}
