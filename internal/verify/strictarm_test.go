package verify

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// publishedAPIVersions lists, per resource type verify calls (lower case,
// namespace/type[/child type]), the api-versions Azure has published for it:
// the version folders of Azure/azure-rest-api-specs for that type, as the
// Azure SDK for Go modules (their generated api-version constants) and the
// azure-native provider's generated docs ("Uses Azure REST API version ...
// Other available API versions: ...") list them. A request at any other
// version is answered as ARM answers it: 400 InvalidApiVersionParameter.
var publishedAPIVersions = map[string][]string{
	"microsoft.containerregistry/registries": {"2017-03-01", "2019-05-01", "2022-12-01", "2023-01-01-preview",
		"2023-06-01-preview", "2023-07-01", "2023-08-01-preview", "2023-11-01-preview", "2024-11-01-preview",
		"2025-04-01", "2025-11-01"},
	// Credential sets exist from 2023-01-01-preview: 2022-12-01 has no such type.
	"microsoft.containerregistry/registries/credentialsets": {"2023-01-01-preview", "2023-06-01-preview", "2023-07-01",
		"2023-08-01-preview", "2023-11-01-preview", "2024-11-01-preview", "2025-04-01", "2025-11-01"},
	// Private endpoints and their privateDnsZoneGroups.
	"microsoft.network/privateendpoints": {"2020-11-01", "2021-02-01", "2023-02-01", "2023-04-01", "2023-05-01",
		"2023-06-01", "2023-09-01", "2023-11-01", "2024-01-01", "2024-03-01", "2024-05-01"},
	"microsoft.network/networkinterfaces": {"2018-07-01", "2019-02-01", "2019-06-01", "2019-08-01", "2020-11-01",
		"2023-02-01", "2023-04-01", "2023-05-01", "2023-06-01", "2023-09-01", "2023-11-01", "2024-01-01", "2024-03-01",
		"2024-05-01"},
	// Private DNS zones, their record sets and VNet links.
	"microsoft.network/privatednszones":       {"2018-09-01", "2020-06-01", "2024-06-01", "2026-06-01-preview"},
	"microsoft.authorization/roleassignments": {"2017-10-01-preview", "2020-03-01-preview", "2020-04-01-preview", "2020-10-01-preview", "2022-04-01"},
	"microsoft.app/containerapps":             containerAppsAPIVersions,
	"microsoft.app/managedenvironments":       containerAppsAPIVersions,
	// Jobs exist from 2023-04-01-preview.
	"microsoft.app/jobs": containerAppsAPIVersions[slices.Index(containerAppsAPIVersions, "2023-04-01-preview"):],
	"microsoft.web/sites": {"2016-08-01", "2018-11-01", "2020-10-01", "2020-12-01", "2022-09-01", "2023-01-01",
		"2023-12-01", "2024-04-01"},
	"microsoft.insights/diagnosticsettings": {"2017-05-01-preview", "2021-05-01-preview"},
	"microsoft.resourcegraph/resources":     {"2019-04-01", "2021-03-01", "2022-10-01", "2024-04-01"},
	// Storage accounts: the version folders of Azure/bicep-types-az
	// generated/storage/microsoft.storage (generated from the REST specs).
	"microsoft.storage/storageaccounts": {"2015-05-01-preview", "2015-06-15", "2016-01-01", "2016-05-01", "2016-12-01",
		"2017-06-01", "2017-10-01", "2018-02-01", "2018-03-01-preview", "2018-07-01", "2018-11-01", "2019-04-01", "2019-06-01",
		"2020-08-01-preview", "2021-01-01", "2021-02-01", "2021-04-01", "2021-06-01", "2021-08-01", "2021-09-01", "2022-05-01",
		"2022-09-01", "2023-01-01", "2023-04-01", "2023-05-01", "2024-01-01", "2025-01-01", "2025-06-01", "2025-08-01", "2026-04-01",
		"2026-06-01", "2026-09-01"},
}

// containerAppsAPIVersions are the Microsoft.App versions of container apps
// and managed environments, oldest first.
var containerAppsAPIVersions = []string{"2022-01-01-preview", "2022-03-01", "2022-10-01", "2023-04-01-preview",
	"2023-05-01", "2023-05-02-preview", "2023-08-01-preview", "2023-11-02-preview", "2024-02-02-preview", "2024-03-01",
	"2024-08-02-preview", "2024-10-02-preview", "2025-01-01"}

// armHost is the ARM endpoint the clients use in the tests (Azure public).
const armHost = "management.azure.com"

// strictARM stands in front of the fake servers and rejects what Azure's
// front ends reject before any resource provider sees the request: a path
// that does not parse strictly (bytes outside the URL grammar, bad
// percent-escapes, empty segments), a query string with bytes outside the
// URL grammar (raw spaces, quotes that should be escaped...), one that does
// not parse, and, for ARM, an api-version the resource type never published.
type strictARM struct {
	next interface {
		Do(*http.Request) (*http.Response, error)
	}
}

