package tests

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/privatepull/privatepull/components"
	"github.com/privatepull/privatepull/tests/harness"
)

var (
	acaSubnetID = fakeID("Microsoft.Network/virtualNetworks/vnet-test/subnets/snet-aca")
	vnetID      = fakeID("Microsoft.Network/virtualNetworks/vnet-test")
	uamiID      = fakeID("Microsoft.ManagedIdentity/userAssignedIdentities/id-test")
)

const uamiClientID = "4a0c7e55-8f3b-4d2e-9a61-0d5b1c2e3f40"

// environmentArgs is the external environment the workload tests use.
func environmentArgs() *components.ContainerAppsEnvironmentArgs {
	return &components.ContainerAppsEnvironmentArgs{
		EnvironmentName: "cae-test", Location: "koreacentral", ResourceGroupName: pulumi.String("rg-test"),
		InfrastructureSubnetID: pulumi.String(acaSubnetID), VnetID: pulumi.String(vnetID),
	}
}

// workloadProgram registers stand-ins for the pull dependencies (so that the
// test can see the app wait for them), the environment (edited by
// mutateEnv) and the workload in it (edited by mutate).
func workloadProgram(mutateEnv func(*components.ContainerAppsEnvironmentArgs),
	mutate func(*components.ContainerAppWorkloadArgs)) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		grant, network, err := pullPrerequisites(ctx)
		if err != nil {
			return err
		}
		envArgs := environmentArgs()
		if mutateEnv != nil {
			mutateEnv(envArgs)
		}
		env, err := components.NewContainerAppsEnvironment(ctx, "aca", envArgs)
		if err != nil {
			return err
		}
		deps := append([]pulumi.Resource{grant}, network...)
		args := &components.ContainerAppWorkloadArgs{
			EnvironmentID:        env.EnvironmentID,
			Location:             "koreacentral",
			ResourceGroupName:    pulumi.String("rg-test"),
			LoginServer:          pulumi.String("acrtest01.azurecr.io"),
			PullIdentityID:       pulumi.String(uamiID),
			PullIdentityClientID: pulumi.String(uamiClientID),
			PullDependencies:     deps,
			Apps: []components.ContainerAppSpec{{
				Name: "ca-myapp", ImageRepository: "myapp", ImageTag: "latest", TargetPort: 8000,
				ExternalIngress: true, CPU: 0.5, Memory: "1Gi", MinReplicas: 1, MaxReplicas: 10,
				Env: map[string]string{"LOG_LEVEL": "info", "A_FIRST": "1"},
			}},
		}
		if mutate != nil {
			mutate(args)
		}
		_, err = components.NewContainerAppWorkload(ctx, "aca", args)
		return err
	}
}

