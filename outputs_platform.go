package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/privatepull/privatepull/components/stackconfig"
)

// platformContractOutputs are what a platform stack exports for app stacks
// besides the registry and environment outputs
// (docs/platform-and-app-teams.md): its role and region, the plan and its
// integration subnet ("" without a plan), the registry's declared
// role-assignment mode, the identity modes app stacks may use and the
// identity of every team.
func platformContractOutputs(cfg *stackconfig.Config, d *deployment) pulumi.Map {
	planID, subnetID := pulumi.StringInput(pulumi.String("")), pulumi.StringInput(pulumi.String(""))
	if d.webApps != nil {
		planID, subnetID = d.webApps.PlanID, d.net.AppServiceSubnetID
	}
	teams := pulumi.Map{}
	for i, team := range cfg.TeamIdentities {
		identity := d.teams[i]
		teams[team.Name] = pulumi.Map{
			"id":               identity.IdentityID,
			"clientId":         identity.ClientID,
			"principalId":      identity.PrincipalID,
			"repositoryPrefix": pulumi.String(team.RepositoryPrefix),
		}
	}
	return pulumi.Map{
		stackconfig.OutputStackRole:                  pulumi.String(stackconfig.StackRolePlatform),
		stackconfig.OutputLocation:                   pulumi.String(cfg.Location),
		stackconfig.OutputAppServicePlanID:           planID,
		stackconfig.OutputAppServiceSubnetID:         subnetID,
		stackconfig.OutputRegistryRoleAssignmentMode: pulumi.String(cfg.RegistryRoleAssignmentMode),
		stackconfig.OutputIdentityModes:              pulumi.ToStringArray(cfg.IdentityModes()),
		stackconfig.OutputTeamIdentities:             teams,
	}
}
