package verify

import (
	"context"
	"fmt"
	"strings"
)

// resourceGraphAPIVersion is the Microsoft.ResourceGraph API version of the
// ancestry query (published in Azure/azure-rest-api-specs,
// specification/resourcegraph/.../ResourceGraph/examples/2022-10-01).
const resourceGraphAPIVersion = "2022-10-01"

// managementGroupScopePrefix starts the scope of an assignment made at a
// management group.
const managementGroupScopePrefix = "/providers/microsoft.management/managementgroups/"

// managementGroupOf returns the management group a scope names, if it is a
// management group scope.
func managementGroupOf(scope string) (string, bool) {
	s := NormalizeID(scope)
	if !strings.HasPrefix(s, managementGroupScopePrefix) {
		return "", false
	}
	name := strings.TrimPrefix(s, managementGroupScopePrefix)
	if name == "" || strings.Contains(name, "/") {
		return "", false
	}
	return name, true
}

// subscriptionAncestry reads, once per subscription, the management groups
// above it: Azure Resource Graph's resourcecontainers table holds them in
// properties.managementGroupAncestorsChain for anyone who can read the
// subscription. An assignment at a management group reaches the registry
// only if that group is in the chain.
type subscriptionAncestry struct {
	chains map[string]ancestryResult
}

// ancestryResult is the chain of one subscription or why it is unknown.
type ancestryResult struct {
	groups  []string // lower-case management group names, nearest first
	unknown string   // non-empty when the chain could not be read
}

// contains reports whether management group mg is an ancestor of
// subscription sub; known is false (with the reason) when the chain could
// not be read.
func (a *subscriptionAncestry) contains(ctx context.Context, c *Clients, sub, mg string) (in bool, known bool, reason string) {
	if a.chains == nil {
		a.chains = map[string]ancestryResult{}
	}
	key := strings.ToLower(sub)
	res, ok := a.chains[key]
	if !ok {
		res = readAncestry(ctx, c, sub)
		a.chains[key] = res
	}
	if res.unknown != "" {
		return false, false, res.unknown
	}
	for _, g := range res.groups {
		if g == strings.ToLower(mg) {
			return true, true, ""
		}
	}
	return false, true, ""
}

// graphQuery is the body of a Resource Graph query.
type graphQuery struct {
	Subscriptions []string `json:"subscriptions"`
	Query         string   `json:"query"`
}

// graphAncestry is the answer to the ancestry query.
type graphAncestry struct {
	Data []struct {
		Chain []struct {
			Name string `json:"name"`
		} `json:"chain"`
	} `json:"data"`
}

// readAncestry asks Resource Graph for the management groups above sub.
func readAncestry(ctx context.Context, c *Clients, sub string) ancestryResult {
	q := graphQuery{
		Subscriptions: []string{sub},
		Query: fmt.Sprintf("resourcecontainers | where type =~ 'microsoft.resources/subscriptions' and subscriptionId =~ '%s' "+
			"| project chain = properties.managementGroupAncestorsChain", kqlEscape(sub)),
	}
	var out graphAncestry
	if err := c.raw.post(ctx, "/providers/Microsoft.ResourceGraph/resources", resourceGraphAPIVersion, q, &out); err != nil {
		return ancestryResult{unknown: "Resource Graph: " + describeError(err)}
	}
	if len(out.Data) == 0 {
		return ancestryResult{unknown: "Resource Graph shows this identity no subscription " + sub}
	}
	var groups []string
	for _, g := range out.Data[0].Chain {
		groups = append(groups, strings.ToLower(g.Name))
	}
	if len(groups) == 0 {
		return ancestryResult{unknown: "Resource Graph reports no management group above subscription " + sub}
	}
	return ancestryResult{groups: groups}
}

// kqlEscape escapes a value for a single-quoted Kusto string literal.
func kqlEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s)
}
