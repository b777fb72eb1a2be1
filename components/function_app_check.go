package components

import (
	"fmt"
	"slices"
	"strings"
)

// App settings of function apps that privatepull sets itself, besides the
// web apps' ReservedAppSettings.
const (
	SettingExtensionVersion = "FUNCTIONS_EXTENSION_VERSION"
	SettingWorkerRuntime    = "FUNCTIONS_WORKER_RUNTIME"
	// SettingHostStorage prefixes the identity-based host storage settings
	// (AzureWebJobsStorage__accountName, __credential, __clientId,
	// __<service>ServiceUri); AzureWebJobsStorage alone is a connection
	// string, which needs a key.
	SettingHostStorage = "AzureWebJobsStorage"
)

// keyedFunctionSettings are the app settings that need a storage account
// key (a connection string, or the Azure Files content share that only
// takes one): the host storage is keyless, so they are refused.
var keyedFunctionSettings = []string{SettingHostStorage, "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING",
	"WEBSITE_CONTENTSHARE", "WEBSITE_CONTENTOVERVNET"}

// CheckFunctionAppSetting returns why a function app may not set an app
// setting (privatepull manages it, or it needs a storage key), or nil.
func CheckFunctionAppSetting(name string) error {
	for _, k := range keyedFunctionSettings {
		if strings.EqualFold(k, name) {
			return fmt.Errorf("%s needs a storage account key, and the host storage is keyless (shared-key access "+
				"off): privatepull connects the host with its managed identity and runs without the Azure Files "+
				"content share; remove it", name)
		}
	}
	managed := append([]string{SettingExtensionVersion, SettingWorkerRuntime}, ReservedAppSettings...)
	for _, k := range managed {
		if strings.EqualFold(k, name) {
			return fmt.Errorf("%s is managed by privatepull; remove it", name)
		}
	}
	if len(name) > len(SettingHostStorage+"__") && strings.EqualFold(name[:len(SettingHostStorage)+2], SettingHostStorage+"__") {
		return fmt.Errorf("%s is managed by privatepull (the identity-based host storage connection); remove it", name)
	}
	return nil
}

// FunctionWorkerRuntimeInProcess is the in-process .NET model, whose
// support ended on 10 November 2026 (functions-versions).
const FunctionWorkerRuntimeInProcess = "dotnet"

// FunctionWorkerRuntimes are the values FUNCTIONS_WORKER_RUNTIME takes.
var FunctionWorkerRuntimes = []string{"dotnet-isolated", "dotnet", "node", "python", "java", "powershell", "custom"}

// MaxElasticWorkerCount is the most instances an Elastic Premium plan scales
// out to (Linux: up to 100, in some regions fewer).
const MaxElasticWorkerCount = 100

// check rejects args the apps cannot be built from, before anything is
// registered.
func (a *FunctionAppWorkloadArgs) check() error {
	if a == nil || a.ResourceGroupName == nil || a.IntegrationSubnetID == nil || a.Location == "" {
		return fmt.Errorf("args with Location, ResourceGroupName and IntegrationSubnetID are required")
	}
	if a.LoginServer == nil || a.StorageAccountID == nil || a.StorageAccountName == nil {
		return fmt.Errorf("LoginServer, StorageAccountID and StorageAccountName are required")
	}
	if len(a.Apps) == 0 {
		return fmt.Errorf("apps: at least one function app is required")
	}
	if err := checkPullMode(a.RegistryRoleAssignmentMode, a.RepositoryPrefix); err != nil {
		return err
	}
	if a.Cloud != "" {
		if err := a.Cloud.Validate(); err != nil {
			return err
		}
	}
	if err := checkKnownIDs([]idCheck{{a.IntegrationSubnetID, TypeSubnet}, {a.StorageAccountID, TypeStorageAccount},
		{a.RegistryID, TypeContainerRegistry}, {a.AppServicePlanID, TypeAppServicePlan}}); err != nil {
		return err
	}
	if err := a.checkPlans(); err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, app := range a.Apps {
		if app.Name == "" || seen[strings.ToLower(app.Name)] {
			return fmt.Errorf("function app names must be set and unique (got %q)", app.Name)
		}
		seen[strings.ToLower(app.Name)] = true
		if err := a.checkApp(app); err != nil {
			return fmt.Errorf("function app %s: %w", app.Name, err)
		}
	}
	return nil
}

