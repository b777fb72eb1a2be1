package verify

import (
	"encoding/json"
	"strings"
	"testing"
)

// stackOutputJSON is what `pulumi stack output --json` prints for the
// healthy fixture stack, plus outputs verify does not read.
func stackOutputJSON(t *testing.T, edit func(m map[string]any)) string {
	t.Helper()
	data, err := json.Marshal(healthyOutputs())
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	m["vnetId"] = vnetID
	m["appFqdns"] = map[string]any{"ca-myapp": "ca-myapp.example.koreacentral.azurecontainerapps.io"}
	if edit != nil {
		edit(m)
	}
	data, err = json.MarshalIndent(m, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestParseOutputs(t *testing.T) {
	o, err := ParseOutputs(strings.NewReader(stackOutputJSON(t, nil)))
	if err != nil {
		t.Fatal(err)
	}
	if o.LoginServer != loginServer || len(o.RegistryPrivateEndpoints) != 1 ||
		o.RegistryPrivateEndpoints[0].DNSZoneID != zoneID || o.WebApps["web-sys-dev01"].PullAuth != PullAuthSystemAssigned ||
		o.ContainerApps["ca-myapp"].Image != loginServer+"/myapp:latest" || o.ProbeJobID != jobID {
		t.Errorf("parsed outputs = %+v", o)
	}
}

func TestParseOutputsRejectsIncompleteOutputs(t *testing.T) {
	cases := []struct {
		name string
		edit func(m map[string]any)
		want string
	}{
		{"empty input", nil, "no stack outputs"},
		{"not JSON", nil, "parsing stack outputs"},
		{"stack from before verify", func(m map[string]any) {
			delete(m, "registryPrivateEndpoints")
			delete(m, "identityPrincipalId")
		}, "missing output identityPrincipalId; missing output registryPrivateEndpoints"},
		{"unknown cloud", func(m map[string]any) { m["cloud"] = "azurestack" }, `unknown cloud "azurestack"`},
		{"environment id without its description", func(m map[string]any) { delete(m, "containerAppsEnvironment") },
			"missing output containerAppsEnvironment"},
		{"environment described without profiles", func(m map[string]any) {
			m["containerAppsEnvironment"].(map[string]any)["workloadProfiles"] = []any{}
		}, "output containerAppsEnvironment.workloadProfiles is empty"},
		{"regions and data endpoints disagree", func(m map[string]any) { m["registryRegions"] = []string{"koreacentral"} },
			"dataEndpointHostNames has 2 entries, registryRegions 1"},
		{"malformed zone id", func(m map[string]any) {
			m["registryPrivateEndpoints"].([]any)[0].(map[string]any)["dnsZoneId"] = "privatelink.azurecr.io"
		}, "registryPrivateEndpoints[0].dnsZoneId"},
		{"unknown pull mode", func(m map[string]any) {
			m["webApps"].(map[string]any)["web-sys-dev01"].(map[string]any)["pullAuth"] = "admin"
		}, `webApps.web-sys-dev01.pullAuth: unknown mode "admin"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var in string
			switch tc.name {
			case "empty input":
				in = "  \n"
			case "not JSON":
				in = "Current stack outputs (3):"
			default:
				in = stackOutputJSON(t, tc.edit)
			}
			_, err := ParseOutputs(strings.NewReader(in))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

func TestSubscriptionFallsBackToTheRegistryID(t *testing.T) {
	o := healthyOutputs()
	o.SubscriptionID = ""
	if got := o.subscription(); got != sub {
		t.Errorf("subscription() = %q, want %q", got, sub)
	}
}

func TestCloudConfig(t *testing.T) {
	for name, host := range map[string]string{
		"":             "https://management.azure.com/",
		"public":       "https://management.azure.com/",
		"usgovernment": "https://management.usgovcloudapi.net",
		"china":        "https://management.chinacloudapi.cn",
	} {
		cfg, err := CloudConfig(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, svc := range cfg.Services {
			if !strings.HasPrefix(svc.Endpoint, strings.TrimSuffix(host, "/")) {
				t.Errorf("cloud %q: ARM endpoint %q, want %q", name, svc.Endpoint, host)
			}
		}
	}
	if _, err := CloudConfig("moon"); err == nil {
		t.Error("unknown cloud accepted")
	}
}