func TestContainerAppPullsWithUserAssignedIdentity(t *testing.T) {
	modes(t, func(t *testing.T, preview bool) {
		m := run(t, preview, workloadProgram(nil, nil))
		for _, kind := range []string{"ContainerAppsEnvironment", "ContainerAppWorkload"} {
			_, ok := m.Component("aca", kind)
			assert.True(t, ok, kind)
		}

		env := get(t, m, "aca-env")
		assert.Equal(t, tokEnvironment, env.Type)
		assert.Equal(t, "aca", env.Parent)
		assert.Contains(t, env.ParentURN, "privatepull:index:ContainerAppsEnvironment::aca")
		assert.Equal(t, "cae-test", env.Plain("environmentName"))
		assert.Equal(t, acaSubnetID, env.Plain("vnetConfiguration.infrastructureSubnetId"))
		assert.Equal(t, false, env.Plain("vnetConfiguration.internal"))
		assert.Equal(t, []any{map[string]any{"name": "Consumption", "workloadProfileType": "Consumption"}},
			env.Plain("workloadProfiles"), "always a workload-profiles environment: never an empty list")

		app := get(t, m, "aca-ca-myapp")
		assert.Equal(t, tokContainerApp, app.Type)
		assert.Equal(t, "aca", app.Parent)
		assert.Contains(t, app.ParentURN, "privatepull:index:ContainerAppWorkload::aca")
		assert.Equal(t, "ca-myapp", app.Plain("containerAppName"))
		assert.Equal(t, "UserAssigned", app.Plain("identity.type"))
		assert.Equal(t, []any{uamiID}, app.Plain("identity.userAssignedIdentities"))
		assert.Equal(t, []any{map[string]any{"server": "acrtest01.azurecr.io", "identity": uamiID}},
			app.Plain("configuration.registries"))
		assert.Equal(t, true, app.Plain("configuration.ingress.external"))
		assert.Equal(t, float64(8000), app.Plain("configuration.ingress.targetPort"))
		assert.Equal(t, false, app.Plain("configuration.ingress.allowInsecure"))
		assert.Equal(t, "acrtest01.azurecr.io/myapp:latest", app.Plain("template.containers[0].image"))
		assert.Equal(t, "ca-myapp", app.Plain("template.containers[0].name"))
		assert.Equal(t, []any{
			map[string]any{"name": "AZURE_CLIENT_ID", "value": uamiClientID},
			map[string]any{"name": "A_FIRST", "value": "1"},
			map[string]any{"name": "LOG_LEVEL", "value": "info"},
		}, app.Plain("template.containers[0].env"))
		assert.Equal(t, 0.5, app.Plain("template.containers[0].resources.cpu"))
		assert.Equal(t, "1Gi", app.Plain("template.containers[0].resources.memory"))
		assert.Equal(t, float64(1), app.Plain("template.scale.minReplicas"))
		assert.Equal(t, float64(10), app.Plain("template.scale.maxReplicas"))
		assert.Equal(t, "Consumption", app.Plain("workloadProfileName"))
		if !preview {
			assert.Equal(t, fakeID("Microsoft.App/managedEnvironments/cae-test"), app.Plain("managedEnvironmentId"))
		}

		// Container Apps validates the pull when the app is created: the grant,
		// the A records and the VNet link must exist first.
		for _, dep := range []string{"grant", "acr-pe-dns", "net-acr-zone-link", "aca-env", "aca-logs"} {
			assert.True(t, app.DependsOn(dep), "the app must depend on %s; got %v", dep, app.Dependencies)
		}
		_, envZone := m.Get("aca-env-zone")
		assert.False(t, envZone, "no environment DNS zone for an external environment")
	})
}

func TestContainerAppFQDNOutput(t *testing.T) {
	var outs *harness.Outputs
	_, err := harness.Run(func(ctx *pulumi.Context) error {
		env, err := components.NewContainerAppsEnvironment(ctx, "aca", environmentArgs())
		if err != nil {
			return err
		}
		w, err := components.NewContainerAppWorkload(ctx, "aca", &components.ContainerAppWorkloadArgs{
			EnvironmentID: env.EnvironmentID, Location: "koreacentral", ResourceGroupName: pulumi.String("rg-test"),
			LoginServer: pulumi.String("acrtest01.azurecr.io"), PullIdentityID: pulumi.String(uamiID),
			PullIdentityClientID: pulumi.String(uamiClientID),
			Apps: []components.ContainerAppSpec{{Name: "ca-a", ImageRepository: "a", ImageTag: "1", TargetPort: 80,
				CPU: 0.25, Memory: "0.5Gi", MaxReplicas: 1}},
		})
		if err != nil {
			return err
		}
		outs = harness.Collect(pulumi.Map{"fqdns": w.AppFQDNs, "env": env.EnvironmentID, "ids": w.AppIDs})
		return nil
	}, harness.Options{})
	require.NoError(t, err)
	fqdns, _ := outs.Get("fqdns")
	assert.Equal(t, map[string]string{"ca-a": "ca-a.happy-env.koreacentral.azurecontainerapps.io"}, fqdns)
	env, _ := outs.Get("env")
	assert.Equal(t, fakeID("Microsoft.App/managedEnvironments/cae-test"), env)
	ids, _ := outs.Get("ids")
	assert.Equal(t, map[string]string{"ca-a": fakeID("Microsoft.App/containerApps/ca-a")}, ids)
}

