package tests

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/privatepull/privatepull/components"
	"github.com/privatepull/privatepull/tests/harness"
)

const (
	tokPlan   = "azure-native:web:AppServicePlan"
	tokWebApp = "azure-native:web:WebApp"

	acrPassword    = "s3cr3t-acr-password-value"
	acrUser        = "acr-token-user"
	customPassword = "s3cr3t-custom-password-value"
)

var integrationSubnetID = fakeID("Microsoft.Network/virtualNetworks/vnet-test/subnets/snet-app")

// webProgram registers stand-ins for the grant and the network dependencies,
// then a WebAppWorkload with the given apps.
func webProgram(apps []components.WebAppSpec, mutate func(*components.WebAppWorkloadArgs)) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		grant, network, err := pullPrerequisites(ctx)
		if err != nil {
			return err
		}
		args := &components.WebAppWorkloadArgs{
			PlanName: "asp-test", PlanSku: "P1v3", PlanInstances: 2, Location: "koreacentral",
			ResourceGroupName:    pulumi.String("rg-test"),
			IntegrationSubnetID:  pulumi.String(integrationSubnetID),
			Cloud:                components.CloudPublic,
			LoginServer:          pulumi.String("acrtest01.azurecr.io"),
			RegistryID:           pulumi.String(registryID),
			PullIdentityID:       pulumi.String(uamiID),
			PullIdentityClientID: pulumi.String(uamiClientID),
			PullIdentityGrant:    grant,
			NetworkDependencies:  network,
			AcrCredentials: &components.RegistryCredentials{
				Username: pulumi.ToSecret(pulumi.String(acrUser)).(pulumi.StringOutput),
				Password: pulumi.ToSecret(pulumi.String(acrPassword)).(pulumi.StringOutput),
			},
			Apps: apps,
		}
		if mutate != nil {
			mutate(args)
		}
		_, err = components.NewWebAppWorkload(ctx, "web", args)
		return err
	}
}

func webApp(name string, auth components.PullAuth) components.WebAppSpec {
	return components.WebAppSpec{Name: name, ImageRepository: "privatewebsite", ImageTag: "lnx-v1", Port: 8000,
		AlwaysOn: true, PullAuth: auth, AppSettings: map[string]string{"GREETING": "hello"}}
}

// settings returns a site's app settings as name -> value.
func settings(t *testing.T, site harness.Registration) map[string]any {
	t.Helper()
	out := map[string]any{}
	list, _ := site.Plain("siteConfig.appSettings").([]any)
	for _, s := range list {
		pair := s.(map[string]any)
		out[pair["name"].(string)] = pair["value"]
	}
	return out
}

// assertHardenedSite checks what every site shares, whatever its pull mode,
// and that it waits for the private registry's name resolution.
func assertHardenedSite(t *testing.T, site harness.Registration) {
	t.Helper()
	assertHardening(t, site)
	assert.True(t, site.DependsOn("acr-pe-dns"), "the A records must exist before the first pull")
	assert.True(t, site.DependsOn("net-acr-zone-link"), "the VNet must resolve the zone before the first pull")
}

// assertHardening checks the hardening baseline and VNet integration.
func assertHardening(t *testing.T, site harness.Registration) {
	t.Helper()
	assert.Equal(t, tokWebApp, site.Type)
	assert.Equal(t, "web", site.Parent)
	assert.Equal(t, "app,linux,container", site.Plain("kind"))
	assert.Equal(t, true, site.Plain("httpsOnly"))
	assert.Equal(t, integrationSubnetID, site.Plain("virtualNetworkSubnetId"))
	assert.Equal(t, true, site.Plain("vnetRouteAllEnabled"))
	assert.Equal(t, "1.2", site.Plain("siteConfig.minTlsVersion"))
	assert.Equal(t, "Disabled", site.Plain("siteConfig.ftpsState"))
	assert.Equal(t, true, site.Plain("siteConfig.alwaysOn"))
	assert.True(t, site.DependsOn("web-plan"))
}

func TestAppServicePlanIsLinux(t *testing.T) {
	m := run(t, false, webProgram([]components.WebAppSpec{webApp("web-a", components.PullAuthUserAssigned)}, nil))
	assert.Equal(t, "privatepull:index:WebAppWorkload", get(t, m, "web").Type)
	plan := get(t, m, "web-plan")
	assert.Equal(t, tokPlan, plan.Type)
	assert.Equal(t, "web", plan.Parent)
	assert.Equal(t, "asp-test", plan.Plain("name"))
	assert.Equal(t, true, plan.Plain("reserved"))
	assert.Equal(t, "linux", plan.Plain("kind"))
	assert.Equal(t, map[string]any{"name": "P1v3", "tier": "PremiumV3", "capacity": float64(2)}, plan.Plain("sku"))
}

