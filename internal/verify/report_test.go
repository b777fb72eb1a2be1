package verify

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func sampleReport() *Report {
	r := &Report{}
	r.pass(CheckRegistrySKU, registryID, "sku Premium", "sku Premium")
	r.fail(CheckDNSRecord, zoneID+"/A/"+regName, "A "+regName+" → 10.1.2.4", "A "+regName+" → 10.0.2.4", fixRecord)
	r.warn(CheckDNSVnetLink, zoneID, "no link to virtualNetworks/vnet-hub", "a link to "+vnetID, fixVnetLink)
	return r
}

func TestWriteTable(t *testing.T) {
	var b bytes.Buffer
	if err := sampleReport().WriteTable(&b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"STATUS", "PASS      registry.sku  registries/acrmyappdev01",
		"FAIL [1]", "privateDnsZones/privatelink.azurecr.io/A/acrmyappdev01",
		"WARN [2]", "a link to virtualNetworks/vnet-myapp", // ARM ids shortened in the table
		"How to fix:\n[1] FAIL dns.record privateDnsZones/privatelink.azurecr.io/A/acrmyappdev01: " + fixRecord,
		"[2] WARN dns.vnetLink",
		"3 checks: 1 passed, 1 failed, 1 warned",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "/subscriptions/") {
		t.Errorf("table shows full ARM ids:\n%s", out)
	}
}

func TestWriteJSON(t *testing.T) {
	var b bytes.Buffer
	r := sampleReport()
	if err := r.WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Results []Result `json:"results"`
		Summary struct {
			Checks, Passed, Failed, Warnings int
			OK                               bool
		} `json:"summary"`
	}
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Results) != 3 || doc.Results[1].Status != StatusFail || doc.Results[1].Fix != fixRecord ||
		doc.Results[1].Resource != zoneID+"/A/"+regName || doc.Results[0].Fix != "" {
		t.Errorf("results = %+v", doc.Results)
	}
	if doc.Summary.Checks != 3 || doc.Summary.Passed != 1 || doc.Summary.Failed != 1 || doc.Summary.Warnings != 1 || doc.Summary.OK {
		t.Errorf("summary = %+v", doc.Summary)
	}
	for _, key := range []string{`"status"`, `"check"`, `"resource"`, `"found"`, `"expected"`, `"fix"`} {
		if !strings.Contains(b.String(), key) {
			t.Errorf("JSON lacks key %s", key)
		}
	}
}

func TestFailedIgnoresWarnings(t *testing.T) {
	r := &Report{}
	r.warn(CheckDNSVnetLink, zoneID, "x", "y", fixVnetLink)
	if r.Failed() {
		t.Error("a warning made the report fail")
	}
	r.check(false, CheckRegistrySKU, registryID, "x", "y", fixSKU)
	if !r.Failed() {
		t.Error("a failure did not make the report fail")
	}
}
