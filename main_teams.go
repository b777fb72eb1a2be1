package main

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/privatepull/privatepull/components"
	"github.com/privatepull/privatepull/components/stackconfig"
)

// deployTeamIdentities registers, for every entry of teamIdentities, the
// identity id-<baseName>-<team> with its pull grant on the registry and the
// propagation wait (component team-<team>): app stacks of the team in
// identity mode platform then create no identity or grant and wait for
// nothing. In ABAC mode the grant is limited to the team's repository
// prefix; in legacy mode AcrPull covers the registry.
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
			RepositoryPrefix:           grantPrefix(cfg.RegistryRoleAssignmentMode, team.RepositoryPrefix),
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

// grantPrefix is the repository prefix a team's grant is limited to: the
// team's in ABAC mode; none in legacy mode, where AcrPull cannot be limited.
func grantPrefix(mode, prefix string) string {
	if mode != stackconfig.RoleAssignmentModeAbac {
		return ""
	}
	return prefix
}
