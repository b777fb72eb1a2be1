// A container app pulling from a private Azure Container Registry over Private
// Link only, with a managed identity, composed from privatepull's components.
// Each component holds one job, so each long pole starts as soon as what it
// needs exists: the environment (the slowest resource) right after its subnet,
// the grant right after the registry. A component that took over resources of
// another keeps that component's name, so a stack deployed before the split
// keeps them (aliases) and replaces nothing.
import * as pulumi from "@pulumi/pulumi";
import * as privatepull from "@privatepull/privatepull";

const config = new pulumi.Config();
const location = config.get("location") ?? "koreacentral";
const registryName = config.require("registryName"); // globally unique, 5-50 letters and digits

const network = new privatepull.PrivateNetwork("network", {
    location,
    resourceGroupName: "rg-privatepull-ts",
    createResourceGroup: true,
    vnetName: "vnet-privatepull-ts",
    vnetAddressSpace: "10.0.0.0/16",
    containerAppsSubnet: { name: "snet-aca", addressPrefix: "10.0.0.0/23", delegation: "Microsoft.App/environments" },
    privateEndpointSubnet: { name: "snet-pe", addressPrefix: "10.0.2.0/24" },
});

const dns = new privatepull.PrivateDnsZones("network", {
    resourceGroupName: network.resourceGroupName,
    vnetId: network.vnetId,
    vnetName: "vnet-privatepull-ts",
    registryDnsZones: [{ key: "acr", linkStackVnet: true }],
});

const registry = new privatepull.PrivateRegistry("registry", {
    name: registryName,
    location,
    resourceGroupName: network.resourceGroupName,
});

const endpoints = new privatepull.RegistryEndpoints("registry", {
    registryId: registry.registryId,
    loginServer: registry.loginServer,
    dataEndpointHostNames: registry.dataEndpointHostNames,
    // Every endpoint waits for the registry and every replication.
    registryReady: registry.registryReady,
    resourceGroupName: network.resourceGroupName,
    location,
    privateEndpoints: [{
        name: `pe-acr-${registryName}`,
        subnetId: network.privateEndpointSubnetId,
        dnsZoneId: dns.registryDnsZoneId,
    }],
});

const images = new privatepull.RegistryImages("registry", {
    registryName: registry.registryName,
    resourceGroupName: network.resourceGroupName,
    // The app's image comes with the stack: the registry caches it from MCR.
    cacheRules: [{
        name: "cache-containerapps-helloworld",
        source: "mcr.microsoft.com/azuredocs/containerapps-helloworld",
        target: "samples/containerapps-helloworld",
    }],
});

const identity = new privatepull.PullIdentity("identity", {
    name: "id-privatepull-ts",
    location,
    resourceGroupName: network.resourceGroupName,
    registryId: registry.registryId,
    propagationWaitSeconds: 300,
});

const environment = new privatepull.ContainerAppsEnvironment("apps", {
    environmentName: "cae-privatepull-ts",
    location,
    resourceGroupName: network.resourceGroupName,
    infrastructureSubnetId: network.containerAppsSubnetId,
});

const apps = new privatepull.ContainerAppWorkload("apps", {
    // Resolves once the environment's diagnostic setting exists: a failed first pull is logged.
    environmentId: environment.environmentId,
    location,
    resourceGroupName: network.resourceGroupName,
    loginServer: registry.loginServer,
    pullIdentityId: identity.identityId,
    pullIdentityClientId: identity.clientId,
    // Container Apps validates the pull when an app is created: every app waits for the AcrPull
    // grant and its propagation, the DNS zone group, the cache rule and the zone's VNet link.
    pullReady: [identity.acrPullReadyId, endpoints.pullReady, images.pullReady, dns.registryDnsReady],
    apps: [{
        name: "ca-hello",
        imageRepository: "samples/containerapps-helloworld",
        imageTag: "latest",
        targetPort: 80,
        externalIngress: true,
        cpu: 0.5,
        memory: "1Gi",
        minReplicas: 1,
        maxReplicas: 3,
    }],
});

export const loginServer = registry.loginServer;
export const appFqdns = apps.appFqdns;
