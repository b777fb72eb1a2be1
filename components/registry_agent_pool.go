package components

import (
	"fmt"

	tasks "github.com/pulumi/pulumi-azure-native-sdk/containerregistry/v2/v20190601preview"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// AgentPoolSpec is an ACR Tasks agent pool inside the VNet: `az acr build
// --agent-pool <name>` then builds and pushes with the registry's public
// access disabled, through the private endpoint.
type AgentPoolSpec struct {
	// Name is the agent pool's name. Plain: it names the pool.
	Name string `pulumi:"name"`
	// Tier is S1, S2, S3 or I6.
	Tier string `pulumi:"tier"`
	// Count is the number of agents (at least 1).
	Count int `pulumi:"count"`
	// SubnetID is the pool's dedicated subnet (not delegated), in a VNet
	// linked to the registry's DNS zone, e.g. PrivateNetwork's agentPoolSubnetId.
	SubnetID pulumi.StringInput `pulumi:"subnetId"`
}

// newAgentPool registers the registry's agent pool in its home region.
func newAgentPool(ctx *pulumi.Context, component string, args *RegistryImagesArgs,
	child []pulumi.ResourceOption) (*tasks.AgentPool, error) {
	spec := args.AgentPool
	pool, err := tasks.NewAgentPool(ctx, childName(component, "agentpool"), &tasks.AgentPoolArgs{
		AgentPoolName:                  pulumi.String(spec.Name),
		RegistryName:                   args.RegistryName,
		ResourceGroupName:              args.ResourceGroupName,
		Location:                       pulumi.String(args.Location),
		Tier:                           pulumi.String(spec.Tier),
		Count:                          pulumi.Int(spec.Count),
		Os:                             pulumi.String("Linux"),
		VirtualNetworkSubnetResourceId: spec.SubnetID,
		Tags:                           tagsInput(args.Tags),
	}, child...)
	if err != nil {
		return nil, fmt.Errorf("agent pool %s: %w", spec.Name, err)
	}
	return pool, nil
}
