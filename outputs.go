package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/privatepull/privatepull/components"
	"github.com/privatepull/privatepull/components/stackconfig"
)

// stackOutputs are the stack's outputs: what users read (login server, FQDNs,
// host names) and everything `verify` needs to check the live pull path
// without discovering anything by guessing (endpoint zones, linked VNets,
// app and site ids).
func stackOutputs(cfg *stackconfig.Config, d *deployment) pulumi.Map {
	net, registry, identity, workload, webApps := d.net, d.registry, d.identity, d.workload, d.webApps
	publicAccess, allowed := "Disabled", []string{}
	if len(cfg.RegistryAllowedIPRanges) > 0 {
		publicAccess, allowed = "Enabled", cfg.RegistryAllowedIPRanges
	}
	outputs := pulumi.Map{
		"cloud":                       pulumi.String(string(cfg.Cloud)),
		"subscriptionId":              pulumi.String(cfg.Env.SubscriptionID),
		"resourceGroupName":           net.ResourceGroupName,
		"vnetId":                      net.VnetID,
		"registryName":                registry.RegistryName,
		"registryId":                  registry.RegistryID,
		"loginServer":                 registry.LoginServer,
		"registryRegions":             pulumi.ToStringArray(cfg.Regions()),
		"dataEndpointHostNames":       registry.DataEndpointHostNames,
		"registryPublicNetworkAccess": pulumi.String(publicAccess),
		"registryAllowedIpRanges":     pulumi.ToStringArray(allowed),
		"registryPrivateEndpoints":    endpointOutputs(cfg, net, d.dns, d.endpoints),
		"dnsResolvedElsewhere":        pulumi.Bool(cfg.RegistryDNSResolvedElsewhere),
		"privateEndpointId":           d.endpoints.PrivateEndpointIDs.Index(pulumi.Int(0)),
		"privateEndpointIds":          d.endpoints.PrivateEndpointIDs,
		"identityId":                  identity.IdentityID,
		"identityClientId":            identity.ClientID,
		"identityPrincipalId":         identity.PrincipalID,
		"containerAppsEnvironmentId":  pulumi.String(""),
		"containerAppsEnvironment":    pulumi.Map{},
		"containerApps":               pulumi.Map{},
		"appFqdns":                    pulumi.StringMap{},
		"webApps":                     pulumi.Map{},
		"webAppHostNames":             pulumi.StringMap{},
		"functionApps":                pulumi.Map{},
		"functionsStorage":            pulumi.Map{},
		"hostedRegistryHost":          pulumi.String(""),
		"probeJobId":                  pulumi.String(""),
		"logAnalyticsWorkspaceId":     pulumi.String(""),
		"logAnalyticsCustomerId":      pulumi.String(""),
		"cacheRules":                  cacheRuleOutputs(cfg),
		"agentPoolName":               d.images.AgentPoolName,
		"agentPoolBuildCommand":       pulumi.String(""),
	}
	if cfg.AgentPool != nil {
		outputs["agentPoolBuildCommand"] = pulumi.Sprintf(
			"az acr build --registry %s --agent-pool %s --image <repository>:<tag> --file Dockerfile <context>",
			registry.RegistryName, d.images.AgentPoolName)
	}
	if d.env != nil {
		outputs["containerAppsEnvironmentId"] = d.env.EnvironmentID
		outputs["containerAppsEnvironment"] = environmentOutput(cfg, net, d.env)
		outputs["logAnalyticsWorkspaceId"] = d.env.LogAnalyticsWorkspaceID
		outputs["logAnalyticsCustomerId"] = d.env.LogAnalyticsCustomerID
	}
	if workload != nil {
		outputs["containerApps"] = containerAppOutputs(cfg, workload, registry.LoginServer)
		outputs["appFqdns"] = workload.AppFQDNs
		outputs["probeJobId"] = workload.ProbeJobID
	}
	if webApps != nil {
		outputs["webApps"] = webAppOutputs(cfg, webApps, registry.LoginServer, net.AppServiceSubnetID)
		outputs["webAppHostNames"] = webApps.AppHostNames
		outputs["hostedRegistryHost"] = webApps.HostedRegistryHost
	}
	if d.functions != nil {
		outputs["functionApps"] = functionAppOutputs(cfg, d)
		outputs["functionsStorage"] = functionsStorageOutput(d.functionStorage)
	}
	for name, value := range platformContractOutputs(cfg, d) {
		outputs[name] = value
	}
	return outputs
}

