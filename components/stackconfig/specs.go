package stackconfig

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/privatepull/privatepull/components"
)

// Subnet names privatepull gives the subnets it creates.
const (
	ContainerAppsSubnetName   = "snet-aca"
	PrivateEndpointSubnetName = "snet-pe"
	AppServiceSubnetName      = "snet-app"
	AgentPoolSubnetName       = "snet-acr-tasks"
)

// NetworkArgs maps the configuration to the PrivateNetwork component.
func (c *Config) NetworkArgs() *components.PrivateNetworkArgs {
	acaSubnet := &components.SubnetSpec{Name: ContainerAppsSubnetName, AddressPrefix: c.ContainerAppsSubnetCidr,
		Delegation: components.DelegationContainerApps, ExistingID: optionalID(c.ExistingContainerAppsSubnetID)}
	args := &components.PrivateNetworkArgs{
		Location:            c.Location,
		ResourceGroupName:   pulumi.String(c.ResourceGroupName),
		CreateResourceGroup: c.CreateResourceGroup,
		VnetName:            c.VnetName,
		VnetAddressSpace:    c.VnetCidr,
		ContainerAppsSubnet: acaSubnet,
		PrivateEndpointSubnet: components.SubnetSpec{Name: PrivateEndpointSubnetName, AddressPrefix: c.PrivateEndpointSubnetCidr,
			ExistingID: optionalID(c.ExistingPrivateEndpointSubnetID)},
		ExistingVnetID: optionalID(c.ExistingVnetID),
		Tags:           c.Tags,
	}
	if p := c.AgentPool; p != nil {
		args.AgentPoolSubnet = &components.SubnetSpec{Name: AgentPoolSubnetName, AddressPrefix: p.SubnetCidr,
			ExistingID: optionalID(p.SubnetID)}
	}
	if c.HasIntegrationSubnet() {
		args.AppServiceSubnet = &components.SubnetSpec{
			Name: AppServiceSubnetName, AddressPrefix: c.AppServiceSubnetCidr, Delegation: components.DelegationAppService,
			ExistingID: optionalID(c.ExistingAppServiceSubnetID),
		}
	}
	return args
}

// DNSZonesArgs maps the configuration to the PrivateDnsZones component: the
// zones go to the network's resource group and link its VNet (vnetID, named
// after the stack's VNet so that the links' names are known in preview).
func (c *Config) DNSZonesArgs(resourceGroup, vnetID pulumi.StringInput) *components.PrivateDnsZonesArgs {
	settings := c.Env.ProviderSettings()
	return &components.PrivateDnsZonesArgs{
		ResourceGroupName:             resourceGroup,
		VnetID:                        vnetID,
		VnetName:                      c.StackVnetName(),
		RegistryDNSZones:              c.RegistryDNSZones(),
		AllowUnlinkedRegistryDNSZones: c.RegistryDNSResolvedElsewhere,
		WebAppDNSZone:                 c.HostedRegistryName != "",
		ProviderSettings:              &settings,
		Cloud:                         c.Cloud,
		Tags:                          c.Tags,
	}
}

// RegistryDNSZones returns one DNS zone per registry private endpoint, in the
// endpoints' order: the first is the stack's zone (registryDnsZoneId or a zone
// in the stack's resource group, linked to the stack's VNet and
// registryDnsZoneLinkVnetIds); every other endpoint has its own zone
// (dnsZoneId, or one created in dnsZoneResourceGroupName) linked to its
// linkVnetIds.
func (c *Config) RegistryDNSZones() []components.RegistryDNSZoneSpec {
	zones := []components.RegistryDNSZoneSpec{{
		Key:            components.PrimaryRegistryDNSZoneKey,
		ExistingZoneID: optionalID(c.RegistryDNSZoneID),
		LinkStackVnet:  c.LinkVnetToRegistryDNSZone,
		LinkVnetIDs:    c.RegistryDNSZoneLinkVnetIDs,
	}}
	for i, e := range c.Endpoints() {
		if i == 0 {
			continue
		}
		zones = append(zones, components.RegistryDNSZoneSpec{
			Key:                 endpointRole(i),
			ExistingZoneID:      optionalID(e.DNSZoneID),
			ResourceGroupName:   e.DNSZoneResourceGroupName,
			CreateResourceGroup: e.DNSZoneID == "",
			Location:            e.Location,
			LinkVnetIDs:         e.LinkVnetIDs,
		})
	}
	return zones
}

// endpointRole is the role of endpoint i in logical names: pe, pe2, pe3...
func endpointRole(i int) string {
	if i == 0 {
		return "pe"
	}
	return fmt.Sprintf("pe%d", i+1)
}

// StackVnetID is the id of the VNet the stack's workloads run in: the
// existing one, or the one the stack creates.
func (c *Config) StackVnetID() string {
	if c.ExistingVnetID != "" {
		return c.ExistingVnetID
	}
	return components.VnetID(c.Env.SubscriptionID, c.ResourceGroupName, c.VnetName)
}

// StackVnetName is the name of the VNet the stack's workloads run in.
func (c *Config) StackVnetName() string {
	id := c.StackVnetID()
	return id[strings.LastIndex(id, "/")+1:]
}

