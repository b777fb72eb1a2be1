package stackconfig

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/privatepull/privatepull/components"
)

// validateWorkloadProfiles checks the dedicated profiles.
func validateWorkloadProfiles(cfg *Config, p *problems) {
	seen := map[string]bool{}
	for i, wp := range cfg.WorkloadProfiles {
		switch {
		case wp.Name == components.ConsumptionProfileName:
			p.addf(entryKey(KeyWorkloadProfiles, i, "name"),
				"%q is reserved: the Consumption profile is always added; list dedicated profiles only", wp.Name)
		case !profileNameRule.MatchString(wp.Name):
			p.addf(entryKey(KeyWorkloadProfiles, i, "name"),
				"%q must be 1-15 letters, digits and hyphens, starting with a letter", wp.Name)
		case seen[wp.Name]:
			p.addf(entryKey(KeyWorkloadProfiles, i, "name"), "%q is listed twice", wp.Name)
		}
		seen[wp.Name] = true
		if _, ok := components.WorkloadProfileNodes[wp.Type]; !ok {
			p.addf(entryKey(KeyWorkloadProfiles, i, "type"),
				"%q is not a dedicated workload profile type (want D4, D8, D16, D32, E4, E8, E16, E32 or NC*-A100)", wp.Type)
		}
		if *wp.MinimumCount < 0 || *wp.MaximumCount < 1 || *wp.MinimumCount > *wp.MaximumCount {
			p.addf(entryKey(KeyWorkloadProfiles, i, "minimumCount"),
				"need 0 <= minimumCount <= maximumCount and maximumCount >= 1 (got %d..%d)",
				*wp.MinimumCount, *wp.MaximumCount)
		}
	}
}

// validateContainerApps checks every container app entry, and that the probe
// job and the log workspace have an environment to serve.
func validateContainerApps(cfg *Config, p *problems) {
	if cfg.ProbeJob && !cfg.HasEnvironment() {
		p.addf(KeyProbeJob, "needs a Container Apps environment to run in: the stack has none without %s or %s",
			qualified(KeyContainerApps), qualified(KeyCreateEnvironment))
	}
	validateLogWorkspace(cfg, p)
	seen := map[string]int{}
	profiles := map[string]string{components.ConsumptionProfileName: components.ConsumptionProfileName}
	for _, wp := range cfg.WorkloadProfiles {
		profiles[wp.Name] = wp.Type
	}
	for i, a := range cfg.ContainerApps {
		key := func(field string) string { return entryKey(KeyContainerApps, i, field) }
		if !containerAppNameRule.MatchString(a.Name) || strings.Contains(a.Name, "--") {
			p.addf(key("name"), "%q breaks the container app naming rule: 2-32 lowercase letters, digits and "+
				"hyphens, starting with a letter, ending with a letter or digit, no \"--\"", a.Name)
		} else if first, dup := seen[a.Name]; dup {
			p.addf(key("name"), "%q is already used by %s; app names must be unique",
				a.Name, qualified(entryKey(KeyContainerApps, first, "name")))
		} else {
			seen[a.Name] = i
		}
		validateImage(p, key("image"), key("tag"), a.Image, a.Tag)
		if *a.Port < 1 || *a.Port > 65535 {
			p.addf(key("port"), "%d is not a TCP port (want 1-65535)", *a.Port)
		}
		validateResources(p, key, a, profiles)
		if *a.MinReplicas < 0 || *a.MaxReplicas < 1 || *a.MaxReplicas > 1000 || *a.MinReplicas > *a.MaxReplicas {
			p.addf(key("minReplicas"), "need 0 <= minReplicas <= maxReplicas <= 1000 and maxReplicas >= 1 (got %d..%d)",
				*a.MinReplicas, *a.MaxReplicas)
		}
		for name := range a.Env {
			switch {
			case name == components.ClientIDEnvVar:
				p.addf(key("env"), "%s is set by privatepull to the pull identity's client id; remove it", name)
			case !envNameRule.MatchString(name):
				p.addf(key("env"), "%q is not a valid environment variable name (letters, digits, _; not starting with a digit)", name)
			}
		}
		switch components.PullAuth(a.PullIdentity) {
		case components.PullAuthUserAssigned:
		case components.PullAuthSystemAssigned:
			p.addf(key("pullIdentity"), "systemAssigned is not supported for Container Apps: a system-assigned "+
				"identity exists only after the app is created, but Container Apps validates the image pull when the "+
				"app is created, so its AcrPull grant cannot exist in time (a two-phase deployment). Use userAssigned "+
				"(the default): the identity and its grant are created before the app")
		default:
			p.addf(key("pullIdentity"), "%q is not supported; container apps pull with userAssigned (the default)", a.PullIdentity)
		}
		if a.Kind != "" && a.Kind != components.KindFunctionApp {
			p.addf(key("kind"), "%q is not an app kind: omit it for a container app, or set %q for Azure Functions on "+
				"Container Apps (the Functions host in the image; it pulls like a container app)", a.Kind,
				components.KindFunctionApp)
		}
		// An app stack's apps run in the platform's environment: their
		// profiles are checked against it once it is read.
		if _, ok := profiles[a.WorkloadProfile]; a.WorkloadProfile != "" && !ok && !cfg.IsAppStack() {
			p.addf(key("workloadProfile"), "%q is not Consumption nor a profile listed in %s",
				a.WorkloadProfile, qualified(KeyWorkloadProfiles))
		}
	}
}

