package components

import (
	"fmt"

	"github.com/pulumi/pulumi-azure-native-sdk/web/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// checkPlan rejects a plan the component could not create or use: with
// planId, no plan settings (the plan exists); without it, a name, a SKU
// Azure offers for Linux containers and an instance count the tier allows.
func (a *WebAppWorkloadArgs) checkPlan() error {
	if isSet(a.PlanID) {
		if id, known := knownString(a.PlanID); known {
			if _, err := ParseResourceIDOfType(id, TypeAppServicePlan); err != nil {
				return fmt.Errorf("planId: %w", err)
			}
		}
		if a.PlanName != "" || a.PlanSku != "" || a.PlanInstances != 0 {
			return fmt.Errorf("planName, planSku and planInstances must be unset with planId: the plan exists")
		}
		return nil
	}
	if a.PlanName == "" {
		return fmt.Errorf("planName is required unless planId names an existing plan")
	}
	sku, err := ParseAppServiceSku(a.PlanSku)
	if err != nil {
		return fmt.Errorf("plan SKU: %w", err)
	}
	if a.PlanInstances < 1 || a.PlanInstances > sku.MaxInstances {
		return fmt.Errorf("%d instances do not fit the %s tier (1-%d)", a.PlanInstances, sku.Tier, sku.MaxInstances)
	}
	return nil
}

// planWarning is the warning about the plan the component creates, or "":
// Premium v4 has no stable outbound IP addresses.
func (a *WebAppWorkloadArgs) planWarning() string {
	if isSet(a.PlanID) {
		return ""
	}
	sku, err := ParseAppServiceSku(a.PlanSku)
	if err != nil || sku.StableOutboundIPs() {
		return ""
	}
	return fmt.Sprintf("App Service plan %s is %s (%s tier), which has no stable outbound IP addresses (ARM reports "+
		"none): a downstream allow-list of the apps' outbound IPs needs a NAT gateway on the integration subnet; the "+
		"private pull path is not affected", a.PlanName, sku.Name, sku.Tier)
}

// newPlan returns the id of the existing plan (checked when it resolves), or
// registers the Linux plan (reserved=true) and returns its id.
func newPlan(ctx *pulumi.Context, component string, args *WebAppWorkloadArgs,
	child []pulumi.ResourceOption) (pulumi.StringOutput, error) {
	if isSet(args.PlanID) {
		return checkedID(args.PlanID, TypeAppServicePlan), nil
	}
	sku, _ := ParseAppServiceSku(args.PlanSku) // checked by checkPlan
	plan, err := web.NewAppServicePlan(ctx, childName(component, "plan"), &web.AppServicePlanArgs{
		Name:              pulumi.String(args.PlanName),
		ResourceGroupName: args.ResourceGroupName,
		Location:          pulumi.String(args.Location),
		Kind:              pulumi.String("linux"),
		Reserved:          pulumi.Bool(true),
		Sku: &web.SkuDescriptionArgs{
			Name:     pulumi.String(sku.Name),
			Tier:     pulumi.String(sku.Tier),
			Capacity: pulumi.Int(args.PlanInstances),
		},
		Tags: tagsInput(args.Tags),
	}, child...)
	if err != nil {
		return pulumi.StringOutput{}, fmt.Errorf("app service plan %s: %w", args.PlanName, err)
	}
	return plan.ID().ToStringOutput(), nil
}
