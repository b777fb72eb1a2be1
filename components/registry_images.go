package components

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// RegistryImagesArgs configures the RegistryImages component.
type RegistryImagesArgs struct {
	// RegistryName is the registry's name, e.g. PrivateRegistry's
	// registryName.
	RegistryName pulumi.StringInput `pulumi:"registryName"`
	// ResourceGroupName is the registry's resource group.
	ResourceGroupName pulumi.StringInput `pulumi:"resourceGroupName"`
	// Location is the registry's home region, where the agent pool runs;
	// required with agentPool.
	Location string `pulumi:"location,optional"`
	// CacheRules are the artifact cache rules that mirror upstream
	// repositories into the registry. Plain list: it decides how many cache
	// rules exist and their logical names.
	CacheRules []CacheRuleSpec `pulumi:"cacheRules,optional"`
	// CredentialSets are the credentials of upstreams that need them. Plain
	// list: it decides how many credential sets exist and their names.
	CredentialSets []CredentialSetSpec `pulumi:"credentialSets,optional"`
	// CredentialSetPropagationWaitSeconds is how long the cache rules that
	// use a credential set, and everything that waits for pullReady, wait
	// after the set's NEW Key Vault Secrets User grant (keyVaultId): the
	// registry reads the upstream credentials with that grant when a cached
	// image is first pulled, and a role assignment can take up to 10
	// minutes to propagate. The wait runs again only when the grant is
	// replaced. 0 (the default) turns it off; privatepull's own program uses
	// acrPullPropagationSeconds (300). Plain: it decides whether the wait
	// exists.
	CredentialSetPropagationWaitSeconds int `pulumi:"credentialSetPropagationWaitSeconds,optional"`
	// AgentPool is an ACR Tasks agent pool inside the VNet; unset for none.
	AgentPool *AgentPoolSpec `pulumi:"agentPool,optional"`
	// Tags are applied to every taggable resource. Plain map.
	Tags map[string]string `pulumi:"tags,optional"`
}

// RegistryImages is what brings images into the registry: artifact cache
// rules with their credential sets (and the credential sets' Key Vault
// grants), and an ACR Tasks agent pool that builds inside the VNet.
type RegistryImages struct {
	pulumi.ResourceState

	// CacheRuleIDs maps each cache rule's target repository to its id.
	CacheRuleIDs pulumi.StringMapOutput `pulumi:"cacheRuleIds"`
	// AgentPoolName is the agent pool's name ("" without one).
	AgentPoolName pulumi.StringOutput `pulumi:"agentPoolName"`
	// PullReady is the ids of every cache rule, and every credential set's
	// Key Vault grant and its propagation wait, comma-separated: it resolves
	// only once they all exist. An app may pull a cached repository, and
	// the registry then reads the upstream's credentials, so pass it in a
	// workload's pullReady (ContainerAppWorkload) or networkReady
	// (WebAppWorkload).
	PullReady pulumi.StringOutput `pulumi:"pullReady"`
	// PullDependencies are the same resources as handles (Go only, not in
	// the schema): Go callers put them in a workload's PullDependencies.
	PullDependencies []pulumi.Resource
}

// NewRegistryImages registers the credential sets (with their Key Vault
// grants and propagation waits), the cache rules and the agent pool. Its
// children kept the names they had in PrivateRegistry (of the same name),
// which they are aliased from.
func NewRegistryImages(ctx *pulumi.Context, name string, args *RegistryImagesArgs,
	opts ...pulumi.ResourceOption) (*RegistryImages, error) {
	if err := args.check(); err != nil {
		return nil, fmt.Errorf("RegistryImages %q: %w", name, err)
	}
	component := &RegistryImages{}
	child, err := registerComponent(ctx, "RegistryImages", name, component, opts...)
	if err != nil {
		return nil, err
	}
	set, err := buildRegistryImages(ctx, name, args, withOpts(child, legacyParentAlias(component, "PrivateRegistry")))
	if err != nil {
		return nil, err
	}
	component.CacheRuleIDs, component.AgentPoolName = set.cacheRuleIDs, set.agentPoolName
	component.PullDependencies, component.PullReady = set.pullDependencies, readyToken(set.pullDependencies)

	if err := ctx.RegisterResourceOutputs(component, pulumi.Map{
		"cacheRuleIds":  component.CacheRuleIDs,
		"agentPoolName": component.AgentPoolName,
		"pullReady":     component.PullReady,
	}); err != nil {
		return nil, fmt.Errorf("RegistryImages %q outputs: %w", name, err)
	}
	return component, nil
}

