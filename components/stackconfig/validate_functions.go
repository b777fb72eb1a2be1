package stackconfig

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/privatepull/privatepull/components"
)

// validateFunctionApps checks the function apps, their Elastic Premium plan,
// their host storage and the integration subnet's room for the plans'
// instances; without function apps, that no key configures them.
func validateFunctionApps(cfg *Config, p *problems) {
	if !cfg.HasFunctionApps() {
		for key, set := range map[string]bool{
			KeyFunctionsElasticPlan:               cfg.elasticPlanSet,
			KeyFunctionsStorageAccountName:        cfg.FunctionsStorageAccountName != "",
			KeyFunctionsStorageAccountID:          cfg.FunctionsStorageAccountID != "",
			KeyFunctionsStorageSku:                cfg.FunctionsStorageSku != components.DefaultFunctionStorageSku,
			KeyFunctionsStorageDNSZoneIDs:         len(cfg.FunctionsStorageDNSZoneIDs) > 0,
			KeyLinkVnetToFunctionsStorageDNSZones: !cfg.LinkVnetToFunctionsStorageDNSZones,
		} {
			if set {
				p.addf(key, "configures the function apps, but %s lists none: remove it or add function apps",
					qualified(KeyFunctionApps))
			}
		}
		return
	}
	seen := map[string]string{}
	if cfg.HostedRegistryName != "" {
		seen[strings.ToLower(cfg.HostedRegistryName)] = qualified(KeyHostedRegistryName)
	}
	for i, w := range cfg.WebApps {
		seen[strings.ToLower(w.Name)] = qualified(entryKey(KeyWebApps, i, "name"))
	}
	for i, f := range cfg.FunctionApps {
		validateFunctionApp(cfg, p, i, f, seen)
	}
	validateElasticPlan(cfg, p)
	validateFunctionsStorage(cfg, p)
	validateFunctionsStorageDNS(cfg, p)
}

// validateFunctionApp checks one functionApps entry: its site name (unique
// among every site of the stack), image, plan, pull and settings.
func validateFunctionApp(cfg *Config, p *problems, i int, f FunctionApp, seen map[string]string) {
	key := func(field string) string { return entryKey(KeyFunctionApps, i, field) }
	lower := strings.ToLower(f.Name)
	switch first, dup := seen[lower]; {
	case !webAppNameRule.MatchString(f.Name):
		p.addf(key("name"), "%q breaks the function app naming rule: 2-60 letters, digits and hyphens, not starting "+
			"or ending with a hyphen (globally unique: <name>.azurewebsites.net)", f.Name)
	case dup:
		p.addf(key("name"), "%q is already used by %s; site names must be unique", f.Name, first)
	default:
		seen[lower] = qualified(key("name"))
	}
	validateImage(p, key("image"), key("tag"), f.Image, f.Tag)
	elastic := f.Plan == string(components.FunctionPlanElastic)
	if !elastic && f.Plan != string(components.FunctionPlanAppService) {
		p.addf(key("plan"), "%q is not %s (an Elastic Premium plan of the stack's own, %s) or %s (the stack's App "+
			"Service plan, %s)", f.Plan, components.FunctionPlanElastic, qualified(KeyFunctionsElasticPlan),
			components.FunctionPlanAppService, qualified(KeyAppServicePlanSku))
	}
	validateFunctionScale(cfg, p, i, f, elastic)
	switch components.PullAuth(f.PullAuth) {
	case components.PullAuthUserAssigned, components.PullAuthSystemAssigned:
	default:
		p.addf(key("pullAuth"), "%q is not userAssigned or systemAssigned: a function app's host storage is keyless, "+
			"so it pulls its image and reaches its storage with a managed identity", f.PullAuth)
	}
	switch {
	case f.WorkerRuntime == "":
		p.addf(key("workerRuntime"), "is required: FUNCTIONS_WORKER_RUNTIME tells the Functions host which language "+
			"worker to start (one of %s)", strings.Join(components.FunctionWorkerRuntimes, ", "))
	case !slices.Contains(components.FunctionWorkerRuntimes, f.WorkerRuntime):
		p.addf(key("workerRuntime"), "%q is not one of %s (FUNCTIONS_WORKER_RUNTIME)", f.WorkerRuntime,
			strings.Join(components.FunctionWorkerRuntimes, ", "))
	}
	for name := range f.AppSettings {
		if err := components.CheckFunctionAppSetting(name); err != nil {
			p.addf(key("appSettings"), "%v", err)
		} else if !envNameRule.MatchString(name) {
			p.addf(key("appSettings"), "%q is not a valid app setting name (letters, digits, _)", name)
		}
	}
}

// validateFunctionScale checks an app's scale settings, which only an
// Elastic Premium plan has: functionAppScaleLimit within the plan's
// maximumElasticWorkerCount, minimumElasticInstanceCount within the limit.
func validateFunctionScale(cfg *Config, p *problems, i int, f FunctionApp, elastic bool) {
	key := func(field string) string { return entryKey(KeyFunctionApps, i, field) }
	if !elastic {
		for field, v := range map[string]*int{"functionAppScaleLimit": f.FunctionAppScaleLimit,
			"minimumElasticInstanceCount": f.MinimumElasticInstanceCount} {
			if v != nil {
				p.addf(key(field), "applies to plan %s only: on the stack's App Service plan an app runs on every "+
					"instance (%s)", components.FunctionPlanElastic, qualified(KeyAppServicePlanInstances))
			}
		}
		return
	}
	max := *cfg.FunctionsElasticPlan.MaximumElasticWorkerCount
	limit := max
	if v := f.FunctionAppScaleLimit; v != nil {
		if *v < 1 || *v > max {
			p.addf(key("functionAppScaleLimit"), "%d is not 1-%d: an app cannot scale beyond its plan's %s", *v, max,
				qualified(KeyFunctionsElasticPlan+".maximumElasticWorkerCount"))
		} else {
			limit = *v
		}
	}
	if v := f.MinimumElasticInstanceCount; v != nil && (*v < 0 || *v > limit) {
		p.addf(key("minimumElasticInstanceCount"), "%d is not 0-%d: always-ready instances cannot exceed the app's "+
			"functionAppScaleLimit (or the plan's maximumElasticWorkerCount)", *v, limit)
	}
}