// Do implements policy.Transporter.
func (s strictARM) Do(req *http.Request) (*http.Response, error) {
	if err := strictPath(pathOnWire(req.URL)); err != nil {
		return armError(req, http.StatusBadRequest, "BadRequest", "The request is badly formed. ("+err.Error()+")"), nil
	}
	if err := strictQuery(req.URL.RawQuery); err != nil {
		return armError(req, http.StatusBadRequest, "BadRequest", "The request is badly formed. ("+err.Error()+")"), nil
	}
	if req.URL.Host == armHost {
		typ := resourceType(req.URL.Path)
		versions, ok := versionsOf(typ)
		if !ok {
			return armError(req, http.StatusBadRequest, "NoRegisteredProviderFound",
				"the test's fake ARM knows no api-versions of type "+typ+": add them to publishedAPIVersions"), nil
		}
		v := req.URL.Query().Get("api-version")
		if !slices.Contains(versions, v) {
			return armError(req, http.StatusBadRequest, "InvalidApiVersionParameter",
				fmt.Sprintf("The api-version '%s' is invalid. The supported versions are '%s'.", v, strings.Join(versions, ","))), nil
		}
	}
	return s.next.Do(req)
}

// strictQuery checks a raw query string against RFC 3986: every byte an
// unreserved or sub-delimiter character, ':', '@', '/', '?', or a
// percent-encoded octet; then it must parse as a form (Go's ParseQuery also
// refuses ';' separators and bad escapes).
func strictQuery(raw string) error {
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case strings.IndexByte("-._~!$&'()*+,=:@/?", c) >= 0:
		case c == '%' && i+2 < len(raw) && isHex(raw[i+1]) && isHex(raw[i+2]):
			i += 2
		default:
			return fmt.Errorf("byte %q at %d of the query is not allowed in a URL", c, i)
		}
	}
	if _, err := url.ParseQuery(raw); err != nil {
		return err
	}
	return nil
}

// pathOnWire returns the path of a request as the caller asked for it to be
// sent: an opaque URL's path as given, else the raw (escaped) path when one
// is set, even one Go would re-escape, else the escaped path.
func pathOnWire(u *url.URL) string {
	switch {
	case u.Opaque != "":
		p := u.Opaque
		if rest, ok := strings.CutPrefix(p, "//"); ok {
			// //host/path: the path starts after the host.
			if i := strings.IndexByte(rest, '/'); i >= 0 {
				return rest[i:]
			}
			return "/"
		}
		return p
	case u.RawPath != "":
		return u.RawPath
	default:
		return u.EscapedPath()
	}
}

// strictPath checks a path as sent against RFC 3986's path-absolute: it
// starts with '/', every segment is non-empty (no "//"; a trailing '/' is
// refused too, stricter than ARM may be: ARM ids have none and verify never
// sends one) and made of unreserved and sub-delimiter characters, ':', '@'
// and well-formed percent-encoded octets.
func strictPath(p string) error {
	if !strings.HasPrefix(p, "/") {
		return fmt.Errorf("the path %q does not start with /", p)
	}
	for i, seg := range strings.Split(p[1:], "/") {
		if seg == "" {
			return fmt.Errorf("segment %d of the path %q is empty", i+1, p)
		}
	}
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case strings.IndexByte("-._~!$&'()*+,;=:@/", c) >= 0:
		case c == '%' && i+2 < len(p) && isHex(p[i+1]) && isHex(p[i+2]):
			i += 2
		default:
			return fmt.Errorf("byte %q at %d of the path is not allowed in a URL", c, i)
		}
	}
	return nil
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// resourceType returns the type a request path addresses, from its last
// provider namespace: namespace/type[/child type...] in lower case, e.g.
// microsoft.network/privatednszones/a for a record set.
func resourceType(path string) string {
	p := strings.ToLower(path)
	i := strings.LastIndex(p, "/providers/")
	if i < 0 {
		return "(no provider in " + path + ")"
	}
	parts := strings.Split(strings.Trim(p[i+len("/providers/"):], "/"), "/")
	typ := parts[0]
	for j := 1; j < len(parts); j += 2 {
		typ += "/" + parts[j]
	}
	return typ
}

// versionsOf returns the published versions of a type, or of its nearest
// parent type that has a list (child resources and actions share their
// parent's versions).
func versionsOf(typ string) ([]string, bool) {
	for t := typ; strings.Contains(t, "/"); t = t[:strings.LastIndex(t, "/")] {
		if v, ok := publishedAPIVersions[t]; ok {
			return v, true
		}
	}
	return nil, false
}

// armError returns an ARM error response.
func armError(req *http.Request, status int, code, message string) *http.Response {
	body, _ := json.Marshal(map[string]any{"error": map[string]any{"code": code, "message": message}})
	return &http.Response{
		StatusCode: status,
		Status:     fmt.Sprintf("%d %s", status, http.StatusText(status)),
		Header:     http.Header{"Content-Type": []string{"application/json"}, "x-ms-error-code": []string{code}},
		Body:       io.NopCloser(strings.NewReader(string(body))),
		Request:    req,
	}
}
