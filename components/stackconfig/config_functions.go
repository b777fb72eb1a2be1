package stackconfig

// FunctionApp is one entry of privatepull:functionApps.
type FunctionApp struct {
	// Name is the site's globally unique name (default: derived from the
	// subscription and stack).
	Name string `json:"name,omitempty"`
	// Image is the repository in the private registry, without host or tag.
	Image string `json:"image"`
	// Tag is the image tag (default "latest").
	Tag string `json:"tag,omitempty"`
	// Plan is elastic (default: the stack's Elastic Premium plan,
	// functionsElasticPlan) or appService (the stack's App Service plan).
	Plan string `json:"plan,omitempty"`
	// WorkerRuntime sets FUNCTIONS_WORKER_RUNTIME (unset: the image's).
	WorkerRuntime string `json:"workerRuntime,omitempty"`
	// PullAuth is userAssigned (default) or systemAssigned.
	PullAuth string `json:"pullAuth,omitempty"`
	// FunctionAppScaleLimit caps the app's instances on the elastic plan.
	FunctionAppScaleLimit *int `json:"functionAppScaleLimit,omitempty"`
	// MinimumElasticInstanceCount is the app's always-ready instances on
	// the elastic plan.
	MinimumElasticInstanceCount *int `json:"minimumElasticInstanceCount,omitempty"`
	// AppSettings are plain app settings.
	AppSettings map[string]string `json:"appSettings,omitempty"`
}

// FunctionsElasticPlan is privatepull:functionsElasticPlan.
type FunctionsElasticPlan struct {
	// Name is the plan's name (default asp-<baseName>-ep).
	Name string `json:"name,omitempty"`
	// Sku is EP1 (default), EP2 or EP3.
	Sku string `json:"sku,omitempty"`
	// MaximumElasticWorkerCount is the most instances the plan scales out
	// to (default 20).
	MaximumElasticWorkerCount *int `json:"maximumElasticWorkerCount,omitempty"`
}

// HasFunctionApps reports whether the stack runs function apps.
func (c *Config) HasFunctionApps() bool {
	return len(c.FunctionApps) > 0
}

// usesFunctionPlan reports whether a function app runs on plan.
func (c *Config) usesFunctionPlan(plan string) bool {
	for _, f := range c.FunctionApps {
		if f.Plan == plan {
			return true
		}
	}
	return false
}

// HasIntegrationSubnet reports whether the stack creates (or uses) the App
// Service VNet integration subnet: for its plan and for its function apps,
// whose Elastic Premium plan joins the same subnet.
func (c *Config) HasIntegrationSubnet() bool {
	return c.HasWebApps() || (!c.IsAppStack() && c.HasFunctionApps())
}
