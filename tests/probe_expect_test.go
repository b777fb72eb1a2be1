package tests

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/privatepull/privatepull/components"
	"github.com/privatepull/privatepull/tests/harness"
)

// probeProgram composes a registry and a workload whose probe job checks the
// registry's host names against its endpoints' primaryEndpointAddresses, and
// collects that output as "addresses".
func probeProgram(args *registrySpec, outs **harness.Outputs) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		reg, err := newRegistry(ctx, args)
		if err != nil {
			return err
		}
		_, err = components.NewContainerAppWorkload(ctx, "aca", &components.ContainerAppWorkloadArgs{
			EnvironmentID: pulumi.String(existingEnvironmentID), Location: "koreacentral",
			ResourceGroupName: pulumi.String("rg-test"), LoginServer: reg.registry.LoginServer,
			PullIdentityID: pulumi.String(uamiID), PullIdentityClientID: pulumi.String(uamiClientID),
			PullDependencies: reg.pullDependencies(),
			Probe: &components.ProbeJobSpec{ImageRepository: "privatepull/probe", ImageTag: "3.0",
				DataEndpointHostNames: reg.registry.DataEndpointHostNames,
				ExpectedAddresses:     reg.endpoints.PrimaryEndpointAddresses},
		})
		*outs = harness.Collect(pulumi.Map{"addresses": reg.endpoints.PrimaryEndpointAddresses})
		return err
	}
}

// runProbeProgram runs probeProgram, editing what the mocks report with edit
// (nil: the default mocks), and returns the probe job's environment and the
// registry's primaryEndpointAddresses.
func runProbeProgram(t *testing.T, preview bool, args *registrySpec,
	edit func(token string, state resource.PropertyMap)) (map[string]any, harness.Resolved) {
	t.Helper()
	var outs *harness.Outputs
	m, err := harness.Run(probeProgram(args, &outs), harness.Options{Preview: preview, EditState: edit})
	require.NoError(t, err)
	env := map[string]any{}
	for _, e := range get(t, m, "aca-probe").Plain("template.containers[0].env").([]any) {
		env[e.(map[string]any)["name"].(string)] = e.(map[string]any)["value"]
	}
	addresses, ok := outs.Resolve("addresses")
	require.True(t, ok)
	return env, addresses
}

// editRecordSets applies edit to the record sets of every zone config of a
// private DNS zone group's reported state.
func editRecordSets(token string, state resource.PropertyMap, edit func([]any) []any) {
	if !strings.HasSuffix(token, ":PrivateDnsZoneGroup") {
		return
	}
	configs := []resource.PropertyValue{}
	for _, c := range state["privateDnsZoneConfigs"].ArrayValue() {
		config := c.ObjectValue().Copy()
		var sets []any
		if rs, ok := config["recordSets"]; ok {
			sets = resource.NewProperty(rs.ArrayValue()).Mappable().([]any)
		}
		config["recordSets"] = resource.NewPropertyValue(edit(sets))
		configs = append(configs, resource.NewProperty(config))
	}
	state["privateDnsZoneConfigs"] = resource.NewProperty(configs)
}