func TestWebAppUserAssignedIdentity(t *testing.T) {
	modes(t, func(t *testing.T, preview bool) {
		m := run(t, preview, webProgram([]components.WebAppSpec{webApp("web-a", components.PullAuthUserAssigned)}, nil))
		site := get(t, m, "web-web-a")
		assertHardenedSite(t, site)
		assert.Equal(t, true, site.Plain("vnetImagePullEnabled"))
		assert.Equal(t, "UserAssigned", site.Plain("identity.type"))
		assert.Equal(t, []any{uamiID}, site.Plain("identity.userAssignedIdentities"))
		assert.Equal(t, true, site.Plain("siteConfig.acrUseManagedIdentityCreds"))
		assert.Equal(t, uamiClientID, site.Plain("siteConfig.acrUserManagedIdentityID"), "the CLIENT id, not the principal id")
		assert.Equal(t, "DOCKER|acrtest01.azurecr.io/privatewebsite:lnx-v1", site.Plain("siteConfig.linuxFxVersion"))
		assert.Equal(t, map[string]any{"WEBSITES_PORT": "8000", "WEBSITES_ENABLE_APP_SERVICE_STORAGE": "false",
			"GREETING": "hello", "WEBSITE_PULL_IMAGE_OVER_VNET": "true"}, settings(t, site),
			"VNet image pull is set twice: the site property and the legacy app setting (pulumi-azure-native#2103)")
		assert.True(t, site.DependsOn("grant"), "the app must wait for the identity's AcrPull")
		assert.Equal(t, []string{"grant", "grant-reader"}, namesOf(m.OfType(tokRoleAssignment)),
			"no grant but the shared identity's (AcrPull and Reader) for a user-assigned pull")
	})
}

func TestWebAppPort80HasNoWebsitesPort(t *testing.T) {
	app := webApp("web-a", components.PullAuthUserAssigned)
	app.Port = 80
	app.AlwaysOn = false
	m := run(t, false, webProgram([]components.WebAppSpec{app}, nil))
	site := get(t, m, "web-web-a")
	assert.NotContains(t, settings(t, site), "WEBSITES_PORT")
	assert.Equal(t, false, site.Plain("siteConfig.alwaysOn"))
}

func TestWebAppSystemAssignedIdentity(t *testing.T) {
	modes(t, func(t *testing.T, preview bool) {
		m := run(t, preview, webProgram([]components.WebAppSpec{webApp("web-b", components.PullAuthSystemAssigned)}, nil))
		site := get(t, m, "web-web-b")
		assertHardenedSite(t, site)
		assert.Equal(t, true, site.Plain("vnetImagePullEnabled"))
		assert.Equal(t, "SystemAssigned", site.Plain("identity.type"))
		assert.Nil(t, site.Plain("identity.userAssignedIdentities"))
		assert.Equal(t, true, site.Plain("siteConfig.acrUseManagedIdentityCreds"))
		assert.Nil(t, site.Plain("siteConfig.acrUserManagedIdentityID"), "omitted for a system-assigned identity")
		assert.False(t, site.DependsOn("grant"), "the shared identity's grant is irrelevant here")

		grant := get(t, m, "web-web-b-acrpull")
		assert.Equal(t, tokRoleAssignment, grant.Type)
		assert.Equal(t, "web", grant.Parent)
		assert.Equal(t, registryID, grant.Plain("scope"))
		assert.Equal(t, "ServicePrincipal", grant.Plain("principalType"))
		assert.True(t, grant.DependsOn("web-web-b"))
		if !preview {
			siteID := fakeID("Microsoft.Web/sites/web-b")
			principal := harness.FakeGUID("site-principal:" + siteID)
			assert.Equal(t, principal, grant.Plain("principalId"))
			assert.Equal(t, acrPullRoleDefinition, grant.Plain("roleDefinitionId"))
			assert.Equal(t, components.RoleAssignmentName(registryID, principal, acrPullRoleDefinition),
				grant.Plain("roleAssignmentName"))
		}
	})
}

