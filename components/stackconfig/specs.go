package stackconfig

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/privatepull/privatepull/components"
)

// Subnet names privatepull gives the subnets it creates.
const (
	ContainerAppsSubnetName   = "snet-aca"
	PrivateEndpointSubnetName = "snet-pe"
	AppServiceSubnetName      = "snet-app"
)

// NetworkArgs maps the configuration to the PrivateNetwork component.
func (c *Config) NetworkArgs() *components.PrivateNetworkArgs {
	acaSubnet := &components.SubnetSpec{Name: ContainerAppsSubnetName, AddressPrefix: c.ContainerAppsSubnetCidr,
		ExistingID: c.ExistingContainerAppsSubnetID}
	if c.UsesWorkloadProfiles() {
		acaSubnet.Delegation = components.DelegationContainerApps
	}
	args := &components.PrivateNetworkArgs{
		Location:            c.Location,
		ResourceGroupName:   c.ResourceGroupName,
		CreateResourceGroup: c.CreateResourceGroup,
		VnetName:            c.VnetName,
		VnetAddressSpace:    c.VnetCidr,
		ContainerAppsSubnet: acaSubnet,
		PrivateEndpointSubnet: components.SubnetSpec{Name: PrivateEndpointSubnetName, AddressPrefix: c.PrivateEndpointSubnetCidr,
			ExistingID: c.ExistingPrivateEndpointSubnetID},
		ExistingVnetID:             c.ExistingVnetID,
		WebAppDNSZone:              c.HostedRegistryName != "",
		ExistingRegistryDNSZoneID:  c.RegistryDNSZoneID,
		SkipRegistryDNSZoneLink:    !c.LinkVnetToRegistryDNSZone,
		RegistryDNSZoneLinkVnetIDs: c.RegistryDNSZoneLinkVnetIDs,
		Cloud:                      c.Cloud,
		Tags:                       c.Tags,
	}
	if c.HasWebApps() {
		args.AppServiceSubnet = &components.SubnetSpec{
			Name: AppServiceSubnetName, AddressPrefix: c.AppServiceSubnetCidr, Delegation: components.DelegationAppService,
			ExistingID: c.ExistingAppServiceSubnetID,
		}
	}
	return args
}

// WorkloadProfileSpecs maps the configured dedicated profiles.
func (c *Config) WorkloadProfileSpecs() []components.WorkloadProfileSpec {
	var out []components.WorkloadProfileSpec
	for _, wp := range c.WorkloadProfiles {
		out = append(out, components.WorkloadProfileSpec{
			Name: wp.Name, Type: wp.Type, MinimumCount: *wp.MinimumCount, MaximumCount: *wp.MaximumCount,
		})
	}
	return out
}

// ContainerAppSpecs maps the configured container apps (defaults applied).
func (c *Config) ContainerAppSpecs() []components.ContainerAppSpec {
	var out []components.ContainerAppSpec
	for _, a := range c.ContainerApps {
		out = append(out, components.ContainerAppSpec{
			Name:                a.Name,
			ImageRepository:     a.Image,
			ImageTag:            a.Tag,
			TargetPort:          *a.Port,
			ExternalIngress:     *a.ExternalIngress,
			Env:                 a.Env,
			CPU:                 *a.CPU,
			Memory:              a.Memory,
			MinReplicas:         *a.MinReplicas,
			MaxReplicas:         *a.MaxReplicas,
			WorkloadProfileName: a.WorkloadProfile,
		})
	}
	return out
}

// UsesHostedRegistry reports whether custom-registry web apps pull from the
// registry:2 site the stack hosts.
func (c *Config) UsesHostedRegistry() bool {
	return c.HostedRegistryName != "" &&
		c.CustomRegistryHost() == c.HostedRegistryName+"."+c.Cloud.WebAppSuffix()
}

// WebAppSpecs maps the configured web apps (defaults applied). Secrets stay
// secret outputs.
func (c *Config) WebAppSpecs() []components.WebAppSpec {
	var out []components.WebAppSpec
	for _, w := range c.WebApps {
		spec := components.WebAppSpec{
			Name:            w.Name,
			ImageRepository: w.Image,
			ImageTag:        w.Tag,
			Port:            *w.Port,
			AlwaysOn:        *w.AlwaysOn,
			AppSettings:     w.AppSettings,
			PullAuth:        components.PullAuth(w.PullAuth),
		}
		if w.Registry == RegistryCustom {
			spec.CustomRegistry = &components.CustomRegistrySpec{
				Server:      c.CustomRegistryHost(),
				Hosted:      c.UsesHostedRegistry(),
				Credentials: credentials(c.CustomRegistryUsername, c.CustomRegistryPassword),
			}
		}
		out = append(out, spec)
	}
	return out
}

// AcrCredentials returns the credentials of pullAuth=credentials web apps.
func (c *Config) AcrCredentials() *components.RegistryCredentials {
	return credentials(c.AcrPullUsername, c.AcrPullPassword)
}

func credentials(user, password Secret) *components.RegistryCredentials {
	if !user.IsSet() || !password.IsSet() {
		return nil
	}
	return &components.RegistryCredentials{Username: user.Output(), Password: password.Output()}
}

// RegistryArgs maps the configuration to the PrivateRegistry component. The
// network's outputs fill in the stack's subnet and zone.
func (c *Config) RegistryArgs(resourceGroup, stackSubnetID, zoneID pulumi.StringInput) *components.PrivateRegistryArgs {
	args := &components.PrivateRegistryArgs{
		Name:                  c.RegistryName,
		Location:              c.Location,
		ResourceGroupName:     resourceGroup,
		Cloud:                 c.Cloud,
		AllowedPublicIPRanges: c.RegistryAllowedIPRanges,
		UntaggedRetentionDays: c.UntaggedRetentionDays,
		Protect:               c.ProtectRegistry,
		Tags:                  c.Tags,
	}
	for _, r := range c.Replicas {
		args.Replicas = append(args.Replicas, components.ReplicaSpec{
			Location: r.Location, RegionEndpointEnabled: *r.RegionEndpointEnabled, ZoneRedundancy: r.ZoneRedundancy,
		})
	}
	for _, e := range c.Endpoints() {
		subnet := stackSubnetID
		if e.SubnetID != "" {
			subnet = pulumi.String(e.SubnetID)
		}
		args.PrivateEndpoints = append(args.PrivateEndpoints, components.RegistryEndpointSpec{
			Name: e.Name, Location: e.Location, SubnetID: subnet, DNSZoneID: zoneID, StaticIPs: e.StaticIPs,
		})
	}
	return args
}
