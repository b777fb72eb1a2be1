package main

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/privatepull/privatepull/components"
	"github.com/privatepull/privatepull/components/stackconfig"
)

// deployTeamIdentities registers, for every entry of teamIdentities, the
// identity id-<baseName>-<team> with its pull grants on the registry and the
// propagation wait (component team-<team>): app stacks of the team in
// identity mode platform then create no identity or grant and wait for
// nothing. The Container Registry Repository Reader grant is limited to the
// team's repository prefix in either mode (so the team stays limited once
// the registry switches to ABAC mode); in legacy mode AcrPull, which cannot
// be limited, covers the registry too.
func deployTeamIdentities(ctx *pulumi.Context, cfg *stackconfig.Config, resourceGroup,
	registryID pulumi.StringInput) ([]*components.PullIdentity, error) {
	var teams []*components.PullIdentity
	for _, team := range cfg.TeamIdentities {
		identity, err := components.NewPullIdentity(ctx, "team-"+team.Name, &components.PullIdentityArgs{
			Name:                       cfg.TeamIdentityName(team.Name),
			Location:                   cfg.Location,
			ResourceGroupName:          resourceGroup,
			RegistryID:                 registryID,
			SubscriptionID:             cfg.Env.SubscriptionID,
			RegistryRoleAssignmentMode: cfg.RegistryRoleAssignmentMode,
			RepositoryPrefix:           team.RepositoryPrefix,
			PropagationWaitSeconds:     cfg.AcrPullPropagationSeconds,
			Tags:                       cfg.Tags,
		})
		if err != nil {
			return nil, fmt.Errorf("identity of team %s: %w", team.Name, err)
		}
		teams = append(teams, identity)
	}
	return teams, nil
}
