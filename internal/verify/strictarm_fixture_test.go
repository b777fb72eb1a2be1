package verify

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/authorization/armauthorization/v2"
)

// recordingTransport remembers the raw query of every request.
type recordingTransport struct {
	next    policy.Transporter
	queries []string
}

func (r *recordingTransport) Do(req *http.Request) (*http.Response, error) {
	r.queries = append(r.queries, req.URL.RawQuery)
	return r.next.Do(req)
}

// TestRoleAssignmentFilterMustBeEscaped shows what ARM does with the filter
// armauthorization passes through unencoded: the raw filter is refused as a
// badly formed request, the escaped one is answered.
func TestRoleAssignmentFilterMustBeEscaped(t *testing.T) {
	w := newWorld()
	rec := &recordingTransport{next: strictARM{next: w.transport()}}
	c, err := NewClients(w.clients(t).cred, Options{Transport: rec})
	if err != nil {
		t.Fatal(err)
	}
	cl, err := c.roleAssignments(sub)
	if err != nil {
		t.Fatal(err)
	}
	list := func(filter string) ([]*armauthorization.RoleAssignment, error) {
		pager := cl.NewListForScopePager(registryID, &armauthorization.RoleAssignmentsClientListForScopeOptions{Filter: &filter})
		page, err := pager.NextPage(context.Background())
		return page.Value, err
	}

	_, err = list("principalId eq '" + principalID + "'")
	var re *azcore.ResponseError
	if !errors.As(err, &re) || re.StatusCode != http.StatusBadRequest || re.ErrorCode != "BadRequest" {
		t.Fatalf("unescaped filter: err = %v, want ARM's 400 BadRequest", err)
	}
	if q := rec.queries[len(rec.queries)-1]; !strings.Contains(q, "$filter=principalId eq '") {
		t.Errorf("the SDK was expected to send the filter as given, sent %q", q)
	}

	got, err := list(principalIDFilter(principalID))
	if err != nil {
		t.Fatalf("escaped filter: %v", err)
	}
	if want := "$filter=principalId+eq+%27" + principalID + "%27"; !strings.Contains(rec.queries[len(rec.queries)-1], want) {
		t.Errorf("query on the wire %q, want it to contain %q", rec.queries[len(rec.queries)-1], want)
	}
	if len(got) != 2 || *got[0].Properties.PrincipalID != principalID || *got[1].Properties.PrincipalID != principalID {
		t.Errorf("assignments %v, want the identity's AcrPull and Reader only", got)
	}
}

// TestStrictARMRejectsWhatARMRejects guards the test front end itself.
func TestStrictARMRejectsWhatARMRejects(t *testing.T) {
	front := strictARM{next: newWorld().transport()}
	cases := []struct {
		name, query, code string
	}{
		{"published version", "api-version=" + networkAPIVersion, ""},
		{"version never published", "api-version=2024-05-02", "InvalidApiVersionParameter"},
		{"version of another type", "api-version=2024-06-01", "InvalidApiVersionParameter"},
		{"no version", "", "InvalidApiVersionParameter"},
		{"raw space in the query", "api-version=" + networkAPIVersion + "&$filter=name eq 'x'", "BadRequest"},
		{"raw quote in the query", "api-version=" + networkAPIVersion + `&$filter="x"`, "BadRequest"},
		{"semicolon separator", "api-version=" + networkAPIVersion + "&a=1;b=2", "BadRequest"},
		{"broken escape", "api-version=" + networkAPIVersion + "&a=%zz", "BadRequest"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req := &http.Request{Method: http.MethodGet, Header: http.Header{},
				URL: &url.URL{Scheme: "https", Host: armHost, Path: peID, RawQuery: tc.query}}
			resp, err := front.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			switch {
			case tc.code == "" && resp.StatusCode != http.StatusOK:
				t.Errorf("%d %s, want the resource", resp.StatusCode, body)
			case tc.code != "" && (resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(body), `"code":"`+tc.code+`"`)):
				t.Errorf("%d %s, want 400 %s", resp.StatusCode, body, tc.code)
			}
		})
	}
}

// TestStrictARMRejectsMalformedPaths guards the path check of the test front
// end: the path as it goes on the wire must parse strictly, so a request
// built from a badly joined or unescaped id fails in the tests as it would
// against ARM.
func TestStrictARMRejectsMalformedPaths(t *testing.T) {
	front := strictARM{next: newWorld().transport()}
	cases := []struct {
		name string
		url  url.URL
		ok   bool
	}{
		{"an ARM id", url.URL{Path: peID}, true},
		{"raw space", url.URL{Opaque: rgID + "/providers/Microsoft.Network/privateEndpoints/pe acr"}, false},
		{"invalid percent-escape", url.URL{Path: peID + "%zz", RawPath: peID + "%zz"}, false},
		{"truncated percent-escape", url.URL{Opaque: peID + "%2"}, false},
		{"empty segment", url.URL{Path: strings.Replace(peID, "/providers/", "//providers/", 1)}, false},
		{"trailing slash", url.URL{Path: peID + "/"}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			u := tc.url
			u.Scheme, u.Host, u.RawQuery = "https", armHost, "api-version="+networkAPIVersion
			resp, err := front.Do(&http.Request{Method: http.MethodGet, Header: http.Header{}, URL: &u})
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			switch {
			case tc.ok && resp.StatusCode != http.StatusOK:
				t.Errorf("%d %s, want the resource", resp.StatusCode, body)
			case !tc.ok && (resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(body), `"code":"BadRequest"`) ||
				!strings.Contains(string(body), "of the path")):
				t.Errorf("%d %s, want 400 BadRequest naming the path", resp.StatusCode, body)
			}
		})
	}
}
