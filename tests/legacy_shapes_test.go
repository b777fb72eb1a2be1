//lint:file-ignore SA1019 these tests exercise the deprecated pre-split shapes on purpose

package tests

import (
	"encoding/json"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/pulumi/pulumi-azure-native-sdk/managedidentity/v2"
	"github.com/pulumi/pulumi-azure-native-sdk/resources/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/privatepull/privatepull/components"
	"github.com/privatepull/privatepull/tests/harness"
)

// legacyShapesGolden is what the programs below registered and output under
// the mocks with the components as they were before the split (commit
// fbc2a41, the split's parent). This file compiles against both: the
// programs use the pre-split shapes only. To write it again from that
// commit (never from a later one: it is the reference):
//
//	mkdir /tmp/pre-split && git archive fbc2a41 | tar -x -C /tmp/pre-split
//	cp tests/legacy_shapes_test.go /tmp/pre-split/tests/ && mkdir -p /tmp/pre-split/tests/testdata
//	(cd /tmp/pre-split && LEGACY_SHAPES_WRITE=$OLDPWD/tests/testdata/legacy-shapes.json go test ./tests -run TestLegacyShapes)
//
// (the run there fails, having no golden file to compare with: it only
// writes this one).
const legacyShapesGolden = "testdata/legacy-shapes.json"

// TestLegacyShapesRegisterWhatTheyRegisteredBeforeTheSplit: a program
// written against the pre-split shapes (DNS zones in PrivateNetwork,
// endpoints and images in PrivateRegistry, the environment in
// ContainerAppWorkload) registers the same resources as before: names,
// types, parents (so URNs), dependencies, property dependencies, options and
// inputs, and outputs the same values, in update and in preview. Nothing
// in a stack deployed before the split is replaced or moved. The deliberate
// changes since then (changesSinceTheSplit, each with its reason) are applied
// to the reference first.
func TestLegacyShapesRegisterWhatTheyRegisteredBeforeTheSplit(t *testing.T) {
	got := map[string]legacySnapshot{}
	for _, program := range legacyPrograms() {
		for _, preview := range []bool{false, true} {
			key := program.name + map[bool]string{false: "/update", true: "/preview"}[preview]
			var out pulumi.Map
			m, err := harness.Run(func(ctx *pulumi.Context) (err error) {
				out, err = program.run(ctx)
				return err
			}, harness.Options{Preview: preview})
			require.NoError(t, err, key)
			got[key] = snapshotOf(m, out)
		}
	}
	raw, err := json.MarshalIndent(got, "", "  ")
	require.NoError(t, err)
	if path := os.Getenv("LEGACY_SHAPES_WRITE"); path != "" {
		require.NoError(t, os.WriteFile(path, append(raw, '\n'), 0o644))
	}
	want, err := os.ReadFile(legacyShapesGolden)
	require.NoError(t, err)
	var wantSnap map[string]legacySnapshot
	require.NoError(t, json.Unmarshal(want, &wantSnap))
	for key, w := range wantSnap {
		for _, change := range changesSinceTheSplit {
			change.apply(key, &w)
		}
		g := got[key]
		assert.Equal(t, registrationNames(w), registrationNames(g), "%s: the registered resources", key)
		for name, wr := range w.Registrations {
			assert.Equal(t, wr, g.Registrations[name], "%s: %s", key, name)
		}
		assert.Equal(t, w.Outputs, g.Outputs, "%s: the components' outputs", key)
	}
	assert.Len(t, got, len(wantSnap))
}

// legacyProgram is one program written against the pre-split shapes; run
// returns the components' outputs to compare.
type legacyProgram struct {
	name string
	run  func(ctx *pulumi.Context) (pulumi.Map, error)
}

// legacySnapshot is what one run registered (by logical name) and output.
type legacySnapshot struct {
	Registrations map[string]legacyRegistration `json:"registrations"`
	Outputs       map[string]any                `json:"outputs"`
}

// legacyRegistration is one registration as the engine receives it.
type legacyRegistration struct {
	// QualifiedType is the URN's type: the parents' types, then its own.
	QualifiedType        string              `json:"qualifiedType"`
	Parent               string              `json:"parent"`
	Custom               bool                `json:"custom"`
	Dependencies         []string            `json:"dependencies"`
	PropertyDependencies map[string][]string `json:"propertyDependencies"`
	Protect              bool                `json:"protect,omitempty"`
	ReplaceOnChanges     []string            `json:"replaceOnChanges,omitempty"`
	Timeouts             harness.Timeouts    `json:"timeouts"`
	ReadID               string              `json:"readId,omitempty"`
	Inputs               any                 `json:"inputs"`
}

