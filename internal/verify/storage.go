package verify

import (
	"context"
	"fmt"
	"strings"
)

// Check names of the Functions host storage checks.
const (
	CheckStorageSharedKey        = "storage.sharedKey"
	CheckStoragePublicAccess     = "storage.publicNetworkAccess"
	CheckStorageTLS              = "storage.minimumTls"
	CheckStorageBlobPublicAccess = "storage.blobPublicAccess"
	CheckStorageEndpoint         = "storage.endpoint"
	CheckStorageZoneGroup        = "storage.dnsZoneGroup"
	CheckStorageRecord           = "storage.dnsRecord"
	CheckStorageVnetLink         = "storage.vnetLink"
)

// storageAPIVersion is the Microsoft.Storage API version of the account
// read, published in Azure/azure-rest-api-specs
// (specification/storage/resource-manager/Microsoft.Storage/stable/2023-05-01,
// example StorageAccountGetProperties.json), the version of the storage
// module's v20230501 package.
const storageAPIVersion = "2023-05-01"

// storageAccount is the part of Microsoft.Storage/storageAccounts verify
// reads. At 2023-05-01 an absent allowSharedKeyAccess means true, an absent
// allowBlobPublicAccess false and an absent minimumTlsVersion TLS1_0 (the
// property descriptions of the REST spec).
type storageAccount struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	Properties struct {
		ProvisioningState     string `json:"provisioningState"`
		AllowSharedKeyAccess  *bool  `json:"allowSharedKeyAccess"`
		PublicNetworkAccess   string `json:"publicNetworkAccess"`
		MinimumTLSVersion     string `json:"minimumTlsVersion"`
		AllowBlobPublicAccess *bool  `json:"allowBlobPublicAccess"`
		PrimaryEndpoints      struct {
			Blob  string `json:"blob"`
			Queue string `json:"queue"`
			Table string `json:"table"`
			File  string `json:"file"`
		} `json:"primaryEndpoints"`
	} `json:"properties"`
}

// host returns the account's host name of a service from primaryEndpoints.
func (a *storageAccount) host(service string) string {
	e := a.Properties.PrimaryEndpoints
	return hostOf(map[string]string{"blob": e.Blob, "queue": e.Queue, "table": e.Table, "file": e.File}[strings.ToLower(service)])
}

// checkStorageAccount reads the host storage account and checks that it
// refuses shared keys, public networks, TLS below 1.2 and anonymous blob
// access. It returns the account (nil when it could not be read).
func checkStorageAccount(ctx context.Context, c *Clients, st *FunctionsStorageOutput, r *Report) *storageAccount {
	var a storageAccount
	if err := c.raw.get(ctx, st.ID, storageAPIVersion, &a); err != nil {
		r.fail(CheckStorageSharedKey, st.ID, describeError(err), "the storage account "+st.Name, fixRead)
		return nil
	}
	p := a.Properties
	sharedKey := "allowSharedKeyAccess=(not reported: null means true)"
	if p.AllowSharedKeyAccess != nil {
		sharedKey = fmt.Sprintf("allowSharedKeyAccess=%t", *p.AllowSharedKeyAccess)
	}
	r.check(p.AllowSharedKeyAccess != nil && !*p.AllowSharedKeyAccess, CheckStorageSharedKey, st.ID, sharedKey,
		"allowSharedKeyAccess=false", fixStorageSharedKey)

	r.check(strings.EqualFold(p.PublicNetworkAccess, "Disabled"), CheckStoragePublicAccess, st.ID,
		"publicNetworkAccess="+orNone(p.PublicNetworkAccess), "publicNetworkAccess=Disabled", fixStoragePublicAccess)

	tls := p.MinimumTLSVersion
	tlsFound := "minimumTlsVersion=" + tls
	if tls == "" {
		tlsFound = "minimumTlsVersion=(not reported: TLS1_0)"
	}
	r.check(strings.EqualFold(tls, "TLS1_2") || strings.EqualFold(tls, "TLS1_3"), CheckStorageTLS, st.ID, tlsFound,
		"minimumTlsVersion=TLS1_2 (or TLS1_3)", fixStorageTLS)

	blob := "allowBlobPublicAccess=(not reported: false)"
	if p.AllowBlobPublicAccess != nil {
		blob = fmt.Sprintf("allowBlobPublicAccess=%t", *p.AllowBlobPublicAccess)
	}
	r.check(!deref(p.AllowBlobPublicAccess), CheckStorageBlobPublicAccess, st.ID, blob, "allowBlobPublicAccess=false",
		fixStorageBlobPublicAccess)
	return &a
}
