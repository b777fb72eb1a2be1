package components

// ProbeImageCommands are the only commands the probe image has on its PATH,
// so the only ones probeScript may run. The image is a cache of
// mcr.microsoft.com/azurelinux/base/core:3.0, which holds the `container`
// package set of microsoft/azurelinux SPECS/core-packages/core-packages.spec
// (%package container: bash, bzip2, ca-certificates-base, curl, findutils,
// grep, gzip, openssl, rpm, sed, tdnf, xz, plus libraries) and their
// dependencies coreutils (SPECS/coreutils/coreutils.spec: every GNU coreutils
// program but kill and uptime) and glibc, of whose programs only getent is
// listed. There is no awk, nslookup, dig or python. A test runs the script
// with a PATH holding only these commands.
var ProbeImageCommands = []string{
	// bash, bzip2, curl, findutils, grep, gzip, openssl, rpm, sed, tdnf, xz
	"bash", "sh", "bzip2", "bunzip2", "bzcat", "curl", "find", "xargs", "grep", "egrep", "fgrep",
	"gzip", "gunzip", "zcat", "openssl", "rpm", "sed", "tdnf", "xz", "unxz", "xzcat",
	// glibc
	"getent",
	// coreutils
	"[", "arch", "b2sum", "base32", "base64", "basename", "cat", "chcon", "chgrp", "chmod", "chown", "chroot",
	"cksum", "comm", "cp", "csplit", "cut", "date", "dd", "df", "dir", "dircolors", "dirname", "du", "echo",
	"env", "expand", "expr", "factor", "false", "fmt", "fold", "groups", "head", "hostid", "id", "install",
	"join", "link", "ln", "logname", "ls", "md5sum", "mkdir", "mkfifo", "mknod", "mktemp", "mv", "nice", "nl",
	"nohup", "nproc", "numfmt", "od", "paste", "pathchk", "pinky", "pr", "printenv", "printf", "ptx", "pwd",
	"readlink", "realpath", "rm", "rmdir", "runcon", "seq", "sha1sum", "sha224sum", "sha256sum", "sha384sum",
	"sha512sum", "shred", "shuf", "sleep", "sort", "split", "stat", "stdbuf", "stty", "sum", "sync", "tac",
	"tail", "tee", "test", "timeout", "touch", "tr", "true", "truncate", "tsort", "tty", "uname", "unexpand",
	"uniq", "unlink", "users", "vdir", "wc", "who", "whoami", "yes",
}

// probeTLSExitCodes are curl's exit codes for a failed TLS handshake or
// certificate check (curl's libcurl-errors: SSL_CONNECT_ERROR 35,
// PEER_FAILED_VERIFICATION 51, SSL_ENGINE_* 53 54, SSL_CERTPROBLEM 58,
// SSL_CIPHER 59, SSL_CACERT 60, USE_SSL_FAILED 64, SSL_ENGINE_INITFAILED 66,
// SSL_CACERT_BADFILE 77, SSL_SHUTDOWN_FAILED 80, SSL_CRL_BADFILE 82,
// SSL_ISSUER_ERROR 83, SSL_PINNEDPUBKEYNOTMATCH 90, SSL_INVALIDCERTSTATUS 91);
// probeConnectionExitCodes those of a connection that never carried an HTTP
// answer (COULDNT_RESOLVE_PROXY 5, COULDNT_RESOLVE_HOST 6, COULDNT_CONNECT 7,
// OPERATION_TIMEDOUT 28, GOT_NOTHING 52, SEND_ERROR 55, RECV_ERROR 56).
const (
	probeTLSExitCodes        = "35|51|53|54|58|59|60|64|66|77|80|82|83|90|91"
	probeConnectionExitCodes = "5|6|7|28|52|55|56"
)

// probeScript returns the probe's script; with privateHosts it also checks
// PROBE_PRIVATE_HOSTS (a stack without them gets no such checks): each
// host's DNS, then, when that passed, that it answers HTTPS.
func probeScript(privateHosts bool) string {
	script := probeScriptHead + probeHostChecks("$PROBE_LOGIN_SERVER $PROBE_DATA_HOSTS", "the registry's private DNS zone", "")
	if privateHosts {
		script += probeReachable + probeHostChecks("${PROBE_PRIVATE_HOSTS:-}", "its private DNS zone privatelink.${host#*.}",
			`  if [ "$reported" = PASS ]; then reachable "$host"; fi`+"\n")
	}
	return script + probeScriptTail
}

