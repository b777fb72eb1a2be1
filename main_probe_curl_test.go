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
// closed port.
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
	// probe runs the script with host (host:port) as the login server, which
	// the fake getent resolves to the expected 10.0.2.4 and curl reaches on
	// 127.0.0.1, trusting caFile ("": the system's CAs). It returns the line
	// of the HTTPS check and the exit status.
	probe := func(t *testing.T, host string, caFile string) (string, int) {
		dnsDir := t.TempDir()
		require.NoError(t, os.WriteFile(filepath.Join(dnsDir, host), []byte(getentLines(host, "10.0.2.4")), 0o644))
		env := map[string]string{"FAKE_DNS": dnsDir, "PROBE_LOGIN_SERVER": host, "PROBE_DATA_HOSTS": "",
			"PROBE_EXPECT": host + "=10.0.2.4"}
		if caFile != "" {
			env["CURL_CA_BUNDLE"] = caFile
		}
		res := sandbox.run(env)
		lines := res.lines()
		require.Len(t, lines, 2, "stdout: %s\nstderr: %s", res.stdout, res.stderr)
		assert.Equal(t, "PASS "+host+": resolves to 10.0.2.4, the private endpoint's IP", lines[0])
		return lines[1], res.exit
	}
	// start serves the registry's answer over TLS and returns its host:port
	// and its certificate's file.
	start := func(t *testing.T, status int, http2 bool) (host, caFile string) {
		srv := httptest.NewUnstartedServer(registry(status))
		srv.EnableHTTP2 = http2
		srv.StartTLS()
		t.Cleanup(srv.Close)
		caFile = filepath.Join(t.TempDir(), "ca.pem")
		ca := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
		require.NoError(t, os.WriteFile(caFile, ca, 0o644))
		return strings.TrimPrefix(srv.URL, "https://"), caFile
	}
	pass := func(host string) string {
		return "PASS https://" + host + `/v2/: answers HTTP 401 with the registry's challenge Bearer realm="https://` + host +
			`/oauth2/token"`
	}

	for _, http2 := range []bool{false, true} {
		host, ca := start(t, http.StatusUnauthorized, http2)
		line, exit := probe(t, host, ca)
		assert.Equal(t, pass(host), line, "HTTP/2: %v", http2)
		assert.Equal(t, 0, exit)
		want := int32(1)
		if http2 {
			want = 2
		}
		assert.Equal(t, want, proto.Load(), "curl must have spoken HTTP/%d", want)
	}

	host, ca := start(t, http.StatusOK, false)
	line, exit := probe(t, host, ca)
	assert.Equal(t, "FAIL https://"+host+"/v2/: answers HTTP 200 without a token: anonymous pull is enabled; disable it "+
		"(anonymousPullEnabled=false)", line)
	assert.Equal(t, 1, exit)

	host, _ = start(t, http.StatusUnauthorized, false)
	line, exit = probe(t, host, "")
	assert.True(t, strings.HasPrefix(line, "FAIL https://"+host+"/v2/: TLS failure (curl exit 60: SSL certificate problem: "), line)
	assert.True(t, strings.HasSuffix(line, "): the TLS handshake with the registry failed; a TLS-inspecting proxy or "+
		"firewall on the path is the usual cause"), line)
	assert.Equal(t, 1, exit)

	closed, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	host = closed.Addr().String()
	require.NoError(t, closed.Close())
	line, exit = probe(t, host, "")
	assert.True(t, strings.HasPrefix(line, "FAIL https://"+host+"/v2/: no connection (curl exit 7: Failed to connect to 127.0.0.1 port "), line)
	assert.NotRegexp(t, `\b000\b`, line, "never a bare 000 status")
	assert.Equal(t, 1, exit)
}
