package tests

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/privatepull/privatepull/components"
	"github.com/privatepull/privatepull/components/stackconfig"
)

// minimal is the smallest valid configuration.
func minimal() map[string]string {
	return map[string]string{"location": "koreacentral", "registryName": "acrtest01"}
}

func with(extra map[string]string) map[string]string {
	raw := minimal()
	for k, v := range extra {
		raw[k] = v
	}
	return raw
}

func TestDefaultsFollowTheSeed(t *testing.T) {
	cfg, err := stackconfig.Parse(minimal(), nil)
	require.NoError(t, err)
	assert.Equal(t, components.CloudPublic, cfg.Cloud)
	assert.Equal(t, "10.0.0.0/16", cfg.VnetCidr)
	assert.Equal(t, "10.0.0.0/23", cfg.ContainerAppsSubnetCidr)
	assert.Equal(t, "10.0.2.0/24", cfg.PrivateEndpointSubnetCidr)
	assert.Equal(t, "rg-privatepull", cfg.ResourceGroupName)
	assert.Equal(t, "vnet-privatepull", cfg.VnetName)
	assert.Equal(t, "id-privatepull", cfg.IdentityName)
	assert.Equal(t, "cae-privatepull", cfg.EnvironmentName)
	assert.True(t, cfg.CreateResourceGroup)
	assert.False(t, cfg.EnvironmentInternal)
	assert.False(t, cfg.UsesWorkloadProfiles())
	assert.Empty(t, cfg.ContainerApps)
}

func TestContainerAppDefaults(t *testing.T) {
	cfg, err := stackconfig.Parse(with(map[string]string{
		"containerApps": `[{"name":"ca-myapp","image":"myapp"}]`,
	}), nil)
	require.NoError(t, err)
	a := cfg.ContainerApps[0]
	assert.Equal(t, "latest", a.Tag)
	assert.Equal(t, 8000, *a.Port)
	assert.True(t, *a.ExternalIngress)
	assert.Equal(t, 0.5, *a.CPU)
	assert.Equal(t, "1Gi", a.Memory)
	assert.Equal(t, 1, *a.MinReplicas)
	assert.Equal(t, 10, *a.MaxReplicas)
}

