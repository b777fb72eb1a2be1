package components

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// FunctionStorageServices are the storage services the Functions host uses
// with identity-based connections and no Azure Files content share, in the
// order the component registers them: blob (keys, leases, timers), queue
// (blob triggers, scale) and table (diagnostic events). Each gets a private
// endpoint and a privatelink zone of its own; file gets none, because the
// content share needs a key.
var FunctionStorageServices = []string{"blob", "queue", "table"}

// FunctionStorageArgs configures the FunctionStorage component.
type FunctionStorageArgs struct {
	// AccountName is the storage account's globally unique name, 3-24
	// lowercase letters and digits: required unless existingAccountId is set
	// (with it, it names the private endpoints when existingAccountId is an
	// output). Plain: it names the account and its endpoints.
	AccountName string `pulumi:"accountName,optional"`
	// ExistingAccountID uses an existing storage account instead of creating
	// one: the component reads it (for its endpoints) and creates only the
	// private endpoints, zones and links. Its own settings (shared keys off,
	// public network access disabled) are its owner's to keep. It may be an
	// output of another resource: its type is checked when it resolves.
	ExistingAccountID pulumi.StringInput `pulumi:"existingAccountId,optional"`
	// Sku is the SKU of the account the component creates: Standard_LRS (the
	// default), Standard_ZRS, Standard_GRS, Standard_RAGRS, Standard_GZRS or
	// Standard_RAGZRS (the Functions host needs a general-purpose account
	// with blob, queue and table). Unset with existingAccountId.
	Sku string `pulumi:"sku,optional"`
	// Location is the region of the account and its endpoints.
	Location string `pulumi:"location"`
	// ResourceGroupName is their resource group (and the created zones').
	ResourceGroupName pulumi.StringInput `pulumi:"resourceGroupName"`
	// PrivateEndpointSubnetID is the subnet of the blob, queue and table
	// private endpoints, e.g. PrivateNetwork's privateEndpointSubnetId.
	PrivateEndpointSubnetID pulumi.StringInput `pulumi:"privateEndpointSubnetId"`
	// VnetID is the VNet linked to the zones the component creates (and,
	// with linkVnetToExistingDnsZones, to the existing ones): the one the
	// function apps are integrated in, e.g. PrivateNetwork's vnetId.
	// Required unless every service has an existing zone that is not to be
	// linked. It may be an output of another resource: its type is checked
	// when it resolves.
	VnetID pulumi.StringInput `pulumi:"vnetId,optional"`
	// VnetName is the name of that VNet, which names its links
	// (link-<service>-<vnetName>); "" takes it from vnetId. Give it when
	// vnetId is an output, so that the links' names are known in preview.
	// Plain: it names the links.
	VnetName string `pulumi:"vnetName,optional"`
	// ExistingDNSZoneIDs maps a service (blob, queue, table) to an existing
	// privatelink.<service>.<storage suffix> zone (e.g. a hub's, in any
	// subscription) its zone group registers the record in: the component
	// then creates no zone for that service, and links vnetId to it only
	// with linkVnetToExistingDnsZones. Plain map: it decides which zones
	// exist.
	ExistingDNSZoneIDs map[string]string `pulumi:"existingDnsZoneIds,optional"`
	// LinkVnetToExistingDNSZones links vnetId to the existingDnsZoneIds
	// zones too (registrationEnabled=false, link-<service>-<vnetName>), in
	// each zone's resource group through an explicit provider for the zone's
	// subscription, as PrivateDnsZones links an existing registry zone.
	// Leave it off when the zones' owner links the VNets (a spoke already
	// linked to the hub's zones: Azure refuses a second link) or a hub DNS
	// resolver answers for them.
	LinkVnetToExistingDNSZones bool `pulumi:"linkVnetToExistingDnsZones,optional"`
	// ProviderSettings are the stack's azure-native settings, given to the
	// explicit providers of the links to existing zones (an explicit
	// provider does not read the stack's azure-native configuration).
	ProviderSettings *AzureProviderSettings `pulumi:"providerSettings,optional"`
	// Cloud selects the storage suffix of the zones and host names: public
	// (the default), usgovernment or china.
	Cloud Cloud `pulumi:"cloud,optional"`
	// Tags are applied to every taggable resource. Plain map.
	Tags map[string]string `pulumi:"tags,optional"`
}

