// A container app pulling from a private Azure Container Registry over Private
// Link only, with a managed identity, composed from privatepull's components.
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
    registryDnsZones: [{ key: "acr", linkStackVnet: true }],
});

const registry = new privatepull.PrivateRegistry("registry", {
    name: registryName,
    location,
    resourceGroupName: network.resourceGroupName,
    privateEndpoints: [{
        name: `pe-acr-${registryName}`,
        subnetId: network.privateEndpointSubnetId,
        dnsZoneId: network.registryDnsZoneId,
    }],
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

const apps = new privatepull.ContainerAppWorkload("apps", {
    environmentName: "cae-privatepull-ts",
    location,
    resourceGroupName: network.resourceGroupName,
    infrastructureSubnetId: network.containerAppsSubnetId,
    loginServer: registry.loginServer,
    pullIdentityId: identity.identityId,
    pullIdentityClientId: identity.clientId,
    // Container Apps validates the pull when an app is created: every app waits for the AcrPull
    // grant and its propagation, the DNS zone group and cache rule, and the zone's VNet link.
    pullReady: [identity.acrPullReadyId, registry.pullReady, network.registryDnsReady],
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
