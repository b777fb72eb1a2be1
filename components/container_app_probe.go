package components

import (
	"fmt"
	"sort"
	"strings"

	app "github.com/pulumi/pulumi-azure-native-sdk/app/v2/v20240301"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// ProbeJobName is the name of the in-VNet pull-path probe job.
const ProbeJobName = "job-pullpath-probe"

// ProbeJobSpec declares a manual-trigger Container Apps job in the
// environment that proves, from inside the VNet, what ARM cannot: that the
// workloads resolve the registry's login server and every data endpoint to
// the private endpoint's IPs, and that the registry answers over HTTPS. Its
// image comes from the private registry, pulled with the pull identity, so a
// successful start also proves the pull path itself.
type ProbeJobSpec struct {
	// ImageRepository is the probe image's repository in the registry; it
	// needs bash, getent and curl (e.g. a cache of azurelinux/base/core).
	ImageRepository string `pulumi:"imageRepository"`
	// ImageTag is the probe image's tag.
	ImageTag string `pulumi:"imageTag"`
	// DataEndpointHostNames are every region's data endpoint host names,
	// e.g. PrivateRegistry's dataEndpointHostNames.
	DataEndpointHostNames pulumi.StringArrayInput `pulumi:"dataEndpointHostNames"`
	// ExpectedAddresses maps each registry FQDN to the comma-separated private
	// IPs of the endpoint the VNet resolves through ("" when unknown: the
	// probe then requires a private address), e.g. PrivateRegistry's
	// primaryEndpointAddresses.
	ExpectedAddresses pulumi.StringMapInput `pulumi:"expectedAddresses,optional"`
}

// probeScript resolves every registry FQDN, compares the answer with the
// expected private IPs (or, without them, requires a private address), then
// calls https://<login server>/v2/, which answers 401 without a token. It
// prints one line per check and exits 1 on any failure.
const probeScript = `set -u
fail=0
report() { printf '%s %s: %s\n' "$1" "$2" "$3"; [ "$1" = FAIL ] && fail=1; return 0; }
private() { case "$1" in 10.*|192.168.*|172.1[6-9].*|172.2[0-9].*|172.3[01].*) return 0;; esac; return 1; }
for host in $PROBE_LOGIN_SERVER $PROBE_DATA_HOSTS; do
  got=$(getent ahostsv4 "$host" | awk '{print $1}' | sort -u | tr '\n' ' ' | sed 's/ $//')
  want=""
  for pair in $PROBE_EXPECT; do [ "${pair%%=*}" = "$host" ] && want=$(echo "${pair#*=}" | tr ',' ' '); done
  if [ -z "$got" ]; then report FAIL "$host" "does not resolve; link the VNet to the registry's private DNS zone"
  elif [ -n "$want" ] && [ "$got" != "$want" ]; then report FAIL "$host" "resolves to $got, expected $want (the private endpoint's IP)"
  elif ! private "$got"; then report FAIL "$host" "resolves to $got, a public address: the private DNS zone is not used"
  else report PASS "$host" "resolves to $got"; fi
done
code=$(curl -sS -o /dev/null -w '%{http_code}' --max-time 20 "https://$PROBE_LOGIN_SERVER/v2/" 2>/dev/null || echo 000)
case "$code" in 200|401) report PASS "https://$PROBE_LOGIN_SERVER/v2/" "answers HTTP $code";;
  *) report FAIL "https://$PROBE_LOGIN_SERVER/v2/" "answers HTTP $code, expected 401 (no connection over the private endpoint)";; esac
exit $fail
`

// newProbeJob registers the probe job: manual trigger, one replica, no
// retry, pulling its image from the private registry with the identity, and
// created only after everything the apps wait for (opts: the apps' options).
func newProbeJob(ctx *pulumi.Context, name string, env *app.ManagedEnvironment, args *ContainerAppWorkloadArgs,
	opts []pulumi.ResourceOption) (*app.Job, error) {
	spec := args.Probe
	addresses := spec.ExpectedAddresses
	if addresses == nil {
		addresses = pulumi.StringMap{}
	}
	expect := addresses.ToStringMapOutput().ApplyT(func(m map[string]string) string {
		pairs := make([]string, 0, len(m))
		for fqdn, ips := range m {
			if ips != "" {
				pairs = append(pairs, fqdn+"="+ips)
			}
		}
		sort.Strings(pairs)
		return strings.Join(pairs, " ")
	}).(pulumi.StringOutput)
	dataHosts := spec.DataEndpointHostNames.ToStringArrayOutput().ApplyT(func(hosts []string) string {
		return strings.Join(hosts, " ")
	}).(pulumi.StringOutput)
	job, err := app.NewJob(ctx, childName(name, "probe"), &app.JobArgs{
		JobName:             pulumi.String(ProbeJobName),
		ResourceGroupName:   args.ResourceGroupName,
		Location:            pulumi.String(args.Location),
		EnvironmentId:       env.ID(),
		WorkloadProfileName: pulumi.String(ConsumptionProfileName),
		Identity: &app.ManagedServiceIdentityArgs{
			Type:                   pulumi.String("UserAssigned"),
			UserAssignedIdentities: pulumi.StringArray{args.PullIdentityID},
		},
		Configuration: &app.JobConfigurationArgs{
			TriggerType:       pulumi.String("Manual"),
			ReplicaTimeout:    pulumi.Int(300),
			ReplicaRetryLimit: pulumi.Int(0),
			ManualTriggerConfig: &app.JobConfigurationManualTriggerConfigArgs{
				Parallelism: pulumi.Int(1), ReplicaCompletionCount: pulumi.Int(1),
			},
			Registries: app.RegistryCredentialsArray{&app.RegistryCredentialsArgs{
				Server: args.LoginServer, Identity: args.PullIdentityID,
			}},
		},
		Template: &app.JobTemplateArgs{Containers: app.ContainerArray{&app.ContainerArgs{
			Name:    pulumi.String("probe"),
			Image:   pulumi.Sprintf("%s/%s:%s", args.LoginServer, spec.ImageRepository, spec.ImageTag),
			Command: pulumi.StringArray{pulumi.String("/bin/bash"), pulumi.String("-c")},
			Args:    pulumi.StringArray{pulumi.String(probeScript)},
			Env: app.EnvironmentVarArray{
				&app.EnvironmentVarArgs{Name: pulumi.String("PROBE_LOGIN_SERVER"), Value: args.LoginServer},
				&app.EnvironmentVarArgs{Name: pulumi.String("PROBE_DATA_HOSTS"), Value: dataHosts},
				&app.EnvironmentVarArgs{Name: pulumi.String("PROBE_EXPECT"), Value: expect},
			},
			Resources: &app.ContainerResourcesArgs{Cpu: pulumi.Float64(0.25), Memory: pulumi.String("0.5Gi")},
		}}},
		Tags: tagsInput(args.Tags),
	}, opts...)
	if err != nil {
		return nil, fmt.Errorf("probe job: %w", err)
	}
	return job, nil
}
