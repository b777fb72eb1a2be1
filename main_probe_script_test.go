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

// curlAnswer is what the fake curl plays for one host: curl's exit status,
// the HTTP status, curl's error message and the response headers.
type curlAnswer struct {
	exit    int
	code    string
	error   string
	headers string
}

// write stores the answer in dir, the fake curl's response directory for
// one host.
func (a curlAnswer) write(t *testing.T, dir string) {
	t.Helper()
	require.NoError(t, os.Mkdir(dir, 0o755))
	for name, text := range map[string]string{"exit": strconv.Itoa(a.exit), "code": a.code, "error": a.error,
		"headers": a.headers} {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644))
	}
}

// probeScenario is one state of the pull path as the probe job sees it.
type probeScenario struct {
	name string
	// dns maps a host to the addresses getent answers (comma-separated);
	// hosts not in it have no record. nil: the healthy answers.
	dns map[string]string
	// expect replaces PROBE_EXPECT when set.
	expect *string
	// registry is what https://<login server>/v2/ answers; storage replaces
	// the healthy answer (HTTP 400) of a storage host.
	registry curlAnswer
	storage  map[string]curlAnswer
	// called are the storage hosts the probe must call (nil: all three).
	called    []string
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
	unauthorized := curlAnswer{code: "401", headers: h1}
	passLogin := "PASS " + devLogin + ": resolves to 10.0.2.4, the private endpoint's IP"
	passData := "PASS " + data + ": resolves to 10.0.2.5, the private endpoint's IP"
	passBlob := "PASS " + blob + ": resolves to 10.0.2.20, the private endpoint's IP"
	passQueue := "PASS " + queue + ": resolves to 10.0.2.21, the private endpoint's IP"
	passTable := "PASS " + table + ": resolves to 10.0.2.22, the private endpoint's IP"
	reach := func(host, code string) string {
		return "PASS https://" + host + "/: answers HTTP " + code +
			" over HTTPS; any HTTP status shows the private endpoint is reachable"
	}
	reachBlob, reachQueue, reachTable := reach(blob, "400"), reach(queue, "400"), reach(table, "400")
	passStorage := []string{passBlob, reachBlob, passQueue, reachQueue, passTable, reachTable}
	noStorageConnection := "nothing answers HTTPS at the host's private endpoint; allow TCP 443 from the environment's " +
		"subnet to the private-endpoint subnet in NSGs, routes (UDRs) and firewalls (a storage account's network rules do " +
		"not apply to private endpoint traffic)"
	storageTLS := "the TLS handshake with the host failed; a TLS-inspecting proxy or firewall on the path is the usual cause"
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
		{name: "healthy", registry: unauthorized, wantLines: lines(passLogin, passData, passStorage, passHTTP)},
		{name: "healthy over HTTP/2 (lower-case header names)", registry: curlAnswer{code: "401", headers: h2},
			wantLines: lines(passLogin, passData, passStorage, passHTTP)},
		{name: "expected IPs unknown (preview, no record sets): a private address passes", expect: &none,
			registry: unauthorized, wantLines: []string{
				"PASS " + devLogin + ": resolves to 10.0.2.4, a private address (the endpoint's IPs are unknown)",
				"PASS " + data + ": resolves to 10.0.2.5, a private address (the endpoint's IPs are unknown)",
				"PASS " + blob + ": resolves to 10.0.2.20, a private address (the endpoint's IPs are unknown)", reachBlob,
				"PASS " + queue + ": resolves to 10.0.2.21, a private address (the endpoint's IPs are unknown)", reachQueue,
				"PASS " + table + ": resolves to 10.0.2.22, a private address (the endpoint's IPs are unknown)", reachTable,
				passHTTP}},
		{name: "no DNS record", dns: withDNS(map[string]string{data: ""}), registry: unauthorized, wantExit: 1,
			wantLines: lines(passLogin,
				"FAIL "+data+": does not resolve; link the VNet to the registry's private DNS zone", passStorage, passHTTP)},
		{name: "a public address", dns: withDNS(map[string]string{devLogin: "20.200.1.9"}),
			registry: curlAnswer{code: "403", headers: "HTTP/1.1 403 Forbidden\r\n\r\n"}, wantExit: 1, wantLines: lines(
				"FAIL "+devLogin+": resolves to 20.200.1.9, a public address: the VNet does not use the registry's private DNS zone",
				passData, passStorage,
				"FAIL "+url+`: answers HTTP 403, expected 401 with the registry's challenge Bearer realm="https://`+devLogin+
					`/oauth2/token"`)},
		{name: "the wrong private IP", dns: withDNS(map[string]string{devLogin: "10.1.2.4"}),
			registry: curlAnswer{exit: 28, error: "Connection timed out after 20001 milliseconds"}, wantExit: 1, wantLines: lines(
				"FAIL "+devLogin+": resolves to 10.1.2.4, expected 10.0.2.4 (the private endpoint's IP)", passData, passStorage,
				"FAIL "+url+": no connection (curl exit 28: Connection timed out after 20001 milliseconds): nothing answers "+
					"HTTPS at the registry's private endpoint; check NSGs, routes and firewalls between the environment and the endpoint")},
		{name: "no storage record: not called", dns: withDNS(map[string]string{queue: ""}), registry: unauthorized,
			called: []string{blob, table}, wantExit: 1, wantLines: lines(passLogin, passData, passBlob, reachBlob,
				"FAIL "+queue+": does not resolve; link the VNet to its private DNS zone privatelink.queue.core.windows.net",
				passTable, reachTable, passHTTP)},
		{name: "storage over its public address: not called", dns: withDNS(map[string]string{table: "20.60.1.7"}),
			registry: unauthorized, called: []string{blob, queue}, wantExit: 1, wantLines: lines(passLogin, passData, passBlob,
				reachBlob, passQueue, reachQueue,
				"FAIL "+table+": resolves to 20.60.1.7, a public address: the VNet does not use its private DNS zone "+
					"privatelink.table.core.windows.net", passHTTP)},
		{name: "storage at another endpoint's IP: not called", dns: withDNS(map[string]string{blob: "10.0.2.21"}),
			registry: unauthorized, called: []string{queue, table}, wantExit: 1, wantLines: lines(passLogin, passData,
				"FAIL "+blob+": resolves to 10.0.2.21, expected 10.0.2.20 (the private endpoint's IP)", passQueue, reachQueue,
				passTable, reachTable, passHTTP)},
		{name: "storage answers 403 (public network access disabled, no credentials): reachable", registry: unauthorized,
			storage: map[string]curlAnswer{queue: {code: "403"}}, wantLines: lines(passLogin, passData, passBlob, reachBlob,
				passQueue, reach(queue, "403"), passTable, reachTable, passHTTP)},
		{name: "storage with two A records, both expected: one call", dns: withDNS(map[string]string{blob: "10.0.2.20,10.0.2.30"}),
			expect: ptr(strings.Replace(jobEnv["PROBE_EXPECT"], blob+"=10.0.2.20", blob+"=10.0.2.30,10.0.2.20", 1)), registry: unauthorized,
			wantLines: lines(passLogin, passData,
				"PASS "+blob+": resolves to 10.0.2.20,10.0.2.30, the private endpoint's IP", reachBlob,
				passQueue, reachQueue, passTable, reachTable, passHTTP)},
		{name: "storage: no connection", registry: unauthorized, storage: map[string]curlAnswer{
			blob:  {exit: 7, error: "Failed to connect to " + blob + " port 443 after 3 ms: Couldn't connect to server"},
			table: {exit: 28, error: "Connection timed out after 20002 milliseconds"}}, wantExit: 1,
			wantLines: lines(passLogin, passData, passBlob,
				"FAIL https://"+blob+"/: no connection (curl exit 7: Failed to connect to "+blob+" port 443 after 3 ms: "+
					"Couldn't connect to server): "+noStorageConnection, passQueue, reachQueue, passTable,
				"FAIL https://"+table+"/: no connection (curl exit 28: Connection timed out after 20002 milliseconds): "+
					noStorageConnection, passHTTP)},
		{name: "storage: TLS failure", registry: unauthorized, storage: map[string]curlAnswer{
			queue: {exit: 60, error: "SSL certificate problem: unable to get local issuer certificate"},
			table: {exit: 35, error: "OpenSSL SSL_connect: Connection reset by peer in connection to " + table + ":443"}},
			wantExit: 1, wantLines: lines(passLogin, passData, passBlob, reachBlob, passQueue,
				"FAIL https://"+queue+"/: TLS failure (curl exit 60: SSL certificate problem: unable to get local issuer "+
					"certificate): "+storageTLS, passTable,
				"FAIL https://"+table+"/: TLS failure (curl exit 35: OpenSSL SSL_connect: Connection reset by peer in "+
					"connection to "+table+":443): "+storageTLS, passHTTP)},
		{name: "storage: another curl failure is no HTTP answer, never 000", registry: unauthorized,
			storage: map[string]curlAnswer{blob: {exit: 47, error: "Maximum (50) redirects followed"}}, wantExit: 1,
			wantLines: lines(passLogin, passData, passBlob,
				"FAIL https://"+blob+"/: no HTTP answer (curl exit 47: Maximum (50) redirects followed)", passQueue, reachQueue,
				passTable, reachTable, passHTTP)},
		{name: "no connection", registry: curlAnswer{exit: 7,
			error: "Failed to connect to " + devLogin + " port 443 after 2 ms: Couldn't connect to server"}, wantExit: 1,
			wantLines: lines(passLogin, passData, passStorage,
				"FAIL "+url+": no connection (curl exit 7: Failed to connect to "+devLogin+" port 443 after 2 ms: "+
					"Couldn't connect to server): nothing answers HTTPS at the registry's private endpoint; check NSGs, routes "+
					"and firewalls between the environment and the endpoint")},
		{name: "TLS certificate failure", registry: curlAnswer{exit: 60,
			error: "SSL certificate problem: unable to get local issuer certificate"}, wantExit: 1,
			wantLines: lines(passLogin, passData, passStorage,
				"FAIL "+url+": TLS failure (curl exit 60: SSL certificate problem: unable to get local issuer certificate): "+
					"the TLS handshake with the registry failed; a TLS-inspecting proxy or firewall on the path is the usual cause")},
		{name: "TLS handshake failure", registry: curlAnswer{exit: 35, error: "OpenSSL SSL_connect: Connection reset by peer " +
			"in connection to " + devLogin + ":443"}, wantExit: 1, wantLines: lines(passLogin, passData, passStorage,
			"FAIL "+url+": TLS failure (curl exit 35: OpenSSL SSL_connect: Connection reset by peer in connection to "+
				devLogin+":443): the TLS handshake with the registry failed; a TLS-inspecting proxy or firewall on the path "+
				"is the usual cause")},
		{name: "HTTP 200: anonymous access", registry: curlAnswer{code: "200",
			headers: "HTTP/1.1 200 OK\r\nDocker-Distribution-Api-Version: registry/2.0\r\n\r\n"}, wantExit: 1,
			wantLines: lines(passLogin, passData, passStorage,
				"FAIL "+url+": answers HTTP 200 without a token: anonymous pull is enabled; disable it (anonymousPullEnabled=false)")},
		{name: "401 without the registry's challenge", registry: curlAnswer{code: "401",
			headers: "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"proxy\"\r\n\r\n"}, wantExit: 1,
			wantLines: lines(passLogin, passData, passStorage,
				"FAIL "+url+`: answers HTTP 401 without the registry's challenge Bearer realm="https://`+devLogin+
					`/oauth2/token" (WWW-Authenticate: Basic realm="proxy"): another server answers for the registry`)},
		{name: "401 with no challenge at all", registry: curlAnswer{code: "401", headers: "HTTP/1.1 401 Unauthorized\r\n\r\n"},
			wantExit: 1, wantLines: lines(passLogin, passData, passStorage,
				"FAIL "+url+`: answers HTTP 401 without the registry's challenge Bearer realm="https://`+devLogin+
					`/oauth2/token" (WWW-Authenticate: none): another server answers for the registry`)},
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
			curlDir := filepath.Join(dir, "curl")
			require.NoError(t, os.Mkdir(curlDir, 0o755))
			sc.registry.write(t, filepath.Join(curlDir, devLogin))
			for _, host := range []string{blob, queue, table} {
				answer, changed := sc.storage[host]
				if !changed {
					answer = curlAnswer{code: "400"}
				}
				answer.write(t, filepath.Join(curlDir, host))
			}
			env := map[string]string{"FAKE_DNS": dnsDir, "FAKE_CURL": curlDir}
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
			assert.NotRegexp(t, `\b000\b`, res.stdout, "never a bare 000 status")

			called := sc.called
			if called == nil {
				called = []string{blob, queue, table}
			}
			var want [][]string
			for _, host := range called {
				want = append(want, []string{"-s", "-o", "/dev/null", "-w", `\n%{http_code} %{errormsg}`, "--max-time", "20",
					"https://" + host + "/"})
			}
			want = append(want, []string{"-s", "-o", "/dev/null", "-D", "-", "-w", `\n%{http_code} %{errormsg}`,
				"--max-time", "20", url})
			assert.Equal(t, want, curlCalls(t, curlDir), "the storage hosts that resolved right, then the registry")
		})
	}
}

// curlCalls returns the arguments of each call the fake curl logged in dir.
func curlCalls(t *testing.T, dir string) [][]string {
	t.Helper()
	log, err := os.ReadFile(filepath.Join(dir, "calls"))
	require.NoError(t, err, "the probe must call curl")
	var calls [][]string
	for _, call := range strings.Split(strings.TrimSuffix(string(log), "\n\n"), "\n\n") {
		calls = append(calls, strings.Split(call, "\n"))
	}
	return calls
}

// ptr returns a pointer to s.
func ptr(s string) *string { return &s }
