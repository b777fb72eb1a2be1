package components

import (
	"fmt"

	"github.com/pulumi/pulumi-azure-native-sdk/web/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// HostedRegistryImage is the image of the hosted custom registry.
const HostedRegistryImage = "registry:2"

// WebAppGroupID is the private-link group of App Service sites.
const WebAppGroupID = "sites"

// hostedRegistry is the registry:2 site and what pulls from it need first.
type hostedRegistry struct {
	host pulumi.StringOutput
	deps []pulumi.Resource
}

// Settings and startup command of the hosted registry's htpasswd
// authentication. registry:2 has no authentication unless REGISTRY_AUTH is
// configured; its htpasswd backend reads a file, so the startup command writes
// the file from a secret app setting, then starts the registry the way the
// image's entrypoint does.
const (
	settingHtpasswd      = "PRIVATEPULL_REGISTRY_HTPASSWD"
	hostedHtpasswdPath   = "/tmp/privatepull-htpasswd"
	hostedRegistryConfig = "/etc/docker/registry/config.yml"
)

// hostedRegistryStartup writes the htpasswd file from its app setting and
// execs the registry (the image's /entrypoint.sh runs any command it is given).
var hostedRegistryStartup = fmt.Sprintf(`sh -c "printenv %s > %s && exec registry serve %s"`,
	settingHtpasswd, hostedHtpasswdPath, hostedRegistryConfig)

// hostedRegistry registers a registry:2 site on the plan with public network
// access disabled, its `sites` private endpoint and the DNS zone group that
// registers it in privatelink.azurewebsites.net. The registry image itself
// comes from Docker Hub; its data lives in the plan's /home storage. With an
// htpasswd file every push and pull must authenticate.
func (b siteBuilder) hostedRegistry() (*hostedRegistry, error) {
	spec := b.args.HostedRegistry
	// registry:2 listens on 5000 and keeps images on the persistent /home share.
	siteArgs := b.siteArgs(spec.Name, 5000, true, map[string]string{
		"REGISTRY_STORAGE_FILESYSTEM_ROOTDIRECTORY": "/home/registry",
	}, pullSource{}, pulumi.String("DOCKER|"+HostedRegistryImage), true)
	siteArgs.PublicNetworkAccess = pulumi.String("Disabled")
	if spec.Htpasswd != nil {
		cfg := siteArgs.SiteConfig.(*web.SiteConfigArgs)
		add := func(name string, value pulumi.StringInput) {
			cfg.AppSettings = append(cfg.AppSettings.(web.NameValuePairArray),
				&web.NameValuePairArgs{Name: pulumi.String(name), Value: value})
		}
		add("REGISTRY_AUTH", pulumi.String("htpasswd"))
		add("REGISTRY_AUTH_HTPASSWD_REALM", pulumi.String(spec.Name))
		add("REGISTRY_AUTH_HTPASSWD_PATH", pulumi.String(hostedHtpasswdPath))
		add(settingHtpasswd, pulumi.ToSecret(spec.Htpasswd.ToStringOutput()).(pulumi.StringOutput))
		cfg.AppCommandLine = pulumi.String(hostedRegistryStartup)
	}
	site, err := web.NewWebApp(b.ctx, childName(b.component, "registry"), siteArgs, b.child...)
	if err != nil {
		return nil, fmt.Errorf("hosted registry %s: %w", spec.Name, err)
	}
	_, zoneGroup, err := newPrivateEndpoint(b.ctx, childName(b.component, "registry-pe"), privateEndpointSpec{
		name: "pe-web-" + spec.Name, resourceGroupName: b.args.ResourceGroupName, location: b.args.Location,
		subnetID: spec.PrivateEndpointSubnetID, targetID: site.ID(), groupID: WebAppGroupID, dnsZoneID: spec.DNSZoneID,
		tags: b.args.Tags,
	}, b.child, b.child)
	if err != nil {
		return nil, fmt.Errorf("hosted registry: %w", err)
	}
	deps := append([]pulumi.Resource{zoneGroup}, spec.DNSDependencies...)
	return &hostedRegistry{host: site.DefaultHostName, deps: deps}, nil
}