// FunctionStorage is the Functions host storage on a private path with no
// keys: a StorageV2 account (or an existing one) with shared-key access off,
// public network access disabled and TLS 1.2, private endpoints for blob,
// queue and table with their privatelink zones (created and linked to the
// VNet, or existing ones, linked on request) and DNS zone groups.
type FunctionStorage struct {
	pulumi.ResourceState

	// StorageAccountID is the account's resource id (created or existing).
	StorageAccountID pulumi.StringOutput `pulumi:"storageAccountId"`
	// StorageAccountName is the account's name: FunctionAppWorkload's
	// storageAccountName (AzureWebJobsStorage__accountName).
	StorageAccountName pulumi.StringOutput `pulumi:"storageAccountName"`
	// ServiceHostNames maps blob, queue and table to the account's host name
	// for that service, read from the account's primaryEndpoints (built from
	// its name and the cloud only where the provider does not report them).
	ServiceHostNames pulumi.StringMapOutput `pulumi:"serviceHostNames"`
	// PrivateEndpointIDs maps each service to its private endpoint's id.
	PrivateEndpointIDs pulumi.StringMapOutput `pulumi:"privateEndpointIds"`
	// DNSZoneIDs maps each service to the id of the zone its DNS zone group
	// writes to.
	DNSZoneIDs pulumi.StringMapOutput `pulumi:"dnsZoneIds"`
	// LinkedVnetIDs are the VNets the component linked to the storage
	// zones: vnetId, unless every zone exists and linkVnetToExistingDnsZones
	// is off (then none).
	LinkedVnetIDs pulumi.StringArrayOutput `pulumi:"linkedVnetIds"`
	// ExpectedAddresses maps each service host name to the comma-separated
	// private IPs of its A record, read from the DNS zone groups' record
	// sets (like RegistryEndpoints' primaryEndpointAddresses). Unknown in
	// preview; a host whose record the provider does not report is left out.
	ExpectedAddresses pulumi.StringMapOutput `pulumi:"expectedAddresses"`
	// DNSReady is the ids of the DNS zone groups and VNet links,
	// comma-separated: it resolves only once they exist. The Functions host
	// reaches its storage at start, so pass it in FunctionAppWorkload's
	// storageReady.
	DNSReady pulumi.StringOutput `pulumi:"dnsReady"`
	// DNSDependencies are the zone groups and links as resource handles (Go
	// only, not in the schema): Go callers put them in FunctionAppWorkload's
	// StorageDependencies.
	DNSDependencies []pulumi.Resource
}

// NewFunctionStorage registers the storage account (or reads the existing
// one), then for blob, queue and table a privatelink zone linked to the VNet
// (or the existing zone, linked to the VNet on request), a private endpoint
// and its DNS zone group. Known values are validated before anything is
// registered. Nothing here waits for the registry: the storage path runs
// beside it.
func NewFunctionStorage(ctx *pulumi.Context, name string, args *FunctionStorageArgs,
	opts ...pulumi.ResourceOption) (*FunctionStorage, error) {
	if err := args.check(); err != nil {
		return nil, fmt.Errorf("FunctionStorage %q: %w", name, err)
	}
	component := &FunctionStorage{}
	child, err := registerComponent(ctx, "FunctionStorage", name, component, opts...)
	if err != nil {
		return nil, err
	}
	account, err := newHostStorageAccount(ctx, name, args, child)
	if err != nil {
		return nil, err
	}
	paths, err := newStoragePaths(ctx, name, args, account, child)
	if err != nil {
		return nil, err
	}
	component.StorageAccountID, component.StorageAccountName = account.id, account.name
	component.ServiceHostNames = account.hosts
	component.PrivateEndpointIDs, component.DNSZoneIDs = paths.endpointIDs, paths.zoneIDs
	component.LinkedVnetIDs, component.ExpectedAddresses = paths.linkedVnets, paths.addresses
	component.DNSDependencies = paths.dependencies
	component.DNSReady = readyToken(paths.dependencies)
	if err := ctx.RegisterResourceOutputs(component, pulumi.Map{
		"storageAccountId":   component.StorageAccountID,
		"storageAccountName": component.StorageAccountName,
		"serviceHostNames":   component.ServiceHostNames,
		"privateEndpointIds": component.PrivateEndpointIDs,
		"dnsZoneIds":         component.DNSZoneIDs,
		"linkedVnetIds":      component.LinkedVnetIDs,
		"expectedAddresses":  component.ExpectedAddresses,
		"dnsReady":           component.DNSReady,
	}); err != nil {
		return nil, fmt.Errorf("FunctionStorage %q outputs: %w", name, err)
	}
	return component, nil
}

