package workflowcheck

import (
	"fmt"
	"path"
	"sort"
	"strings"
)

// Rule ids, one per invariant.
const (
	RulePinnedAction         = "pinned-action"
	RuleNoPullRequestTarget  = "no-pull-request-target"
	RuleWorkflowPermissions  = "workflow-permissions"
	RuleIDToken              = "id-token"
	RuleDeployIdentityInEnv  = "deploy-identity-environment"
	RuleProdNoPassphrase     = "prod-no-passphrase"
	RulePRForkGuard          = "pr-fork-guard"
	RulePREnvironment        = "pr-environment"
	RulePRIdentity           = "pr-identity"
	RulePRSecrets            = "pr-secrets"
	RulePRProdStack          = "pr-prod-stack"
	RulePRWriteCommand       = "pr-write-command"
	RulePRGitHubWrite        = "pr-github-write"
	RulePRCheckoutCredential = "pr-checkout-credentials"
)

// Names the rules rely on.
const (
	// ForkGuard is the condition every pull-request job carries: it runs
	// only for pull requests from this repository, never for forks.
	ForkGuard = "github.event.pull_request.head.repo.full_name == github.repository"
	// DeployIdentity is the variable of the deploy identity (environments
	// dev and prod only).
	DeployIdentity = "AZURE_CLIENT_ID"
	// PreviewIdentity is the variable of the read-only preview identity.
	PreviewIdentity = "AZURE_PREVIEW_CLIENT_ID"
	// ProdPreviewIdentity is the variable of the prod read-and-decrypt
	// identity (environment preview-prod only).
	ProdPreviewIdentity = "AZURE_PROD_PREVIEW_CLIENT_ID"
	// Passphrase is dev's passphrase secret (environments dev and preview-dev).
	Passphrase = "PULUMI_CONFIG_PASSPHRASE"
	// PreviewDev is the environment of the dev preview.
	PreviewDev = "preview-dev"
	// PreviewProd is the environment of the prod preview (required reviewers).
	PreviewProd = "preview-prod"
)

// Violation is one broken rule.
type Violation struct {
	// Rule is the rule's id.
	Rule string
	// Workflow is the workflow file's path.
	Workflow string
	// Job is the job's id ("" for the workflow as a whole).
	Job string
	// Message says what is wrong.
	Message string
}

// String formats the violation as path: job: [rule] message.
func (v Violation) String() string {
	where := v.Workflow
	if v.Job != "" {
		where += ": job " + v.Job
	}
	return fmt.Sprintf("%s: [%s] %s", where, v.Rule, v.Message)
}

// Check returns every violation in workflows. scripts maps repository paths
// (.github/scripts/<name>) to their text: a pull-request job's run step that
// calls one is checked with the script's text too.
func Check(workflows []*Workflow, scripts map[string]string) []Violation {
	reachable := PullRequestReachable(workflows)
	var out []Violation
	for _, wf := range workflows {
		c := &checker{wf: wf, scripts: scripts}
		c.everyWorkflow()
		if reachable[wf.Path] {
			c.pullRequestWorkflow()
		}
		out = append(out, c.violations...)
	}
	return out
}

// PullRequestReachable returns the paths of the workflows a pull request
// runs: those it triggers (pull_request, pull_request_target) and the
// reusable workflows they call, transitively.
func PullRequestReachable(workflows []*Workflow) map[string]bool {
	byPath := map[string]*Workflow{}
	reachable := map[string]bool{}
	var queue []*Workflow
	for _, wf := range workflows {
		byPath[path.Clean(wf.Path)] = wf
		if hasTrigger(wf, "pull_request") || hasTrigger(wf, "pull_request_target") {
			reachable[wf.Path] = true
			queue = append(queue, wf)
		}
	}
	for len(queue) > 0 {
		wf := queue[0]
		queue = queue[1:]
		for _, job := range wf.Jobs {
			called, ok := byPath[path.Clean(strings.TrimPrefix(job.Uses.Value, "./"))]
			if ok && !reachable[called.Path] {
				reachable[called.Path] = true
				queue = append(queue, called)
			}
		}
	}
	return reachable
}

// checker collects one workflow's violations.
type checker struct {
	wf         *Workflow
	scripts    map[string]string
	violations []Violation
}

// add records a violation.
func (c *checker) add(rule string, job *Job, format string, args ...any) {
	id := ""
	if job != nil {
		id = job.ID
	}
	c.violations = append(c.violations, Violation{Rule: rule, Workflow: c.wf.Path, Job: id, Message: fmt.Sprintf(format, args...)})
}

// eachJob applies every rule to every job of the workflow.
func (c *checker) eachJob(rules ...func(*Job)) {
	for i := range c.wf.Jobs {
		for _, rule := range rules {
			rule(&c.wf.Jobs[i])
		}
	}
}

// hasTrigger reports whether wf runs on event.
func hasTrigger(wf *Workflow, event string) bool {
	for _, trigger := range wf.Triggers {
		if trigger == event {
			return true
		}
	}
	return false
}

// effectivePermissions returns the job's permissions, else the workflow's.
func (c *checker) effectivePermissions(job *Job) *Permissions {
	if job.Permissions != nil {
		return job.Permissions
	}
	return c.wf.Permissions
}

// writeScopes returns the scopes the job's token may write, sorted.
func (c *checker) writeScopes(job *Job) []string {
	p := c.effectivePermissions(job)
	if p == nil {
		return []string{"(repository default)"}
	}
	var scopes []string
	if p.All == "write" {
		scopes = append(scopes, "(write-all)")
	}
	for scope, access := range p.Scopes {
		if access == "write" {
			scopes = append(scopes, scope)
		}
	}
	sort.Strings(scopes)
	return scopes
}

// logins returns the job's azure/login steps.
func logins(job *Job) []Step {
	var out []Step
	for _, step := range job.Steps {
		if strings.HasPrefix(strings.ToLower(step.Uses.Value), "azure/login@") {
			out = append(out, step)
		}
	}
	return out
}

// checkouts returns the job's actions/checkout steps.
func checkouts(job *Job) []Step {
	var out []Step
	for _, step := range job.Steps {
		if strings.HasPrefix(step.Uses.Value, "actions/checkout@") {
			out = append(out, step)
		}
	}
	return out
}

// jobExpressions are the job's expressions and the workflow's (whose env
// reaches every job).
func (c *checker) jobExpressions(job *Job) []string {
	return append(append([]string{}, c.wf.Expressions...), job.Expressions...)
}
