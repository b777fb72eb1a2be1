package components

import (
	"fmt"

	// The only import of a preview app API: in the v2 SDK the container
	// app's kind exists only in the preview sub-packages (v20240202preview,
	// v20240802preview, v20241002preview), not in v20240301 (every other
	// app) or v20250101. Function apps alone are registered with it.
	appfunctions "github.com/pulumi/pulumi-azure-native-sdk/app/v2/v20241002preview"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// KindFunctionApp is the container app kind of Azure Functions on Container
// Apps (Microsoft.App/containerApps with kind functionapp: the portal's
// "Optimize for Azure Functions", `az containerapp create --kind
// functionapp`).
const KindFunctionApp = "functionapp"

// FunctionApp is a container app of kind functionapp, as the app
// v20241002preview API registers it.
type FunctionApp = appfunctions.ContainerApp

// App returns the resource of the app named name: a container app, or a
// function app (kind functionapp); nil when the workload has no such app.
func (w *ContainerAppWorkload) App(name string) pulumi.CustomResource {
	if fa, ok := w.FunctionApps[name]; ok {
		return fa
	}
	if ca, ok := w.Apps[name]; ok {
		return ca
	}
	return nil
}

// newFunctionApp registers a function app on Container Apps: the same app a
// container app is (the user-assigned identity attached and named as the
// registry's pull identity, the image from the private login server, the
// same ingress, scale and workload profile), with kind functionapp. It pulls
// exactly like a container app: through the environment's VNet, with the
// identity, validated at creation. The type aliases of the SDK let an
// existing app change kind without being replaced by Pulumi.
func newFunctionApp(ctx *pulumi.Context, name string, spec ContainerAppSpec, environmentID pulumi.StringInput,
	args *ContainerAppWorkloadArgs, opts []pulumi.ResourceOption) (*FunctionApp, error) {
	parts := appPartsOf(spec, args)
	envVars := appfunctions.EnvironmentVarArray{}
	for _, e := range parts.env {
		envVars = append(envVars, &appfunctions.EnvironmentVarArgs{Name: pulumi.String(e.name), Value: e.value})
	}
	fa, err := appfunctions.NewContainerApp(ctx, name, &appfunctions.ContainerAppArgs{
		ContainerAppName:     pulumi.String(spec.Name),
		Kind:                 pulumi.String(KindFunctionApp),
		ResourceGroupName:    args.ResourceGroupName,
		Location:             pulumi.String(args.Location),
		ManagedEnvironmentId: environmentID,
		Identity: &appfunctions.ManagedServiceIdentityArgs{
			Type:                   pulumi.String("UserAssigned"),
			UserAssignedIdentities: pulumi.StringArray{args.PullIdentityID},
		},
		Configuration: &appfunctions.ConfigurationArgs{
			ActiveRevisionsMode: pulumi.String("Single"),
			Ingress: &appfunctions.IngressArgs{
				External:      pulumi.Bool(spec.ExternalIngress),
				TargetPort:    pulumi.Int(spec.TargetPort),
				Transport:     pulumi.String("auto"),
				AllowInsecure: pulumi.Bool(false),
			},
			Registries: appfunctions.RegistryCredentialsArray{&appfunctions.RegistryCredentialsArgs{
				Server:   args.LoginServer,
				Identity: args.PullIdentityID,
			}},
		},
		Template: &appfunctions.TemplateArgs{
			Containers: appfunctions.ContainerArray{&appfunctions.ContainerArgs{
				Name:      pulumi.String(spec.Name),
				Image:     parts.image,
				Env:       envVars,
				Resources: &appfunctions.ContainerResourcesArgs{Cpu: pulumi.Float64(spec.CPU), Memory: pulumi.String(spec.Memory)},
			}},
			Scale: &appfunctions.ScaleArgs{MinReplicas: pulumi.Int(spec.MinReplicas), MaxReplicas: pulumi.Int(spec.MaxReplicas)},
		},
		WorkloadProfileName: pulumi.String(parts.profile),
		Tags:                tagsInput(args.Tags),
	}, opts...)
	if err != nil {
		return nil, fmt.Errorf("function app %s: %w", spec.Name, err)
	}
	return fa, nil
}
