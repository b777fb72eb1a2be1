package components

import (
	azurenative "github.com/pulumi/pulumi-azure-native-sdk/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// AzureProviderSettings are the stack's azure-native provider settings (its
// `azure-native:*` configuration). An explicit provider does not read that
// configuration, so every explicit provider privatepull creates (e.g. for a
// DNS zone in another subscription) is given these settings: otherwise it
// would talk to the wrong cloud or fail to authenticate with OIDC. Unset
// fields are not sent.
type AzureProviderSettings struct {
	// Environment is the Azure cloud: public, usgovernment or china.
	Environment string `pulumi:"environment,optional"`
	// Location is the provider's default location.
	Location string `pulumi:"location,optional"`
	// TenantID is the Entra tenant to authenticate in.
	TenantID string `pulumi:"tenantId,optional"`
	// ClientID is the service principal or managed identity's client id.
	ClientID string `pulumi:"clientId,optional"`
	// ClientSecret is the service principal's secret (a Pulumi secret).
	ClientSecret pulumi.StringInput `pulumi:"clientSecret,optional" provider:"secret"`
	// ClientCertificatePath is the path of a client certificate.
	ClientCertificatePath string `pulumi:"clientCertificatePath,optional"`
	// ClientCertificatePassword is that certificate's password (a Pulumi secret).
	ClientCertificatePassword pulumi.StringInput `pulumi:"clientCertificatePassword,optional" provider:"secret"`
	// UseOIDC authenticates with an OIDC token (workload identity federation).
	UseOIDC *bool `pulumi:"useOidc,optional"`
	// OIDCToken is an OIDC token (a Pulumi secret).
	OIDCToken pulumi.StringInput `pulumi:"oidcToken,optional" provider:"secret"`
	// OIDCRequestToken is the bearer token to request an OIDC token (a Pulumi secret).
	OIDCRequestToken pulumi.StringInput `pulumi:"oidcRequestToken,optional" provider:"secret"`
	// OIDCRequestURL is the URL to request an OIDC token from.
	OIDCRequestURL string `pulumi:"oidcRequestUrl,optional"`
	// UseMSI authenticates with a managed identity.
	UseMSI *bool `pulumi:"useMsi,optional"`
	// MSIEndpoint is the managed identity endpoint.
	MSIEndpoint string `pulumi:"msiEndpoint,optional"`
	// AuxiliaryTenantIDs are further tenants for cross-tenant calls. Plain list.
	AuxiliaryTenantIDs []string `pulumi:"auxiliaryTenantIds,optional"`
	// MetadataHost is the Azure metadata host (Azure Stack, custom clouds).
	MetadataHost string `pulumi:"metadataHost,optional"`
	// PartnerID is the partner id sent with requests.
	PartnerID string `pulumi:"partnerId,optional"`
	// DisablePulumiPartnerID stops sending Pulumi's partner id.
	DisablePulumiPartnerID *bool `pulumi:"disablePulumiPartnerId,optional"`
}

// providerArgs returns the arguments of an explicit azure-native provider for
// one subscription, carrying every setting of the stack's default provider.
func (s AzureProviderSettings) providerArgs(subscriptionID pulumi.StringInput) *azurenative.ProviderArgs {
	args := &azurenative.ProviderArgs{
		SubscriptionId:            subscriptionID,
		Environment:               optionalString(s.Environment),
		Location:                  optionalString(s.Location),
		TenantId:                  optionalString(s.TenantID),
		ClientId:                  optionalString(s.ClientID),
		ClientCertificatePath:     optionalString(s.ClientCertificatePath),
		OidcRequestUrl:            optionalString(s.OIDCRequestURL),
		MsiEndpoint:               optionalString(s.MSIEndpoint),
		MetadataHost:              optionalString(s.MetadataHost),
		PartnerId:                 optionalString(s.PartnerID),
		UseOidc:                   optionalBool(s.UseOIDC),
		UseMsi:                    optionalBool(s.UseMSI),
		DisablePulumiPartnerId:    optionalBool(s.DisablePulumiPartnerID),
		ClientSecret:              optionalSecret(s.ClientSecret),
		ClientCertificatePassword: optionalSecret(s.ClientCertificatePassword),
		OidcToken:                 optionalSecret(s.OIDCToken),
		OidcRequestToken:          optionalSecret(s.OIDCRequestToken),
	}
	if len(s.AuxiliaryTenantIDs) > 0 {
		args.AuxiliaryTenantIds = pulumi.ToStringArray(s.AuxiliaryTenantIDs)
	}
	return args
}

// optionalBool returns nil for an unset flag so that nothing is sent.
func optionalBool(b *bool) pulumi.BoolPtrInput {
	if b == nil {
		return nil
	}
	return pulumi.BoolPtr(*b)
}

// optionalSecret marks a credential secret; nil stays unset.
func optionalSecret(s pulumi.StringInput) pulumi.StringPtrInput {
	if s == nil {
		return nil
	}
	return pulumi.ToSecret(s.ToStringOutput()).(pulumi.StringOutput).ToStringPtrOutput()
}
