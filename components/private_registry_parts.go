package components

import (
	"fmt"

	acr "github.com/pulumi/pulumi-azure-native-sdk/containerregistry/v2/v20241101preview"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// endpointsArgs are the RegistryEndpoints args of the deprecated
// privateEndpoints, without the registry's own outputs (the registry sets
// them once it is registered).
func (a *PrivateRegistryArgs) endpointsArgs() *RegistryEndpointsArgs {
	replicas := make([]string, 0, len(a.Replicas))
	for _, r := range a.Replicas {
		replicas = append(replicas, r.Location)
	}
	return &RegistryEndpointsArgs{ResourceGroupName: a.ResourceGroupName, Location: a.Location,
		ReplicaLocations: replicas, PrivateEndpoints: a.PrivateEndpoints, Tags: a.Tags}
}

// imagesArgs are the RegistryImages args of the deprecated cacheRules,
// credentialSets and agentPool, on the registry registryName.
func (a *PrivateRegistryArgs) imagesArgs(registryName pulumi.StringInput) *RegistryImagesArgs {
	return &RegistryImagesArgs{RegistryName: registryName, ResourceGroupName: a.ResourceGroupName,
		Location: a.Location, CacheRules: a.CacheRules, CredentialSets: a.CredentialSets,
		CredentialSetPropagationWaitSeconds: a.CredentialSetPropagationWaitSeconds, AgentPool: a.AgentPool, Tags: a.Tags}
}

// checkDeprecatedParts checks the deprecated inputs as RegistryEndpoints and
// RegistryImages check theirs, before anything is registered.
func (a *PrivateRegistryArgs) checkDeprecatedParts() error {
	if err := a.endpointsArgs().checkStaticIPs(); err != nil {
		return fmt.Errorf("privateEndpoints (deprecated: compose RegistryEndpoints instead): %w", err)
	}
	if err := a.imagesArgs(pulumi.String(a.Name)).checkSpecs(); err != nil {
		return fmt.Errorf("cacheRules, credentialSets, agentPool (deprecated: compose RegistryImages instead): %w", err)
	}
	return nil
}

// deprecatedParts registers the deprecated inputs' private endpoints (each
// with an explicit dependsOn on the registry and every replication: the
// component's Gate), then their cache rules, credential sets and agent pool,
// through RegistryEndpoints' and RegistryImages' builders, as the registry's
// own children under the names they had before those components existed,
// and sets the component's outputs for them (empty without them).
func (a *PrivateRegistryArgs) deprecatedParts(ctx *pulumi.Context, name string, component *PrivateRegistry,
	registry *acr.Registry, child []pulumi.ResourceOption) error {
	endpointArgs := a.endpointsArgs()
	endpointArgs.RegistryID, endpointArgs.LoginServer = component.RegistryID, registry.LoginServer
	endpointArgs.DataEndpointHostNames, endpointArgs.Gate = component.DataEndpointHostNames, component.Gate
	endpoints, err := buildRegistryEndpoints(ctx, name, endpointArgs, child)
	if err != nil {
		return err
	}
	images, err := buildRegistryImages(ctx, name, a.imagesArgs(registry.Name), child)
	if err != nil {
		return err
	}
	component.PrivateEndpointIDs, component.PrimaryEndpointAddresses = endpoints.endpointIDs, endpoints.addresses
	component.CacheRuleIDs, component.AgentPoolName = images.cacheRuleIDs, images.agentPoolName
	component.PullDependencies = append(append([]pulumi.Resource{}, endpoints.zoneGroups...), images.pullDependencies...)
	component.PullReady = readyToken(component.PullDependencies)
	return nil
}
