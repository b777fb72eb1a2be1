package components

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"

	// API 2023-05-01 (GA): every property the keyless host storage needs
	// (allowSharedKeyAccess, publicNetworkAccess, defaultToOAuthAuthentication,
	// minimumTlsVersion) is in it, and every storage sub-package costs the
	// same to compile (about 13 s of CPU; README, Dependencies). It is
	// imported in this file only.
	storage "github.com/pulumi/pulumi-azure-native-sdk/storage/v2/v20230501"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/internals"
)

// FunctionStorageSkus are the SKUs the component creates an account with:
// Standard general-purpose v2 accounts, which hold blobs, queues and tables
// (Premium accounts do not serve all three).
var FunctionStorageSkus = []string{"Standard_LRS", "Standard_ZRS", "Standard_GRS", "Standard_RAGRS",
	"Standard_GZRS", "Standard_RAGZRS"}

// DefaultFunctionStorageSku is the SKU of an account created without one.
const DefaultFunctionStorageSku = "Standard_LRS"

// storageAccountNameRule: 3-24 lowercase letters and digits, globally unique.
var storageAccountNameRule = regexp.MustCompile(`^[a-z0-9]{3,24}$`)

// CheckStorageAccountName returns an error naming the rule a storage account
// name breaks, or nil.
func CheckStorageAccountName(name string) error {
	if !storageAccountNameRule.MatchString(name) {
		return fmt.Errorf("%q breaks the storage account naming rule: 3-24 lowercase letters and digits, globally "+
			"unique", name)
	}
	return nil
}

// CheckFunctionStorageSku returns an error naming the SKUs allowed when sku
// ("" = Standard_LRS) is not one of FunctionStorageSkus.
func CheckFunctionStorageSku(sku string) error {
	if sku == "" {
		return nil
	}
	for _, s := range FunctionStorageSkus {
		if s == sku {
			return nil
		}
	}
	return fmt.Errorf("sku %q is not one of %s: the Functions host needs a Standard general-purpose v2 account "+
		"(blob, queue and table)", sku, strings.Join(FunctionStorageSkus, ", "))
}

// hostStorageAccount is the account the storage path leads to.
type hostStorageAccount struct {
	id, name pulumi.StringOutput
	// hosts maps each of FunctionStorageServices to its host name.
	hosts pulumi.StringMapOutput
}

// newHostStorageAccount registers the keyless account, or reads the
// existing one by id, and returns its id, name and service host names.
func newHostStorageAccount(ctx *pulumi.Context, component string, args *FunctionStorageArgs,
	child []pulumi.ResourceOption) (*hostStorageAccount, error) {
	if isSet(args.ExistingAccountID) {
		id := checkedID(args.ExistingAccountID, TypeStorageAccount)
		existing, err := storage.GetStorageAccount(ctx, childName(component, "account"),
			id.ApplyT(func(s string) pulumi.ID { return pulumi.ID(s) }).(pulumi.IDOutput), nil, child...)
		if err != nil {
			return nil, fmt.Errorf("read storage account: %w", err)
		}
		name := idPart(id, func(r ResourceID) string { return r.Name() })
		if _, known := knownString(args.ExistingAccountID); known {
			name = pulumi.String(args.endpointAccountName()).ToStringOutput()
		}
		// The account is its owner's, but the host storage must stay keyless
		// and private: everything that uses its id fails with the reason.
		id = pulumi.All(id, existing.AllowSharedKeyAccess, existing.PublicNetworkAccess).ApplyT(
			func(v []any) (string, error) {
				return v[0].(string), checkExistingHostStorage(v[0].(string), v[1].(*bool), v[2].(*string))
			}).(pulumi.StringOutput)
		return &hostStorageAccount{id: id, name: name,
			hosts: serviceHostNames(ctx, existing.PrimaryEndpoints, args.endpointAccountName(), args.Cloud)}, nil
	}
	sku := args.Sku
	if sku == "" {
		sku = DefaultFunctionStorageSku
	}
	account, err := storage.NewStorageAccount(ctx, childName(component, "account"), &storage.StorageAccountArgs{
		AccountName:       pulumi.String(args.AccountName),
		ResourceGroupName: args.ResourceGroupName,
		Location:          pulumi.String(args.Location),
		Kind:              pulumi.String("StorageV2"),
		Sku:               &storage.SkuArgs{Name: pulumi.String(sku)},
		// No keys: every client (the Functions host included) authenticates
		// with Entra ID, so there is no connection string to leak or rotate.
		AllowSharedKeyAccess:         pulumi.Bool(false),
		DefaultToOAuthAuthentication: pulumi.Bool(true),
		// Reached through its private endpoints only.
		PublicNetworkAccess:    pulumi.String("Disabled"),
		NetworkRuleSet:         &storage.NetworkRuleSetArgs{DefaultAction: storage.DefaultActionDeny},
		MinimumTlsVersion:      pulumi.String("TLS1_2"),
		EnableHttpsTrafficOnly: pulumi.Bool(true),
		AllowBlobPublicAccess:  pulumi.Bool(false),
		Tags:                   tagsInput(args.Tags),
	}, child...)
	if err != nil {
		return nil, fmt.Errorf("storage account %s: %w", args.AccountName, err)
	}
	// The name is the one given: known in preview, and so are the app
	// settings that hold it.
	return &hostStorageAccount{id: account.ID().ToStringOutput(), name: pulumi.String(args.AccountName).ToStringOutput(),
		hosts: serviceHostNames(ctx, account.PrimaryEndpoints, args.AccountName, args.Cloud)}, nil
}

