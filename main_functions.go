package main

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/privatepull/privatepull/components"
	"github.com/privatepull/privatepull/components/stackconfig"
)

// deployFunctionStorage registers the function apps' host storage (nil
// without function apps). It takes only the network's outputs, so the
// account, its endpoints and zones run beside the registry, never behind it.
func deployFunctionStorage(ctx *pulumi.Context, cfg *stackconfig.Config, net *components.PrivateNetwork) (*components.FunctionStorage, error) {
	if !cfg.HasFunctionApps() {
		return nil, nil
	}
	storage, err := components.NewFunctionStorage(ctx, "funcstorage",
		cfg.FunctionStorageArgs(net.ResourceGroupName, net.PrivateEndpointSubnetID, net.VnetID))
	if err != nil {
		return nil, fmt.Errorf("function storage: %w", err)
	}
	return storage, nil
}

// deployFunctions registers the function apps (nil without any): on their
// Elastic Premium plan or the stack's App Service plan, in the integration
// subnet, each after the registry pull prerequisites (networkDependencies
// and the identity's grant, as web apps), the storage's DNS and, for the
// user-assigned identity, its storage data roles and their propagation wait.
func deployFunctions(ctx *pulumi.Context, cfg *stackconfig.Config, d *deployment,
	networkDependencies []pulumi.Resource) (*components.FunctionAppWorkload, error) {
	if d.functionStorage == nil {
		return nil, nil
	}
	var planID pulumi.StringInput
	if d.webApps != nil {
		planID = d.webApps.PlanID
	}
	functions, err := components.NewFunctionAppWorkload(ctx, "func", &components.FunctionAppWorkloadArgs{
		ElasticPlan:         cfg.ElasticPlanSpec(),
		AppServicePlanID:    planID,
		Location:            cfg.Location,
		ResourceGroupName:   d.net.ResourceGroupName,
		IntegrationSubnetID: d.net.AppServiceSubnetID,
		Cloud:               cfg.Cloud,
		LoginServer:         d.registry.LoginServer,
		RegistryID:          d.registry.RegistryID,
		// systemAssigned apps' grants follow the registry's mode.
		RegistryRoleAssignmentMode: cfg.RegistryRoleAssignmentMode,
		SubscriptionID:             cfg.Env.SubscriptionID,
		PullIdentityID:             d.identity.IdentityID,
		PullIdentityClientID:       d.identity.ClientID,
		PullIdentityPrincipalID:    d.identity.PrincipalID,
		PullIdentityGrant:          d.identity.AcrPullAssignment,
		// resolves once every pull grant exists (AcrPull and the Reader)
		PullIdentityGrantID:           d.identity.AcrPullAssignmentID,
		NetworkDependencies:           networkDependencies,
		StorageAccountID:              d.functionStorage.StorageAccountID,
		StorageAccountName:            d.functionStorage.StorageAccountName,
		StorageServiceHostNames:       d.functionStorage.ServiceHostNames,
		StorageDependencies:           d.functionStorage.DNSDependencies,
		StoragePropagationWaitSeconds: cfg.AcrPullPropagationSeconds,
		Apps:                          cfg.FunctionAppSpecs(),
		Tags:                          cfg.Tags,
	})
	if err != nil {
		return nil, fmt.Errorf("function apps: %w", err)
	}
	return functions, nil
}

// probeSpec is the probe job's settings (nil when probeJob is off): the
// registry's data endpoints and the first endpoint's addresses and, with
// function apps, the host storage's blob, queue and table host names and
// their records' addresses.
func probeSpec(cfg *stackconfig.Config, d *deployment) *components.ProbeJobSpec {
	spec := cfg.ProbeSpec(d.registry.DataEndpointHostNames, d.endpoints.PrimaryEndpointAddresses)
	if spec == nil || d.functionStorage == nil {
		return spec
	}
	spec.PrivateHostNames = d.functionStorage.ServiceHostNames.ApplyT(func(hosts map[string]string) []string {
		out := make([]string, 0, len(hosts))
		for _, service := range components.FunctionStorageServices {
			out = append(out, hosts[service])
		}
		return out
	}).(pulumi.StringArrayOutput)
	spec.ExpectedAddresses = components.MergeAddresses(d.endpoints.PrimaryEndpointAddresses,
		d.functionStorage.ExpectedAddresses)
	return spec
}

// functionAppOutputs maps every function app to its id, plan, pull, image,
// integration subnet and host storage account: what verify checks it
// against.
func functionAppOutputs(cfg *stackconfig.Config, d *deployment) pulumi.Map {
	apps := pulumi.Map{}
	for _, f := range cfg.FunctionApps {
		apps[f.Name] = pulumi.Map{
			"id":                  d.functions.Sites[f.Name].ID(),
			"plan":                pulumi.String(f.Plan),
			"pullAuth":            pulumi.String(f.PullAuth),
			"image":               pulumi.Sprintf("%s/%s:%s", d.registry.LoginServer, f.Image, f.Tag),
			"integrationSubnetId": d.net.AppServiceSubnetID,
			"storageAccountId":    d.functionStorage.StorageAccountID,
		}
	}
	return apps
}

// functionsStorageOutput describes the host storage: its account, each
// service's private endpoint with the zone its DNS zone group writes to, the
// VNets linked to those zones and each service's host name.
func functionsStorageOutput(storage *components.FunctionStorage) pulumi.Map {
	endpoints := pulumi.All(storage.PrivateEndpointIDs, storage.DNSZoneIDs).ApplyT(func(v []any) []map[string]string {
		ids, zones := v[0].(map[string]string), v[1].(map[string]string)
		out := []map[string]string{}
		for _, service := range components.FunctionStorageServices {
			out = append(out, map[string]string{"service": service, "id": ids[service], "dnsZoneId": zones[service]})
		}
		return out
	})
	return pulumi.Map{
		"id":               storage.StorageAccountID,
		"name":             storage.StorageAccountName,
		"privateEndpoints": endpoints,
		"linkedVnetIds":    storage.LinkedVnetIDs,
		"serviceHostNames": storage.ServiceHostNames,
	}
}
