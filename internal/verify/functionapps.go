package verify

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

// Check names of the function app checks. A function app is a site like a
// web app (state, VNet integration, VNet image pull, pull identity, image),
// plus its kind, the Functions settings and its host storage account.
const (
	CheckFunctionAppKind            = "functionapp.kind"
	CheckFunctionAppState           = "functionapp.state"
	CheckFunctionAppSubnet          = "functionapp.vnetIntegration"
	CheckFunctionAppVnetImage       = "functionapp.vnetImagePull"
	CheckFunctionAppPullIdentity    = "functionapp.pullIdentity"
	CheckFunctionAppImage           = "functionapp.image"
	CheckFunctionAppSettings        = "functionapp.settings"
	CheckFunctionAppStorageSettings = "functionapp.storageSettings"
	CheckFunctionAppStorageKeys     = "functionapp.storageKeys"
	CheckFunctionAppStorageAccount  = "functionapp.storageAccount"
)

// functionAppKind is the site kind of a Linux container function app
// (the kind AVM and field deployments use; see function-apps.md §1).
var functionAppKind = []string{"functionapp", "linux", "container"}

// functionAppChecks are the site rows of a function app. acrUserManagedIdentityID
// may hold the identity's client id (App Service docs, privatepull's choice)
// or its resource id (Functions app-settings reference): Azure accepts both.
var functionAppChecks = siteChecks{
	label:            "function app",
	state:            siteCheck{CheckFunctionAppState, fixFunctionState},
	subnet:           siteCheck{CheckFunctionAppSubnet, fixFunctionSubnet},
	vnetImage:        siteCheck{CheckFunctionAppVnetImage, fixFunctionVnetPull},
	pullIdentity:     siteCheck{CheckFunctionAppPullIdentity, fixFunctionIdentity},
	image:            siteCheck{CheckFunctionAppImage, fixFunctionImage},
	acceptResourceID: true,
	requireSubnet:    true,
}

// checkFunctionApp checks one function app: the site checks, its kind, and
// its app settings. It returns the principal that pulls its image and reads
// its host storage: the stack's identity, or the site's own (nil when the
// site or its identity could not be read).
func checkFunctionApp(ctx context.Context, c *Clients, o *Outputs, name string, f FunctionAppOutput, r *Report) *principal {
	asSite := WebAppOutput{ID: f.ID, PullAuth: f.PullAuth, Registry: "acr", Image: f.Image, IntegrationSubnetID: f.IntegrationSubnetID}
	own, s := checkSite(ctx, c, o, name, asSite, functionAppChecks, r)
	if s != nil {
		checkFunctionKind(s, f, r)
	}
	var settings appSettings
	if err := c.raw.post(ctx, f.ID+"/config/appsettings/list", webAPIVersion, nil, &settings); err != nil {
		for _, check := range []string{CheckFunctionAppSettings, CheckFunctionAppStorageSettings, CheckFunctionAppStorageKeys} {
			r.fail(check, f.ID, "app settings: "+describeError(err), "the site's app settings", fixReadAppSettings)
		}
	} else {
		checkFunctionSettings(settings.Properties, f, r)
		checkStorageSettings(settings.Properties, o, f, r)
		checkNoStorageKeys(settings.Properties, f, r)
	}
	if f.PullAuth == PullAuthSystemAssigned {
		return own
	}
	return &principal{label: "identity " + shortID(o.IdentityID), id: o.IdentityPrincipalID}
}

// checkFunctionKind checks the site's kind (functionapp,linux,container, in
// any order and case) and reserved=true (a Linux site).
func checkFunctionKind(s *site, f FunctionAppOutput, r *Report) {
	var kinds []string
	for _, k := range strings.Split(s.Kind, ",") {
		if k = strings.ToLower(strings.TrimSpace(k)); k != "" {
			kinds = append(kinds, k)
		}
	}
	slices.Sort(kinds)
	want := slices.Clone(functionAppKind)
	slices.Sort(want)
	reserved := "(not reported)"
	if s.Properties.Reserved != nil {
		reserved = fmt.Sprintf("%t", *s.Properties.Reserved)
	}
	found := "kind=" + orNone(s.Kind) + ", reserved=" + reserved
	if f.Plan != "" {
		found += " (plan " + f.Plan + ")"
	}
	ok := slices.Equal(kinds, want) && deref(s.Properties.Reserved)
	r.check(ok, CheckFunctionAppKind, f.ID, found, "kind="+strings.Join(functionAppKind, ",")+", reserved=true", fixFunctionKind)
}

// checkFunctionStorageAccount checks that the function app's host storage
// (storageAccountId) is the stack's functionsStorage account: only that
// account gets the account, endpoint and DNS checks, and the program always
// exports the same account for both.
func checkFunctionStorageAccount(o *Outputs, f FunctionAppOutput, r *Report) {
	st := o.FunctionsStorage
	if st == nil {
		return
	}
	expected := "storageAccountId=" + st.ID + " (functionsStorage.id, the account whose settings, endpoints and DNS verify checks)"
	if f.StorageAccountID == "" {
		r.pass(CheckFunctionAppStorageAccount, f.ID, "storageAccountId not exported: functionsStorage.id is used", expected)
		return
	}
	found := "storageAccountId=" + f.StorageAccountID
	same := SameID(f.StorageAccountID, st.ID)
	if !same {
		found += " (functionsStorage.id is " + st.ID + ")"
	}
	r.check(same, CheckFunctionAppStorageAccount, f.ID, found, expected, fixFunctionStorageAccount)
}
