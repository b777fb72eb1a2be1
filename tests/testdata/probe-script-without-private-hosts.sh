set -u
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
    35|51|53|54|58|59|60|64|66|77|80|82|83|90|91) report FAIL "$1" "TLS failure ($detail): the TLS handshake with $2 failed; a TLS-inspecting proxy or firewall on the path is the usual cause" ;;
    5|6|7|28|52|55|56) report FAIL "$1" "no connection ($detail): nothing answers HTTPS at $2's private endpoint; $3" ;;
    *) report FAIL "$1" "no HTTP answer ($detail)" ;;
  esac
  return 1
}

for host in $PROBE_LOGIN_SERVER $PROBE_DATA_HOSTS; do
  got=$(resolve "$host")
  want=""
  for pair in $PROBE_EXPECT; do
    if [ "${pair%%=*}" = "$host" ]; then want=${pair#*=}; fi
  done
  public=""
  for addr in ${got//,/ }; do private "$addr" || public=yes; done
  if [ -z "$got" ]; then
    report FAIL "$host" "does not resolve; link the VNet to the registry's private DNS zone"
  elif [ -n "$public" ]; then
    report FAIL "$host" "resolves to $got, a public address: the VNet does not use the registry's private DNS zone"
  elif [ -z "$want" ]; then
    report PASS "$host" "resolves to $got, a private address (the endpoint's IPs are unknown)"
  elif same "$got" "$want"; then
    report PASS "$host" "resolves to $got, the private endpoint's IP"
  else
    report FAIL "$host" "resolves to $got, expected $want (the private endpoint's IP)"
  fi
done

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
