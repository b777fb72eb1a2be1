package verify

import (
	"strings"
	"testing"
)

// withFunctionOutputs adds the function app outputs, exactly as the design's
// contract spells them, to the stack output JSON.
func withFunctionOutputs(hostNames any) func(m map[string]any) {
	return func(m map[string]any) {
		m["functionApps"] = map[string]any{funcUAName: map[string]any{
			"id": funcUAID, "plan": "elastic", "pullAuth": "userAssigned", "image": funcImage,
			"integrationSubnetId": funcSubnetID, "storageAccountId": storageID,
		}}
		m["functionsStorage"] = map[string]any{
			"id": storageID, "name": stName,
			"privateEndpoints": []any{
				map[string]any{"service": "blob", "id": storagePEID("blob"), "dnsZoneId": storageZoneID("blob")},
				map[string]any{"service": "queue", "id": storagePEID("queue"), "dnsZoneId": storageZoneID("queue")},
				map[string]any{"service": "table", "id": storagePEID("table"), "dnsZoneId": storageZoneID("table")},
			},
			"linkedVnetIds":    []any{vnetID},
			"serviceHostNames": hostNames,
		}
	}
}

func TestParseFunctionOutputs(t *testing.T) {
	want := ServiceHostNames{"blob": storageHost("blob"), "queue": storageHost("queue"), "table": storageHost("table")}
	for name, hostNames := range map[string]any{
		"host names by service": map[string]any{"blob": storageHost("blob"), "queue": storageHost("queue"), "Table": storageHost("table")},
		"host names as a list":  []any{storageHost("blob"), strings.ToUpper(storageHost("queue")), storageHost("table") + "."},
		"primaryEndpoints URLs": map[string]any{"blob": "https://" + storageHost("blob") + "/", "queue": "https://" + storageHost("queue") + "/",
			"table": "https://" + storageHost("table") + "/"},
	} {
		t.Run(name, func(t *testing.T) {
			o, err := ParseOutputs(strings.NewReader(stackOutputJSON(t, withFunctionOutputs(hostNames))))
			if err != nil {
				t.Fatal(err)
			}
			f := o.FunctionApps[funcUAName]
			if f.ID != funcUAID || f.Plan != "elastic" || f.PullAuth != PullAuthUserAssigned || f.Image != funcImage ||
				f.IntegrationSubnetID != funcSubnetID || f.StorageAccountID != storageID {
				t.Errorf("functionApps = %+v", o.FunctionApps)
			}
			st := o.FunctionsStorage
			if st == nil || st.ID != storageID || st.Name != stName || len(st.PrivateEndpoints) != 3 ||
				st.PrivateEndpoints[1] != (StoragePrivateEndpointOutput{Service: "queue", ID: storagePEID("queue"), DNSZoneID: storageZoneID("queue")}) ||
				len(st.LinkedVnetIDs) != 1 || st.LinkedVnetIDs[0] != vnetID {
				t.Fatalf("functionsStorage = %+v", st)
			}
			if len(st.ServiceHostNames) != len(want) {
				t.Errorf("serviceHostNames = %v, want %v", st.ServiceHostNames, want)
			}
			for service, host := range want {
				if st.ServiceHostNames[service] != host {
					t.Errorf("serviceHostNames[%s] = %q, want %q", service, st.ServiceHostNames[service], host)
				}
			}
		})
	}
}

func TestStackOutputsWithoutFunctionApps(t *testing.T) {
	o, err := ParseOutputs(strings.NewReader(stackOutputJSON(t, func(m map[string]any) {
		delete(m, "functionApps")
		delete(m, "functionsStorage")
	})))
	if err != nil {
		t.Fatal(err)
	}
	if o.FunctionApps != nil || o.FunctionsStorage != nil {
		t.Errorf("function outputs of a stack without them: %+v, %+v", o.FunctionApps, o.FunctionsStorage)
	}
}

func TestParseFunctionOutputsRejectsMalformedOutputs(t *testing.T) {
	hosts := map[string]any{"blob": storageHost("blob")}
	cases := []struct {
		name string
		edit func(m map[string]any)
		want string
	}{
		{"function apps without their storage", func(m map[string]any) {
			withFunctionOutputs(hosts)(m)
			delete(m, "functionsStorage")
		}, "missing output functionsStorage (the stack has function apps)"},
		{"credential pull", func(m map[string]any) {
			withFunctionOutputs(hosts)(m)
			m["functionApps"].(map[string]any)[funcUAName].(map[string]any)["pullAuth"] = "credentials"
		}, `output functionApps.` + funcUAName + `.pullAuth: unknown mode "credentials" (want userAssigned or systemAssigned)`},
		{"site id not an ARM id", func(m map[string]any) {
			withFunctionOutputs(hosts)(m)
			m["functionApps"].(map[string]any)[funcUAName].(map[string]any)["id"] = funcUAName
		}, "output functionApps." + funcUAName + ".id: invalid resource id"},
		{"function app without its integration subnet", func(m map[string]any) {
			withFunctionOutputs(hosts)(m)
			delete(m["functionApps"].(map[string]any)[funcUAName].(map[string]any), "integrationSubnetId")
		}, "output functionApps." + funcUAName + ".integrationSubnetId: empty resource id"},
		{"integration subnet id names the VNet", func(m map[string]any) {
			withFunctionOutputs(hosts)(m)
			m["functionApps"].(map[string]any)[funcUAName].(map[string]any)["integrationSubnetId"] = vnetID
		}, "output functionApps." + funcUAName + ".integrationSubnetId: " + vnetID +
			" is of type Microsoft.Network/virtualNetworks, not a subnet (Microsoft.Network/virtualNetworks/subnets)"},
		{"integration subnet id not an ARM id", func(m map[string]any) {
			withFunctionOutputs(hosts)(m)
			m["functionApps"].(map[string]any)[funcUAName].(map[string]any)["integrationSubnetId"] = "snet-functions"
		}, "output functionApps." + funcUAName + `.integrationSubnetId: invalid resource id "snet-functions"`},
		{"endpoint of an unknown service", func(m map[string]any) {
			withFunctionOutputs(hosts)(m)
			pe := m["functionsStorage"].(map[string]any)["privateEndpoints"].([]any)[0].(map[string]any)
			pe["service"] = "dfs"
		}, `output functionsStorage.privateEndpoints[0].service: unknown service "dfs" (want blob, queue, table, file)`},
		{"zone id missing", func(m map[string]any) {
			withFunctionOutputs(hosts)(m)
			delete(m["functionsStorage"].(map[string]any)["privateEndpoints"].([]any)[2].(map[string]any), "dnsZoneId")
		}, "output functionsStorage.privateEndpoints[2].dnsZoneId: empty resource id"},
		{"host name without a service label", func(m map[string]any) {
			withFunctionOutputs([]any{"localhost"})(m)
		}, `serviceHostNames: "localhost" is not <account>.<service>.<suffix>`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseOutputs(strings.NewReader(stackOutputJSON(t, tc.edit)))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

// A stack without function apps exports functionsStorage as {}: that is no
// storage, not a storage with a missing id.
func TestParseOutputsTakesAnEmptyFunctionsStorageAsNone(t *testing.T) {
	o, err := ParseOutputs(strings.NewReader(stackOutputJSON(t, func(m map[string]any) {
		m["functionApps"] = map[string]any{}
		m["functionsStorage"] = map[string]any{}
	})))
	if err != nil {
		t.Fatalf("ParseOutputs: %v", err)
	}
	if o.FunctionsStorage != nil {
		t.Errorf("functionsStorage = %+v, want none", o.FunctionsStorage)
	}
}