// checkPlans checks that every plan an app runs on is given, and that the
// Elastic Premium plan is valid and used.
func (a *FunctionAppWorkloadArgs) checkPlans() error {
	if a.usesPlan(FunctionPlanAppService) && !isSet(a.AppServicePlanID) {
		return fmt.Errorf("appServicePlanId is required: an app runs on plan %s", FunctionPlanAppService)
	}
	if !a.usesPlan(FunctionPlanElastic) {
		if a.ElasticPlan != nil {
			return fmt.Errorf("elasticPlan is set, but no app runs on it (plan %s): an idle Elastic Premium plan "+
				"still bills its instances", FunctionPlanElastic)
		}
		return nil
	}
	p := a.ElasticPlan
	if p == nil || p.Name == "" {
		return fmt.Errorf("elasticPlan with a name is required: an app runs on plan %s", FunctionPlanElastic)
	}
	if _, err := ParseElasticPremiumSku(p.Sku); err != nil {
		return fmt.Errorf("elasticPlan.sku: %w", err)
	}
	if p.MaximumElasticWorkerCount < 1 || p.MaximumElasticWorkerCount > MaxElasticWorkerCount {
		return fmt.Errorf("elasticPlan.maximumElasticWorkerCount %d is not 1-%d", p.MaximumElasticWorkerCount,
			MaxElasticWorkerCount)
	}
	return nil
}

// checkApp checks one app's plan, scale settings, pull authentication,
// worker runtime and app settings.
func (a *FunctionAppWorkloadArgs) checkApp(app FunctionAppSpec) error {
	switch app.Plan {
	case FunctionPlanElastic:
		max := a.ElasticPlan.MaximumElasticWorkerCount
		if app.FunctionAppScaleLimit < 0 || app.FunctionAppScaleLimit > max {
			return fmt.Errorf("functionAppScaleLimit %d is not 0-%d (the plan's maximumElasticWorkerCount)",
				app.FunctionAppScaleLimit, max)
		}
		limit := app.FunctionAppScaleLimit
		if limit == 0 {
			limit = max
		}
		if app.MinimumElasticInstanceCount < 0 || app.MinimumElasticInstanceCount > limit {
			return fmt.Errorf("minimumElasticInstanceCount %d is not 0-%d (functionAppScaleLimit, else the plan's "+
				"maximumElasticWorkerCount)", app.MinimumElasticInstanceCount, limit)
		}
	case FunctionPlanAppService:
		if app.FunctionAppScaleLimit != 0 || app.MinimumElasticInstanceCount != 0 {
			return fmt.Errorf("functionAppScaleLimit and minimumElasticInstanceCount apply to plan %s only: a "+
				"Dedicated plan scales by its instance count", FunctionPlanElastic)
		}
	default:
		return fmt.Errorf("plan %q is not %s or %s", app.Plan, FunctionPlanElastic, FunctionPlanAppService)
	}
	switch app.PullAuth {
	case PullAuthUserAssigned:
		if a.PullIdentityID == nil || a.PullIdentityClientID == nil || a.PullIdentityPrincipalID == nil ||
			(a.PullIdentityGrant == nil && a.PullIdentityGrantID == nil) {
			return fmt.Errorf("it pulls with the user-assigned identity: PullIdentityID, PullIdentityClientID, " +
				"PullIdentityPrincipalID and its grant are required")
		}
	case PullAuthSystemAssigned:
		if a.RegistryID == nil {
			return fmt.Errorf("it pulls with its system-assigned identity: RegistryID is required")
		}
	default:
		return fmt.Errorf("pullAuth %q is not %s or %s: a function app's host storage is keyless, so it pulls and "+
			"connects with a managed identity", app.PullAuth, PullAuthUserAssigned, PullAuthSystemAssigned)
	}
	if app.WorkerRuntime == "" {
		return fmt.Errorf("workerRuntime is required (FUNCTIONS_WORKER_RUNTIME: one of %s)",
			strings.Join(FunctionWorkerRuntimes, ", "))
	}
	if !slices.Contains(FunctionWorkerRuntimes, app.WorkerRuntime) {
		return fmt.Errorf("workerRuntime %q is not one of %s", app.WorkerRuntime, strings.Join(FunctionWorkerRuntimes, ", "))
	}
	for name := range app.AppSettings {
		if err := CheckFunctionAppSetting(name); err != nil {
			return fmt.Errorf("appSettings: %w", err)
		}
	}
	return nil
}
