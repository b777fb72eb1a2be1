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
// the private endpoint's IPs, and that the registry itself answers over
// HTTPS (HTTP 401 with its Bearer challenge; a 200, anonymous access,
// fails), and that every further private host resolves to its endpoint and
// answers HTTPS. Its image comes from the private registry, pulled with the pull
// identity, so a successful start also proves the pull path itself.
type ProbeJobSpec struct {
	// ImageRepository is the probe image's repository in the registry, e.g. a
	// cache of mcr.microsoft.com/azurelinux/base/core:3.0; the probe runs
	// with bash builtins, getent and curl only.
	ImageRepository string `pulumi:"imageRepository"`
	// ImageTag is the probe image's tag.
	ImageTag string `pulumi:"imageTag"`
	// DataEndpointHostNames are every region's data endpoint host names,
	// e.g. PrivateRegistry's dataEndpointHostNames.
	DataEndpointHostNames pulumi.StringArrayInput `pulumi:"dataEndpointHostNames"`
	// ExpectedAddresses maps each FQDN the probe resolves to the
	// comma-separated private IPs it must resolve to, e.g. RegistryEndpoints'
	// primaryEndpointAddresses (the A records of the first endpoint's DNS
	// zone group) merged with FunctionStorage's expectedAddresses. A host
	// without an entry (or with "") must resolve to a private address.
	ExpectedAddresses pulumi.StringMapInput `pulumi:"expectedAddresses,optional"`
	// PrivateHostNames are further host names the workloads reach through
	// private endpoints of their own, e.g. the values of FunctionStorage's
	// serviceHostNames (the Functions host storage's blob, queue and table):
	// the probe resolves them too, each in its privatelink zone, and calls
	// https://<host>/ on each that resolved right, where any HTTP status
	// passes (it proves HTTPS reaches the private endpoint).
	PrivateHostNames pulumi.StringArrayInput `pulumi:"privateHostNames,optional"`
}

// newProbeJob registers the probe job: manual trigger, one replica, no
// retry, pulling its image from the private registry with the identity, and
// created only after everything the apps wait for (opts: the apps' options).
func newProbeJob(ctx *pulumi.Context, name string, environmentID pulumi.StringInput, args *ContainerAppWorkloadArgs,
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
	dataHosts := joinedHosts(spec.DataEndpointHostNames)
	env := app.EnvironmentVarArray{
		&app.EnvironmentVarArgs{Name: pulumi.String("PROBE_LOGIN_SERVER"), Value: args.LoginServer},
		&app.EnvironmentVarArgs{Name: pulumi.String("PROBE_DATA_HOSTS"), Value: dataHosts},
		&app.EnvironmentVarArgs{Name: pulumi.String("PROBE_EXPECT"), Value: expect},
	}
	if spec.PrivateHostNames != nil {
		env = append(env, &app.EnvironmentVarArgs{Name: pulumi.String("PROBE_PRIVATE_HOSTS"),
			Value: joinedHosts(spec.PrivateHostNames)})
	}
	job, err := app.NewJob(ctx, childName(name, "probe"), &app.JobArgs{
		JobName:             pulumi.String(ProbeJobName),
		ResourceGroupName:   args.ResourceGroupName,
		Location:            pulumi.String(args.Location),
		EnvironmentId:       environmentID,
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
			Name:      pulumi.String("probe"),
			Image:     pulumi.Sprintf("%s/%s:%s", args.LoginServer, spec.ImageRepository, spec.ImageTag),
			Command:   pulumi.StringArray{pulumi.String("/bin/bash"), pulumi.String("-c")},
			Args:      pulumi.StringArray{pulumi.String(probeScript(spec.PrivateHostNames != nil))},
			Env:       env,
			Resources: &app.ContainerResourcesArgs{Cpu: pulumi.Float64(0.25), Memory: pulumi.String("0.5Gi")},
		}}},
		Tags: tagsInput(args.Tags),
	}, opts...)
	if err != nil {
		return nil, fmt.Errorf("probe job: %w", err)
	}
	return job, nil
}

// joinedHosts joins host names with spaces, as the probe script reads them.
func joinedHosts(hosts pulumi.StringArrayInput) pulumi.StringOutput {
	return hosts.ToStringArrayOutput().ApplyT(func(hosts []string) string {
		return strings.Join(hosts, " ")
	}).(pulumi.StringOutput)
}
