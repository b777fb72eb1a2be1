package verify

import (
	"context"
	"maps"
	"slices"
	"strings"
)

// checkFunctions checks every function app of the stack outputs (and that
// its host storage is functionsStorage), the Functions host storage (the
// account, its private endpoints, records and zone links) and the data-role
// grants of each app's principal on its storage account. A stack without function apps has no such outputs and
// gets no rows. It returns the principals whose registry pull grant the
// caller checks with the others: the sites that pull with their own
// identity (the stack's identity is checked already).
func checkFunctions(ctx context.Context, c *Clients, o *Outputs, anc *subscriptionAncestry, r *Report) []principal {
	type storageGrant struct {
		p       principal
		account string
	}
	var pullers []principal
	var grants []storageGrant
	seen := map[string]bool{}
	var workloadVnets []string
	for _, name := range slices.Sorted(maps.Keys(o.FunctionApps)) {
		f := o.FunctionApps[name]
		p := checkFunctionApp(ctx, c, o, name, f, r)
		checkFunctionStorageAccount(o, f, r)
		if vnet := vnetOfSubnet(f.IntegrationSubnetID); vnet != "" {
			workloadVnets = unionIDs(workloadVnets, []string{vnet})
		}
		if p == nil {
			continue
		}
		if f.PullAuth == PullAuthSystemAssigned {
			pullers = append(pullers, *p)
		}
		account := o.storageAccountOf(f)
		key := strings.ToLower(p.id) + " " + NormalizeID(account)
		if p.id == "" && o.isApp() && !seen[key] {
			seen[key] = true
			r.skip(o, CheckStorageGrant, account, p.label+": the app stack was given the platform's team identity "+
				"without its principal id (privatepull:platform.identityPrincipalId)")
			continue
		}
		if account != "" && !seen[key] {
			seen[key] = true
			grants = append(grants, storageGrant{*p, account})
		}
	}
	if st := o.FunctionsStorage; st != nil {
		account := checkStorageAccount(ctx, c, st, r)
		checkStorageEndpoints(ctx, c, o, st, account, workloadVnets, r)
	}
	for _, g := range grants {
		checkStorageGrants(ctx, c, g.p, g.account, anc, r)
	}
	return pullers
}

// vnetOfSubnet returns the VNet id of a subnet id ("" when it is not one).
func vnetOfSubnet(subnetID string) string {
	i := strings.LastIndex(strings.ToLower(subnetID), "/subnets/")
	if i < 0 {
		return ""
	}
	return subnetID[:i]
}
