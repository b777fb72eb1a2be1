package main

import (
	"fmt"

	"github.com/pulumi/pulumi-azure-native-sdk/resources/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/privatepull/privatepull/components"
	"github.com/privatepull/privatepull/components/stackconfig"
)

// appDeployment is what an app stack registered: its resource group, the
// identity its apps pull with (its own in identity mode own, the platform's
// team identity in mode platform) and its workloads (nil when it has none).
type appDeployment struct {
	resourceGroupName pulumi.StringInput
	pull              pullIdentityInputs
	workload          *components.ContainerAppWorkload
	webApps           *components.WebAppWorkload
}

// pullIdentityInputs are the identity an app stack's apps pull with.
type pullIdentityInputs struct {
	id, clientID, principalID pulumi.StringInput
}

// deployApp registers an app stack: its resource group, in identity mode
// own its identity and grant on the platform's registry, its container apps
// in the platform's environment and its web apps on the platform's plan.
// No network, DNS, registry, environment, plan, probe or logs: the platform
// owns them. In identity mode platform the apps wait for nothing.
func deployApp(ctx *pulumi.Context, cfg *stackconfig.Config, p *stackconfig.Platform) (pulumi.Map, error) {
	d := &appDeployment{resourceGroupName: pulumi.String(cfg.ResourceGroupName)}
	if cfg.CreateResourceGroup {
		rg, err := resources.NewResourceGroup(ctx, "rg", &resources.ResourceGroupArgs{
			ResourceGroupName: pulumi.String(cfg.ResourceGroupName),
			Location:          pulumi.String(p.Location),
			Tags:              tags(cfg),
		})
		if err != nil {
			return nil, fmt.Errorf("resource group: %w", err)
		}
		d.resourceGroupName = rg.Name
	}
	// The grant of the stack's own identity is what its first pulls wait for.
	var pullDependencies []pulumi.Resource
	var grant pulumi.Resource
	grantID := pulumi.StringInput(nil)
	if cfg.IdentityMode == stackconfig.IdentityModeOwn {
		identity, err := components.NewPullIdentity(ctx, "pull", &components.PullIdentityArgs{
			Name:                       cfg.IdentityName,
			Location:                   p.Location,
			ResourceGroupName:          d.resourceGroupName,
			RegistryID:                 p.RegistryID,
			SubscriptionID:             p.RegistrySubscriptionID,
			RegistryRoleAssignmentMode: p.RoleAssignmentMode,
			RepositoryPrefix:           cfg.RepositoryPrefix,
			PropagationWaitSeconds:     cfg.AcrPullPropagationSeconds,
			Tags:                       cfg.Tags,
		})
		if err != nil {
			return nil, fmt.Errorf("pull identity: %w", err)
		}
		d.pull = pullIdentityInputs{id: identity.IdentityID, clientID: identity.ClientID, principalID: identity.PrincipalID}
		pullDependencies = append(pullDependencies, identity.PullReady...)
		grant = identity.AcrPullAssignment
	} else {
		d.pull = pullIdentityInputs{id: p.TeamIdentity.ID, clientID: p.TeamIdentity.ClientID,
			principalID: p.TeamIdentity.PrincipalID}
		// The platform created the identity with its grant and waited for
		// it: the web apps take the identity's id for the grant's.
		grantID = p.TeamIdentity.ID
	}

	if len(cfg.ContainerApps) > 0 {
		workload, err := components.NewContainerAppWorkload(ctx, "aca", &components.ContainerAppWorkloadArgs{
			EnvironmentID:        p.EnvironmentID,
			Location:             p.Location,
			ResourceGroupName:    d.resourceGroupName,
			LoginServer:          p.LoginServer,
			PullIdentityID:       d.pull.id,
			PullIdentityClientID: d.pull.clientID,
			PullDependencies:     pullDependencies,
			Apps:                 cfg.ContainerAppSpecs(),
			Tags:                 cfg.Tags,
		})
		if err != nil {
			return nil, fmt.Errorf("container apps: %w", err)
		}
		d.workload = workload
	}
	if len(cfg.WebApps) > 0 {
		subscription := p.RegistrySubscriptionID
		if subscription == "" {
			subscription = cfg.Env.SubscriptionID
		}
		webApps, err := components.NewWebAppWorkload(ctx, "web", &components.WebAppWorkloadArgs{
			PlanID:              p.AppServicePlanID,
			Location:            p.Location,
			ResourceGroupName:   d.resourceGroupName,
			IntegrationSubnetID: p.AppServiceSubnetID,
			Cloud:               cfg.Cloud,
			LoginServer:         p.LoginServer,
			RegistryID:          p.RegistryID,
			// systemAssigned sites' grants follow the registry's mode and
			// the team's prefix.
			RegistryRoleAssignmentMode: p.RoleAssignmentMode,
			RepositoryPrefix:           cfg.RepositoryPrefix,
			PullIdentityID:             d.pull.id,
			PullIdentityClientID:       d.pull.clientID,
			PullIdentityGrant:          grant,
			PullIdentityGrantID:        grantID,
			SubscriptionID:             subscription,
			Apps:                       cfg.WebAppSpecs(),
			Tags:                       cfg.Tags,
		})
		if err != nil {
			return nil, fmt.Errorf("web apps: %w", err)
		}
		d.webApps = webApps
	}
	return appStackOutputs(cfg, p, d), nil
}

// tags returns the stack's tags as a resource input (nil without any).
func tags(cfg *stackconfig.Config) pulumi.StringMapInput {
	if len(cfg.Tags) == 0 {
		return nil
	}
	return pulumi.ToStringMap(cfg.Tags)
}