// TestProbeExpectsTheZoneGroupRecords: the endpoint's customDnsConfigs is
// empty with a DNS zone group (pulumi/pulumi-azure-native#3245; the mocks
// report it so), so the expected IPs come from the zone group's record sets:
// the login server and every region's data endpoint, replicas included, with
// the first endpoint's static IPs; the probe job carries exactly those
// pairs. In preview they are unknown.
func TestProbeExpectsTheZoneGroupRecords(t *testing.T) {
	modes(t, func(t *testing.T, preview bool) {
		env, addresses := runProbeProgram(t, preview, geoRegistryArgs(), nil)
		data := []string{"acrtest01.koreacentral.data.azurecr.io", "acrtest01.koreasouth.data.azurecr.io",
			"acrtest01.japaneast.data.azurecr.io"}
		if preview {
			assert.Nil(t, env["PROBE_DATA_HOSTS"], "the data endpoints come from the registry's outputs: unknown in preview")
			assert.False(t, addresses.Known, "the record sets are unknown in preview")
			assert.Nil(t, env["PROBE_EXPECT"], "the job's expected pairs are unknown in preview")
			return
		}
		assert.Equal(t, strings.Join(data, " "), env["PROBE_DATA_HOSTS"])
		assert.Equal(t, map[string]string{"acrtest01.azurecr.io": "10.0.2.10", data[0]: "10.0.2.11", data[1]: "10.0.2.12",
			data[2]: "10.0.2.13"}, addresses.Value)
		assert.Equal(t, "acrtest01.azurecr.io", env["PROBE_LOGIN_SERVER"])
		assert.Equal(t, "acrtest01.azurecr.io=10.0.2.10 "+data[2]+"=10.0.2.13 "+data[0]+"=10.0.2.11 "+data[1]+"=10.0.2.12",
			env["PROBE_EXPECT"])
	})
}

// TestProbeMatchesRecordsToTheRegistryHostNames: with a domain-name-label
// scope Azure names the login server <name>-<hash>.azurecr.io and the records
// follow; the records are matched to the host names the registry reports
// (fqdn with or without the final dot), never built from the registry's
// name, and a record that serves none of them is ignored.
func TestProbeMatchesRecordsToTheRegistryHostNames(t *testing.T) {
	const label = "acrtest01-e7gsb3c2dxh0a4ft"
	env, addresses := runProbeProgram(t, false, registryArgs(), func(token string, state resource.PropertyMap) {
		if strings.HasSuffix(token, ":Registry") {
			state["loginServer"] = resource.NewProperty(label + ".azurecr.io")
			state["dataEndpointHostNames"] = resource.NewPropertyValue([]any{label + ".koreacentral.data.azurecr.io"})
		}
		editRecordSets(token, state, func(sets []any) []any {
			require.Len(t, sets, 2, "the mocks report the login server's and the data endpoint's records")
			for _, s := range sets {
				rs := s.(map[string]any)
				rs["recordSetName"] = strings.Replace(rs["recordSetName"].(string), "acrtest01", label, 1)
				rs["fqdn"] = strings.Replace(rs["fqdn"].(string), "acrtest01", label, 1) + "."
			}
			return append(sets, map[string]any{"recordType": "A", "recordSetName": "other",
				"fqdn": "other.privatelink.azurecr.io", "ipAddresses": []any{"10.0.2.99"}})
		})
	})
	assert.Equal(t, map[string]string{label + ".azurecr.io": "10.0.2.4", label + ".koreacentral.data.azurecr.io": "10.0.2.5"},
		addresses.Value)
	assert.Equal(t, label+".azurecr.io", env["PROBE_LOGIN_SERVER"])
	assert.Equal(t, label+".koreacentral.data.azurecr.io", env["PROBE_DATA_HOSTS"], "the probe resolves the hosts Azure gave")
	assert.Equal(t, label+".azurecr.io=10.0.2.4 "+label+".koreacentral.data.azurecr.io=10.0.2.5", env["PROBE_EXPECT"])
}

// TestProbeRequiresAPrivateAddressWithoutRecordSets: a provider that does
// not report the zone group's record sets leaves the expected IPs empty, and
// the probe then requires a private address for every host.
func TestProbeRequiresAPrivateAddressWithoutRecordSets(t *testing.T) {
	env, addresses := runProbeProgram(t, false, registryArgs(), func(token string, state resource.PropertyMap) {
		editRecordSets(token, state, func([]any) []any { return []any{} })
	})
	assert.Equal(t, map[string]string{}, addresses.Value)
	assert.Equal(t, "", env["PROBE_EXPECT"])
	assert.Equal(t, "acrtest01.koreacentral.data.azurecr.io", env["PROBE_DATA_HOSTS"])
}
