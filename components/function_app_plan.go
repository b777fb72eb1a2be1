package components

import (
	"fmt"
	"regexp"

	"github.com/pulumi/pulumi-azure-native-sdk/web/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// TierElasticPremium is the tier of the Elastic Premium SKUs EP1-EP3.
const TierElasticPremium = "ElasticPremium"

// elasticPremiumSku matches EP1-EP3 in any case, as Azure does.
var elasticPremiumSku = regexp.MustCompile(`(?i)^EP([1-3])$`)

// ParseElasticPremiumSku returns the canonical name (EP1-EP3), tier
// (ElasticPremium) and instance limit of an Elastic Premium SKU, or an error
// naming why sku is not one: a Dedicated App Service SKU belongs to the
// stack's plan (plan appService), Consumption and Flex Consumption run no
// custom containers over VNet integration.
func ParseElasticPremiumSku(sku string) (AppServiceSku, error) {
	if m := elasticPremiumSku.FindStringSubmatch(sku); m != nil {
		return AppServiceSku{Name: "EP" + m[1], Tier: TierElasticPremium, MaxInstances: MaxElasticWorkerCount}, nil
	}
	if _, err := ParseAppServiceSku(sku); err == nil {
		return AppServiceSku{}, fmt.Errorf("%q is a Dedicated App Service plan SKU, not Elastic Premium: run the app "+
			"on the stack's App Service plan (plan %s) or use EP1, EP2 or EP3", sku, FunctionPlanAppService)
	}
	return AppServiceSku{}, fmt.Errorf("%q is not an Elastic Premium SKU (want EP1, EP2 or EP3, any case): "+
		"Consumption (Y1) and Flex Consumption (FC1) run no custom containers over VNet integration", sku)
}

// functionPlans are the plan ids the apps run on.
type functionPlans struct {
	// elasticID is the Elastic Premium plan's id ("" without one).
	elasticID pulumi.StringOutput
	// appServiceID is the existing Dedicated plan's id (checked when it
	// resolves); unset without one.
	appServiceID pulumi.StringOutput
}

// id is the plan an app of the given plan kind runs on.
func (p *functionPlans) id(plan FunctionPlan) pulumi.StringOutput {
	if plan == FunctionPlanElastic {
		return p.elasticID
	}
	return p.appServiceID
}

// newFunctionPlans registers the Elastic Premium plan (kind elastic, Linux:
// reserved=true, SKU EP<n> of tier ElasticPremium, family EP,
// maximumElasticWorkerCount) when an app runs on it, and checks the
// Dedicated plan's id.
func newFunctionPlans(ctx *pulumi.Context, component string, args *FunctionAppWorkloadArgs,
	child []pulumi.ResourceOption) (*functionPlans, error) {
	plans := &functionPlans{elasticID: pulumi.String("").ToStringOutput()}
	if isSet(args.AppServicePlanID) {
		plans.appServiceID = checkedID(args.AppServicePlanID, TypeAppServicePlan)
	}
	if !args.usesPlan(FunctionPlanElastic) {
		return plans, nil
	}
	spec := args.ElasticPlan
	sku, _ := ParseElasticPremiumSku(spec.Sku) // checked by check()
	plan, err := web.NewAppServicePlan(ctx, childName(component, "plan"), &web.AppServicePlanArgs{
		Name:                      pulumi.String(spec.Name),
		ResourceGroupName:         args.ResourceGroupName,
		Location:                  pulumi.String(args.Location),
		Kind:                      pulumi.String("elastic"),
		Reserved:                  pulumi.Bool(true),
		MaximumElasticWorkerCount: pulumi.Int(spec.MaximumElasticWorkerCount),
		Sku: &web.SkuDescriptionArgs{
			Name:   pulumi.String(sku.Name),
			Tier:   pulumi.String(sku.Tier),
			Family: pulumi.String("EP"),
		},
		Tags: tagsInput(args.Tags),
	}, child...)
	if err != nil {
		return nil, fmt.Errorf("elastic premium plan %s: %w", spec.Name, err)
	}
	plans.elasticID = plan.ID().ToStringOutput()
	return plans, nil
}
