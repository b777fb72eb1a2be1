package main

import (
	"encoding/pem"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestProbeScriptReadsTheRealCurl runs the dev stack's probe script in the
// image's command set with the host's real curl (getent stays fake) against
// local HTTPS servers, so the parsing of curl's -D headers and -w line is
// checked against what curl really prints: HTTP/1.1 and HTTP/2 (lower-case
// header names) challenges, an anonymous 200, an untrusted certificate and a
// closed port; and a private host's reachability call (no -D): a 400 answer
// passes, a closed port is no connection.
func TestProbeScriptReadsTheRealCurl(t *testing.T) {
	m, _ := runStack(t, "dev", false)
	script, _ := get(t, m, "aca-probe").Plain("template.containers[0].args[0]").(string)
	require.NotEmpty(t, script)
	sandbox := newProbeSandbox(t, script, true)

	var proto atomic.Int32
	registry := func(status int) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			proto.Store(int32(r.ProtoMajor))
			if status == http.StatusUnauthorized {
				w.Header().Set("Www-Authenticate", `Bearer realm="https://`+r.Host+`/oauth2/token",service="`+r.Host+`"`)
			}
			w.WriteHeader(status)
		})
	}
	// probe runs the script with host (host:port) as the login server and
	// privateHosts (host:port each) as PROBE_PRIVATE_HOSTS, which the fake
	// getent resolves to the expected 10.0.2.4 and 10.0.2.20 and curl
	// reaches on 127.0.0.1, trusting caFile ("": the system's CAs). It
	// returns the lines after the login server's DNS check and the exit
	// status.
	probe := func(t *testing.T, host string, caFile string, privateHosts ...string) ([]string, int) {
		dnsDir := t.TempDir()
		require.NoError(t, os.WriteFile(filepath.Join(dnsDir, host), []byte(getentLines(host, "10.0.2.4")), 0o644))
		expect := []string{host + "=10.0.2.4"}
		for _, private := range privateHosts {
			require.NoError(t, os.WriteFile(filepath.Join(dnsDir, private), []byte(getentLines(private, "10.0.2.20")), 0o644))
			expect = append(expect, private+"=10.0.2.20")
		}
		env := map[string]string{"FAKE_DNS": dnsDir, "PROBE_LOGIN_SERVER": host, "PROBE_DATA_HOSTS": "",
			"PROBE_EXPECT": strings.Join(expect, " "), "PROBE_PRIVATE_HOSTS": strings.Join(privateHosts, " ")}
		if caFile != "" {
			env["CURL_CA_BUNDLE"] = caFile
		}
		res := sandbox.run(env)
		lines := res.lines()
		require.Len(t, lines, 2+2*len(privateHosts), "stdout: %s\nstderr: %s", res.stdout, res.stderr)
		assert.Equal(t, "PASS "+host+": resolves to 10.0.2.4, the private endpoint's IP", lines[0])
		return lines[1:], res.exit
	}
	// serve serves handler over TLS and returns its host:port and its
	// certificate's file (every httptest server has the same certificate).
	serve := func(t *testing.T, handler http.Handler, http2 bool) (host, caFile string) {
		srv := httptest.NewUnstartedServer(handler)
		srv.EnableHTTP2 = http2
		srv.StartTLS()
		t.Cleanup(srv.Close)
		caFile = filepath.Join(t.TempDir(), "ca.pem")
		ca := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
		require.NoError(t, os.WriteFile(caFile, ca, 0o644))
		return strings.TrimPrefix(srv.URL, "https://"), caFile
	}
	// closedPort returns a host:port where nothing listens.
	closedPort := func(t *testing.T) string {
		closed, err := net.Listen("tcp", "127.0.0.1:0")
		require.NoError(t, err)
		require.NoError(t, closed.Close())
		return closed.Addr().String()
	}
	pass := func(host string) string {
		return "PASS https://" + host + `/v2/: answers HTTP 401 with the registry's challenge Bearer realm="https://` + host +
			`/oauth2/token"`
	}

	for _, http2 := range []bool{false, true} {
		host, ca := serve(t, registry(http.StatusUnauthorized), http2)
		lines, exit := probe(t, host, ca)
		assert.Equal(t, []string{pass(host)}, lines, "HTTP/2: %v", http2)
		assert.Equal(t, 0, exit)
		want := int32(1)
		if http2 {
			want = 2
		}
		assert.Equal(t, want, proto.Load(), "curl must have spoken HTTP/%d", want)
	}

	host, ca := serve(t, registry(http.StatusOK), false)
	lines, exit := probe(t, host, ca)
	assert.Equal(t, []string{"FAIL https://" + host + "/v2/: answers HTTP 200 without a token: anonymous pull is enabled; " +
		"disable it (anonymousPullEnabled=false)"}, lines)
	assert.Equal(t, 1, exit)

	host, _ = serve(t, registry(http.StatusUnauthorized), false)
	lines, exit = probe(t, host, "")
	require.Len(t, lines, 1)
	assert.True(t, strings.HasPrefix(lines[0], "FAIL https://"+host+"/v2/: TLS failure (curl exit 60: SSL certificate problem: "), lines[0])
	assert.True(t, strings.HasSuffix(lines[0], "): the TLS handshake with the registry failed; a TLS-inspecting proxy or "+
		"firewall on the path is the usual cause"), lines[0])
	assert.Equal(t, 1, exit)

	host = closedPort(t)
	lines, exit = probe(t, host, "")
	require.Len(t, lines, 1)
	assert.True(t, strings.HasPrefix(lines[0], "FAIL https://"+host+"/v2/: no connection (curl exit 7: Failed to connect to 127.0.0.1 port "), lines[0])
	assert.NotRegexp(t, `\b000\b`, lines[0], "never a bare 000 status")
	assert.Equal(t, 1, exit)

	// Storage without credentials answers 400: it passes, with no -D the
	// status is still read; a closed port fails as no connection.
	host, ca = serve(t, registry(http.StatusUnauthorized), false)
	storage, _ := serve(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusBadRequest)
	}), false)
	unreachable := closedPort(t)
	lines, exit = probe(t, host, ca, storage, unreachable)
	require.Len(t, lines, 5)
	assert.Equal(t, []string{
		"PASS " + storage + ": resolves to 10.0.2.20, the private endpoint's IP",
		"PASS https://" + storage + "/: answers HTTP 400 over HTTPS; any HTTP status shows the private endpoint is reachable",
		"PASS " + unreachable + ": resolves to 10.0.2.20, the private endpoint's IP",
	}, lines[:3])
	assert.True(t, strings.HasPrefix(lines[3], "FAIL https://"+unreachable+"/: no connection (curl exit 7: Failed to connect "+
		"to 127.0.0.1 port "), lines[3])
	assert.True(t, strings.HasSuffix(lines[3], "): nothing answers HTTPS at the host's private endpoint; allow TCP 443 from "+
		"the environment's subnet to the private-endpoint subnet in NSGs, routes (UDRs) and firewalls (a storage account's "+
		"network rules do not apply to private endpoint traffic)"), lines[3])
	assert.Equal(t, pass(host), lines[4])
	assert.Equal(t, 1, exit)
}