func TestCredentialPullsAreWarnedAbout(t *testing.T) {
	var warnings []string
	_, err := harness.Run(func(ctx *pulumi.Context) error {
		w, err := components.NewWebAppWorkload(ctx, "web", &components.WebAppWorkloadArgs{
			PlanName: "asp-test", PlanSku: "B1", PlanInstances: 1, Location: "koreacentral",
			ResourceGroupName: pulumi.String("rg-test"), IntegrationSubnetID: pulumi.String(integrationSubnetID),
			LoginServer: pulumi.String("acrtest01.azurecr.io"),
			AcrCredentials: &components.RegistryCredentials{
				Username: pulumi.ToSecret(pulumi.String(acrUser)).(pulumi.StringOutput),
				Password: pulumi.ToSecret(pulumi.String(acrPassword)).(pulumi.StringOutput),
			},
			Apps: []components.WebAppSpec{webApp("web-c", components.PullAuthCredentials)},
		})
		if err == nil {
			warnings = w.Warnings
		}
		return err
	}, harness.Options{})
	require.NoError(t, err)
	require.Len(t, warnings, 1)
	assert.Contains(t, warnings[0], "web app web-c pulls from the registry with a username and password")
}

func TestWebAppCredentialsStaySecret(t *testing.T) {
	modes(t, func(t *testing.T, preview bool) {
		m := run(t, preview, webProgram([]components.WebAppSpec{webApp("web-c", components.PullAuthCredentials)}, nil))
		site := get(t, m, "web-web-c")
		assertHardenedSite(t, site)
		assert.Nil(t, site.Plain("identity"))
		assert.False(t, site.DependsOn("grant"))
		if preview {
			return
		}
		assert.Equal(t, true, site.Plain("vnetImagePullEnabled"))
		assert.Equal(t, false, site.Plain("siteConfig.acrUseManagedIdentityCreds"))
		s := settings(t, site)
		assert.Equal(t, "https://acrtest01.azurecr.io", s["DOCKER_REGISTRY_SERVER_URL"])
		assert.Equal(t, acrUser, s["DOCKER_REGISTRY_SERVER_USERNAME"])
		assert.Equal(t, acrPassword, s["DOCKER_REGISTRY_SERVER_PASSWORD"])
		assert.True(t, site.IsSecret("siteConfig.appSettings[5].value"), "the password must be a secret")
		assertNoPlaintext(t, m, acrPassword)
		assertNoPlaintext(t, m, acrUser)
	})
}

func TestCustomRegistryPullsWithItsCredentials(t *testing.T) {
	app := webApp("web-d", components.PullAuthCredentials)
	app.CustomRegistry = &components.CustomRegistrySpec{
		Server: pulumi.String("registry.contoso.internal:5000"),
		Credentials: &components.RegistryCredentials{
			Username: pulumi.ToSecret(pulumi.String("puller")).(pulumi.StringOutput),
			Password: pulumi.ToSecret(pulumi.String(customPassword)).(pulumi.StringOutput),
		},
	}
	m := run(t, false, webProgram([]components.WebAppSpec{app}, nil))
	site := get(t, m, "web-web-d")
	assertHardenedSite(t, site)
	assert.Equal(t, "DOCKER|registry.contoso.internal:5000/privatewebsite:lnx-v1", site.Plain("siteConfig.linuxFxVersion"))
	assert.Equal(t, false, site.Plain("siteConfig.acrUseManagedIdentityCreds"))
	assert.Equal(t, true, site.Plain("vnetImagePullEnabled"))
	s := settings(t, site)
	assert.Equal(t, "https://registry.contoso.internal:5000", s["DOCKER_REGISTRY_SERVER_URL"])
	assert.Equal(t, customPassword, s["DOCKER_REGISTRY_SERVER_PASSWORD"])
	assertNoPlaintext(t, m, customPassword)
}

