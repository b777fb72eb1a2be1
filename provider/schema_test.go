package main

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/blang/semver"
	pschema "github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// golden is the schema the provider serves, reviewed in diffs like code:
// tokens, descriptions, required vs optional, plain flags. `go test . -update`
// rewrites it.
const golden = "testdata/schema.json"

// TestSchema compares the served schema with the golden file.
func TestSchema(t *testing.T) {
	spec := schema(t)
	pretty, err := json.MarshalIndent(spec, "", "  ")
	require.NoError(t, err)
	pretty = append(pretty, '\n')
	if *update {
		require.NoError(t, os.WriteFile(golden, pretty, 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err, "`go test . -update` writes it")
	assert.JSONEq(t, string(want), string(pretty), "the schema changed: review, then `go test . -update`")
}

// TestSchemaBindsWithoutErrors: the schema is valid against Pulumi's
// metaschema and binds, as the CLI does before generating an SDK.
func TestSchemaBindsWithoutErrors(t *testing.T) {
	_, diags, err := pschema.BindSpec(schema(t), noPackages{}, pschema.ValidationOptions{})
	require.NoError(t, err)
	assert.False(t, diags.HasErrors(), "%v", diags)
}

// noPackages is a schema loader for a schema that references no other package.
type noPackages struct{}

var errNoPackages = errors.New("the schema references no other package")

func (noPackages) LoadPackage(string, *semver.Version) (*pschema.Package, error) {
	return nil, errNoPackages
}

func (noPackages) LoadPackageV2(context.Context, *pschema.PackageDescriptor) (*pschema.Package, error) {
	return nil, errNoPackages
}

// TestSchemaServesTheElevenComponents: the tokens the components register with.
func TestSchemaServesTheElevenComponents(t *testing.T) {
	spec := schema(t)
	var tokens []string
	for tok, r := range spec.Resources {
		tokens = append(tokens, tok)
		assert.True(t, r.IsComponent, tok)
	}
	sort.Strings(tokens)
	assert.Equal(t, []string{"privatepull:index:ContainerAppWorkload", "privatepull:index:ContainerAppsEnvironment",
		"privatepull:index:FunctionAppWorkload", "privatepull:index:FunctionStorage", "privatepull:index:PrivateDnsZones", "privatepull:index:PrivateNetwork", "privatepull:index:PrivateRegistry",
		"privatepull:index:PullIdentity", "privatepull:index:RegistryEndpoints", "privatepull:index:RegistryImages",
		"privatepull:index:WebAppWorkload"}, tokens)
	assert.Equal(t, "privatepull", spec.Name)
	assert.Equal(t, Version, spec.Version)
}

// TestEverythingIsDescribed: every resource, type and property carries the
// doc comment of its Go field (infer reads none: docs_gen.go carries them).
func TestEverythingIsDescribed(t *testing.T) {
	spec := schema(t)
	check := func(where string, props map[string]pschema.PropertySpec) {
		for name, p := range props {
			assert.NotEmpty(t, p.Description, "%s.%s has no description", where, name)
			assert.NotRegexp(t, `^[A-Z][a-z]+[A-Z]\w* `, p.Description,
				"%s.%s: the description starts with a Go name", where, name)
		}
	}
	for tok, r := range spec.Resources {
		assert.NotEmpty(t, r.Description, tok)
		check(tok+" input", r.InputProperties)
		check(tok+" output", r.Properties)
	}
	for tok, ty := range spec.Types {
		assert.NotEmpty(t, ty.Description, tok)
		check(tok, ty.Properties)
	}
}

// goOnly are the exported fields that are not in the schema on purpose: Go
// resource handles and Go-side data, each with a schema counterpart.
var goOnly = map[string]bool{
	"PrivateDnsZones.RegistryDNSZoneLinks":        true, // registryDnsReady
	"PrivateDnsZones.WebAppDNSZoneLinks":          true, // webAppDnsReady
	"PrivateNetwork.RegistryDNSZoneLinks":         true, // registryDnsReady (deprecated)
	"PrivateNetwork.WebAppDNSZoneLinks":           true, // webAppDnsReady (deprecated)
	"PrivateRegistry.PullDependencies":            true, // pullReady (deprecated)
	"PrivateRegistry.Gate":                        true, // registryReady
	"RegistryEndpointsArgs.Gate":                  true, // registryReady
	"RegistryEndpoints.PullDependencies":          true, // pullReady
	"RegistryImages.PullDependencies":             true, // pullReady
	"PullIdentity.AcrPullAssignment":              true, // acrPullAssignmentId
	"PullIdentity.AcrPullPropagation":             true, // acrPullReadyId
	"PullIdentity.AcrPullReady":                   true, // acrPullReadyId
	"ContainerAppsEnvironment.Environment":        true, // environmentId
	"ContainerAppsEnvironment.LogsSetting":        true, // environmentId (resolves once the setting exists)
	"ContainerAppWorkloadArgs.PullDependencies":   true, // pullReady
	"ContainerAppWorkload.Apps":                   true, // appIds, appFqdns
	"ContainerAppWorkload.FunctionApps":           true, // appIds, appFqdns
	"PullIdentity.PullGrants":                     true, // acrPullAssignmentId (resolves once every grant exists)
	"PullIdentity.PullReady":                      true, // acrPullReadyId
	"HostedRegistrySpec.DNSDependencies":          true, // dnsReady
	"WebAppWorkloadArgs.PullIdentityGrant":        true, // pullIdentityGrantId
	"WebAppWorkloadArgs.NetworkDependencies":      true, // networkReady
	"WebAppWorkload.Sites":                        true, // appIds, appHostNames
	"WebAppWorkload.Warnings":                     true, // logged to the CLI
	"FunctionStorage.DNSDependencies":             true, // dnsReady
	"FunctionAppWorkloadArgs.PullIdentityGrant":   true, // pullIdentityGrantId
	"FunctionAppWorkloadArgs.NetworkDependencies": true, // networkReady
	"FunctionAppWorkloadArgs.StorageDependencies": true, // storageReady
	"FunctionAppWorkload.Sites":                   true, // appIds, appHostNames
	"FunctionAppWorkload.Warnings":                true, // logged to the CLI
}

// TestEveryExportedFieldIsTagged: an untagged field silently disappears from
// the schema, so every exported field of the Args, the components and their
// nested types is tagged, or listed in goOnly.
func TestEveryExportedFieldIsTagged(t *testing.T) {
	seen := map[reflect.Type]bool{}
	var walk func(reflect.Type)
	walk = func(typ reflect.Type) {
		typ = deref(typ)
		if typ.Kind() != reflect.Struct || seen[typ] || !strings.HasSuffix(typ.PkgPath(), "/components") {
			return
		}
		seen[typ] = true
		for _, f := range reflect.VisibleFields(typ) {
			if !f.IsExported() || f.Anonymous || len(f.Index) > 1 {
				continue
			}
			key := typ.Name() + "." + f.Name
			if _, tagged := f.Tag.Lookup("pulumi"); !tagged {
				assert.True(t, goOnly[key], "%s has no pulumi tag: tag it, or list it in goOnly with its schema counterpart", key)
				continue
			}
			assert.False(t, goOnly[key], "%s is tagged but listed in goOnly", key)
			if !f.Type.Implements(reflect.TypeFor[pulumi.Input]()) {
				elem := deref(f.Type)
				for elem.Kind() == reflect.Slice || elem.Kind() == reflect.Map {
					elem = deref(elem.Elem())
				}
				walk(elem)
			}
		}
	}
	for _, s := range served {
		walk(s.fix.Args)
		walk(s.fix.Outputs)
	}
	assert.Len(t, seen, 39, "11 Args, 11 components and 17 nested types")
}

// deref strips pointers from a type.
func deref(t reflect.Type) reflect.Type {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t
}

// TestPlainFlags: inputs a consumer may take from other resources accept
// outputs; values that decide how many resources exist or their names are
// plain, with their elements, and say so in their description.
func TestPlainFlags(t *testing.T) {
	spec := schema(t)
	res := func(kind string) pschema.ResourceSpec { return spec.Resources["privatepull:index:"+kind] }
	typ := func(name string) pschema.ObjectTypeSpec { return spec.Types["privatepull:index:"+name].ObjectTypeSpec }

	inputs := map[string][]string{
		"PrivateNetwork":           {"resourceGroupName", "existingVnetId"},
		"PrivateDnsZones":          {"resourceGroupName", "vnetId"},
		"PrivateRegistry":          {"resourceGroupName"},
		"RegistryEndpoints":        {"registryId", "loginServer", "dataEndpointHostNames", "resourceGroupName", "registryReady"},
		"RegistryImages":           {"registryName", "resourceGroupName"},
		"PullIdentity":             {"resourceGroupName", "registryId"},
		"ContainerAppsEnvironment": {"resourceGroupName", "infrastructureSubnetId", "vnetId", "logAnalyticsWorkspaceId"},
		"ContainerAppWorkload":     {"environmentId", "resourceGroupName", "loginServer", "pullIdentityId", "pullIdentityClientId"},
		"WebAppWorkload": {"planId", "resourceGroupName", "integrationSubnetId", "loginServer", "registryId", "pullIdentityId",
			"pullIdentityClientId", "pullIdentityGrantId"},
		"FunctionStorage": {"existingAccountId", "resourceGroupName", "privateEndpointSubnetId", "vnetId"},
		"FunctionAppWorkload": {"appServicePlanId", "resourceGroupName", "integrationSubnetId", "loginServer", "registryId",
			"pullIdentityId", "pullIdentityClientId", "pullIdentityPrincipalId", "pullIdentityGrantId", "storageAccountId",
			"storageAccountName", "storageServiceHostNames"},
	}
	for kind, names := range inputs {
		for _, n := range names {
			assert.False(t, res(kind).InputProperties[n].Plain, "%s.%s must accept an output", kind, n)
		}
	}
	for tok, names := range map[string][]string{
		"SubnetSpec": {"existingId"}, "RegistryDNSZoneSpec": {"existingZoneId"},
		"RegistryEndpointSpec": {"subnetId", "dnsZoneId"}, "AgentPoolSpec": {"subnetId"},
		"CredentialSetSpec":  {"usernameSecretId", "passwordSecretId", "keyVaultId"},
		"HostedRegistrySpec": {"privateEndpointSubnetId", "dnsZoneId", "htpasswd"},
		"CustomRegistrySpec": {"server"}, "RegistryCredentials": {"username", "password"},
	} {
		for _, n := range names {
			assert.False(t, typ(tok).Properties[n].Plain, "%s.%s must accept an output", tok, n)
		}
	}

	// The ready lists: plain lists whose elements may be outputs.
	for _, ready := range []pschema.PropertySpec{res("ContainerAppWorkload").InputProperties["pullReady"],
		res("WebAppWorkload").InputProperties["networkReady"], typ("HostedRegistrySpec").Properties["dnsReady"],
		res("FunctionAppWorkload").InputProperties["networkReady"], res("FunctionAppWorkload").InputProperties["storageReady"]} {
		assert.True(t, ready.Plain)
		assert.False(t, ready.Items.Plain, "each ready value may be an output")
	}

	// Counts and names: plain, elements too, and the description says why.
	countsAndNames := map[string]map[string]pschema.PropertySpec{
		"RegistryDNSZoneSpec": typ("RegistryDNSZoneSpec").Properties, "ContainerAppSpec": typ("ContainerAppSpec").Properties,
		"WebAppSpec": typ("WebAppSpec").Properties, "RegistryEndpointSpec": typ("RegistryEndpointSpec").Properties,
		"FunctionAppSpec": typ("FunctionAppSpec").Properties,
	}
	for _, s := range served {
		kind := strings.TrimPrefix(s.fix.Token, module)
		countsAndNames[kind] = res(kind).InputProperties
	}
	for tok, props := range countsAndNames {
		for name, p := range props {
			if (p.Type != "array" && p.Type != "object") || name == "dataEndpointHostNames" || name == "storageServiceHostNames" {
				continue // the registry's and the storage's host names: outputs of PrivateRegistry and FunctionStorage
			}
			assert.True(t, p.Plain, "%s.%s: lists and maps are plain", tok, name)
			assert.Contains(t, p.Description, "Plain", "%s.%s: the description says it is plain", tok, name)
			inner := p.Items
			if inner == nil {
				inner = p.AdditionalProperties
			}
			if !strings.HasSuffix(name, "Ready") {
				assert.True(t, inner.Plain, "%s.%s: elements are plain", tok, name)
			}
		}
	}
	for _, name := range []string{"name", "imageRepository", "imageTag", "targetPort"} {
		assert.True(t, typ("ContainerAppSpec").Properties[name].Plain, "apps[].%s", name)
	}
	for _, name := range []string{"name", "plan", "pullAuth"} {
		assert.True(t, typ("FunctionAppSpec").Properties[name].Plain, "functionApps[].%s", name)
	}
	assert.True(t, res("FunctionStorage").InputProperties["accountName"].Plain)
	assert.True(t, typ("RegistryDNSZoneSpec").Properties["key"].Plain)
	for kind, names := range map[string][]string{
		"PullIdentity":      {"registryRoleAssignmentMode", "repositoryPrefix"},
		"PrivateDnsZones":   {"vnetName"},
		"RegistryEndpoints": {"location", "replicaLocations"},
	} {
		for _, n := range names {
			assert.True(t, res(kind).InputProperties[n].Plain, "%s.%s is plain", kind, n)
		}
	}
}

// TestRequiredInputs: what a consumer must give; the rest is optional.
func TestRequiredInputs(t *testing.T) {
	spec := schema(t)
	want := map[string][]string{
		"PrivateNetwork":           {"location", "privateEndpointSubnet", "resourceGroupName"},
		"PrivateDnsZones":          {"registryDnsZones", "resourceGroupName"},
		"PrivateRegistry":          {"location", "name", "resourceGroupName"},
		"RegistryEndpoints":        {"location", "loginServer", "privateEndpoints", "registryId", "resourceGroupName"},
		"RegistryImages":           {"registryName", "resourceGroupName"},
		"PullIdentity":             {"location", "name", "registryId", "resourceGroupName"},
		"ContainerAppsEnvironment": {"environmentName", "infrastructureSubnetId", "location", "resourceGroupName"},
		// environmentId is required unless the deprecated environmentName
		// and infrastructureSubnetId are given: the component checks it.
		"ContainerAppWorkload": {"location", "loginServer", "pullIdentityClientId", "pullIdentityId", "resourceGroupName"},
		"WebAppWorkload":       {"integrationSubnetId", "location", "resourceGroupName"},
		"FunctionStorage":      {"location", "privateEndpointSubnetId", "resourceGroupName"},
		"FunctionAppWorkload": {"apps", "integrationSubnetId", "location", "loginServer", "resourceGroupName",
			"storageAccountId", "storageAccountName"},
	}
	for kind, required := range want {
		got := append([]string{}, spec.Resources["privatepull:index:"+kind].RequiredInputs...)
		sort.Strings(got)
		assert.Equal(t, required, got, kind)
	}
}

// TestReadyOutputsAndSecrets: the schema counterparts of the Go handles, and
// credentials marked secret.
func TestReadyOutputsAndSecrets(t *testing.T) {
	spec := schema(t)
	for kind, outputs := range map[string][]string{
		"PullIdentity":             {"acrPullReadyId", "acrPullAssignmentId", "identityId", "clientId", "principalId"},
		"PrivateRegistry":          {"registryReady", "registryId", "registryName", "loginServer", "dataEndpointHostNames"},
		"RegistryEndpoints":        {"pullReady", "privateEndpointIds", "primaryEndpointAddresses"},
		"RegistryImages":           {"pullReady", "cacheRuleIds", "agentPoolName"},
		"PrivateNetwork":           {"privateEndpointSubnetId", "containerAppsSubnetId", "vnetId", "resourceGroupName"},
		"PrivateDnsZones":          {"registryDnsReady", "webAppDnsReady", "registryDnsZoneIds", "registryDnsZoneId"},
		"ContainerAppsEnvironment": {"environmentId", "defaultDomain", "staticIp", "logAnalyticsCustomerId"},
		"ContainerAppWorkload":     {"appIds", "appFqdns", "probeJobId"},
		"WebAppWorkload":           {"appIds", "appHostNames", "hostedRegistryHost", "planId"},
		"FunctionStorage": {"storageAccountId", "storageAccountName", "serviceHostNames", "privateEndpointIds", "dnsZoneIds",
			"linkedVnetIds", "expectedAddresses", "dnsReady"},
		"FunctionAppWorkload": {"elasticPlanId", "appHostNames", "appIds"},
	} {
		r := spec.Resources["privatepull:index:"+kind]
		for _, o := range outputs {
			assert.Contains(t, r.Properties, o, kind)
			assert.Contains(t, r.Required, o, "%s.%s is always set", kind, o)
		}
	}
	for tok, names := range map[string][]string{
		"RegistryCredentials": {"username", "password"}, "HostedRegistrySpec": {"htpasswd"},
		"AzureProviderSettings": {"clientSecret", "clientCertificatePassword", "oidcToken", "oidcRequestToken"},
	} {
		for _, n := range names {
			assert.True(t, spec.Types["privatepull:index:"+tok].Properties[n].Secret, "%s.%s", tok, n)
		}
	}
}

// deprecatedShapes are the pre-split inputs and outputs, still served: each
// component's, with the component that replaces them.
var deprecatedShapes = map[string]struct {
	inputs, outputs []string
	replacement     string
}{
	"PrivateNetwork": {[]string{"registryDnsZones", "webAppDnsZone", "allowUnlinkedRegistryDnsZones", "subscriptionId",
		"providerSettings", "cloud"},
		[]string{"registryDnsZoneId", "registryDnsZoneIds", "registryDnsReady", "webAppDnsZoneId", "webAppDnsReady"},
		"PrivateDnsZones"},
	"PrivateRegistry": {[]string{"privateEndpoints", "cacheRules", "credentialSets", "credentialSetPropagationWaitSeconds",
		"agentPool"},
		[]string{"privateEndpointIds", "primaryEndpointAddresses", "pullReady", "cacheRuleIds", "agentPoolName"},
		"Registry"},
	"ContainerAppWorkload": {[]string{"environmentName", "infrastructureSubnetId", "internal", "vnetId", "workloadProfiles",
		"logAnalyticsWorkspaceId", "logAnalyticsWorkspaceName"},
		[]string{"environmentId", "defaultDomain", "staticIp", "logAnalyticsWorkspaceId", "logAnalyticsCustomerId"},
		"ContainerAppsEnvironment"},
}

// deprecatedInputs are the inputs deprecated for another reason than the
// split, by component, with the start of their deprecation message.
var deprecatedInputs = map[string]map[string]string{
	// Issue 15: every registry host name comes from the registry's outputs.
	"PrivateRegistry": {"cloud": "ignored. Every host name comes from the registry's own outputs"},
}

// TestDeprecatedShapes: the pre-split inputs and outputs are served,
// optional, deprecated (a deprecationMessage the SDKs show, and a
// description that starts with it and names the component to compose
// instead); besides them only deprecatedInputs are deprecated, each saying
// why.
func TestDeprecatedShapes(t *testing.T) {
	spec := schema(t)
	check := func(where, name string, p pschema.PropertySpec, replacement string, deprecated map[string]bool) {
		kind, _, _ := strings.Cut(where, " ")
		if why, ok := deprecatedInputs[kind][name]; ok && strings.HasSuffix(where, " input") {
			assert.True(t, strings.HasPrefix(p.DeprecationMessage, why), "%s.%s: %q", where, name, p.DeprecationMessage)
			assert.True(t, strings.HasPrefix(p.Description, "Deprecated: "+p.DeprecationMessage+"\n\n"),
				"%s.%s: the description starts with the deprecation: %q", where, name, p.Description)
			return
		}
		if !deprecated[name] {
			assert.Empty(t, p.DeprecationMessage, "%s.%s is not deprecated", where, name)
			return
		}
		assert.Regexp(t, `^compose \w*`+replacement+`\w* (and \w+ )?instead`, p.DeprecationMessage, "%s.%s", where, name)
		assert.True(t, strings.HasPrefix(p.Description, "Deprecated: "+p.DeprecationMessage+"\n\n"),
			"%s.%s: the description starts with the deprecation: %q", where, name, p.Description)
	}
	for tok, r := range spec.Resources {
		kind := strings.TrimPrefix(tok, module)
		shape := deprecatedShapes[kind]
		inputs, outputs := map[string]bool{}, map[string]bool{}
		for _, n := range shape.inputs {
			inputs[n] = true
			assert.Contains(t, r.InputProperties, n, kind)
			assert.NotContains(t, r.RequiredInputs, n, "%s.%s is optional", kind, n)
		}
		for _, n := range shape.outputs {
			outputs[n] = true
			assert.Contains(t, r.Properties, n, kind)
			assert.Contains(t, r.Required, n, "%s.%s is always set (empty without its inputs)", kind, n)
		}
		for name, p := range r.InputProperties {
			check(kind+" input", name, p, shape.replacement, inputs)
		}
		for name, p := range r.Properties {
			check(kind+" output", name, p, shape.replacement, outputs)
		}
	}
}

// TestPreSplitSchemaStillServed: every input and output of the schema
// served before the split (testdata/pre-split/schema.json, fbc2a41's golden
// schema) is still served with the same type and plain flags, nested types
// too, and no input became required, so programs written against it, in
// any language, still type-check and run.
func TestPreSplitSchemaStillServed(t *testing.T) {
	raw, err := os.ReadFile("testdata/pre-split/schema.json")
	require.NoError(t, err)
	var old pschema.PackageSpec
	require.NoError(t, json.Unmarshal(raw, &old))
	spec := schema(t)
	same := func(where string, was, is map[string]pschema.PropertySpec) {
		for name, p := range was {
			now, ok := is[name]
			if assert.True(t, ok, "%s.%s is no longer served", where, name) {
				assert.Equal(t, p.TypeSpec, now.TypeSpec, "%s.%s changed type or plain flags", where, name)
				assert.Equal(t, p.Plain, now.Plain, "%s.%s changed plain flag", where, name)
			}
		}
	}
	for tok, was := range old.Resources {
		is := spec.Resources[tok]
		same(tok+" input", was.InputProperties, is.InputProperties)
		same(tok+" output", was.Properties, is.Properties)
		for _, r := range is.RequiredInputs {
			assert.Contains(t, was.RequiredInputs, r, "%s: %s became required", tok, r)
		}
	}
	for tok, was := range old.Types {
		is := spec.Types[tok]
		same(tok, was.Properties, is.Properties)
		for _, r := range is.Required {
			assert.Contains(t, was.Required, r, "%s: %s became required", tok, r)
		}
	}
}
