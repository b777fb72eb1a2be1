package verify

import (
	"context"
	"fmt"
	"strings"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/arm"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/containerregistry/armcontainerregistry/v3"
)

// CheckRegistryCredentialSet is the name of the credential set health check.
const CheckRegistryCredentialSet = "registry.credentialSet"

// checkCredentialSets reports the health ACR keeps for every credential of
// every credential set of the registry (authCredentials[].credentialHealth):
// an Unhealthy credential means the set's identity cannot read its Key Vault
// secrets, or the upstream refuses them, and every cache rule using the set
// fails to pull.
func checkCredentialSets(ctx context.Context, c *Clients, id *arm.ResourceID, r *Report) {
	cl, err := c.credentialSets(id.SubscriptionID)
	if err != nil {
		r.fail(CheckRegistryCredentialSet, id.String(), err.Error(), "a credential sets client", fixRead)
		return
	}
	pager := cl.NewListPager(id.ResourceGroupName, id.Name, nil)
	for pager.More() {
		page, err := pager.NextPage(ctx)
		if err != nil {
			r.fail(CheckRegistryCredentialSet, id.String()+"/credentialSets", "listing credential sets: "+describeError(err),
				"the registry's credential sets", fixRead)
			return
		}
		for _, set := range page.Value {
			if set != nil {
				checkCredentialSet(set, id, r)
			}
		}
	}
}

// checkCredentialSet reports one set: PASS when every credential is Healthy,
// FAIL when one is Unhealthy, WARN while ACR has not reported its health.
func checkCredentialSet(set *armcontainerregistry.CredentialSet, registry *arm.ResourceID, r *Report) {
	res := derefString(set.ID)
	if res == "" {
		res = registry.String() + "/credentialSets/" + derefString(set.Name)
	}
	props := set.Properties
	if props == nil {
		props = &armcontainerregistry.CredentialSetProperties{}
	}
	var parts []string
	unhealthy, unknown := false, len(props.AuthCredentials) == 0
	for _, cred := range props.AuthCredentials {
		if cred == nil {
			continue
		}
		part := string(derefString(cred.Name)) + ": "
		h := cred.CredentialHealth
		switch {
		case h == nil || h.Status == nil:
			unknown = true
			part += "health not reported"
		case *h.Status == armcontainerregistry.CredentialHealthStatusHealthy:
			part += string(*h.Status)
		default:
			unhealthy = true
			part += string(*h.Status)
			if code, msg := derefString(h.ErrorCode), derefString(h.ErrorMessage); code != "" || msg != "" {
				part += " (" + strings.TrimSpace(code+" "+msg) + ")"
			}
		}
		parts = append(parts, part)
	}
	principal := ""
	if set.Identity != nil {
		principal = derefString(set.Identity.PrincipalID)
	}
	found := fmt.Sprintf("credential set %s for %s, identity %s: %s", derefString(set.Name), orNone(derefString(props.LoginServer)),
		orNone(principal), orNone(strings.Join(parts, "; ")))
	expected := "every credential Healthy (the set's identity reads its Key Vault secrets and the upstream accepts them)"
	switch {
	case unhealthy:
		r.fail(CheckRegistryCredentialSet, res, found, expected, fixCredentialSet)
	case unknown:
		r.warn(CheckRegistryCredentialSet, res, found, expected, "pull once through a cache rule that uses the set, then run verify again; "+
			"if it turns Unhealthy: "+fixCredentialSet)
	default:
		r.pass(CheckRegistryCredentialSet, res, found, expected)
	}
}