// snapshotOf records a run's registrations and its outputs (values once
// resolved; "<unknown>" when unknown).
func snapshotOf(m *harness.Mocks, out pulumi.Map) legacySnapshot {
	regs := m.Registrations()
	byName := map[string]harness.Registration{}
	for _, r := range regs {
		byName[r.Name] = r
	}
	qualified := func(r harness.Registration) string {
		types := []string{r.Type}
		for p := r.Parent; p != ""; p = byName[p].Parent {
			types = append([]string{byName[p].Type}, types...)
		}
		return strings.Join(types, "$")
	}
	snap := legacySnapshot{Registrations: map[string]legacyRegistration{}, Outputs: map[string]any{}}
	for _, r := range regs {
		deps := map[string][]string{}
		for k, v := range r.PropertyDependencies {
			if len(v) > 0 {
				deps[k] = v
			}
		}
		snap.Registrations[r.Name] = legacyRegistration{QualifiedType: qualified(r), Parent: r.Parent, Custom: r.Custom,
			Dependencies: append([]string{}, r.Dependencies...), PropertyDependencies: deps, Protect: r.Protect,
			ReplaceOnChanges: r.ReplaceOnChanges, Timeouts: r.CustomTimeouts, ReadID: r.ReadID,
			Inputs: jsonRoundTrip(r.Plain(""))}
	}
	outputs := harness.Collect(out)
	for name := range out {
		v, known := outputs.Get(name)
		if !known {
			v = "<unknown>"
		}
		snap.Outputs[name] = jsonRoundTrip(v)
	}
	return snap
}

// jsonRoundTrip returns v as encoding/json reads it back, so that values
// compare equal with the golden file's.
func jsonRoundTrip(v any) any {
	raw, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	var out any
	if err := json.Unmarshal(raw, &out); err != nil {
		panic(err)
	}
	return out
}