// containerAppOutputs maps every container app to its id and the image it
// runs from the registry.
func containerAppOutputs(cfg *stackconfig.Config, workload *components.ContainerAppWorkload,
	loginServer pulumi.StringInput) pulumi.Map {
	apps := pulumi.Map{}
	for _, spec := range cfg.ContainerAppSpecs() {
		apps[spec.Name] = pulumi.Map{
			"id":    workload.App(spec.Name).ID(),
			"image": pulumi.Sprintf("%s/%s:%s", loginServer, spec.ImageRepository, spec.ImageTag),
		}
	}
	return apps
}

// webAppOutputs maps every web app to its id, pull settings, image and VNet
// integration subnet.
func webAppOutputs(cfg *stackconfig.Config, webApps *components.WebAppWorkload, loginServer,
	integrationSubnetID pulumi.StringInput) pulumi.Map {
	sites := pulumi.Map{}
	for _, w := range cfg.WebApps {
		server := loginServer
		if w.Registry == stackconfig.RegistryCustom {
			server = pulumi.String(cfg.CustomRegistryHost())
		}
		sites[w.Name] = pulumi.Map{
			"id":                  webApps.Sites[w.Name].ID(),
			"pullAuth":            pulumi.String(w.PullAuth),
			"registry":            pulumi.String(w.Registry),
			"image":               pulumi.Sprintf("%s/%s:%s", server, w.Image, w.Tag),
			"integrationSubnetId": integrationSubnetID,
		}
	}
	return sites
}

// environmentOutput describes the Container Apps environment as declared, for
// verify's containerapp.environment check: its id, infrastructure subnet,
// internal or external, and its workload profiles (Consumption first).
func environmentOutput(cfg *stackconfig.Config, net *components.PrivateNetwork, env *components.ContainerAppsEnvironment) pulumi.Map {
	profiles := pulumi.Array{pulumi.Map{
		"name": pulumi.String(components.ConsumptionProfileName), "type": pulumi.String(components.ConsumptionProfileName),
	}}
	for _, p := range cfg.WorkloadProfileSpecs() {
		profiles = append(profiles, pulumi.Map{"name": pulumi.String(p.Name), "type": pulumi.String(p.Type)})
	}
	return pulumi.Map{
		"id":               env.EnvironmentID,
		"subnetId":         net.ContainerAppsSubnetID,
		"internal":         pulumi.Bool(cfg.EnvironmentInternal),
		"workloadProfiles": profiles,
	}
}

// endpointOutputs describes every registry private endpoint with the zone its
// DNS zone group writes to, the VNets the stack links to that zone and the
// VNets of the stack's workloads that resolve through it (the first zone's).
func endpointOutputs(cfg *stackconfig.Config, net *components.PrivateNetwork, dns *components.PrivateDnsZones,
	endpoints *components.RegistryEndpoints) pulumi.Array {
	zones := cfg.RegistryDNSZones()
	out := pulumi.Array{}
	for i, e := range cfg.Endpoints() {
		linked := pulumi.StringArray{}
		if zones[i].LinkStackVnet {
			linked = append(linked, net.VnetID)
		}
		for _, id := range zones[i].LinkVnetIDs {
			linked = append(linked, pulumi.String(id))
		}
		workloadVnets := pulumi.StringArray{}
		if i == 0 {
			workloadVnets = append(workloadVnets, net.VnetID)
		}
		out = append(out, pulumi.Map{
			"name":            pulumi.String(e.Name),
			"id":              endpoints.PrivateEndpointIDs.Index(pulumi.Int(i)),
			"dnsZoneId":       dns.RegistryDNSZoneIDs.Index(pulumi.Int(i)),
			"linkedVnetIds":   linked,
			"workloadVnetIds": workloadVnets,
		})
	}
	return out
}

// cacheRuleOutputs maps every cached repository of the registry to its upstream.
func cacheRuleOutputs(cfg *stackconfig.Config) pulumi.StringMap {
	out := pulumi.StringMap{}
	for _, r := range cfg.CacheRules {
		out[r.Target] = pulumi.String(r.Source)
	}
	return out
}
