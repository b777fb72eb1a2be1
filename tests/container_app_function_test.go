package tests

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/privatepull/privatepull/components"
	"github.com/privatepull/privatepull/tests/harness"
)

// tokFunctionApp is the type of a function app on Container Apps: the app
// v20241002preview API, the newest v2 one with kind.
const tokFunctionApp = "azure-native:app/v20241002preview:ContainerApp"

// functionAppSpec is a function app on Container Apps beside ca-myapp.
func functionAppSpec() components.ContainerAppSpec {
	return components.ContainerAppSpec{Name: "fa-orders", ImageRepository: "functions/orders", ImageTag: "1.0.0",
		TargetPort: 80, CPU: 0.5, Memory: "1Gi", MinReplicas: 1, MaxReplicas: 5, Kind: components.KindFunctionApp,
		Env: map[string]string{"AzureWebJobsStorage__accountName": "stfunctions"}}
}

// TestFunctionAppOnContainerAppsPullsLikeAContainerApp: kind functionapp
// registers the app with the preview API that has kind, and everything of
// the pull is a container app's: the identity attached and named as the
// registry's pull identity, the image from the login server, AZURE_CLIENT_ID,
// the same dependencies (grant, records, VNet link, logs) and timeout. The
// other app stays on v20240301.
func TestFunctionAppOnContainerAppsPullsLikeAContainerApp(t *testing.T) {
	modes(t, func(t *testing.T, preview bool) {
		m := run(t, preview, workloadProgram(nil, func(a *components.ContainerAppWorkloadArgs) {
			a.Apps = append(a.Apps, functionAppSpec())
		}))
		app, fa := get(t, m, "aca-ca-myapp"), get(t, m, "aca-fa-orders")
		assert.Equal(t, tokContainerApp, app.Type, "container apps stay on v20240301")
		assert.Nil(t, app.Plain("kind"))
		assert.Equal(t, tokFunctionApp, fa.Type)
		assert.Equal(t, "functionapp", fa.Plain("kind"))
		assert.Equal(t, "aca", fa.Parent)
		assert.Equal(t, "fa-orders", fa.Plain("containerAppName"))
		assert.Equal(t, "UserAssigned", fa.Plain("identity.type"))
		assert.Equal(t, []any{uamiID}, fa.Plain("identity.userAssignedIdentities"))
		assert.Equal(t, []any{map[string]any{"server": "acrtest01.azurecr.io", "identity": uamiID}},
			fa.Plain("configuration.registries"))
		assert.Equal(t, "acrtest01.azurecr.io/functions/orders:1.0.0", fa.Plain("template.containers[0].image"))
		assert.Equal(t, []any{
			map[string]any{"name": "AZURE_CLIENT_ID", "value": uamiClientID},
			map[string]any{"name": "AzureWebJobsStorage__accountName", "value": "stfunctions"},
		}, fa.Plain("template.containers[0].env"))
		assert.Equal(t, float64(80), fa.Plain("configuration.ingress.targetPort"))
		assert.Equal(t, false, fa.Plain("configuration.ingress.allowInsecure"))
		assert.Equal(t, map[string]any{"minReplicas": float64(1), "maxReplicas": float64(5)}, fa.Plain("template.scale"))
		assert.Equal(t, "Consumption", fa.Plain("workloadProfileName"))
		assert.Equal(t, app.Dependencies, fa.Dependencies, "the same pull prerequisites as a container app")
		assert.Equal(t, app.CustomTimeouts, fa.CustomTimeouts)
		assertAliasedType(t, fa, tokContainerApp)
		if !preview {
			assert.Equal(t, fakeID("Microsoft.App/managedEnvironments/cae-test"), fa.Plain("managedEnvironmentId"))
		}
	})
}

// assertAliasedType checks that a registration carries an alias of another
// type (same name and parent): a change of kind is an update, not a
// replacement of the app by Pulumi.
func assertAliasedType(t *testing.T, r harness.Registration, oldType string) {
	t.Helper()
	for _, a := range r.Aliases {
		if a.Type == oldType {
			return
		}
	}
	assert.Failf(t, "no type alias", "%s has no alias of type %s", r.Name, oldType)
}

// TestFunctionAppOutputs: the function app's id and FQDN are in the
// workload's outputs, and App finds it.
func TestFunctionAppOutputs(t *testing.T) {
	var outs *harness.Outputs
	var found bool
	_, err := harness.Run(func(ctx *pulumi.Context) error {
		w, err := components.NewContainerAppWorkload(ctx, "aca", &components.ContainerAppWorkloadArgs{
			EnvironmentID: pulumi.String(existingEnvironmentID), Location: "koreacentral",
			ResourceGroupName: pulumi.String("rg-test"), LoginServer: pulumi.String("acrtest01.azurecr.io"),
			PullIdentityID: pulumi.String(uamiID), PullIdentityClientID: pulumi.String(uamiClientID),
			Apps: []components.ContainerAppSpec{functionAppSpec()},
		})
		if err != nil {
			return err
		}
		found = w.App("fa-orders") != nil && w.App("missing") == nil && len(w.Apps) == 0
		outs = harness.Collect(pulumi.Map{"fqdns": w.AppFQDNs, "ids": w.AppIDs})
		return nil
	}, harness.Options{})
	require.NoError(t, err)
	assert.True(t, found)
	ids, _ := outs.Get("ids")
	assert.Equal(t, map[string]string{"fa-orders": fakeID("Microsoft.App/containerApps/fa-orders")}, ids)
	fqdns, _ := outs.Get("fqdns")
	assert.Equal(t, map[string]string{"fa-orders": "fa-orders.happy-env.koreacentral.azurecontainerapps.io"}, fqdns)
}

// TestAppKindIsCheckedBeforeRegistration: only "" and functionapp.
func TestAppKindIsCheckedBeforeRegistration(t *testing.T) {
	spec := functionAppSpec()
	spec.Kind = "workflowapp"
	expectFailure(t, func(ctx *pulumi.Context) error {
		_, err := components.NewContainerAppWorkload(ctx, "aca", &components.ContainerAppWorkloadArgs{
			EnvironmentID: pulumi.String(existingEnvironmentID), Location: "koreacentral",
			ResourceGroupName: pulumi.String("rg-test"), LoginServer: pulumi.String("acrtest01.azurecr.io"),
			PullIdentityID: pulumi.String(uamiID), PullIdentityClientID: pulumi.String(uamiClientID),
			Apps: []components.ContainerAppSpec{spec},
		})
		return err
	}, `ContainerAppWorkload "aca": app fa-orders: kind "workflowapp": want "" (a container app) or "functionapp"`)
}
