package main

import (
	"reflect"

	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi-go-provider/infer"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"

	"github.com/privatepull/privatepull/components"
	"github.com/privatepull/privatepull/provider/internal/schemafix"
)

// Regenerate docs_gen.go after changing the components' comments or tags;
// then `go test . -update` rewrites the golden schema and docs/components.md's
// reference from it.
//go:generate go test -run TestDocsGen -update .

// module is the package and module part of every token the provider serves:
// the same prefix components.registerComponent registers with, which
// Construct requires.
const module = components.TypeTokenPrefix

// served lists the components with their Go types: the constructor infer
// calls, and the Args and component structs whose doc comments and plain
// fields schemafix reads.
var served = []struct {
	component infer.InferredComponent
	fix       schemafix.Component
}{
	{infer.ComponentF(components.NewPrivateNetwork), fixFor[components.PrivateNetworkArgs, components.PrivateNetwork]("PrivateNetwork")},
	{infer.ComponentF(components.NewPrivateDnsZones), fixFor[components.PrivateDnsZonesArgs, components.PrivateDnsZones]("PrivateDnsZones")},
	{infer.ComponentF(components.NewPrivateRegistry), fixFor[components.PrivateRegistryArgs, components.PrivateRegistry]("PrivateRegistry")},
	{infer.ComponentF(components.NewRegistryEndpoints), fixFor[components.RegistryEndpointsArgs, components.RegistryEndpoints]("RegistryEndpoints")},
	{infer.ComponentF(components.NewRegistryImages), fixFor[components.RegistryImagesArgs, components.RegistryImages]("RegistryImages")},
	{infer.ComponentF(components.NewPullIdentity), fixFor[components.PullIdentityArgs, components.PullIdentity]("PullIdentity")},
	{infer.ComponentF(components.NewContainerAppsEnvironment), fixFor[components.ContainerAppsEnvironmentArgs, components.ContainerAppsEnvironment]("ContainerAppsEnvironment")},
	{infer.ComponentF(components.NewContainerAppWorkload), fixFor[components.ContainerAppWorkloadArgs, components.ContainerAppWorkload]("ContainerAppWorkload")},
	{infer.ComponentF(components.NewWebAppWorkload), fixFor[components.WebAppWorkloadArgs, components.WebAppWorkload]("WebAppWorkload")},
	{infer.ComponentF(components.NewFunctionStorage), fixFor[components.FunctionStorageArgs, components.FunctionStorage]("FunctionStorage")},
	{infer.ComponentF(components.NewFunctionAppWorkload), fixFor[components.FunctionAppWorkloadArgs, components.FunctionAppWorkload]("FunctionAppWorkload")},
}

// fixFor names one component's token and Go types for schemafix.
func fixFor[A, R any](name string) schemafix.Component {
	return schemafix.Component{Token: module + name, Args: reflect.TypeFor[A](), Outputs: reflect.TypeFor[R]()}
}

// languages are the SDK options of the schema: infer's defaults, and the
// Python package named privatepull (the namespace would make it
// privatepull_privatepull). The npm package is @privatepull/privatepull.
var languages = map[string]any{
	"nodejs": map[string]any{"respectSchemaVersion": true},
	"go":     map[string]any{"generateResourceContainerTypes": true, "respectSchemaVersion": true},
	"python": map[string]any{"respectSchemaVersion": true, "packageName": "privatepull",
		"pyproject": map[string]any{"enabled": true}},
	"csharp": map[string]any{"respectSchemaVersion": true},
}

// Provider serves the eleven components. infer derives a token from the Go
// package's last path element and the type name (components.PrivateNetwork ->
// privatepull:components:PrivateNetwork); the module map turns "components"
// into "index", so the tokens stay privatepull:index:<Name>. infer reads no
// doc comments, so schemafix fills the descriptions from docs_gen.go
// (generated from ../components), and it marks plain every property, list
// item and map value whose Go type is not a pulumi.Input.
func Provider() (p.Provider, error) {
	comps := make([]infer.InferredComponent, len(served))
	fixes := make([]schemafix.Component, len(served))
	for i, s := range served {
		comps[i], fixes[i] = s.component, s.fix
	}
	prov, err := infer.NewProviderBuilder().
		WithDisplayName("privatepull").
		WithDescription("Azure Container Apps, App Service web apps and Function apps pulling their images from a "+
			"private Azure Container Registry over Private Link only, authenticated with managed identities.").
		WithKeywords("azure", "container-registry", "private-link", "container-apps", "app-service", "azure-functions",
			"category/cloud").
		WithNamespace("privatepull").
		WithLanguageMap(languages).
		WithModuleMap(map[tokens.ModuleName]tokens.ModuleName{"components": "index"}).
		WithComponents(comps...).
		Build()
	if err != nil {
		return p.Provider{}, err
	}
	return schemafix.Wrap(prov, module, goDocs, fixes...), nil
}
