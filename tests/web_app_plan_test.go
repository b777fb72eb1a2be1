package tests

import (
	"testing"

	"github.com/pulumi/pulumi-azure-native-sdk/resources/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/privatepull/privatepull/components"
	"github.com/privatepull/privatepull/tests/harness"
)

// platformPlanID is an App Service plan a platform team owns.
var platformPlanID = fakeID("Microsoft.Web/serverFarms/asp-platform")

// existingPlanProgram registers a WebAppWorkload on the plan planID with one
// user-assigned app (plain ids: no other component), edited by mutate, and
// collects its planId output.
func existingPlanProgram(planID func(*pulumi.Context) (pulumi.StringInput, error),
	mutate func(*components.WebAppWorkloadArgs), outs **harness.Outputs) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		plan, err := planID(ctx)
		if err != nil {
			return err
		}
		args := &components.WebAppWorkloadArgs{
			PlanID: plan, Location: "koreacentral", ResourceGroupName: pulumi.String("rg-shop"),
			IntegrationSubnetID: pulumi.String(integrationSubnetID), LoginServer: pulumi.String("acrtest01.azurecr.io"),
			PullIdentityID: pulumi.String(uamiID), PullIdentityClientID: pulumi.String(uamiClientID),
			PullIdentityGrantID: pulumi.String("grant-id"),
			Apps:                []components.WebAppSpec{webApp("web-shop", components.PullAuthUserAssigned)},
		}
		if mutate != nil {
			mutate(args)
		}
		web, err := components.NewWebAppWorkload(ctx, "web", args)
		if err != nil {
			return err
		}
		*outs = harness.Collect(pulumi.Map{"planId": web.PlanID})
		return nil
	}
}

// knownPlan is the platform plan as a known id.
func knownPlan(*pulumi.Context) (pulumi.StringInput, error) {
	return pulumi.String(platformPlanID), nil
}

// TestWebAppsGoOnAnExistingPlan: with planId no plan is created, every site
// is put on the given plan and planId is the given id.
func TestWebAppsGoOnAnExistingPlan(t *testing.T) {
	modes(t, func(t *testing.T, preview bool) {
		var outs *harness.Outputs
		m := run(t, preview, existingPlanProgram(knownPlan, nil, &outs))
		assert.Empty(t, m.OfType(tokPlan), "an existing plan is not created")
		site := get(t, m, "web-web-shop")
		assert.Equal(t, "web", site.Parent)
		assert.Equal(t, platformPlanID, site.Plain("serverFarmId"))
		assert.Equal(t, true, site.Plain("vnetImagePullEnabled"))
		assert.Equal(t, "UserAssigned", site.Plain("identity.type"))
		got, known := outs.Get("planId")
		require.True(t, known, "a known plan id is known in preview too")
		assert.Equal(t, platformPlanID, got)
	})
}

// TestExistingPlanFromAnOutput: a plan id from another resource makes every
// site depend on it, and an id of another type fails once it resolves.
func TestExistingPlanFromAnOutput(t *testing.T) {
	fromRG := func(rest string) func(*pulumi.Context) (pulumi.StringInput, error) {
		return func(ctx *pulumi.Context) (pulumi.StringInput, error) {
			rg, err := resources.NewResourceGroup(ctx, "platform-rg", &resources.ResourceGroupArgs{
				ResourceGroupName: pulumi.String("rg-platform")})
			if err != nil {
				return nil, err
			}
			return pulumi.Sprintf("%s/providers/%s", rg.ID(), rest), nil
		}
	}
	var outs *harness.Outputs
	m := run(t, false, existingPlanProgram(fromRG("Microsoft.Web/serverFarms/asp-platform"), nil, &outs))
	site := get(t, m, "web-web-shop")
	assert.True(t, site.DependsOn("platform-rg"), "the site waits for the plan's id; got %v", site.Dependencies)
	assert.Empty(t, m.OfType(tokPlan))

	_, err := harness.Run(existingPlanProgram(fromRG("Microsoft.Network/virtualNetworks/vnet"), nil, &outs), harness.Options{})
	require.ErrorContains(t, err, "is a Microsoft.Network/virtualNetworks id, not a Microsoft.Web/serverFarms id")
}

// TestPlanSettingsAndPlanIdExcludeEachOther: a plan is either given or
// described, never both, and one of them is required; the mistake fails
// before anything is registered.
func TestPlanSettingsAndPlanIdExcludeEachOther(t *testing.T) {
	var outs *harness.Outputs
	for _, mutate := range []func(*components.WebAppWorkloadArgs){
		func(a *components.WebAppWorkloadArgs) { a.PlanName = "asp-shop" },
		func(a *components.WebAppWorkloadArgs) { a.PlanSku = "P1v3" },
		func(a *components.WebAppWorkloadArgs) { a.PlanInstances = 1 },
	} {
		expectFailure(t, existingPlanProgram(knownPlan, mutate, &outs),
			`WebAppWorkload "web": planName, planSku and planInstances must be unset with planId: the plan exists`)
	}
	noPlan := func(*pulumi.Context) (pulumi.StringInput, error) { return nil, nil }
	expectFailure(t, existingPlanProgram(noPlan, nil, &outs),
		`WebAppWorkload "web": planName is required unless planId names an existing plan`)
	wrongType := func(*pulumi.Context) (pulumi.StringInput, error) { return pulumi.String(integrationSubnetID), nil }
	expectFailure(t, existingPlanProgram(wrongType, nil, &outs),
		`WebAppWorkload "web": planId: "`+integrationSubnetID+`" is a Microsoft.Network/virtualNetworks/subnets id`)
}