// check rejects args the storage path cannot be built from, before anything
// is registered.
func (a *FunctionStorageArgs) check() error {
	if a == nil || a.ResourceGroupName == nil || a.PrivateEndpointSubnetID == nil || a.Location == "" {
		return fmt.Errorf("args with Location, ResourceGroupName and PrivateEndpointSubnetID are required")
	}
	if err := a.checkAccount(); err != nil {
		return err
	}
	if a.Cloud != "" {
		if err := a.Cloud.Validate(); err != nil {
			return err
		}
	}
	if err := checkKnownIDs([]idCheck{{a.VnetID, TypeVirtualNetwork}, {a.PrivateEndpointSubnetID, TypeSubnet}}); err != nil {
		return err
	}
	if id, known := knownString(a.VnetID); known && id != "" && a.VnetName != "" {
		if vnet, _ := ParseResourceIDOfType(id, TypeVirtualNetwork); !strings.EqualFold(vnet.Name(), a.VnetName) {
			return fmt.Errorf("VnetName %q is not the name of VnetID %q", a.VnetName, id)
		}
	}
	for service, id := range a.ExistingDNSZoneIDs {
		if !slices.Contains(FunctionStorageServices, service) {
			return fmt.Errorf("existingDnsZoneIds: %q is not a service the Functions host storage uses (want blob, "+
				"queue or table)", service)
		}
		zone, err := ParseResourceIDOfType(id, TypePrivateDNSZone)
		if err != nil {
			return fmt.Errorf("existingDnsZoneIds.%s: %w", service, err)
		}
		if want := a.Cloud.StoragePrivateDNSZone(service); !strings.EqualFold(zone.Name(), want) {
			return fmt.Errorf("existingDnsZoneIds.%s: zone %s is not %s, the zone %s private endpoints register in",
				service, zone.Name(), want, service)
		}
	}
	if !isSet(a.VnetID) {
		if len(a.ExistingDNSZoneIDs) < len(FunctionStorageServices) {
			return fmt.Errorf("VnetID is required: the zones the component creates are linked to it")
		}
		if a.LinkVnetToExistingDNSZones {
			return fmt.Errorf("VnetID is required with LinkVnetToExistingDNSZones: it is the VNet linked to the " +
				"existing zones")
		}
	}
	return nil
}

// checkAccount checks the account to create (name and SKU) or the existing
// one (its id, and the name its endpoints are named after).
func (a *FunctionStorageArgs) checkAccount() error {
	if !isSet(a.ExistingAccountID) {
		if err := CheckStorageAccountName(a.AccountName); err != nil {
			return fmt.Errorf("accountName: %w", err)
		}
		return CheckFunctionStorageSku(a.Sku)
	}
	if a.Sku != "" {
		return fmt.Errorf("sku must be unset with existingAccountId: the account exists")
	}
	id, known := knownString(a.ExistingAccountID)
	if !known {
		if a.AccountName == "" {
			return fmt.Errorf("accountName is required when existingAccountId is an output: it names the private " +
				"endpoints, which must be known in preview")
		}
		return CheckStorageAccountName(a.AccountName)
	}
	existing, err := ParseResourceIDOfType(id, TypeStorageAccount)
	if err != nil {
		return fmt.Errorf("existingAccountId: %w", err)
	}
	if a.AccountName != "" && !strings.EqualFold(a.AccountName, existing.Name()) {
		return fmt.Errorf("accountName %q is not the name of existingAccountId %q", a.AccountName, id)
	}
	return nil
}

// endpointAccountName is the account name the private endpoints are named
// after: accountName, else the name in a known existingAccountId.
func (a *FunctionStorageArgs) endpointAccountName() string {
	if a.AccountName != "" {
		return strings.ToLower(a.AccountName)
	}
	id, _ := knownString(a.ExistingAccountID)
	existing, _ := ParseResourceID(id) // checked by checkAccount
	return strings.ToLower(existing.Name())
}