// EnvironmentArgs maps the configuration to the ContainerAppsEnvironment
// component, in the network's resource group, subnet and VNet.
func (c *Config) EnvironmentArgs(resourceGroup, subnetID, vnetID pulumi.StringInput) *components.ContainerAppsEnvironmentArgs {
	return &components.ContainerAppsEnvironmentArgs{
		EnvironmentName:        c.EnvironmentName,
		Location:               c.Location,
		ResourceGroupName:      resourceGroup,
		InfrastructureSubnetID: subnetID,
		Internal:               c.EnvironmentInternal,
		VnetID:                 vnetID,
		WorkloadProfiles:       c.WorkloadProfileSpecs(),
		// The stack's log workspace: the given one, else log-<baseName>.
		LogAnalyticsWorkspaceID:   c.ExistingLogAnalyticsWorkspace(),
		LogAnalyticsWorkspaceName: c.LogAnalyticsWorkspaceName(),
		Tags:                      c.Tags,
	}
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
			Kind:                a.Kind,
		})
	}
	return out
}

// ProbeSpec returns the probe job's settings (nil when probeJob is off):
// every data endpoint and the addresses of the endpoint the stack's VNet
// resolves through come from the registry.
func (c *Config) ProbeSpec(dataHosts pulumi.StringArrayInput, addresses pulumi.StringMapInput) *components.ProbeJobSpec {
	if !c.ProbeJob {
		return nil
	}
	return &components.ProbeJobSpec{ImageRepository: ProbeImageRepository, ImageTag: ProbeImageTag,
		DataEndpointHostNames: dataHosts, ExpectedAddresses: addresses}
}

// ExistingLogAnalyticsWorkspace is logAnalyticsWorkspaceId as a component
// input: nil when unset (the workload then creates LogAnalyticsWorkspaceName).
func (c *Config) ExistingLogAnalyticsWorkspace() pulumi.StringInput {
	return optionalID(c.LogAnalyticsWorkspaceID)
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
				Server:      pulumi.String(c.CustomRegistryHost()),
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

// RegistryArgs maps the configuration to the PrivateRegistry component.
func (c *Config) RegistryArgs(resourceGroup pulumi.StringInput) *components.PrivateRegistryArgs {
	args := &components.PrivateRegistryArgs{
		Name:                  c.RegistryName,
		Location:              c.Location,
		ResourceGroupName:     resourceGroup,
		AllowedPublicIPRanges: c.RegistryAllowedIPRanges,
		UntaggedRetentionDays: c.UntaggedRetentionDays,
		DomainNameLabelScope:  c.RegistryDomainNameLabelScope,
		Protect:               c.ProtectRegistry,
		Tags:                  c.Tags,
	}
	for _, r := range c.Replicas {
		args.Replicas = append(args.Replicas, components.ReplicaSpec{
			Location: r.Location, RegionEndpointEnabled: *r.RegionEndpointEnabled, ZoneRedundancy: r.ZoneRedundancy,
		})
	}
	return args
}

// EndpointsArgs maps the configuration to the RegistryEndpoints component:
// the registry's endpoints, gated behind the registry and its replications.
// The network's outputs fill in the stack's subnet and each endpoint's zone
// (zoneIDs, in the order of RegistryDNSZones).
func (c *Config) EndpointsArgs(registry *components.PrivateRegistry, resourceGroup, stackSubnetID pulumi.StringInput,
	zoneIDs pulumi.StringArrayOutput) *components.RegistryEndpointsArgs {
	args := &components.RegistryEndpointsArgs{
		RegistryID:            registry.RegistryID,
		LoginServer:           registry.LoginServer,
		DataEndpointHostNames: registry.DataEndpointHostNames,
		ResourceGroupName:     resourceGroup,
		Location:              c.Location,
		RegistryReady:         registry.RegistryReady,
		Gate:                  registry.Gate,
		Tags:                  c.Tags,
	}
	for _, r := range c.Replicas {
		args.ReplicaLocations = append(args.ReplicaLocations, r.Location)
	}
	for i, e := range c.Endpoints() {
		subnet := stackSubnetID
		if e.SubnetID != "" {
			subnet = pulumi.String(e.SubnetID)
		}
		args.PrivateEndpoints = append(args.PrivateEndpoints, components.RegistryEndpointSpec{
			Name: e.Name, Location: e.Location, SubnetID: subnet, DNSZoneID: zoneIDs.Index(pulumi.Int(i)),
			StaticIPs: e.StaticIPs,
		})
	}
	return args
}

// ImagesArgs maps the configuration to the RegistryImages component: cache
// rules, credential sets and the agent pool (in agentPoolSubnetID).
func (c *Config) ImagesArgs(registryName, resourceGroup, agentPoolSubnetID pulumi.StringInput) *components.RegistryImagesArgs {
	args := &components.RegistryImagesArgs{
		RegistryName:      registryName,
		ResourceGroupName: resourceGroup,
		Location:          c.Location,
		Tags:              c.Tags,
		// The credential sets' Key Vault grants are role assignments too.
		CredentialSetPropagationWaitSeconds: c.AcrPullPropagationSeconds,
	}
	for _, r := range c.CacheRules {
		args.CacheRules = append(args.CacheRules, components.CacheRuleSpec{
			Name: r.Name, Source: r.Source, Target: r.Target, CredentialSet: r.CredentialSet,
		})
	}
	for _, s := range c.CredentialSets {
		args.CredentialSets = append(args.CredentialSets, components.CredentialSetSpec{
			Name: s.Name, LoginServer: s.LoginServer, UsernameSecretID: pulumi.String(s.UsernameSecretID),
			PasswordSecretID: pulumi.String(s.PasswordSecretID), KeyVaultID: optionalID(s.KeyVaultID),
		})
	}
	if p := c.AgentPool; p != nil {
		args.AgentPool = &components.AgentPoolSpec{Name: p.Name, Tier: p.Tier, Count: *p.Count, SubnetID: agentPoolSubnetID}
	}
	return args
}

// optionalID is an optional id input: nil when the setting is unset.
func optionalID(id string) pulumi.StringInput {
	if id == "" {
		return nil
	}
	return pulumi.String(id)
}
