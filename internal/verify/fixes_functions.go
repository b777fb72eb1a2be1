package verify

// The fixes of the function app and host storage checks: the remedies of
// their docs/troubleshooting.md rows, as in fixes.go.
const (
	fixFunctionKind = "the site is not a Linux container function app (kind functionapp,linux,container, reserved=true), so " +
		"the Functions host does not run the image: both are set at creation, recreate the site with `pulumi up --replace <site URN>`"

	fixFunctionState = "the function app is not running: `az functionapp start --ids <siteId>` and read its container log " +
		"(`az webapp log tail --ids <siteId>`), where a failed pull shows"

	fixFunctionSubnet = "the function app is not integrated with the stack's App Service integration subnet: run `pulumi up` (a " +
		"subnet delegated to Microsoft.Web/serverFarms, separate from the private-endpoint subnet; several plans may share it, and " +
		"an Elastic Premium plan needs an address per instance up to maximumElasticWorkerCount)"

	fixFunctionVnetPull = "the function app pulls its image over the public endpoint and is denied: turn VNet image pull on " +
		"(vnetImagePullEnabled=true and the app setting WEBSITE_PULL_IMAGE_OVER_VNET=true) with `pulumi up`, and check the " +
		"registry zone's VNet link and custom DNS forwarding to 168.63.129.16"

	fixFunctionIdentity = "acrUseManagedIdentityCreds must be true and, for the user-assigned identity, acrUserManagedIdentityID " +
		"its CLIENT id (privatepull's choice) or its resource id (Azure accepts both; never the principal id), with the identity " +
		"assigned to the site; for the site's own identity leave it empty: run `pulumi up`"

	fixFunctionImage = "linuxFxVersion must be DOCKER|<loginServer>/<repo>:<tag> so the site pulls from the private registry: run " +
		"`pulumi up` (Elastic Premium has no continuous deployment from a registry: change the image in the stack)"

	fixFunctionSettings = "a container function app needs FUNCTIONS_EXTENSION_VERSION=~4 and WEBSITES_ENABLE_APP_SERVICE_STORAGE=false " +
		"(missing settings fail provisioning with HTTP 500 \"Function app provisioning failed\"): run `pulumi up`"

	fixFunctionStorageSettings = "the host reaches its storage with a managed identity only when AzureWebJobsStorage__accountName " +
		"names the stack's account, AzureWebJobsStorage__credential is managedidentity and AzureWebJobsStorage__clientId is the " +
		"user-assigned identity's client id (no __clientId for the site's own identity): run `pulumi up`"

	fixFunctionStorageAccount = "the function app's host storage (storageAccountId) is not the stack's functionsStorage account, " +
		"whose settings, endpoints and DNS are the ones verify checks: privatepull always exports the same account for both, so " +
		"these outputs were edited or come from another program; redeploy the stack with `pulumi up` and run verify on its outputs"

	fixFunctionStorageKeys = "a key-based storage setting (an AzureWebJobsStorage connection string, WEBSITE_CONTENTAZUREFILECONNECTIONSTRING " +
		"or WEBSITE_CONTENTSHARE) is set: it overrides the identity-based settings and the account refuses shared keys, so the host " +
		"fails; delete it (`az functionapp config appsettings delete --ids <siteId> --setting-names <name>`), then `pulumi up`, and " +
		"rotate the account keys if one was exposed"

	fixReadAppSettings = "verify could not read the function app's app settings: listing them needs " +
		"Microsoft.Web/sites/config/list/action, which Reader lacks (Website Contributor or Contributor on the site has it); a 404 " +
		"means the site is gone: run `pulumi up`"

	fixStorageSharedKey = "shared-key access is on for the Functions host storage (allowSharedKeyAccess must be false: a key bypasses " +
		"RBAC and the private design): `az storage account update -n <account> --allow-shared-key-access false` (or `pulumi up`) and " +
		"find the policy or person that changed it"

	fixStoragePublicAccess = "public network access to the Functions host storage must be Disabled (private endpoints only): " +
		"`az storage account update -n <account> --public-network-access Disabled` (or `pulumi up`)"

	fixStorageTLS = "the Functions host storage must refuse TLS below 1.2: `az storage account update -n <account> --min-tls-version " +
		"TLS1_2` (or `pulumi up`)"

	fixStorageBlobPublicAccess = "anonymous blob access must stay off on the Functions host storage: `az storage account update -n " +
		"<account> --allow-blob-public-access false` (or `pulumi up`)"

	fixStorageEndpoint = "the host storage lacks a working private endpoint for the service (missing, not provisioned, connection " +
		"not Approved, or no IP for the service host on its NIC), so the Functions host cannot reach blob, queue or table: approve " +
		"the connection (`az storage account private-endpoint-connection approve --account-name <account> -g <rg> -n <connection>`) " +
		"or recreate the endpoint with `pulumi up`"

	fixStorageZoneGroup = "the storage endpoint's DNS zone group is missing or writes to another zone, so the A record of " +
		"<account>.<service>.<storage suffix> is not maintained: restore it with `pulumi up` (each endpoint writes to its own " +
		"privatelink.<service>.<storage suffix> zone)"

	fixStorageRecord = "the account's A record in privatelink.<service>.<storage suffix> is missing or points at another IP, so the " +
		"host resolves the public endpoint (denied) or an unreachable IP: recreate the endpoint's zone group (`pulumi up --replace " +
		"<zone group URN>`); never edit the record by hand"

	fixStorageVnetLink = "`nslookup <account>.blob.<storage suffix>` from the function app's VNet returns a public IP when the VNet is " +
		"not linked to the storage zone: link it with registrationEnabled=false (`pulumi up`, or the central DNS team for a shared " +
		"zone); custom DNS servers must forward to 168.63.129.16"

	fixStorageGrant = "the function app's identity lacks a data role the Functions host needs on its storage account (Storage Blob " +
		"Data Owner, Storage Queue Data Contributor, Storage Table Data Contributor; Owner or Contributor do not grant data access): " +
		"run `pulumi up` (or `az role assignment create --assignee-object-id <principalId> --assignee-principal-type ServicePrincipal " +
		"--role \"<role>\" --scope <storageAccountId>`), wait 1-5 minutes for RBAC to propagate, then restart the app"
)