// probeHostChecks is the loop that resolves each of hosts (a shell word
// list) and compares the addresses with the host's pair in PROBE_EXPECT
// (without one, requires private addresses); zone names, in the messages,
// the private DNS zone that must answer for the host; then runs (shell
// lines, may be "") after each host's DNS check, which left its status in
// $reported.
func probeHostChecks(hosts, zone, then string) string {
	return `
for host in ` + hosts + `; do
  got=$(resolve "$host")
  want=""
  for pair in $PROBE_EXPECT; do
    if [ "${pair%%=*}" = "$host" ]; then want=${pair#*=}; fi
  done
  public=""
  for addr in ${got//,/ }; do private "$addr" || public=yes; done
  if [ -z "$got" ]; then
    report FAIL "$host" "does not resolve; link the VNet to ` + zone + `"
  elif [ -n "$public" ]; then
    report FAIL "$host" "resolves to $got, a public address: the VNet does not use ` + zone + `"
  elif [ -z "$want" ]; then
    report PASS "$host" "resolves to $got, a private address (the endpoint's IPs are unknown)"
  elif same "$got" "$want"; then
    report PASS "$host" "resolves to $got, the private endpoint's IP"
  else
    report FAIL "$host" "resolves to $got, expected $want (the private endpoint's IP)"
  fi
` + then + `done
`
}

// probeScriptHead runs in the probe image with bash builtins, getent and curl
// only (see ProbeImageCommands). It resolves every registry FQDN and every
// further private host (PROBE_PRIVATE_HOSTS, e.g. the Functions host
// storage's) with getent and compares the addresses with the expected
// private IPs (without them, it requires private addresses). Each private
// host whose DNS check passed must then answer https://<host>/ with any HTTP
// status: storage answers 400 or 403 without credentials, and an answer over
// TLS is what proves the path to its private endpoint open (a host that
// resolves elsewhere is not called: an answer from a public endpoint would
// prove nothing). Last, it calls https://<login server>/v2/ and accepts only
// what the registry answers without a token: HTTP 401 with the challenge
// `WWW-Authenticate: Bearer realm="https://<login server>/oauth2/token",...`.
// A 200 means anonymous pull is on. A curl failure, on either call, is
// reported with curl's exit code and message, as a TLS failure or a missing
// connection where the code says so. It prints one PASS or FAIL line per
// check and exits 1 on any failure.
//
// call leaves what the curl options print on stdout (the registry call's
// -D -: the response headers, names lower-case over HTTP/2) in $headers; -w
// appends the status code and curl's error message as the last line ("000"
// and the message when no response came). %{errormsg} exists since curl
// 7.75.0 (curl/curl commit 5c5d146); the image's curl is 8.x.
const probeScriptHead = `set -u
fail=0
reported=""
url="https://$PROBE_LOGIN_SERVER/v2/"
realm="https://$PROBE_LOGIN_SERVER/oauth2/token"

# report STATUS SUBJECT TEXT prints one result line; a FAIL fails the probe.
report() {
  printf '%s %s: %s\n' "$1" "$2" "$3"
  reported=$1
  if [ "$1" = FAIL ]; then fail=1; fi
}

# private ADDRESS succeeds for an RFC 1918 address.
private() {
  case $1 in 10.*|192.168.*|172.1[6-9].*|172.2[0-9].*|172.3[01].*) return 0 ;; esac
  return 1
}

# resolve HOST prints the IPv4 addresses HOST resolves to, each once,
# comma-separated, in the resolver's order.
resolve() {
  local answer addr rest list=","
  answer=$(getent ahostsv4 "$1") || return 0
  while read -r addr rest; do
    [ -n "$addr" ] || continue
    case $list in *",$addr,"*) ;; *) list+="$addr," ;; esac
  done <<< "$answer"
  list=${list#,}
  printf '%s' "${list%,}"
}

# same A B succeeds when the comma-separated lists A and B hold the same addresses.
same() {
  local addr
  for addr in ${1//,/ }; do case ",$2," in *",$addr,"*) ;; *) return 1 ;; esac; done
  for addr in ${2//,/ }; do case ",$1," in *",$addr,"*) ;; *) return 1 ;; esac; done
  return 0
}

# call URL [CURL OPTION...] fetches URL with curl (at most 20 s, body
# dropped) and sets status (curl's exit code), code (the HTTP status, 000
# without an answer), detail ("curl exit N: message") and headers (what the
# options printed on stdout).
call() {
  local target=$1 out last error
  shift
  out=$(curl -s -o /dev/null "$@" -w '\n%{http_code} %{errormsg}' --max-time 20 "$target")
  status=$?
  last=${out##*$'\n'}
  code=${last%% *}
  error=${last#"$code"}
  error=${error# }
  detail="curl exit $status${error:+: $error}"
  headers=${out%$'\n'*}
}

# answered SUBJECT SERVER HINT succeeds when the last call got an HTTP
# answer. Otherwise it reports why not, by curl's exit code: a TLS failure,
# no connection (HINT: what to check), or no HTTP answer; SERVER names what
# should have answered.
answered() {
  if [ "$status" -eq 0 ] && [ "$code" != 000 ]; then return 0; fi
  case $status in
    ` + probeTLSExitCodes + `) report FAIL "$1" "TLS failure ($detail): the TLS handshake with $2 failed; a TLS-inspecting proxy or firewall on the path is the usual cause" ;;
    ` + probeConnectionExitCodes + `) report FAIL "$1" "no connection ($detail): nothing answers HTTPS at $2's private endpoint; $3" ;;
    *) report FAIL "$1" "no HTTP answer ($detail)" ;;
  esac
  return 1
}
`

