package tests

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/privatepull/privatepull/components"
	"github.com/privatepull/privatepull/tests/harness"
)

// existingEnvironmentID is a Container Apps environment a platform team owns.
var existingEnvironmentID = "/subscriptions/" + hubSub + "/resourceGroups/rg-platform/providers/Microsoft.App/managedEnvironments/cae-platform"

// appsInExistingEnvironment registers only a ContainerAppWorkload, with the
// probe, in the environment environmentID, waiting for a stand-in grant.
func appsInExistingEnvironment(environmentID pulumi.StringInput) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		grant, err := components.NewAcrPullAssignment(ctx, "grant", components.AcrPullAssignmentArgs{
			RegistryID: pulumi.String(registryID), PrincipalID: pulumi.String("principal-1"),
		})
		if err != nil {
			return err
		}
		_, err = components.NewContainerAppWorkload(ctx, "shop", &components.ContainerAppWorkloadArgs{
			EnvironmentID: environmentID, Location: "koreacentral", ResourceGroupName: pulumi.String("rg-shop"),
			LoginServer: pulumi.String("acrtest01.azurecr.io"), PullIdentityID: pulumi.String(uamiID),
			PullIdentityClientID: pulumi.String(uamiClientID), PullDependencies: []pulumi.Resource{grant},
			Apps: []components.ContainerAppSpec{{Name: "ca-shop", ImageRepository: "shop/web", ImageTag: "1.0.0",
				TargetPort: 8080, CPU: 0.5, Memory: "1Gi", MaxReplicas: 2}},
			Probe: &components.ProbeJobSpec{ImageRepository: "privatepull/probe", ImageTag: "3.0",
				DataEndpointHostNames: pulumi.ToStringArray([]string{"acrtest01.koreacentral.data.azurecr.io"})},
		})
		return err
	}
}

// TestAppsGoIntoAnExistingEnvironment: given an environment's id, the
// workload creates no environment, no workspace and no diagnostic setting:
// its apps and the probe job go into that environment, in the workload's
// own resource group, and still wait for the pull grant.
func TestAppsGoIntoAnExistingEnvironment(t *testing.T) {
	modes(t, func(t *testing.T, preview bool) {
		m := run(t, preview, appsInExistingEnvironment(pulumi.String(existingEnvironmentID)))
		for _, token := range []string{tokEnvironment, tokWorkspace, tokDiagnosticSetting} {
			assert.Empty(t, m.OfType(token), "the environment exists: no %s", token)
		}
		app := get(t, m, "shop-ca-shop")
		assert.Equal(t, "shop", app.Parent)
		assert.Equal(t, existingEnvironmentID, app.Plain("managedEnvironmentId"))
		assert.Equal(t, "rg-shop", app.Plain("resourceGroupName"))
		assert.True(t, app.DependsOn("grant"))
		assert.Equal(t, harness.Timeouts{Create: "30m", Update: "30m"}, app.CustomTimeouts)
		probe := get(t, m, "shop-probe")
		assert.Equal(t, existingEnvironmentID, probe.Plain("environmentId"))
		assert.True(t, probe.DependsOn("grant"))
	})
}

// TestExistingEnvironmentFromAnOutput: an environment id from another
// resource makes the apps depend on it and is checked once it resolves;
// a known id of another type fails before anything is registered.
func TestExistingEnvironmentFromAnOutput(t *testing.T) {
	fromRG := func(rest string) pulumi.RunFunc {
		return func(ctx *pulumi.Context) error {
			rg, err := consumerRG(ctx)
			if err != nil {
				return err
			}
			return appsInExistingEnvironment(idIn(rg, rest))(ctx)
		}
	}
	m := run(t, false, fromRG("Microsoft.App/managedEnvironments/cae-platform"))
	app := get(t, m, "shop-ca-shop")
	assert.True(t, app.DependsOn("consumer-rg"), "got %v", app.Dependencies)
	assert.Equal(t, fakeIDIn("rg-consumer", "Microsoft.App/managedEnvironments/cae-platform"), app.Plain("managedEnvironmentId"))

	_, err := harness.Run(fromRG("Microsoft.Network/virtualNetworks/vnet"), harness.Options{})
	require.ErrorContains(t, err, "is a Microsoft.Network/virtualNetworks id, not a Microsoft.App/managedEnvironments id")

	expectFailure(t, func(ctx *pulumi.Context) error {
		_, err := components.NewContainerAppWorkload(ctx, "shop", &components.ContainerAppWorkloadArgs{
			EnvironmentID: pulumi.String(acaSubnetID), ResourceGroupName: pulumi.String("rg-shop"),
			LoginServer: pulumi.String("acrtest01.azurecr.io"), PullIdentityID: pulumi.String(uamiID),
			PullIdentityClientID: pulumi.String(uamiClientID),
		})
		return err
	}, `ContainerAppWorkload "shop": environmentId: "`+acaSubnetID+`" is a Microsoft.Network/virtualNetworks/subnets id`)
}
