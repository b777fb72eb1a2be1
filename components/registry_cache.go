package components

import (
	"fmt"
	"strings"

	acr "github.com/pulumi/pulumi-azure-native-sdk/containerregistry/v2/v20241101preview"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// MaxCacheRules is the number of cache rules a registry accepts.
const MaxCacheRules = 1000

// CacheRuleSpec mirrors an upstream repository into the registry (artifact
// cache): pulls of target go through the private endpoint like any other, and
// the registry fetches the image from source itself. It needs the registry's
// trusted-services bypass (networkRuleBypassOptions=AzureServices).
type CacheRuleSpec struct {
	// Name is the cache rule's name (5-50 letters, digits, hyphens). Plain:
	// it names the rule.
	Name string `pulumi:"name"`
	// Source is the upstream repository, e.g. mcr.microsoft.com/azuredocs/aci-helloworld
	// or docker.io/library/nginx; a trailing /* makes a wildcard rule.
	Source string `pulumi:"source"`
	// Target is the repository in the registry, e.g. samples/aci-helloworld
	// (ending in * for a wildcard rule).
	Target string `pulumi:"target"`
	// CredentialSet names one of the registry's credentialSets ("" for an
	// upstream that serves anonymous pulls).
	CredentialSet string `pulumi:"credentialSet,optional"`
}

// CredentialSetSpec holds an upstream's credentials as Key Vault secret URIs.
// The credential set has a system-assigned identity that reads them.
type CredentialSetSpec struct {
	// Name is the credential set's name. Plain: it names the credential set.
	Name string `pulumi:"name"`
	// LoginServer is the upstream host, e.g. docker.io.
	LoginServer string `pulumi:"loginServer"`
	// UsernameSecretID is the Key Vault secret URI of the username.
	UsernameSecretID pulumi.StringInput `pulumi:"usernameSecretId"`
	// PasswordSecretID is the Key Vault secret URI of the password or token.
	PasswordSecretID pulumi.StringInput `pulumi:"passwordSecretId"`
	// KeyVaultID is the vault holding the secrets: when set, the credential
	// set's identity is granted Key Vault Secrets User on it (the vault must
	// use the Azure RBAC permission model, not access policies), and the
	// cache rules that use the set and every pullReady wait for the grant
	// and its propagation; otherwise grant it yourself before the first
	// pull. It may be an output of another resource: its type is checked
	// when it resolves.
	KeyVaultID pulumi.StringInput `pulumi:"keyVaultId,optional"`
}

// cacheResources are the artifact cache resources of one registry.
type cacheResources struct {
	rules map[string]*acr.CacheRule // by target
	// ordered are what a workload's first pull of a cached repository needs:
	// every cache rule, every credential set's Key Vault grant and its
	// propagation wait.
	ordered []pulumi.Resource
}

// newArtifactCache registers the credential sets (with their Key Vault
// grants and propagation waits) and the cache rules of a registry. A rule
// that uses a credential set waits for the set's grant and its propagation:
// the registry reads the upstream credentials from Key Vault with the set's
// identity when a cached image is first pulled.
func newArtifactCache(ctx *pulumi.Context, component string, args *RegistryImagesArgs,
	child []pulumi.ResourceOption) (*cacheResources, error) {
	out := &cacheResources{rules: map[string]*acr.CacheRule{}}
	sets := map[string]*acr.CredentialSet{}
	setReady := map[string][]pulumi.Resource{}
	for _, s := range args.CredentialSets {
		set, err := acr.NewCredentialSet(ctx, childName(component, "credentials-"+s.Name), &acr.CredentialSetArgs{
			CredentialSetName: pulumi.String(s.Name),
			RegistryName:      args.RegistryName,
			ResourceGroupName: args.ResourceGroupName,
			LoginServer:       pulumi.String(s.LoginServer),
			Identity:          &acr.IdentityPropertiesArgs{Type: acr.ResourceIdentityTypeSystemAssigned},
			AuthCredentials: acr.AuthCredentialArray{&acr.AuthCredentialArgs{
				Name:                     pulumi.String(string(acr.CredentialNameCredential1)),
				UsernameSecretIdentifier: s.UsernameSecretID,
				PasswordSecretIdentifier: s.PasswordSecretID,
			}},
		}, child...)
		if err != nil {
			return nil, fmt.Errorf("credential set %s: %w", s.Name, err)
		}
		sets[s.Name] = set
		if !isSet(s.KeyVaultID) {
			continue
		}
		ready, err := newCredentialSetGrant(ctx, childName(component, "credentials-"+s.Name+"-secrets"), s, set, args,
			child)
		if err != nil {
			return nil, err
		}
		setReady[s.Name] = ready
		out.ordered = append(out.ordered, ready...)
	}
	for _, r := range args.CacheRules {
		ruleArgs := &acr.CacheRuleArgs{
			CacheRuleName:     pulumi.String(r.Name),
			RegistryName:      args.RegistryName,
			ResourceGroupName: args.ResourceGroupName,
			SourceRepository:  pulumi.String(r.Source),
			TargetRepository:  pulumi.String(r.Target),
		}
		if r.CredentialSet != "" {
			ruleArgs.CredentialSetResourceId = sets[r.CredentialSet].ID()
		}
		rule, err := acr.NewCacheRule(ctx, childName(component, "cache-"+r.Name), ruleArgs,
			withOpts(child, pulumi.DependsOn(setReady[r.CredentialSet]))...)
		if err != nil {
			return nil, fmt.Errorf("cache rule %s: %w", r.Name, err)
		}
		out.rules[r.Target] = rule
		out.ordered = append(out.ordered, rule)
	}
	return out, nil
}

// newCredentialSetGrant grants the credential set's identity Key Vault Secrets
// User on the vault (the vault must use the Azure RBAC permission model:
// with access policies the role assignment grants nothing) and, when
// CredentialSetPropagationWaitSeconds is set, waits for the grant to
// propagate. It returns the grant and the wait.
func newCredentialSetGrant(ctx *pulumi.Context, name string, s CredentialSetSpec, set *acr.CredentialSet,
	args *RegistryImagesArgs, child []pulumi.ResourceOption) ([]pulumi.Resource, error) {
	vault := checkedID(s.KeyVaultID, TypeKeyVault) // a known id was checked by RegistryImagesArgs.check
	grant, err := newRoleAssignment(ctx, name, roleGrant{
		scope:          vault,
		principalID:    set.Identity.PrincipalId().Elem(),
		subscriptionID: vaultSubscription(s.KeyVaultID),
		roleID:         KeyVaultSecretsUserRoleID,
		roleName:       "Key Vault Secrets User",
		description:    "Key Vault Secrets User for ACR credential set " + s.Name + " (managed by privatepull)",
	}, child...)
	if err != nil {
		return nil, err
	}
	if args.CredentialSetPropagationWaitSeconds <= 0 {
		return []pulumi.Resource{grant}, nil
	}
	wait, err := newPropagationWait(ctx, name+"-propagation", "Key Vault Secrets User", grant,
		args.CredentialSetPropagationWaitSeconds, child)
	if err != nil {
		return nil, err
	}
	return []pulumi.Resource{grant, wait}, nil
}

// CacheRuleCovers reports whether a cache rule's target serves a repository:
// the same repository, or under a wildcard target (* or <path>/*).
func CacheRuleCovers(target, repository string) bool {
	if target == "*" {
		return true
	}
	if prefix, wildcard := strings.CutSuffix(target, "*"); wildcard {
		return len(repository) > len(prefix) && strings.HasPrefix(repository, prefix)
	}
	return target == repository
}

// vaultSubscription is the subscription of a Key Vault id: known when the id
// is, else once it resolves.
func vaultSubscription(vaultID pulumi.StringInput) pulumi.StringInput {
	if id, known := knownString(vaultID); known {
		vault, _ := ParseResourceIDOfType(id, TypeKeyVault) // checked by RegistryImagesArgs.check
		return pulumi.String(vault.Subscription)
	}
	return idPart(checkedID(vaultID, TypeKeyVault), func(r ResourceID) string { return r.Subscription })
}