// serviceHostNames maps each of FunctionStorageServices to its host name,
// taken from the account's primaryEndpoints
// (https://<account>.<service>.<suffix>/, REST API example
// StorageAccountCreateDisallowPublicNetworkAccess, 2023-05-01) whenever
// they are known, and built from the name and cloud only where they are not:
// in a preview (where the provider may report them only once it has read the
// account) and for an endpoint the provider does not report. So the host
// names, and the probe settings made of them, are known in preview and do
// not change on a second preview. A host outside <service>.<storage suffix>
// (an account with Azure DNS zone endpoints) fails: the privatelink zones
// would not serve it.
func serviceHostNames(ctx *pulumi.Context, endpoints storage.EndpointsResponseOutput, account string,
	cloud Cloud) pulumi.StringMapOutput {
	out, resolve, reject := ctx.NewOutput()
	go func() {
		reported, err := internals.UnsafeAwaitOutput(ctx.Context(), endpoints)
		if err != nil {
			reject(err)
			return
		}
		e, _ := reported.Value.(storage.EndpointsResponse) // zero while unknown: every host is built
		hosts, err := hostsFromEndpoints(e, account, cloud)
		if err != nil {
			reject(err)
			return
		}
		resolve(hosts)
	}()
	return out.ApplyT(func(v any) map[string]string { return v.(map[string]string) }).(pulumi.StringMapOutput)
}

// hostsFromEndpoints maps each service to the host of its reported endpoint,
// or to the host built from the account's name where none is reported.
func hostsFromEndpoints(e storage.EndpointsResponse, account string, cloud Cloud) (map[string]string, error) {
	reported := map[string]string{"blob": e.Blob, "queue": e.Queue, "table": e.Table}
	out := map[string]string{}
	for _, service := range FunctionStorageServices {
		if reported[service] == "" {
			out[service] = cloud.StorageHostName(account, service)
			continue
		}
		u, err := url.Parse(reported[service])
		if err != nil {
			return nil, fmt.Errorf("storage account %s: %s endpoint %q: %w", account, service, reported[service], err)
		}
		host := strings.ToLower(u.Hostname())
		if !strings.HasSuffix(host, "."+service+"."+cloud.StorageSuffix()) {
			return nil, fmt.Errorf("storage account %s: the %s endpoint %s is not under %s.%s (an account with Azure "+
				"DNS zone endpoints): its private endpoint's records would not be in %s", account, service, host,
				service, cloud.StorageSuffix(), cloud.StoragePrivateDNSZone(service))
		}
		out[service] = host
	}
	return out, nil
}

// checkExistingHostStorage rejects an existing account that a key or the
// public network can reach: allowSharedKeyAccess must be false (Azure's
// default, null, allows keys) and publicNetworkAccess Disabled.
func checkExistingHostStorage(id string, allowSharedKey *bool, publicNetworkAccess *string) error {
	var problems []string
	if allowSharedKey == nil || *allowSharedKey {
		problems = append(problems, "allowSharedKeyAccess is not false (a key would bypass the identities; "+
			"fix: az storage account update --ids <id> --allow-shared-key-access false)")
	}
	if publicNetworkAccess == nil || *publicNetworkAccess != "Disabled" {
		found := "unset"
		if publicNetworkAccess != nil {
			found = *publicNetworkAccess
		}
		problems = append(problems, fmt.Sprintf("publicNetworkAccess is %s, not Disabled (the host storage is reached "+
			"through its private endpoints only; fix: az storage account update --ids <id> --public-network-access "+
			"Disabled)", found))
	}
	if len(problems) == 0 {
		return nil
	}
	return fmt.Errorf("existing host storage account %s: %s", id, strings.Join(problems, "; "))
}
