package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// probeScenario is one state of the pull path as the probe job sees it.
type probeScenario struct {
	name string
	// dns maps a host to the addresses getent answers (comma-separated);
	// hosts not in it have no record. nil: the healthy answers.
	dns map[string]string
	// expect replaces PROBE_EXPECT when set.
	expect *string
	// curl's exit status, HTTP status, error message and response headers.
	curlExit  int
	curlCode  string
	curlError string
	headers   string
	wantExit  int
	wantLines []string
}

// getentLines is what getent ahostsv4 prints for a name whose addresses are
// addrs (through the privatelink CNAME).
func getentLines(canonical, addrs string) string {
	var b strings.Builder
	for i, addr := range strings.Split(addrs, ",") {
		if i == 0 {
			b.WriteString(addr + "       STREAM " + canonical + "\n")
		} else {
			b.WriteString(addr + "       STREAM \n")
		}
		b.WriteString(addr + "       DGRAM  \n" + addr + "       RAW    \n")
	}
	return b.String()
}

// TestProbeScriptRunsWithTheImageCommandsOnly runs the exact script the dev
// stack's probe job sends, with the job's environment, in a sandbox whose
// PATH holds only the probe image's commands (fake getent and curl), for a
// healthy pull path and for each way it breaks. Every line the probe prints
// and its exit status are asserted.
func TestProbeScriptRunsWithTheImageCommandsOnly(t *testing.T) {
	m, _ := runStack(t, "dev", false)
	job := get(t, m, "aca-probe")
	script, _ := job.Plain("template.containers[0].args[0]").(string)
	require.NotEmpty(t, script)
	jobEnv := map[string]string{}
	for _, e := range job.Plain("template.containers[0].env").([]any) {
		jobEnv[e.(map[string]any)["name"].(string)] = e.(map[string]any)["value"].(string)
	}
	data := devRegistry + ".koreacentral.data.azurecr.io"
	blob, queue, table := devStorage+".blob.core.windows.net", devStorage+".queue.core.windows.net",
		devStorage+".table.core.windows.net"
	require.Equal(t, map[string]string{"PROBE_LOGIN_SERVER": devLogin, "PROBE_DATA_HOSTS": data,
		"PROBE_EXPECT": devLogin + "=10.0.2.4 " + data + "=10.0.2.5 " + blob + "=10.0.2.20 " + queue + "=10.0.2.21 " +
			table + "=10.0.2.22",
		"PROBE_PRIVATE_HOSTS": blob + " " + queue + " " + table}, jobEnv)
	healthyDNS := map[string]string{devLogin: "10.0.2.4", data: "10.0.2.5", blob: "10.0.2.20", queue: "10.0.2.21",
		table: "10.0.2.22"}
	withDNS := func(changes map[string]string) map[string]string {
		out := map[string]string{}
		for host, addrs := range healthyDNS {
			out[host] = addrs
		}
		for host, addrs := range changes {
			if addrs == "" {
				delete(out, host)
			} else {
				out[host] = addrs
			}
		}
		return out
	}

	url := "https://" + devLogin + "/v2/"
	challenge := `Bearer realm="https://` + devLogin + `/oauth2/token",service="` + devLogin + `"`
	h1 := "HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json; charset=utf-8\r\nDocker-Distribution-Api-Version: registry/2.0\r\n" +
		"Www-Authenticate: " + challenge + "\r\nContent-Length: 149\r\n\r\n"
	h2 := "HTTP/2 401 \r\ncontent-type: application/json; charset=utf-8\r\nwww-authenticate: " + challenge + "\r\n\r\n"
	passLogin := "PASS " + devLogin + ": resolves to 10.0.2.4, the private endpoint's IP"
	passData := "PASS " + data + ": resolves to 10.0.2.5, the private endpoint's IP"
	passBlob := "PASS " + blob + ": resolves to 10.0.2.20, the private endpoint's IP"
	passQueue := "PASS " + queue + ": resolves to 10.0.2.21, the private endpoint's IP"
	passTable := "PASS " + table + ": resolves to 10.0.2.22, the private endpoint's IP"
	passStorage := []string{passBlob, passQueue, passTable}
	lines := func(l ...any) []string {
		var out []string
		for _, x := range l {
			switch v := x.(type) {
			case string:
				out = append(out, v)
			case []string:
				out = append(out, v...)
			}
		}
		return out
	}
	passHTTP := "PASS " + url + `: answers HTTP 401 with the registry's challenge Bearer realm="https://` + devLogin + `/oauth2/token"`
	none := ""
	scenarios := []probeScenario{
		{name: "healthy", curlCode: "401", headers: h1, wantLines: lines(passLogin, passData, passStorage, passHTTP)},
		{name: "healthy over HTTP/2 (lower-case header names)", curlCode: "401", headers: h2,
			wantLines: lines(passLogin, passData, passStorage, passHTTP)},
		{name: "expected IPs unknown (preview, no record sets): a private address passes", expect: &none,
			curlCode: "401", headers: h1, wantLines: []string{
				"PASS " + devLogin + ": resolves to 10.0.2.4, a private address (the endpoint's IPs are unknown)",
				"PASS " + data + ": resolves to 10.0.2.5, a private address (the endpoint's IPs are unknown)",
				"PASS " + blob + ": resolves to 10.0.2.20, a private address (the endpoint's IPs are unknown)",
				"PASS " + queue + ": resolves to 10.0.2.21, a private address (the endpoint's IPs are unknown)",
				"PASS " + table + ": resolves to 10.0.2.22, a private address (the endpoint's IPs are unknown)", passHTTP}},
		{name: "no DNS record", dns: withDNS(map[string]string{data: ""}), curlCode: "401", headers: h1, wantExit: 1,
			wantLines: lines(passLogin,
				"FAIL "+data+": does not resolve; link the VNet to the registry's private DNS zone", passStorage, passHTTP)},
		{name: "a public address", dns: withDNS(map[string]string{devLogin: "20.200.1.9"}),
			curlCode: "403", headers: "HTTP/1.1 403 Forbidden\r\n\r\n", wantExit: 1, wantLines: lines(
				"FAIL "+devLogin+": resolves to 20.200.1.9, a public address: the VNet does not use the registry's private DNS zone",
				passData, passStorage,
				"FAIL "+url+`: answers HTTP 403, expected 401 with the registry's challenge Bearer realm="https://`+devLogin+
					`/oauth2/token"`)},
		{name: "the wrong private IP", dns: withDNS(map[string]string{devLogin: "10.1.2.4"}),
			curlExit: 28, curlError: "Connection timed out after 20001 milliseconds", wantExit: 1, wantLines: lines(
				"FAIL "+devLogin+": resolves to 10.1.2.4, expected 10.0.2.4 (the private endpoint's IP)", passData, passStorage,
				"FAIL "+url+": no connection (curl exit 28: Connection timed out after 20001 milliseconds): nothing answers "+
					"HTTPS at the registry's private endpoint; check NSGs, routes and firewalls between the environment and the endpoint")},
		{name: "no storage record", dns: withDNS(map[string]string{queue: ""}), curlCode: "401", headers: h1, wantExit: 1,
			wantLines: lines(passLogin, passData, passBlob,
				"FAIL "+queue+": does not resolve; link the VNet to its private DNS zone privatelink.queue.core.windows.net",
				passTable, passHTTP)},
		{name: "storage over its public address", dns: withDNS(map[string]string{table: "20.60.1.7"}), curlCode: "401",
			headers: h1, wantExit: 1, wantLines: lines(passLogin, passData, passBlob, passQueue,
				"FAIL "+table+": resolves to 20.60.1.7, a public address: the VNet does not use its private DNS zone "+
					"privatelink.table.core.windows.net", passHTTP)},
		{name: "storage at another endpoint's IP", dns: withDNS(map[string]string{blob: "10.0.2.21"}), curlCode: "401",
			headers: h1, wantExit: 1, wantLines: lines(passLogin, passData,
				"FAIL "+blob+": resolves to 10.0.2.21, expected 10.0.2.20 (the private endpoint's IP)", passQueue, passTable,
				passHTTP)},
		{name: "no connection", curlExit: 7,
			curlError: "Failed to connect to " + devLogin + " port 443 after 2 ms: Couldn't connect to server", wantExit: 1,
			wantLines: []string{passLogin, passData, passBlob, passQueue, passTable,
				"FAIL " + url + ": no connection (curl exit 7: Failed to connect to " + devLogin + " port 443 after 2 ms: " +
					"Couldn't connect to server): nothing answers HTTPS at the registry's private endpoint; check NSGs, routes " +
					"and firewalls between the environment and the endpoint"}},
		{name: "TLS certificate failure", curlExit: 60,
			curlError: "SSL certificate problem: unable to get local issuer certificate", wantExit: 1,
			wantLines: []string{passLogin, passData, passBlob, passQueue, passTable,
				"FAIL " + url + ": TLS failure (curl exit 60: SSL certificate problem: unable to get local issuer certificate): " +
					"the TLS handshake with the registry failed; a TLS-inspecting proxy or firewall on the path is the usual cause"}},
		{name: "TLS handshake failure", curlExit: 35, curlError: "OpenSSL SSL_connect: Connection reset by peer in connection to " +
			devLogin + ":443", wantExit: 1, wantLines: []string{passLogin, passData, passBlob, passQueue, passTable,
			"FAIL " + url + ": TLS failure (curl exit 35: OpenSSL SSL_connect: Connection reset by peer in connection to " +
				devLogin + ":443): the TLS handshake with the registry failed; a TLS-inspecting proxy or firewall on the path " +
				"is the usual cause"}},
		{name: "HTTP 200: anonymous access", curlCode: "200",
			headers: "HTTP/1.1 200 OK\r\nDocker-Distribution-Api-Version: registry/2.0\r\n\r\n", wantExit: 1,
			wantLines: []string{passLogin, passData, passBlob, passQueue, passTable,
				"FAIL " + url + ": answers HTTP 200 without a token: anonymous pull is enabled; disable it (anonymousPullEnabled=false)"}},
		{name: "401 without the registry's challenge", curlCode: "401",
			headers: "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"proxy\"\r\n\r\n", wantExit: 1,
			wantLines: []string{passLogin, passData, passBlob, passQueue, passTable,
				"FAIL " + url + `: answers HTTP 401 without the registry's challenge Bearer realm="https://` + devLogin +
					`/oauth2/token" (WWW-Authenticate: Basic realm="proxy"): another server answers for the registry`}},
		{name: "401 with no challenge at all", curlCode: "401", headers: "HTTP/1.1 401 Unauthorized\r\n\r\n", wantExit: 1,
			wantLines: []string{passLogin, passData, passBlob, passQueue, passTable,
				"FAIL " + url + `: answers HTTP 401 without the registry's challenge Bearer realm="https://` + devLogin +
					`/oauth2/token" (WWW-Authenticate: none): another server answers for the registry`}},
	}
	sandbox := newProbeSandbox(t, script, false)
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			dir := t.TempDir()
			dnsDir := filepath.Join(dir, "dns")
			require.NoError(t, os.Mkdir(dnsDir, 0o755))
			answers := sc.dns
			if answers == nil {
				answers = healthyDNS
			}
			for host, addrs := range answers {
				label, domain, _ := strings.Cut(host, ".")
				canonical := label + ".privatelink." + domain
				require.NoError(t, os.WriteFile(filepath.Join(dnsDir, host), []byte(getentLines(canonical, addrs)), 0o644))
			}
			headers := filepath.Join(dir, "headers")
			require.NoError(t, os.WriteFile(headers, []byte(sc.headers), 0o644))
			env := map[string]string{"FAKE_DNS": dnsDir, "FAKE_CURL_ARGS": filepath.Join(dir, "curl-args"),
				"FAKE_CURL_HEADERS": headers, "FAKE_CURL_EXIT": strconv.Itoa(sc.curlExit), "FAKE_CURL_CODE": sc.curlCode,
				"FAKE_CURL_ERROR": sc.curlError}
			for k, v := range jobEnv {
				env[k] = v
			}
			if sc.expect != nil {
				env["PROBE_EXPECT"] = *sc.expect
			}
			res := sandbox.run(env)
			assert.Equal(t, sc.wantLines, res.lines(), "stderr: %s", res.stderr)
			assert.Equal(t, sc.wantExit, res.exit)
			assert.Empty(t, res.stderr)
			args, err := os.ReadFile(filepath.Join(dir, "curl-args"))
			require.NoError(t, err, "the probe must call curl")
			assert.Equal(t, []string{"-s", "-o", "/dev/null", "-D", "-", "-w", `\n%{http_code} %{errormsg}`,
				"--max-time", "20", url}, strings.Split(strings.TrimSuffix(string(args), "\n"), "\n"))
		})
	}
}
