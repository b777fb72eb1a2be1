package stackconfig

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/privatepull/privatepull/components"
)

// FunctionStorageArgs maps the configuration to the FunctionStorage
// component: the account (created, or functionsStorageAccountId) with its
// endpoints in the stack's private-endpoint subnet and its zones in the
// network's resource group, or the existing functionsStorageDnsZoneIds,
// linked to the stack's VNet (named, so that the links' names are known in
// preview) unless linkVnetToFunctionsStorageDnsZones is false.
func (c *Config) FunctionStorageArgs(resourceGroup, privateEndpointSubnetID, vnetID pulumi.StringInput) *components.FunctionStorageArgs {
	settings := c.Env.ProviderSettings()
	args := &components.FunctionStorageArgs{
		AccountName:             c.FunctionsStorageAccountName,
		ExistingAccountID:       optionalID(c.FunctionsStorageAccountID),
		Location:                c.Location,
		ResourceGroupName:       resourceGroup,
		PrivateEndpointSubnetID: privateEndpointSubnetID,
		VnetID:                  vnetID,
		VnetName:                c.StackVnetName(),
		Cloud:                   c.Cloud,
		ProviderSettings:        &settings,
		Tags:                    c.Tags,
	}
	if c.FunctionsStorageAccountID == "" {
		args.Sku = c.FunctionsStorageSku
	}
	if len(c.FunctionsStorageDNSZoneIDs) > 0 {
		args.ExistingDNSZoneIDs = c.FunctionsStorageDNSZoneIDs
		args.LinkVnetToExistingDNSZones = c.LinkVnetToFunctionsStorageDNSZones
	}
	return args
}

// ElasticPlanSpec returns the Elastic Premium plan of the function apps
// (nil when none runs on it).
func (c *Config) ElasticPlanSpec() *components.ElasticPlanSpec {
	if !c.usesFunctionPlan(string(components.FunctionPlanElastic)) {
		return nil
	}
	p := c.FunctionsElasticPlan
	return &components.ElasticPlanSpec{Name: p.Name, Sku: p.Sku, MaximumElasticWorkerCount: *p.MaximumElasticWorkerCount}
}

// FunctionAppSpecs maps the configured function apps (defaults applied).
func (c *Config) FunctionAppSpecs() []components.FunctionAppSpec {
	var out []components.FunctionAppSpec
	for _, f := range c.FunctionApps {
		spec := components.FunctionAppSpec{
			Name: f.Name, ImageRepository: f.Image, ImageTag: f.Tag, Plan: components.FunctionPlan(f.Plan),
			WorkerRuntime: f.WorkerRuntime, PullAuth: components.PullAuth(f.PullAuth), AppSettings: f.AppSettings,
		}
		if f.FunctionAppScaleLimit != nil {
			spec.FunctionAppScaleLimit = *f.FunctionAppScaleLimit
		}
		if f.MinimumElasticInstanceCount != nil {
			spec.MinimumElasticInstanceCount = *f.MinimumElasticInstanceCount
		}
		out = append(out, spec)
	}
	return out
}