// registrationNames lists a snapshot's registered names, sorted.
func registrationNames(s legacySnapshot) []string {
	names := make([]string, 0, len(s.Registrations))
	for n := range s.Registrations {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// legacyPrograms are the pre-split compositions: a hub-spoke network with
// every DNS option, a network in a resource group given as an output (the
// deferred layout check), a geo-replicated registry with everything it held,
// and workloads creating an internal environment with a workspace of their
// own or an existing one.
func legacyPrograms() []legacyProgram {
	return []legacyProgram{
		{"network-hub-spoke", legacyHubSpokeNetwork},
		{"network-deferred", legacyDeferredNetwork},
		{"registry-and-workload", legacyRegistryAndWorkload},
	}
}

// legacyHubSpokeNetwork: a created resource group and VNet with four
// subnets, the stack's zone, a hub zone in another subscription (its
// explicit provider) linked to a further VNet, the web zone, provider
// settings, a cloud and the subscription given.
func legacyHubSpokeNetwork(ctx *pulumi.Context) (pulumi.Map, error) {
	hubZone := "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-hub/providers/" +
		"Microsoft.Network/privateDnsZones/privatelink.azurecr.io"
	args := legacyCreatedNetworkArgs()
	args.AppServiceSubnet = &components.SubnetSpec{Name: "snet-app", AddressPrefix: "10.0.3.0/26",
		Delegation: components.DelegationAppService}
	args.WebAppDNSZone = true
	args.RegistryDNSZones = []components.RegistryDNSZoneSpec{{Key: "acr", LinkStackVnet: true},
		{Key: "hub", ExistingZoneID: pulumi.String(hubZone),
			LinkVnetIDs: []string{fakeID("Microsoft.Network/virtualNetworks/vnet-spoke")}}}
	args.ProviderSettings = &components.AzureProviderSettings{Environment: "public", TenantID: harness.TenantID}
	args.Cloud = components.CloudPublic
	args.Tags = map[string]string{"env": "test"}
	net, err := components.NewPrivateNetwork(ctx, "net", args)
	if err != nil {
		return nil, err
	}
	return legacyNetworkOutputs(net), nil
}

// legacyCreatedNetworkArgs are a network whose resource group and VNet
// privatepull creates, with the Container Apps, private endpoint and agent
// pool subnets, in the harness's subscription.
func legacyCreatedNetworkArgs() *components.PrivateNetworkArgs {
	return &components.PrivateNetworkArgs{
		Location: "koreacentral", ResourceGroupName: pulumi.String("rg-test"), CreateResourceGroup: true,
		VnetName: "vnet-test", VnetAddressSpace: "10.0.0.0/16",
		ContainerAppsSubnet: &components.SubnetSpec{Name: "snet-aca", AddressPrefix: "10.0.0.0/23",
			Delegation: components.DelegationContainerApps},
		PrivateEndpointSubnet: components.SubnetSpec{Name: "snet-pe", AddressPrefix: "10.0.2.0/24"},
		AgentPoolSubnet:       &components.SubnetSpec{Name: "snet-tasks", AddressPrefix: "10.0.4.0/24"},
		SubscriptionID:        harness.Subscription,
	}
}

// legacyDeferredNetwork: the resource group is another resource's output and
// the subscription is read with getClientConfig, so the zones and links wait
// for the layout check of the resolved ids.
func legacyDeferredNetwork(ctx *pulumi.Context) (pulumi.Map, error) {
	rg, err := resources.NewResourceGroup(ctx, "consumer-rg", &resources.ResourceGroupArgs{
		ResourceGroupName: pulumi.String("rg-test"), Location: pulumi.String("koreacentral")})
	if err != nil {
		return nil, err
	}
	net, err := components.NewPrivateNetwork(ctx, "net", &components.PrivateNetworkArgs{
		Location: "koreacentral", ResourceGroupName: rg.Name, VnetName: "vnet-test", VnetAddressSpace: "10.0.0.0/16",
		PrivateEndpointSubnet: components.SubnetSpec{Name: "snet-pe", AddressPrefix: "10.0.2.0/24"},
		RegistryDNSZones:      []components.RegistryDNSZoneSpec{{Key: "acr", LinkStackVnet: true}},
	})
	if err != nil {
		return nil, err
	}
	return legacyNetworkOutputs(net), nil
}

// legacyNetworkOutputs are PrivateNetwork's pre-split outputs.
func legacyNetworkOutputs(net *components.PrivateNetwork) pulumi.Map {
	return pulumi.Map{
		"net.resourceGroupName": net.ResourceGroupName, "net.vnetId": net.VnetID,
		"net.containerAppsSubnetId": net.ContainerAppsSubnetID, "net.privateEndpointSubnetId": net.PrivateEndpointSubnetID,
		"net.appServiceSubnetId": net.AppServiceSubnetID, "net.agentPoolSubnetId": net.AgentPoolSubnetID,
		"net.registryDnsZoneId": net.RegistryDNSZoneID, "net.registryDnsZoneIds": net.RegistryDNSZoneIDs,
		"net.registryDnsReady": net.RegistryDNSReady, "net.webAppDnsZoneId": net.WebAppDNSZoneID,
		"net.webAppDnsReady": net.WebAppDNSReady,
	}
}

// legacyRegistryAndWorkload: a network, a replicated registry with two
// endpoints (static IPs on the first), cache rules, a credential set with
// its vault grant and wait, an agent pool; and two workloads, one creating
// an internal environment with dedicated profiles and its own workspace,
// the apps and the probe job, the other an environment sending its logs to
// an existing workspace.
func legacyRegistryAndWorkload(ctx *pulumi.Context) (pulumi.Map, error) {
	args := legacyCreatedNetworkArgs()
	args.RegistryDNSZones = []components.RegistryDNSZoneSpec{{Key: "acr", LinkStackVnet: true},
		{Key: "pe2", ResourceGroupName: "rg-dns2", CreateResourceGroup: true, Location: "koreasouth",
			LinkVnetIDs: []string{fakeID("Microsoft.Network/virtualNetworks/vnet-south")}}}
	net, err := components.NewPrivateNetwork(ctx, "net", args)
	if err != nil {
		return nil, err
	}
	vault := fakeID("Microsoft.KeyVault/vaults/kv-test")
	registry, err := components.NewPrivateRegistry(ctx, "acr", &components.PrivateRegistryArgs{
		Name: "acrtest01", Location: "koreacentral", ResourceGroupName: net.ResourceGroupName,
		Replicas: []components.ReplicaSpec{{Location: "koreasouth", RegionEndpointEnabled: true}},
		PrivateEndpoints: []components.RegistryEndpointSpec{
			{Name: "pe-acr", SubnetID: net.PrivateEndpointSubnetID, DNSZoneID: net.RegistryDNSZoneID,
				StaticIPs: map[string]string{"registry": "10.0.2.10", "registry_data_koreacentral": "10.0.2.11",
					"registry_data_koreasouth": "10.0.2.12"}},
			{Name: "pe-acr-south", Location: "koreasouth",
				SubnetID:  pulumi.String(fakeID("Microsoft.Network/virtualNetworks/vnet-south/subnets/snet-pe")),
				DNSZoneID: net.RegistryDNSZoneIDs.Index(pulumi.Int(1))},
		},
		AllowedPublicIPRanges: []string{"203.0.113.7"}, UntaggedRetentionDays: 7, Protect: true,
		CacheRules: []components.CacheRuleSpec{
			{Name: "cache-hello", Source: "mcr.microsoft.com/azuredocs/containerapps-helloworld", Target: "samples/hello"},
			{Name: "cache-nginx", Source: "docker.io/library/nginx", Target: "library/nginx", CredentialSet: "dockerhub"},
		},
		CredentialSets: []components.CredentialSetSpec{{Name: "dockerhub", LoginServer: "docker.io",
			UsernameSecretID: pulumi.String("https://kv-test.vault.azure.net/secrets/user"),
			PasswordSecretID: pulumi.String("https://kv-test.vault.azure.net/secrets/token"),
			KeyVaultID:       pulumi.String(vault)}},
		CredentialSetPropagationWaitSeconds: 60,
		AgentPool:                           &components.AgentPoolSpec{Name: "pool", Tier: "S1", Count: 1, SubnetID: net.AgentPoolSubnetID},
		Tags:                                map[string]string{"env": "test"},
	})
	if err != nil {
		return nil, err
	}
	identity, err := managedidentity.NewUserAssignedIdentity(ctx, "consumer-identity", &managedidentity.UserAssignedIdentityArgs{
		ResourceName: pulumi.String("id-pull"), ResourceGroupName: net.ResourceGroupName})
	if err != nil {
		return nil, err
	}
	workload := func(name, env string, more func(*components.ContainerAppWorkloadArgs)) (*components.ContainerAppWorkload, error) {
		args := &components.ContainerAppWorkloadArgs{
			EnvironmentName: env, Location: "koreacentral", ResourceGroupName: net.ResourceGroupName,
			InfrastructureSubnetID: net.ContainerAppsSubnetID, LoginServer: registry.LoginServer,
			PullIdentityID: identity.ID().ToStringOutput(), PullIdentityClientID: identity.ClientId,
			PullReady:        []pulumi.StringInput{registry.PullReady, net.RegistryDNSReady},
			PullDependencies: append(append([]pulumi.Resource{identity}, registry.PullDependencies...), net.RegistryDNSZoneLinks...),
			Apps: []components.ContainerAppSpec{{Name: "ca-" + name, ImageRepository: "samples/hello", ImageTag: "v1",
				TargetPort: 80, ExternalIngress: true, CPU: 0.5, Memory: "1Gi", MinReplicas: 1, MaxReplicas: 3,
				Env: map[string]string{"GREETING": "hi"}}},
			Tags: map[string]string{"env": "test"},
		}
		more(args)
		return components.NewContainerAppWorkload(ctx, name, args)
	}
	internal, err := workload("aca", "cae-test", func(a *components.ContainerAppWorkloadArgs) {
		a.Internal, a.VnetID = true, net.VnetID
		a.WorkloadProfiles = []components.WorkloadProfileSpec{{Name: "dedicated", Type: "D4", MinimumCount: 1, MaximumCount: 2}}
		a.LogAnalyticsWorkspaceName = "log-own"
		a.Probe = &components.ProbeJobSpec{ImageRepository: "privatepull/probe", ImageTag: "3.0",
			DataEndpointHostNames: registry.DataEndpointHostNames, ExpectedAddresses: registry.PrimaryEndpointAddresses}
	})
	if err != nil {
		return nil, err
	}
	shared, err := workload("aca2", "cae-test2", func(a *components.ContainerAppWorkloadArgs) {
		a.LogAnalyticsWorkspaceID = pulumi.String(fakeID("Microsoft.OperationalInsights/workspaces/log-shared"))
	})
	if err != nil {
		return nil, err
	}
	outputs := legacyNetworkOutputs(net)
	for k, v := range map[string]pulumi.Input{
		"acr.registryId": registry.RegistryID, "acr.registryName": registry.RegistryName,
		"acr.loginServer": registry.LoginServer, "acr.dataEndpointHostNames": registry.DataEndpointHostNames,
		"acr.privateEndpointIds": registry.PrivateEndpointIDs, "acr.pullReady": registry.PullReady,
		"acr.primaryEndpointAddresses": registry.PrimaryEndpointAddresses, "acr.cacheRuleIds": registry.CacheRuleIDs,
		"acr.agentPoolName": registry.AgentPoolName,
	} {
		outputs[k] = v
	}
	for name, w := range map[string]*components.ContainerAppWorkload{"aca": internal, "aca2": shared} {
		for k, v := range map[string]pulumi.Input{
			"environmentId": w.EnvironmentID, "defaultDomain": w.DefaultDomain, "staticIp": w.StaticIP,
			"appFqdns": w.AppFQDNs, "appIds": w.AppIDs, "probeJobId": w.ProbeJobID,
			"logAnalyticsWorkspaceId": w.LogAnalyticsWorkspaceID, "logAnalyticsCustomerId": w.LogAnalyticsCustomerID,
		} {
			outputs[name+"."+k] = v
		}
	}
	return outputs, nil
}