func TestHostedCustomRegistryBehindPrivateEndpoint(t *testing.T) {
	webZoneID := fakeID("Microsoft.Network/privateDnsZones/privatelink.azurewebsites.net")
	app := webApp("web-e", components.PullAuthCredentials)
	app.CustomRegistry = &components.CustomRegistrySpec{Hosted: true}
	m := run(t, false, webProgram([]components.WebAppSpec{app}, func(a *components.WebAppWorkloadArgs) {
		a.HostedRegistry = &components.HostedRegistrySpec{
			Name: "reg-test01", PrivateEndpointSubnetID: pulumi.String(peSubnetID), DNSZoneID: pulumi.String(webZoneID),
			Htpasswd: pulumi.String(testHtpasswd),
		}
	}))
	registry := get(t, m, "web-registry")
	assertHardening(t, registry)
	assert.Equal(t, "DOCKER|registry:2", registry.Plain("siteConfig.linuxFxVersion"))
	assert.Equal(t, "Disabled", registry.Plain("publicNetworkAccess"))
	hosted := settings(t, registry)
	assert.Equal(t, "5000", hosted["WEBSITES_PORT"])
	assert.Equal(t, "true", hosted["WEBSITES_ENABLE_APP_SERVICE_STORAGE"])
	// registry:2 authenticates every push and pull against the htpasswd entry,
	// which the startup command writes from a secret app setting.
	assert.Equal(t, "htpasswd", hosted["REGISTRY_AUTH"])
	assert.Equal(t, "reg-test01", hosted["REGISTRY_AUTH_HTPASSWD_REALM"])
	assert.Equal(t, "/tmp/privatepull-htpasswd", hosted["REGISTRY_AUTH_HTPASSWD_PATH"])
	assert.Equal(t, testHtpasswd, hosted["PRIVATEPULL_REGISTRY_HTPASSWD"])
	assert.Equal(t, `sh -c "printenv PRIVATEPULL_REGISTRY_HTPASSWD > /tmp/privatepull-htpasswd && `+
		`exec registry serve /etc/docker/registry/config.yml"`, registry.Plain("siteConfig.appCommandLine"))
	assertNoPlaintext(t, m, testHtpasswd)

	pe := get(t, m, "web-registry-pe")
	assert.Equal(t, tokPrivateEP, pe.Type)
	assert.Equal(t, []any{"sites"}, pe.Plain("privateLinkServiceConnections[0].groupIds"))
	assert.Equal(t, fakeID("Microsoft.Web/sites/reg-test01"), pe.Plain("privateLinkServiceConnections[0].privateLinkServiceId"))
	assert.Equal(t, peSubnetID, pe.Plain("subnet.id"))
	zg := get(t, m, "web-registry-pe-dns")
	assert.Equal(t, webZoneID, zg.Plain("privateDnsZoneConfigs[0].privateDnsZoneId"))

	site := get(t, m, "web-web-e")
	assert.Equal(t, "DOCKER|reg-test01.azurewebsites.net/privatewebsite:lnx-v1", site.Plain("siteConfig.linuxFxVersion"))
	assert.True(t, site.DependsOn("web-registry-pe-dns"), "the app waits for the hosted registry's DNS record")
	assert.Equal(t, false, site.Plain("siteConfig.acrUseManagedIdentityCreds"))
	assert.NotContains(t, settings(t, site), "DOCKER_REGISTRY_SERVER_PASSWORD", "an anonymous registry needs no credentials")
}

// testHtpasswd is `htpasswd -nbB registry-user registry-pa55`.
const testHtpasswd = "registry-user:$2a$04$u5eQufnQNpuGH3a1MY0di.01bTraJA2KRL8tUJXcKgUgXLsi6ZA5a"

// TestHostedRegistryNeverAcceptsAnonymousPushesUnlessAcknowledged: without
// an htpasswd entry the component refuses the hosted registry, unless the
// caller acknowledges a throwaway test setup (then no auth is configured).
func TestHostedRegistryNeverAcceptsAnonymousPushesUnlessAcknowledged(t *testing.T) {
	app := webApp("web-e", components.PullAuthCredentials)
	app.CustomRegistry = &components.CustomRegistrySpec{Hosted: true}
	hosted := func(anonymous bool) func(a *components.WebAppWorkloadArgs) {
		return func(a *components.WebAppWorkloadArgs) {
			a.HostedRegistry = &components.HostedRegistrySpec{Name: "reg-test01",
				PrivateEndpointSubnetID: pulumi.String(peSubnetID), DNSZoneID: pulumi.String(acrZoneID),
				AnonymousTestOnly: anonymous}
		}
	}
	m, err := harness.Run(webProgram([]components.WebAppSpec{app}, hosted(false)), harness.Options{})
	require.ErrorContains(t, err, "the hosted registry needs Htpasswd")
	_, registered := m.Get("web")
	assert.False(t, registered, "nothing of the workload is registered")

	m = run(t, false, webProgram([]components.WebAppSpec{app}, hosted(true)))
	registry := get(t, m, "web-registry")
	assert.NotContains(t, settings(t, registry), "REGISTRY_AUTH")
	assert.Nil(t, registry.Plain("siteConfig.appCommandLine"))
}

