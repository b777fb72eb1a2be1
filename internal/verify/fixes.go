package verify

// The fix of each check: the remedy of the docs/troubleshooting.md row for the
// symptom the check detects. Kept in one place so the docs and verify agree.
const (
	fixRead = "verify could not read the resource: give the identity running verify Reader on the stack's resource group " +
		"(and on the DNS zone's, when the zone lives elsewhere); a 404 means the resource is gone: run `pulumi up`"

	fixSKU = "private endpoints need the Premium SKU: run `pulumi up` (privatepull deploys Premium) or `az acr update -n <registry> --sku Premium`"

	fixPublicAccess = "public network access drifted from the stack: run `pulumi up` to restore it (Disabled, or Enabled with default action " +
		"Deny and exactly registryAllowedIpRanges) and find the policy or person that changed it"

	fixAdminUser = "the admin user was enabled outside the stack: `az acr update -n <registry> --admin-enabled false` (or `pulumi up`); " +
		"pull with managed identities or ACR tokens"

	fixAnonymousPull = "anonymous pull was enabled outside the stack: `az acr update -n <registry> --anonymous-pull-enabled false` (or `pulumi up`)"

	fixDataEndpoints = "dedicated data endpoints must be on so layer downloads use <name>.<region>.data over Private Link: " +
		"`az acr update -n <registry> --data-endpoint-enabled true` (or `pulumi up`)"

	fixARMAudience = "ARM-audience tokens are disabled (Container Apps fail with WebhookInvalidParameterValue, App Service with " +
		"UNAUTHORIZED \"token validation failed\"): `az acr config authentication-as-arm update -r <registry> --status enabled` " +
		"(or `pulumi up`) and exempt the registry from the Azure Policy \"Configure container registries to disable ARM audience " +
		"token authentication\" that reverts it"

	fixRBACModeDeclared = "the stack declares registryRoleAssignmentMode AbacRepositoryPermissions, but the registry is not in that " +
		"mode: switch it (`az acr update -n <registry> --role-assignment-mode rbac-abac`), or declare " +
		"LegacyRegistryPermissions and run `pulumi up` so the grants become AcrPull"

	fixCredentialSet = "the credential set cannot use its upstream credentials, so every cache rule using it fails (manifest unknown, " +
		"unauthorized upstream): the Key Vault must use Azure RBAC (enableRbacAuthorization=true; access policies are not read), the " +
		"set's identity needs Key Vault Secrets User on the vault (`az role assignment create --assignee-object-id <identity principalId> " +
		"--assignee-principal-type ServicePrincipal --role \"Key Vault Secrets User\" --scope <vaultId>`; with keyVaultId privatepull " +
		"grants it: run `pulumi up`), and the secrets must hold a user name and password (or token) the upstream accepts"

	fixEndpointConnection = "the private endpoint is not provisioned or its connection is not Approved: approve it " +
		"(`az acr private-endpoint-connection approve -r <registry> -n <connection>`) or recreate the endpoint with `pulumi up`"

	fixEndpointFQDNs = "the endpoint's network interface lacks an IP for a registry FQDN (typically a replica added after the endpoint, " +
		"or a replica rolled back because the subnet was full): give the subnet room for 1 + regions IPs per endpoint and recreate " +
		"the endpoint (`pulumi up --replace <endpoint URN>`); privatepull gates endpoints on every replication"

	fixZoneGroup = "the endpoint's DNS zone group is missing or writes to another zone, so the A records are not maintained: " +
		"restore it with `pulumi up` (the zone group registers <name> and every <name>.<region>.data record)"

	fixRecord = "the A record is missing or points at another IP (login server resolves but layer downloads fail, or a VNet reaches " +
		"another region's unreachable IP): the DNS zone group registers <name> and <name>.<region>.data automatically; recreate the " +
		"endpoint's zone group (`pulumi up --replace <zone group URN>`), never edit the records by hand, and never associate one zone " +
		"with two endpoints of the same registry"

	fixZonePerEndpoint = "two private endpoints of the registry write to the same private DNS zone: the last write wins and deleting " +
		"either endpoint deletes the records; give each endpoint its own zone, linked only to the VNets that use that endpoint"

	fixDataZone = "a separate <region>.data.privatelink zone shadows the data-endpoint records and breaks layer downloads: delete it " +
		"and its VNet links; data-endpoint records live in the one privatelink.azurecr.* zone"

	fixVnetLink = "`nslookup <registry>.azurecr.io` from the workload returns a public IP when its VNet is not linked to the zone: " +
		"link the VNet with registrationEnabled=false (`pulumi up`, or the central DNS team for a shared zone); custom DNS " +
		"servers must forward to 168.63.129.16"

	fixNoVnetKnown = "the stack outputs name no VNet that must resolve this zone, so verify cannot check its links: deploy the " +
		"stack with a privatepull version that exports them (`pulumi up`), then run verify again"

	fixAcrPull = "the principal lacks the pull grant the registry's mode honours (pull fails 401/UNAUTHORIZED, revision stuck " +
		"in Provisioning): AcrPull in LegacyRegistryPermissions mode, Container Registry Repository Reader in " +
		"AbacRepositoryPermissions mode; privatepull grants both unless the stack declares ABAC mode: run `pulumi up` " +
		"(or `az role assignment create --assignee-object-id <principalId> --assignee-principal-type ServicePrincipal " +
		"--role <AcrPull | \"Container Registry Repository Reader\"> --scope <registryId>`), wait 1-5 minutes for RBAC to " +
		"propagate, then restart the revision"

	fixDualGrant = "the principal pulls today but lacks Container Registry Repository Reader, so its pulls stop the day the " +
		"registry switches to ABAC repository-permissions mode, where AcrPull is ignored: run `pulumi up` (privatepull grants " +
		"AcrPull and the Reader to every pulling principal; a stack deployed before it did not)"

	fixTeamCondition = "the team's grant has no condition, so its identity can pull every team's images: run `pulumi up` on the " +
		"stack that grants it (privatepull writes the repository-prefix condition in ABAC mode) and remove the unconditioned " +
		"assignment"

	fixContainerAppRegistry = "the app must pull from the login server with the pull identity: configuration.registries = " +
		"{server: <loginServer>, identity: <identityId>} and the identity assigned to the app; run `pulumi up` " +
		"(a manual `az containerapp registry set` may have changed it)"

	fixContainerAppImage = "the image must come from the private registry's login server (<loginServer>/<repo>:<tag>): run `pulumi up`"

	fixImageDrift = "the image was changed outside the stack: run `pulumi up`, or change the image in the stack configuration"

	fixRevision = "the latest revision is not provisioned, running and healthy (`az containerapp update` succeeded but the runtime " +
		"pull failed, or RBAC had not propagated): check the revision's system logs, confirm DNS resolves the registry to the " +
		"private IP, then `az containerapp revision restart`"

	fixEnvironment = "the Container Apps environment is not as the stack declares it (infrastructure subnet, internal or external, " +
		"workload profiles) or did not provision: run `pulumi up` (the subnet and the internal setting are fixed at creation, so a " +
		"change replaces the environment and its apps); a Failed environment shows its error in `az containerapp env show`"

	fixEnvironmentLogs = "the environment's logs do not reach the stack's Log Analytics workspace, so a failed probe or a revision's " +
		"pull error leaves nothing to read: run `pulumi up` (privatepull sets appLogsConfiguration.destination azure-monitor and " +
		"the diagnostic setting privatepull-logs, which sends ContainerAppConsoleLogs and ContainerAppSystemLogs to the workspace)"

	fixWebVnetPull = "the web app pulls over the public endpoint and is denied: turn VNet image pull on (vnetImagePullEnabled=true " +
		"and the app setting WEBSITE_PULL_IMAGE_OVER_VNET=true, see pulumi/pulumi-azure-native#2103) with `pulumi up`, and check " +
		"the zone's VNet link and custom DNS forwarding to 168.63.129.16"

	fixWebSubnet = "the web app is not integrated with the stack's integration subnet: run `pulumi up` (a subnet delegated to " +
		"Microsoft.Web/serverFarms, separate from the private-endpoint subnet; several plans may share it)"

	fixWebIdentity = "acrUseManagedIdentityCreds must be true and, for a user-assigned identity, acrUserManagedIdentityID must be the " +
		"identity's CLIENT id (not its principal id) and the identity assigned to the site: run `pulumi up`"

	fixWebImage = "linuxFxVersion must be DOCKER|<loginServer>/<repo>:<tag> so the site pulls from the private registry: run `pulumi up`"

	fixWebState = "the site is not running: `az webapp start --ids <siteId>` and check the container log (`az webapp log tail`)"

	fixWebCredentials = "credential pulls are discouraged: switch the app to pullAuth userAssigned (the registry's admin user stays off)"

	fixProbe = "the in-VNet probe failed: its own PASS/FAIL lines (below, from the environment's Log Analytics workspace) name what " +
		"failed; every registry FQDN must resolve " +
		"to its endpoint's private IP from inside the VNet (link the VNet to the zone; custom DNS servers must forward to " +
		"168.63.129.16) and the registry must answer over HTTPS"
)