func TestInvalidConfigurationsNameKeyAndRule(t *testing.T) {
	cases := []struct {
		name string
		raw  map[string]string
		want string
	}{
		{"missing location", map[string]string{"registryName": "acrtest01"}, "privatepull:location: is required"},
		{"missing registry", map[string]string{"location": "koreacentral"}, "privatepull:registryName: is required"},
		{"bad location", with(map[string]string{"location": "Korea Central"}), "privatepull:location: \"Korea Central\" is not an Azure region"},
		{"unknown cloud", with(map[string]string{"cloud": "moon"}), "privatepull:cloud: unknown cloud \"moon\""},
		{"registry hyphen", with(map[string]string{"registryName": "acr-test"}), "privatepull:registryName: \"acr-test\" breaks the registry name rule: 5-50 letters and digits"},
		{"registry short", with(map[string]string{"registryName": "acr"}), "privatepull:registryName: \"acr\" breaks"},
		{"registry long", with(map[string]string{"registryName": "a123456789012345678901234567890123456789012345678901"}), "privatepull:registryName:"},
		{"bad bool", with(map[string]string{"createResourceGroup": "yes please"}), "privatepull:createResourceGroup: \"yes please\" is not a boolean"},
		{"bad vnet cidr", with(map[string]string{"vnetCidr": "10.0.0.0/33"}), "privatepull:vnetCidr: \"10.0.0.0/33\" is not a CIDR"},
		{"host bits", with(map[string]string{"vnetCidr": "10.0.0.1/16"}), "privatepull:vnetCidr: \"10.0.0.1/16\" has host bits set (did you mean 10.0.0.0/16?)"},
		{"ipv6", with(map[string]string{"vnetCidr": "fd00::/48"}), "privatepull:vnetCidr: \"fd00::/48\" is not an IPv4 CIDR"},
		{"subnet outside vnet", with(map[string]string{"privateEndpointSubnetCidr": "10.1.2.0/24"}), "privatepull:privateEndpointSubnetCidr: 10.1.2.0/24 is not inside the VNet address space 10.0.0.0/16"},
		{"overlap", with(map[string]string{"privateEndpointSubnetCidr": "10.0.1.0/24"}), "privatepull:privateEndpointSubnetCidr: 10.0.1.0/24 overlaps 10.0.0.0/23 (privatepull:containerAppsSubnetCidr)"},
		{"consumption subnet too small", with(map[string]string{"containerAppsSubnetCidr": "10.0.0.0/24"}), "privatepull:containerAppsSubnetCidr: 10.0.0.0/24 is too small: a consumption-only environment needs a /23 or larger subnet"},
		{"profiles subnet too small", with(map[string]string{"containerAppsSubnetCidr": "10.0.0.0/28", "workloadProfiles": `[{"name":"general","type":"D4"}]`}), "privatepull:containerAppsSubnetCidr: 10.0.0.0/28 is too small: a workload-profiles environment needs a /27 or larger subnet"},
		{"pe subnet too small", with(map[string]string{"privateEndpointSubnetCidr": "10.0.2.0/29"}), "privatepull:privateEndpointSubnetCidr: 10.0.2.0/29 is too small"},
		{"unknown app field", with(map[string]string{"containerApps": `[{"name":"ca-a","imgae":"a"}]`}), "privatepull:containerApps: cannot read the value: json: unknown field \"imgae\""},
		{"wrong field type", with(map[string]string{"containerApps": `[{"name":"ca-a","image":"a","port":"80"}]`}), "privatepull:containerApps: cannot read the value: field \"port\" must be a int"},
		{"app name upper", with(map[string]string{"containerApps": `[{"name":"CA-App","image":"a"}]`}), "privatepull:containerApps[0].name: \"CA-App\" breaks the container app naming rule"},
		{"app name double hyphen", with(map[string]string{"containerApps": `[{"name":"ca--app","image":"a"}]`}), "privatepull:containerApps[0].name: \"ca--app\" breaks"},
		{"duplicate app", with(map[string]string{"containerApps": `[{"name":"ca-a","image":"a"},{"name":"ca-a","image":"b"}]`}), "privatepull:containerApps[1].name: \"ca-a\" is already used by privatepull:containerApps[0].name"},
		{"port zero", with(map[string]string{"containerApps": `[{"name":"ca-a","image":"a","port":0}]`}), "privatepull:containerApps[0].port: 0 is not a TCP port (want 1-65535)"},
		{"port high", with(map[string]string{"containerApps": `[{"name":"ca-a","image":"a","port":65536}]`}), "privatepull:containerApps[0].port: 65536 is not a TCP port"},
		{"missing image", with(map[string]string{"containerApps": `[{"name":"ca-a"}]`}), "privatepull:containerApps[0].image: is required"},
		{"image with tag", with(map[string]string{"containerApps": `[{"name":"ca-a","image":"myapp:1.0"}]`}), "privatepull:containerApps[0].image: \"myapp:1.0\" must be a repository only; give the tag in privatepull:containerApps[0].tag"},
		{"image with host", with(map[string]string{"containerApps": `[{"name":"ca-a","image":"docker.io/library/nginx"}]`}), "privatepull:containerApps[0].image: \"docker.io/library/nginx\" looks like it names a registry host"},
		{"image uppercase", with(map[string]string{"containerApps": `[{"name":"ca-a","image":"MyApp"}]`}), "privatepull:containerApps[0].image: \"MyApp\" is not a valid repository name"},
		{"bad tag", with(map[string]string{"containerApps": `[{"name":"ca-a","image":"a","tag":"-x"}]`}), "privatepull:containerApps[0].tag: \"-x\" is not a valid tag"},
		{"cpu step", with(map[string]string{"containerApps": `[{"name":"ca-a","image":"a","cpu":0.3}]`}), "privatepull:containerApps[0].cpu: 0.3 must be a positive multiple of 0.25"},
		{"memory mismatch", with(map[string]string{"containerApps": `[{"name":"ca-a","image":"a","cpu":1,"memory":"1Gi"}]`}), "privatepull:containerApps[0].memory: \"1Gi\" does not match cpu 1: the Consumption profile needs memory = 2 x cpu (2Gi)"},
		{"memory unit", with(map[string]string{"containerApps": `[{"name":"ca-a","image":"a","memory":"1GB"}]`}), "privatepull:containerApps[0].memory: \"1GB\" must be a size in Gi"},
		{"replicas", with(map[string]string{"containerApps": `[{"name":"ca-a","image":"a","minReplicas":5,"maxReplicas":2}]`}), "privatepull:containerApps[0].minReplicas: need 0 <= minReplicas <= maxReplicas <= 1000"},
		{"reserved env", with(map[string]string{"containerApps": `[{"name":"ca-a","image":"a","env":{"AZURE_CLIENT_ID":"x"}}]`}), "privatepull:containerApps[0].env: AZURE_CLIENT_ID is set by privatepull"},
		{"bad env name", with(map[string]string{"containerApps": `[{"name":"ca-a","image":"a","env":{"1X":"x"}}]`}), "privatepull:containerApps[0].env: \"1X\" is not a valid environment variable name"},
		{"profile without profiles", with(map[string]string{"containerApps": `[{"name":"ca-a","image":"a","workloadProfile":"general"}]`}), "privatepull:containerApps[0].workloadProfile: \"general\" needs a workload-profiles environment"},
		{"unknown profile", with(map[string]string{"containerAppsSubnetCidr": "10.0.0.0/27", "workloadProfiles": `[{"name":"general","type":"D4"}]`, "containerApps": `[{"name":"ca-a","image":"a","workloadProfile":"gpu"}]`}), "privatepull:containerApps[0].workloadProfile: \"gpu\" is not Consumption nor a profile listed"},
		{"profile type", with(map[string]string{"containerAppsSubnetCidr": "10.0.0.0/27", "workloadProfiles": `[{"name":"general","type":"D3"}]`}), "privatepull:workloadProfiles[0].type: \"D3\" is not a dedicated workload profile type"},
		{"profile reserved", with(map[string]string{"containerAppsSubnetCidr": "10.0.0.0/27", "workloadProfiles": `[{"name":"Consumption","type":"D4"}]`}), "privatepull:workloadProfiles[0].name: \"Consumption\" is reserved"},
		{"profile counts", with(map[string]string{"containerAppsSubnetCidr": "10.0.0.0/27", "workloadProfiles": `[{"name":"general","type":"D4","minimumCount":4,"maximumCount":2}]`}), "privatepull:workloadProfiles[0].minimumCount: need 0 <= minimumCount <= maximumCount"},
		{"bad base name", with(map[string]string{"baseName": "My_App"}), "privatepull:baseName: \"My_App\" breaks the naming rule"},
		{"bad environment name", with(map[string]string{"environmentName": "CAE"}), "privatepull:environmentName: \"CAE\" breaks the naming rule"},
		{"bad identity name", with(map[string]string{"identityName": "id"}), "privatepull:identityName: \"id\" breaks the naming rule"},
		{"bad rg name", with(map[string]string{"resourceGroupName": "rg."}), "privatepull:resourceGroupName: \"rg.\" breaks the naming rule"},
		{"bad vnet name", with(map[string]string{"vnetName": "-vnet"}), "privatepull:vnetName: \"-vnet\" breaks the naming rule"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := stackconfig.Parse(tc.raw, nil)
			require.Error(t, err)
			assert.Nil(t, cfg)
			var cfgErr *stackconfig.Error
			require.True(t, errors.As(err, &cfgErr))
			assert.Contains(t, err.Error(), tc.want)
			assert.Contains(t, err.Error(), "nothing was deployed")
		})
	}
}

func TestAllProblemsAreReportedAtOnce(t *testing.T) {
	_, err := stackconfig.Parse(map[string]string{"vnetCidr": "nope", "containerApps": `[{"name":"X"}]`}, nil)
	var cfgErr *stackconfig.Error
	require.True(t, errors.As(err, &cfgErr))
	joined := err.Error()
	for _, key := range []string{"privatepull:location", "privatepull:registryName", "privatepull:vnetCidr",
		"privatepull:containerApps[0].name", "privatepull:containerApps[0].image"} {
		assert.Contains(t, joined, key)
	}
}

func TestDedicatedProfileAllowsLargerApps(t *testing.T) {
	_, err := stackconfig.Parse(with(map[string]string{
		"containerAppsSubnetCidr": "10.0.0.0/27",
		"workloadProfiles":        `[{"name":"general","type":"D4"}]`,
		"containerApps":           `[{"name":"ca-a","image":"a","cpu":3,"memory":"12Gi","workloadProfile":"general"}]`,
	}), nil)
	require.NoError(t, err)
}