// validateElasticPlan checks functionsElasticPlan: required to be valid when
// an app runs on it, refused when none does (an idle plan still bills).
func validateElasticPlan(cfg *Config, p *problems) {
	plan := cfg.FunctionsElasticPlan
	if !cfg.usesFunctionPlan(string(components.FunctionPlanElastic)) {
		if cfg.elasticPlanSet {
			p.addf(KeyFunctionsElasticPlan, "is set, but no %s entry runs on plan %s: an idle Elastic Premium plan "+
				"still bills its instances; remove it", qualified(KeyFunctionApps), components.FunctionPlanElastic)
		}
		return
	}
	key := func(field string) string { return KeyFunctionsElasticPlan + "." + field }
	checkName(p, key("name"), plan.Name, webAppNameRule,
		"2-60 letters, digits and hyphens, not starting or ending with a hyphen")
	if _, err := components.ParseElasticPremiumSku(plan.Sku); err != nil {
		p.addf(key("sku"), "%v", err)
	}
	workers := *plan.MaximumElasticWorkerCount
	if workers < 1 || workers > components.MaxElasticWorkerCount {
		p.addf(key("maximumElasticWorkerCount"), "%d is not 1-%d (Linux Elastic Premium scales to %d instances at most, "+
			"fewer in some regions)", workers, components.MaxElasticWorkerCount, components.MaxElasticWorkerCount)
		return
	}
	validateIntegrationRoom(cfg, p, workers)
}

// validateIntegrationRoom checks that the integration subnet the stack
// creates holds the plans' instances: each takes one address, and a scale
// operation briefly doubles the addresses a plan uses (Microsoft Learn,
// overview-vnet-integration, "Subnet requirements"), so the Elastic Premium
// plan's maximumElasticWorkerCount plus the App Service plan's instances,
// twice, must fit the subnet's usable addresses (Azure reserves 5). An
// existing subnet's size is not known here: a warning says what it needs.
func validateIntegrationRoom(cfg *Config, p *problems, workers int) {
	instances, plans := workers, "the Elastic Premium plan's "+itoa(workers)
	if cfg.HasWebApps() {
		instances += cfg.AppServicePlanInstances
		plans += " and the App Service plan's " + itoa(cfg.AppServicePlanInstances)
	}
	if cfg.ExistingAppServiceSubnetID != "" {
		cfg.Warnings = append(cfg.Warnings, fmt.Sprintf("%s: privatepull cannot count the addresses of an existing "+
			"subnet: %d instances (%s) need %d usable addresses in it (every instance takes one, and a scale "+
			"operation briefly doubles them); make sure it has them", qualified(KeyExistingAppServiceSubnet),
			instances, plans, 2*instances))
		return
	}
	prefix, err := netip.ParsePrefix(cfg.AppServiceSubnetCidr)
	if err != nil || prefix.Bits() < 16 {
		return // validateNetwork reports a bad CIDR; a /16 or larger has room
	}
	if usable := usableAddresses(prefix); 2*instances > usable {
		p.addf(KeyFunctionsElasticPlan+".maximumElasticWorkerCount", "%d instances (%s) need %d addresses in %s "+
			"(%s), which has %d usable: every instance takes one, and a scale operation briefly doubles them; give "+
			"%s a larger subnet (a /26 holds 29 instances) or lower maximumElasticWorkerCount", instances, plans,
			2*instances, prefix, qualified(KeyAppServiceSubnetCidr), usable, qualified(KeyAppServiceSubnetCidr))
	}
}

// validateFunctionsStorage checks the host storage: a new account's name and
// SKU, or an existing account's id (then neither a name nor a SKU).
func validateFunctionsStorage(cfg *Config, p *problems) {
	if cfg.FunctionsStorageAccountID != "" {
		if _, err := components.ParseResourceIDOfType(cfg.FunctionsStorageAccountID, components.TypeStorageAccount); err != nil {
			p.addf(KeyFunctionsStorageAccountID, "%v", err)
		}
		if cfg.FunctionsStorageAccountName != "" {
			p.addf(KeyFunctionsStorageAccountName, "names an account to create, but %s uses an existing one: set one "+
				"of them", qualified(KeyFunctionsStorageAccountID))
		}
		if cfg.FunctionsStorageSku != components.DefaultFunctionStorageSku {
			p.addf(KeyFunctionsStorageSku, "applies to the account the stack creates, but %s uses an existing one; "+
				"remove it", qualified(KeyFunctionsStorageAccountID))
		}
		return
	}
	if err := components.CheckStorageAccountName(cfg.FunctionsStorageAccountName); err != nil {
		p.addf(KeyFunctionsStorageAccountName, "%v", err)
	}
	if err := components.CheckFunctionStorageSku(cfg.FunctionsStorageSku); err != nil {
		p.addf(KeyFunctionsStorageSku, "%v", err)
	}
}
