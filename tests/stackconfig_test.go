package tests

import (
	"errors"
	"fmt"
	"strings"
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
	assert.Empty(t, cfg.WorkloadProfileSpecs(), "no dedicated profiles: apps run on Consumption")
	assert.Equal(t, 300, cfg.AcrPullPropagationSeconds, "role assignments can take up to 10 minutes to propagate")
	assert.Empty(t, cfg.LogAnalyticsWorkspaceID, "a workspace is created unless one is given")
	assert.Equal(t, "log-privatepull", cfg.LogAnalyticsWorkspaceName())
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
		{"environment subnet too small", with(map[string]string{"containerAppsSubnetCidr": "10.0.0.0/28"}), "privatepull:containerAppsSubnetCidr: 10.0.0.0/28 is too small: the Container Apps environment (workload profiles, delegated to Microsoft.App/environments) needs a /27 or larger subnet"},
		{"pe subnet too small", with(map[string]string{"privateEndpointSubnetCidr": "10.0.2.0/29"}), "privatepull:privateEndpointSubnetCidr: 10.0.2.0/29 is too small"},
		{"unknown app field", with(map[string]string{"containerApps": `[{"name":"ca-a","imgae":"a"}]`}), "privatepull:containerApps: cannot read the value: json: unknown field \"imgae\""},
		{"wrong field type", with(map[string]string{"containerApps": `[{"name":"ca-a","image":"a","port":"80"}]`}), "privatepull:containerApps: cannot read the value: field \"port\" must be a int"},
		{"app kind", with(map[string]string{"containerApps": `[{"name":"ca-a","image":"a","kind":"functionApp"}]`}), "privatepull:containerApps[0].kind: \"functionApp\" is not an app kind: omit it for a container app, or set \"functionapp\" for Azure Functions on Container Apps"},
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
		{"profile not listed", with(map[string]string{"containerApps": `[{"name":"ca-a","image":"a","workloadProfile":"general"}]`}), "privatepull:containerApps[0].workloadProfile: \"general\" is not Consumption nor a profile listed in privatepull:workloadProfiles"},
		{"unknown profile", with(map[string]string{"containerAppsSubnetCidr": "10.0.0.0/27", "workloadProfiles": `[{"name":"general","type":"D4"}]`, "containerApps": `[{"name":"ca-a","image":"a","workloadProfile":"gpu"}]`}), "privatepull:containerApps[0].workloadProfile: \"gpu\" is not Consumption nor a profile listed"},
		{"profile type", with(map[string]string{"containerAppsSubnetCidr": "10.0.0.0/27", "workloadProfiles": `[{"name":"general","type":"D3"}]`}), "privatepull:workloadProfiles[0].type: \"D3\" is not a dedicated workload profile type"},
		{"profile reserved", with(map[string]string{"containerAppsSubnetCidr": "10.0.0.0/27", "workloadProfiles": `[{"name":"Consumption","type":"D4"}]`}), "privatepull:workloadProfiles[0].name: \"Consumption\" is reserved"},
		{"profile counts", with(map[string]string{"containerAppsSubnetCidr": "10.0.0.0/27", "workloadProfiles": `[{"name":"general","type":"D4","minimumCount":4,"maximumCount":2}]`}), "privatepull:workloadProfiles[0].minimumCount: need 0 <= minimumCount <= maximumCount"},
		{"bad base name", with(map[string]string{"baseName": "My_App"}), "privatepull:baseName: \"My_App\" breaks the naming rule"},
		{"bad environment name", with(map[string]string{"environmentName": "CAE"}), "privatepull:environmentName: \"CAE\" breaks the naming rule"},
		{"bad identity name", with(map[string]string{"identityName": "id"}), "privatepull:identityName: \"id\" breaks the naming rule"},
		{"bad rg name", with(map[string]string{"resourceGroupName": "rg."}), "privatepull:resourceGroupName: \"rg.\" breaks the naming rule"},
		{"bad vnet name", with(map[string]string{"vnetName": "-vnet"}), "privatepull:vnetName: \"-vnet\" breaks the naming rule"},
		{"container app system identity", with(map[string]string{"containerApps": `[{"name":"ca-a","image":"a","pullIdentity":"systemAssigned"}]`}), "privatepull:containerApps[0].pullIdentity: systemAssigned is not supported for Container Apps: a system-assigned identity exists only after the app is created, but Container Apps validates the image pull when the app is created"},
		{"app subnet too small", with(map[string]string{"webApps": web(`"name":"web-a"`), "appServiceSubnetCidr": "10.0.3.0/29"}), "privatepull:appServiceSubnetCidr: 10.0.3.0/29 is too small: App Service VNet integration needs a /28 or larger subnet"},
		{"app subnet outside", with(map[string]string{"webApps": web(`"name":"web-a"`), "appServiceSubnetCidr": "10.9.3.0/26"}), "privatepull:appServiceSubnetCidr: 10.9.3.0/26 is not inside the VNet"},
		{"app subnet overlaps pe", with(map[string]string{"webApps": web(`"name":"web-a"`), "appServiceSubnetCidr": "10.0.2.64/26"}), "privatepull:appServiceSubnetCidr: 10.0.2.64/26 overlaps 10.0.2.0/24 (privatepull:privateEndpointSubnetCidr)"},
		{"free plan", with(map[string]string{"webApps": web(`"name":"web-a"`), "appServicePlanSku": "F1"}), "privatepull:appServicePlanSku: \"F1\" (Free/Shared) does not support VNet integration"},
		{"shared plan", with(map[string]string{"webApps": web(`"name":"web-a"`), "appServicePlanSku": "D1"}), "privatepull:appServicePlanSku: \"D1\" (Free/Shared)"},
		{"windows plan", with(map[string]string{"webApps": web(`"name":"web-a"`), "appServicePlanOs": "windows"}), "privatepull:appServicePlanOs: \"windows\" is not supported: Windows containers cannot pull images over VNet integration"},
		{"plan instances", with(map[string]string{"webApps": web(`"name":"web-a"`), "appServicePlanInstances": "0"}), "privatepull:appServicePlanInstances: 0 does not fit P1v3 (PremiumV3 tier): want 1-30 instances"},
		{"credentials without secrets", with(map[string]string{"webApps": web(`"name":"web-a","pullAuth":"credentials"`)}), "privatepull:acrPullPassword: is required by privatepull:webApps[0].pullAuth=credentials"},
		{"credentials in plain text", with(map[string]string{"webApps": web(`"name":"web-a","pullAuth":"credentials"`), "acrPullUsername": "u", "acrPullPassword": "p"}), "privatepull:acrPullPassword: must be a secret"},
		{"unknown pull auth", with(map[string]string{"webApps": web(`"name":"web-a","pullAuth":"anonymous"`)}), "privatepull:webApps[0].pullAuth: \"anonymous\" is not one of userAssigned, systemAssigned, credentials"},
		{"custom registry without url", with(map[string]string{"webApps": web(`"name":"web-a","registry":"custom"`)}), "privatepull:webApps[0].registry: custom needs privatepull:customRegistryUrl or privatepull:hostedRegistryName"},
		{"custom registry with identity", with(map[string]string{"webApps": web(`"name":"web-a","registry":"custom","pullAuth":"userAssigned"`), "customRegistryUrl": "https://r.contoso.internal"}), "privatepull:webApps[0].pullAuth: \"userAssigned\" does not work with a custom registry"},
		{"custom registry url scheme", with(map[string]string{"webApps": web(`"name":"web-a","registry":"custom"`), "customRegistryUrl": "http://r.contoso.internal"}), "privatepull:customRegistryUrl: \"http://r.contoso.internal\" is not a registry URL (want https://host[:port]"},
		{"custom registry url path", with(map[string]string{"webApps": web(`"name":"web-a","registry":"custom"`), "customRegistryUrl": "https://r.contoso.internal/v2/"}), "privatepull:customRegistryUrl: \"https://r.contoso.internal/v2/\" is not a registry URL"},
		{"bad registry kind", with(map[string]string{"webApps": web(`"name":"web-a","registry":"dockerhub"`)}), "privatepull:webApps[0].registry: \"dockerhub\" is not acr or custom"},
		{"web app name", with(map[string]string{"webApps": web(`"name":"-web"`)}), "privatepull:webApps[0].name: \"-web\" breaks the web app naming rule"},
		{"web app duplicate", with(map[string]string{"webApps": `[{"name":"web-a","image":"a"},{"name":"WEB-A","image":"a"}]`}), "privatepull:webApps[1].name: \"WEB-A\" is already used by privatepull:webApps[0].name"},
		{"web app reserved setting", with(map[string]string{"webApps": web(`"name":"web-a","appSettings":{"DOCKER_REGISTRY_SERVER_PASSWORD":"x"}`)}), "privatepull:webApps[0].appSettings: DOCKER_REGISTRY_SERVER_PASSWORD is managed by privatepull"},
		{"web app port", with(map[string]string{"webApps": web(`"name":"web-a","port":0`)}), "privatepull:webApps[0].port: 0 is not a TCP port"},
		{"web app image", with(map[string]string{"webApps": web(`"name":"web-a","image":"nginx:1"`)}), "privatepull:webApps[0].image: \"nginx:1\" must be a repository only"},
		{"hosted registry name clash", with(map[string]string{"webApps": web(`"name":"reg-a"`), "hostedRegistryName": "reg-a"}), "privatepull:webApps[0].name: \"reg-a\" is the hosted registry's name"},
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
	for _, key := range []string{"privatepull:location", "privatepull:vnetCidr",
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

// web returns a webApps value with one entry; fields is the JSON body without
// braces, an image is added unless given.
func web(fields string) string {
	if !strings.Contains(fields, `"image"`) {
		fields += `,"image":"a"`
	}
	return "[{" + fields + "}]"
}

func TestWebAppDefaultsAndSecrets(t *testing.T) {
	raw := with(map[string]string{
		"webApps":                         `[{"name":"web-a","image":"a"},{"name":"web-b","image":"b","registry":"custom"}]`,
		"hostedRegistryName":              "reg-test01",
		"hostedRegistryAnonymousTestOnly": "true",
		"customRegistryUsername":          "puller",
		"customRegistryPassword":          "pa55",
	})
	cfg, err := stackconfig.Parse(raw, map[string]bool{"customRegistryUsername": true, "customRegistryPassword": true})
	require.NoError(t, err)
	a, b := cfg.WebApps[0], cfg.WebApps[1]
	assert.Equal(t, 80, *a.Port)
	assert.True(t, *a.AlwaysOn)
	assert.Equal(t, "userAssigned", a.PullAuth)
	assert.Equal(t, "acr", a.Registry)
	assert.Equal(t, "credentials", b.PullAuth, "custom registries default to credentials")
	assert.Equal(t, "asp-privatepull", cfg.AppServicePlanName)
	assert.Equal(t, "P1v3", cfg.AppServicePlanSku)
	assert.Equal(t, 1, cfg.AppServicePlanInstances)
	assert.Equal(t, "10.0.3.0/26", cfg.AppServiceSubnetCidr)
	assert.Equal(t, "https://reg-test01.azurewebsites.net", cfg.CustomRegistryURL, "the hosted registry is the default custom registry")
	assert.True(t, cfg.UsesHostedRegistry())
	assert.Equal(t, "[secret]", cfg.CustomRegistryPassword.String())
	assert.NotContains(t, fmt.Sprintf("%v %+v %#v", cfg, cfg, cfg), "pa55", "secrets never print")
	specs := cfg.WebAppSpecs()
	require.NotNil(t, specs[1].CustomRegistry)
	assert.True(t, specs[1].CustomRegistry.Hosted)
	assert.NotNil(t, specs[1].CustomRegistry.Credentials)
	assert.Nil(t, specs[0].CustomRegistry)
}

func TestCustomRegistryCredentialsComeInPairs(t *testing.T) {
	_, err := stackconfig.Parse(with(map[string]string{
		"webApps": web(`"name":"web-a","registry":"custom"`), "customRegistryUrl": "https://r.contoso.internal",
		"customRegistryUsername": "u",
	}), map[string]bool{"customRegistryUsername": true})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "privatepull:customRegistryPassword: set both privatepull:customRegistryUsername and privatepull:customRegistryPassword")
}