// probeReachable defines, for the private hosts' checks, the reachability
// call: any HTTP answer over TLS passes. The storage account's firewall
// only controls its public endpoint, not private endpoint traffic
// (learn.microsoft.com/azure/storage/common/storage-private-endpoints), so
// the hint points at the network path only.
const probeReachable = `
# reachable HOST passes when https://HOST/ answers with any HTTP status.
reachable() {
  local target="https://$1/"
  call "$target"
  if answered "$target" "the host" "allow TCP 443 from the environment's subnet to the private-endpoint subnet in NSGs, routes (UDRs) and firewalls (a storage account's network rules do not apply to private endpoint traffic)"; then
    report PASS "$target" "answers HTTP $code over HTTPS; any HTTP status shows the private endpoint is reachable"
  fi
}
`

// probeScriptTail is the script after the host checks: the HTTPS call to
// the registry and the exit status.
const probeScriptTail = `
call "$url" -D -
challenges=""
challenged=""
shopt -s nocasematch
while IFS= read -r line; do
  line=${line%$'\r'}
  case $line in
    HTTP/*) challenges="" challenged="" ;;
    www-authenticate:*)
      value=${line#*:}
      value=${value#"${value%%[![:blank:]]*}"}
      challenges+="${challenges:+; }$value"
      case $value in "Bearer realm=\"$realm\""|"Bearer realm=\"$realm\","*) challenged=yes ;; esac ;;
  esac
done <<< "$headers"
shopt -u nocasematch
if ! answered "$url" "the registry" "check NSGs, routes and firewalls between the environment and the endpoint"; then
  :
elif [ "$code" = 401 ] && [ -n "$challenged" ]; then
  report PASS "$url" "answers HTTP 401 with the registry's challenge Bearer realm=\"$realm\""
elif [ "$code" = 401 ]; then
  report FAIL "$url" "answers HTTP 401 without the registry's challenge Bearer realm=\"$realm\" (WWW-Authenticate: ${challenges:-none}): another server answers for the registry"
elif [ "$code" = 200 ]; then
  report FAIL "$url" "answers HTTP 200 without a token: anonymous pull is enabled; disable it (anonymousPullEnabled=false)"
else
  report FAIL "$url" "answers HTTP $code, expected 401 with the registry's challenge Bearer realm=\"$realm\""
fi
exit $fail
`