// validateImage checks a repository and tag. The repository is given without
// registry host: privatepull prepends the private registry's login server.
func validateImage(p *problems, imageKey, tagKey, image, tag string) {
	switch {
	case image == "":
		p.addf(imageKey, "is required: the repository in the private registry, e.g. \"myapp\" or \"team/api\"")
	case strings.ContainsAny(image, ":@"):
		p.addf(imageKey, "%q must be a repository only; give the tag in %s (digests are not supported)",
			image, qualified(tagKey))
	case strings.Contains(strings.SplitN(image, "/", 2)[0], "."):
		p.addf(imageKey, "%q looks like it names a registry host; give the repository only "+
			"(the private registry's login server is prepended)", image)
	case !repositoryRule.MatchString(image):
		p.addf(imageKey, "%q is not a valid repository name (lowercase letters, digits and . _ - separators, "+
			"components separated by /)", image)
	}
	if !tagRule.MatchString(tag) {
		p.addf(tagKey, "%q is not a valid tag (1-128 letters, digits, _ . -, not starting with . or -)", tag)
	}
}

// validateResources checks CPU and memory. On the Consumption profile Azure
// allows 0.25-4 vCPU in 0.25 steps with memory = 2 x CPU in Gi; on a dedicated
// profile an app cannot ask for more than one node of its type has.
func validateResources(p *problems, key func(string) string, a ContainerApp, profiles map[string]string) {
	cpu := *a.CPU
	quarters := cpu / 0.25
	if cpu <= 0 || math.Abs(quarters-math.Round(quarters)) > 1e-9 {
		p.addf(key("cpu"), "%v must be a positive multiple of 0.25", cpu)
		return
	}
	if !memoryRule.MatchString(a.Memory) {
		p.addf(key("memory"), "%q must be a size in Gi, e.g. \"1Gi\" or \"0.5Gi\"", a.Memory)
		return
	}
	memory, _ := strconv.ParseFloat(strings.TrimSuffix(a.Memory, "Gi"), 64)
	profileType, known := profiles[a.WorkloadProfile]
	if a.WorkloadProfile == "" {
		profileType, known = components.ConsumptionProfileName, true
	}
	if !known {
		return // an unknown profile is reported by validateContainerApps
	}
	if profileType != components.ConsumptionProfileName {
		node := components.WorkloadProfileNodes[profileType]
		if cpu > node.CPU {
			p.addf(key("cpu"), "%v exceeds one node of workload profile %q (%s: %v vCPU, %vGi); use a larger profile type",
				cpu, a.WorkloadProfile, profileType, node.CPU, node.MemoryGiB)
		}
		if memory > node.MemoryGiB {
			p.addf(key("memory"), "%q exceeds one node of workload profile %q (%s: %v vCPU, %vGi); use a larger profile type",
				a.Memory, a.WorkloadProfile, profileType, node.CPU, node.MemoryGiB)
		}
		return
	}
	if cpu > 4 {
		p.addf(key("cpu"), "%v exceeds the Consumption profile's 4 vCPU; run the app on a dedicated workload profile", cpu)
		return
	}
	if math.Abs(memory-2*cpu) > 1e-9 {
		p.addf(key("memory"), "%q does not match cpu %v: the Consumption profile needs memory = 2 x cpu (%s)",
			a.Memory, cpu, fmt.Sprintf("%vGi", 2*cpu))
	}
}

// validateLogWorkspace checks logAnalyticsWorkspaceId: the resource id of a
// Log Analytics workspace, for a stack that has an environment whose logs it
// receives.
func validateLogWorkspace(cfg *Config, p *problems) {
	if cfg.LogAnalyticsWorkspaceID == "" {
		return
	}
	if _, err := components.ParseResourceIDOfType(cfg.LogAnalyticsWorkspaceID, components.TypeLogAnalyticsWorkspace); err != nil {
		p.addf(KeyLogAnalyticsWorkspaceID, "%v", err)
	}
	if !cfg.HasEnvironment() {
		p.addf(KeyLogAnalyticsWorkspaceID, "receives the Container Apps environment's logs: the stack has none "+
			"without %s or %s", qualified(KeyContainerApps), qualified(KeyCreateEnvironment))
	}
}