// check rejects cache rules Azure would refuse or that name a credential set
// the registry does not have, credential sets with a malformed vault, and an
// agent pool without a region, before anything is registered.
func (a *RegistryImagesArgs) check() error {
	if a == nil || a.RegistryName == nil || a.ResourceGroupName == nil {
		return fmt.Errorf("args with RegistryName and ResourceGroupName are required")
	}
	return a.checkSpecs()
}

// checkSpecs rejects the cache rules, credential sets and agent pool check
// describes, without the registry's inputs.
func (a *RegistryImagesArgs) checkSpecs() error {
	if a.AgentPool != nil && a.Location == "" {
		return fmt.Errorf("the agent pool needs Location (the registry's home region)")
	}
	if len(a.CacheRules) > MaxCacheRules {
		return fmt.Errorf("%d cache rules exceed the registry's limit of %d", len(a.CacheRules), MaxCacheRules)
	}
	sets := map[string]bool{}
	for _, s := range a.CredentialSets {
		if id, known := knownString(s.KeyVaultID); known && id != "" {
			if _, err := ParseResourceIDOfType(id, TypeKeyVault); err != nil {
				return fmt.Errorf("credential set %s: %w", s.Name, err)
			}
		}
		sets[s.Name] = true
	}
	targets := map[string]bool{}
	for _, r := range a.CacheRules {
		if r.CredentialSet != "" && !sets[r.CredentialSet] {
			return fmt.Errorf("cache rule %s names credential set %q, which is not in CredentialSets", r.Name, r.CredentialSet)
		}
		if targets[r.Target] {
			return fmt.Errorf("cache rule %s: target %q has another rule already", r.Name, r.Target)
		}
		targets[r.Target] = true
	}
	return nil
}

// imageSet is what buildRegistryImages registered.
type imageSet struct {
	cacheRuleIDs  pulumi.StringMapOutput
	agentPoolName pulumi.StringOutput
	// pullDependencies are what a first pull of a cached repository needs:
	// the cache rules, the credential sets' grants and their waits.
	pullDependencies []pulumi.Resource
}

// buildRegistryImages registers the credential sets (with their Key Vault
// grants and propagation waits), the cache rules and the agent pool args
// describe (args passed check(); none registers nothing and returns empty
// outputs) as children with the options child. RegistryImages and
// PrivateRegistry's deprecated cacheRules, credentialSets and agentPool both
// build them here.
func buildRegistryImages(ctx *pulumi.Context, name string, args *RegistryImagesArgs,
	child []pulumi.ResourceOption) (*imageSet, error) {
	cache, err := newArtifactCache(ctx, name, args, child)
	if err != nil {
		return nil, err
	}
	cacheIDs := pulumi.StringMap{}
	for target, rule := range cache.rules {
		cacheIDs[target] = rule.ID().ToStringOutput()
	}
	set := &imageSet{cacheRuleIDs: cacheIDs.ToStringMapOutput(), agentPoolName: pulumi.String("").ToStringOutput(),
		pullDependencies: cache.ordered}
	if args.AgentPool != nil {
		pool, err := newAgentPool(ctx, name, args, child)
		if err != nil {
			return nil, err
		}
		set.agentPoolName = pool.Name
	}
	return set, nil
}