func TestPrivateNetworkAppServiceSubnetAndWebZone(t *testing.T) {
	args := networkArgs()
	args.AppServiceSubnet = &components.SubnetSpec{Name: "snet-app", AddressPrefix: "10.0.3.0/26",
		Delegation: components.DelegationAppService}
	args.WebAppDNSZone = true
	m := run(t, false, networkProgram(args))
	subnet := get(t, m, "net-snet-app")
	assert.Equal(t, "10.0.3.0/26", subnet.Plain("addressPrefix"))
	assert.Equal(t, "Microsoft.Web/serverFarms", subnet.Plain("delegations[0].serviceName"))
	assert.Equal(t, "privatelink.azurewebsites.net", get(t, m, "net-web-zone").Plain("privateZoneName"))
	link := get(t, m, "net-web-zone-link")
	assert.Equal(t, false, link.Plain("registrationEnabled"))
	assert.Equal(t, "link-web-vnet-test", link.Plain("virtualNetworkLinkName"))
	assert.True(t, link.DependsOn("net-vnet"))
	assert.Contains(t, link.ParentURN, "privatepull:index:PrivateDnsZones::net")
}

func TestWebAppWorkloadRejectsMissingCredentials(t *testing.T) {
	m, err := harness.Run(webProgram([]components.WebAppSpec{webApp("web-c", components.PullAuthCredentials)},
		func(a *components.WebAppWorkloadArgs) { a.AcrCredentials = nil }), harness.Options{})
	require.ErrorContains(t, err, "AcrCredentials are not set")
	_, registered := m.Get("web")
	assert.False(t, registered, "nothing of the workload is registered")
}

// TestAppServiceSkusAsAzureSpellsThem: names are case-insensitive (seed 001
// writes P1V3), the tier is Azure's (P0v3 is Premium0V3) and the instance
// limit follows the tier.
func TestAppServiceSkusAsAzureSpellsThem(t *testing.T) {
	for sku, want := range map[string]components.AppServiceSku{
		"B1": {Name: "B1", Tier: "Basic", MaxInstances: 3}, "b3": {Name: "B3", Tier: "Basic", MaxInstances: 3},
		"S2":   {Name: "S2", Tier: "Standard", MaxInstances: 10},
		"P1v2": {Name: "P1v2", Tier: "PremiumV2", MaxInstances: 30}, "P3V2": {Name: "P3v2", Tier: "PremiumV2", MaxInstances: 30},
		"P1V3": {Name: "P1v3", Tier: "PremiumV3", MaxInstances: 30}, "p2v3": {Name: "P2v3", Tier: "PremiumV3", MaxInstances: 30},
		"P0v3": {Name: "P0v3", Tier: "Premium0V3", MaxInstances: 30}, "P0V3": {Name: "P0v3", Tier: "Premium0V3", MaxInstances: 30},
		"P2mv3": {Name: "P2mv3", Tier: "PremiumMV3", MaxInstances: 30}, "P5MV3": {Name: "P5mv3", Tier: "PremiumMV3", MaxInstances: 30},
		// Premium v4: P0v4 shares PremiumV4 with P1v4-P3v4 (unlike P0v3), and P2mv4 exists.
		"P0V4": {Name: "P0v4", Tier: "PremiumV4", MaxInstances: 30}, "p1v4": {Name: "P1v4", Tier: "PremiumV4", MaxInstances: 30},
		"P3v4": {Name: "P3v4", Tier: "PremiumV4", MaxInstances: 30}, "P1MV4": {Name: "P1mv4", Tier: "PremiumMV4", MaxInstances: 30},
		"p2mV4": {Name: "P2mv4", Tier: "PremiumMV4", MaxInstances: 30}, "P5mv4": {Name: "P5mv4", Tier: "PremiumMV4", MaxInstances: 30},
	} {
		got, err := components.ParseAppServiceSku(sku)
		require.NoError(t, err, sku)
		assert.Equal(t, want, got, sku)
	}
	for sku, why := range map[string]string{"F1": "Free/Shared", "D1": "Free/Shared", "I1v2": "App Service Environment",
		"EP1": "Functions", "X9": "not an App Service plan SKU", "P4v3": "not an App Service plan SKU", "P0v2": "not an",
		"P4v4": "P0v4-P3v4", "P0mv4": "P1mv4-P5mv4", "P6mv4": "not an App Service plan SKU"} {
		_, err := components.ParseAppServiceSku(sku)
		assert.ErrorContains(t, err, why, sku)
	}
}

