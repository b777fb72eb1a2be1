package verify

import (
	"fmt"
	"slices"
	"strings"
)

// The app settings of a function app verify reads. The identity-based
// AzureWebJobsStorage settings are documented in "Connecting to host storage
// with an identity" (learn.microsoft.com azure-functions/functions-reference;
// function-apps.md §2).
const (
	settingExtensionVersion   = "FUNCTIONS_EXTENSION_VERSION"
	settingAppServiceStorage  = "WEBSITES_ENABLE_APP_SERVICE_STORAGE"
	settingStorage            = "AzureWebJobsStorage"
	settingStorageAccountName = settingStorage + "__accountName"
	settingStorageCredential  = settingStorage + "__credential"
	settingStorageClientID    = settingStorage + "__clientId"
	settingStorageIdentityID  = settingStorage + "__managedIdentityResourceId"
	settingContentConnection  = "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING"
	settingContentShare       = "WEBSITE_CONTENTSHARE"
)

// setting returns an app setting by name, compared without case (the
// Functions host reads its configuration case-insensitively).
func setting(settings map[string]string, name string) (string, bool) {
	for k, v := range settings {
		if strings.EqualFold(k, name) {
			return strings.TrimSpace(v), true
		}
	}
	return "", false
}

// describeSettings renders name=value for the settings that are set (none
// of them secret), in the given order.
func describeSettings(settings map[string]string, names ...string) string {
	var parts []string
	for _, n := range names {
		if v, ok := setting(settings, n); ok {
			parts = append(parts, n+"="+v)
		}
	}
	if len(parts) == 0 {
		return "none of " + strings.Join(names, ", ")
	}
	return strings.Join(parts, ", ")
}

// checkFunctionSettings checks the settings a container function app
// needs: runtime ~4 and no App Service storage mount.
func checkFunctionSettings(settings map[string]string, f FunctionAppOutput, r *Report) {
	version, _ := setting(settings, settingExtensionVersion)
	mount, _ := setting(settings, settingAppServiceStorage)
	ok := version == "~4" && strings.EqualFold(mount, "false")
	r.check(ok, CheckFunctionAppSettings, f.ID, describeSettings(settings, settingExtensionVersion, settingAppServiceStorage),
		settingExtensionVersion+"=~4, "+settingAppServiceStorage+"=false", fixFunctionSettings)
}

// checkStorageSettings checks the identity-based AzureWebJobsStorage
// settings: the account named (by __accountName, or by the three service
// URIs when the account uses another DNS suffix), __credential=managedidentity
// and the identity chosen consistently with the pull identity (the
// user-assigned identity's __clientId or __managedIdentityResourceId, not
// both; neither for the site's own identity).
func checkStorageSettings(settings map[string]string, o *Outputs, f FunctionAppOutput, r *Report) {
	account := ""
	if id, err := parseID(o.storageAccountOf(f)); err == nil {
		account = strings.ToLower(id.Name)
	}
	found := describeSettings(settings, settingStorageAccountName, settingStorage+"__blobServiceUri",
		settingStorage+"__queueServiceUri", settingStorage+"__tableServiceUri", settingStorageCredential,
		settingStorageClientID, settingStorageIdentityID)
	var problems []string
	if !namesAccount(settings, account) {
		problems = append(problems, "the account is not "+orNone(account))
	}
	credential, hasCredential := setting(settings, settingStorageCredential)
	clientID, hasClientID := setting(settings, settingStorageClientID)
	resourceID, hasResourceID := setting(settings, settingStorageIdentityID)
	expected := fmt.Sprintf("%s=%s, %s=managedidentity, ", settingStorageAccountName, orNone(account), settingStorageCredential)
	switch f.PullAuth {
	case PullAuthUserAssigned:
		expected += fmt.Sprintf("%s=%s (the pull identity's client id; or %s=%s)", settingStorageClientID, o.IdentityClientID,
			settingStorageIdentityID, o.IdentityID)
		if !strings.EqualFold(credential, "managedidentity") {
			problems = append(problems, settingStorageCredential+" is not managedidentity")
		}
		switch {
		case hasClientID && hasResourceID:
			problems = append(problems, "both "+settingStorageClientID+" and "+settingStorageIdentityID+" are set (use one)")
		case hasClientID && strings.EqualFold(clientID, o.IdentityClientID):
			found += " (the client id)"
		case hasResourceID && SameID(resourceID, o.IdentityID):
			found += " (the resource id)"
		default:
			problems = append(problems, "the identity is not the pull identity "+shortID(o.IdentityID))
		}
	default:
		expected = fmt.Sprintf("%s=%s, %s absent or managedidentity, no %s or %s (the site's own identity)",
			settingStorageAccountName, orNone(account), settingStorageCredential, settingStorageClientID, settingStorageIdentityID)
		if hasCredential && !strings.EqualFold(credential, "managedidentity") {
			problems = append(problems, settingStorageCredential+" is not managedidentity")
		}
		if hasClientID || hasResourceID {
			problems = append(problems, "a user-assigned identity is named, not the site's own")
		}
	}
	if len(problems) > 0 {
		found += " (" + strings.Join(problems, "; ") + ")"
	}
	r.check(len(problems) == 0, CheckFunctionAppStorageSettings, f.ID, found, expected, fixFunctionStorageSettings)
}

// namesAccount reports whether the settings point the host at the account:
// __accountName, or __blobServiceUri, __queueServiceUri and
// __tableServiceUri on the account's hosts.
func namesAccount(settings map[string]string, account string) bool {
	if account == "" {
		return false
	}
	if name, ok := setting(settings, settingStorageAccountName); ok {
		return strings.EqualFold(name, account)
	}
	for _, service := range functionStorageServices {
		uri, ok := setting(settings, settingStorage+"__"+service+"ServiceUri")
		if !ok || !strings.HasPrefix(hostOf(uri), account+"."+service+".") {
			return false
		}
	}
	return true
}

// checkNoStorageKeys checks that no key-based storage setting is set: an
// AzureWebJobsStorage connection string (it wins over the identity-based
// settings) or the Azure Files content share settings (they need a key).
// Values are never printed.
func checkNoStorageKeys(settings map[string]string, f FunctionAppOutput, r *Report) {
	var present []string
	for _, name := range []string{settingStorage, settingContentConnection, settingContentShare} {
		v, ok := setting(settings, name)
		if !ok {
			continue
		}
		lower := strings.ToLower(v)
		switch {
		case strings.Contains(lower, "accountkey="):
			name += " (a connection string with an AccountKey)"
		case strings.Contains(lower, "sharedaccesssignature="):
			name += " (a connection string with a SAS)"
		}
		present = append(present, name)
	}
	slices.Sort(present)
	found := "no key-based storage setting"
	if len(present) > 0 {
		found = "set: " + strings.Join(present, ", ")
	}
	r.check(len(present) == 0, CheckFunctionAppStorageKeys, f.ID, found,
		"no "+settingStorage+" connection string, no "+settingContentConnection+", no "+settingContentShare, fixFunctionStorageKeys)
}
