package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/privatepull/privatepull/components/stackconfig"
)

// appStackOutputs are an app stack's outputs: what it owns (its resource
// group, identity, apps and web apps), what it is (role, platform, team,
// prefix, identity mode) and the platform values its apps depend on,
// exported again so that verify checks the platform links from the app
// stack's outputs alone. A platform value the app stack was not given (with
// explicit ids: the endpoints, DNS zones, network settings) is empty, and
// verify skips its checks with a warning naming why.
func appStackOutputs(cfg *stackconfig.Config, p *stackconfig.Platform, d *appDeployment) pulumi.Map {
	outputs := pulumi.Map{
		"subscriptionId":              pulumi.String(p.RegistrySubscriptionID),
		"vnetId":                      pulumi.String(""),
		"registryName":                pulumi.String(""),
		"registryRegions":             pulumi.StringArray{},
		"dataEndpointHostNames":       pulumi.StringArray{},
		"registryPublicNetworkAccess": pulumi.String(""),
		"registryAllowedIpRanges":     pulumi.StringArray{},
		"registryPrivateEndpoints":    pulumi.Array{},
		"dnsResolvedElsewhere":        pulumi.Bool(false),
		"containerAppsEnvironment":    pulumi.Map{},
		"logAnalyticsWorkspaceId":     pulumi.String(""),
		"logAnalyticsCustomerId":      pulumi.String(""),
	}
	for name, value := range p.Exports {
		outputs[name] = value
	}
	for name, value := range map[string]pulumi.Input{
		stackconfig.OutputStackRole:                  pulumi.String(stackconfig.StackRoleApp),
		stackconfig.OutputLocation:                   pulumi.String(p.Location),
		stackconfig.OutputCloud:                      pulumi.String(string(cfg.Cloud)),
		stackconfig.OutputRegistryRoleAssignmentMode: pulumi.String(p.RoleAssignmentMode),
		"platformStack":                              pulumi.String(cfg.PlatformStack),
		"teamName":                                   pulumi.String(cfg.TeamName),
		"repositoryPrefix":                           pulumi.String(cfg.RepositoryPrefix),
		"identityMode":                               pulumi.String(cfg.IdentityMode),
		"resourceGroupName":                          d.resourceGroupName,
		"identityId":                                 d.pull.id,
		"identityClientId":                           d.pull.clientID,
		"identityPrincipalId":                        d.pull.principalID,
		"containerApps":                              pulumi.Map{},
		"appFqdns":                                   pulumi.StringMap{},
		"webApps":                                    pulumi.Map{},
		"webAppHostNames":                            pulumi.StringMap{},
		"functionApps":                               pulumi.Map{},
		"functionsStorage":                           pulumi.Map{},
	} {
		outputs[name] = value
	}
	if d.workload != nil {
		outputs["containerApps"] = containerAppOutputs(cfg, d.workload, p.LoginServer)
		outputs["appFqdns"] = d.workload.AppFQDNs
	}
	if d.webApps != nil {
		outputs["webApps"] = webAppOutputs(cfg, d.webApps, p.LoginServer, p.AppServiceSubnetID)
		outputs["webAppHostNames"] = d.webApps.AppHostNames
	}
	return outputs
}