// TestPremiumV4PlansWarnThatOutboundIPsAreNotStable: a v4 plan is created
// with Azure's spelling and tier, and the component warns that its apps have
// no stable outbound IP addresses (v3 and an existing plan do not warn).
func TestPremiumV4PlansWarnThatOutboundIPsAreNotStable(t *testing.T) {
	plan := func(sku string) (map[string]any, []string) {
		var warnings []string
		m, err := harness.Run(func(ctx *pulumi.Context) error {
			w, err := components.NewWebAppWorkload(ctx, "web", &components.WebAppWorkloadArgs{
				PlanName: "asp-test", PlanSku: sku, PlanInstances: 2, Location: "koreacentral",
				ResourceGroupName: pulumi.String("rg-test"), IntegrationSubnetID: pulumi.String(integrationSubnetID),
			})
			if err == nil {
				warnings = w.Warnings
			}
			return err
		}, harness.Options{})
		require.NoError(t, err, sku)
		return get(t, m, "web-plan").Plain("sku").(map[string]any), warnings
	}
	sku, warnings := plan("p1MV4")
	assert.Equal(t, map[string]any{"name": "P1mv4", "tier": "PremiumMV4", "capacity": float64(2)}, sku)
	require.Len(t, warnings, 1)
	assert.Contains(t, warnings[0], "App Service plan asp-test is P1mv4 (PremiumMV4 tier), which has no stable outbound IP addresses")
	assert.Contains(t, warnings[0], "NAT gateway")
	sku, warnings = plan("P0V4")
	assert.Equal(t, map[string]any{"name": "P0v4", "tier": "PremiumV4", "capacity": float64(2)}, sku)
	assert.Len(t, warnings, 1)
	_, warnings = plan("P0v3")
	assert.Empty(t, warnings, "v3 plans keep stable outbound IPs")
}

// TestPlanSendsTheCanonicalSkuAndRefusesTooManyInstances: seed 001's P1V3
// reaches Azure as P1v3/PremiumV3, and a Basic plan cannot have 4 instances.
func TestPlanSendsTheCanonicalSkuAndRefusesTooManyInstances(t *testing.T) {
	m := run(t, false, webProgram([]components.WebAppSpec{webApp("web-u", components.PullAuthUserAssigned)},
		func(a *components.WebAppWorkloadArgs) { a.PlanSku = "P1V3" }))
	assert.Equal(t, map[string]any{"name": "P1v3", "tier": "PremiumV3", "capacity": float64(2)}, get(t, m, "web-plan").Plain("sku"))

	m, err := harness.Run(webProgram([]components.WebAppSpec{webApp("web-u", components.PullAuthUserAssigned)},
		func(a *components.WebAppWorkloadArgs) { a.PlanSku, a.PlanInstances = "B1", 4 }), harness.Options{})
	require.ErrorContains(t, err, "4 instances do not fit the Basic tier (1-3)")
	_, registered := m.Get("web")
	assert.False(t, registered)
}

// assertNoPlaintext fails when value appears outside a secret in any input.
func assertNoPlaintext(t *testing.T, m *harness.Mocks, value string) {
	t.Helper()
	for _, r := range m.Registrations() {
		assert.Empty(t, harness.PlaintextPaths(r.Inputs, value), "%s carries the secret in plain text", r.Name)
	}
}

// TestPlainCredentialsAreMadeSecret: a library user may pass plain strings;
// the component still stores them as secrets.
func TestPlainCredentialsAreMadeSecret(t *testing.T) {
	m := run(t, false, webProgram([]components.WebAppSpec{webApp("web-c", components.PullAuthCredentials)},
		func(a *components.WebAppWorkloadArgs) {
			a.AcrCredentials = &components.RegistryCredentials{
				Username: pulumi.String(acrUser), Password: pulumi.String(acrPassword),
			}
		}))
	site := get(t, m, "web-web-c")
	assert.True(t, site.IsSecret("siteConfig.appSettings[5].value"))
	assertNoPlaintext(t, m, acrPassword)
	assertNoPlaintext(t, m, acrUser)
}