func TestWorkloadProfilesEnvironment(t *testing.T) {
	m := run(t, false, workloadProgram(func(a *components.ContainerAppsEnvironmentArgs) {
		a.WorkloadProfiles = []components.WorkloadProfileSpec{{Name: "general", Type: "D4", MinimumCount: 2, MaximumCount: 6}}
	}, func(a *components.ContainerAppWorkloadArgs) {
		a.Apps = append(a.Apps, components.ContainerAppSpec{
			Name: "ca-api", ImageRepository: "team/api", ImageTag: "2.0.0", TargetPort: 8080, CPU: 2, Memory: "8Gi",
			MinReplicas: 2, MaxReplicas: 4, WorkloadProfileName: "general",
		})
	}))
	env := get(t, m, "aca-env")
	assert.Equal(t, []any{
		map[string]any{"name": "Consumption", "workloadProfileType": "Consumption"},
		map[string]any{"name": "general", "workloadProfileType": "D4", "minimumCount": float64(2), "maximumCount": float64(6)},
	}, env.Plain("workloadProfiles"))
	assert.Equal(t, "Consumption", get(t, m, "aca-ca-myapp").Plain("workloadProfileName"))
	api := get(t, m, "aca-ca-api")
	assert.Equal(t, "general", api.Plain("workloadProfileName"))
	assert.Equal(t, "acrtest01.azurecr.io/team/api:2.0.0", api.Plain("template.containers[0].image"))
	assert.True(t, api.DependsOn("grant"))
}

func TestInternalEnvironmentGetsPrivateDNS(t *testing.T) {
	m := run(t, false, workloadProgram(func(a *components.ContainerAppsEnvironmentArgs) { a.Internal = true }, nil))
	env := get(t, m, "aca-env")
	assert.Equal(t, true, env.Plain("vnetConfiguration.internal"))

	zone := get(t, m, "aca-env-zone")
	assert.Equal(t, "aca", zone.Parent)
	domain := zone.Plain("privateZoneName").(string)
	assert.Regexp(t, `^happy-[0-9a-f]{8}\.koreacentral\.azurecontainerapps\.io$`, domain)

	record := get(t, m, "aca-env-wildcard")
	assert.Equal(t, tokRecordSet, record.Type)
	assert.Equal(t, "*", record.Plain("relativeRecordSetName"))
	assert.Equal(t, "A", record.Plain("recordType"))
	assert.Equal(t, []any{map[string]any{"ipv4Address": "10.0.1.250"}}, record.Plain("aRecords"))

	link := get(t, m, "aca-env-zone-link")
	assert.Equal(t, false, link.Plain("registrationEnabled"))
	assert.Equal(t, vnetID, link.Plain("virtualNetwork.id"))
}

func TestContainerAppWorkloadRejectsMissingIdentity(t *testing.T) {
	expectFailure(t, func(ctx *pulumi.Context) error {
		_, err := components.NewContainerAppWorkload(ctx, "aca", &components.ContainerAppWorkloadArgs{
			EnvironmentID: pulumi.String(existingEnvironmentID), LoginServer: pulumi.String("x.azurecr.io"),
		})
		return err
	}, "pull identity")
}

// TestInternalEnvironmentNeedsItsVnet: the internal environment's DNS zone
// is linked to vnetId, checked before anything is registered.
func TestInternalEnvironmentNeedsItsVnet(t *testing.T) {
	expectFailure(t, func(ctx *pulumi.Context) error {
		args := environmentArgs()
		args.Internal, args.VnetID = true, nil
		_, err := components.NewContainerAppsEnvironment(ctx, "aca", args)
		return err
	}, `ContainerAppsEnvironment "aca": an internal environment needs VnetID for its DNS zone`)
}
