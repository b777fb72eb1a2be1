package workflowcheck

import (
	"regexp"
	"strings"
)

// pinnedPattern is an action pinned to a full commit SHA.
var pinnedPattern = regexp.MustCompile(`^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+(/[^@\s]+)?@[0-9a-f]{40}$`)

// versionCommentPattern is the version comment after a pinned action.
var versionCommentPattern = regexp.MustCompile(`^#\s*v\d+(\.\d+)*\b`)

// everyWorkflow applies the rules that hold for every workflow.
func (c *checker) everyWorkflow() {
	if hasTrigger(c.wf, "pull_request_target") {
		c.add(RuleNoPullRequestTarget, nil, "triggered by pull_request_target, which runs with the base repository's secrets and a write token on a fork's code; use pull_request")
	}
	if p := c.wf.Permissions; p == nil || p.All != "" || len(p.Scopes) != 1 || p.Scopes["contents"] != "read" {
		c.add(RuleWorkflowPermissions, nil, "workflow-level permissions must be exactly `contents: read`; grant more per job")
	}
	for _, name := range varNames(c.wf.Expressions) {
		if name == DeployIdentity {
			c.add(RuleDeployIdentityInEnv, nil, "vars.%s at workflow level: read the deploy identity only in jobs bound to an environment", DeployIdentity)
		}
	}
	c.eachJob(c.pinnedActions, c.idToken, c.deployIdentityInEnvironment, c.prodWithoutPassphrase)
}

// pinnedActions: every action or reusable workflow from another repository
// is pinned to a 40-hex commit SHA with its version in a comment.
func (c *checker) pinnedActions(job *Job) {
	refs := []Ref{job.Uses}
	for _, step := range job.Steps {
		refs = append(refs, step.Uses)
	}
	for _, ref := range refs {
		if ref.Value == "" || strings.HasPrefix(ref.Value, "./") || strings.HasPrefix(ref.Value, "docker://") {
			continue
		}
		if !pinnedPattern.MatchString(ref.Value) {
			c.add(RulePinnedAction, job, "line %d: %s is not pinned to a full commit SHA (owner/repo@<40 hex> # vX.Y.Z)", ref.Line, ref.Value)
			continue
		}
		if !versionCommentPattern.MatchString(strings.TrimSpace(ref.Comment)) {
			c.add(RulePinnedAction, job, "line %d: %s has no version comment (# vX.Y.Z)", ref.Line, ref.Value)
		}
	}
}

// idToken: id-token: write only on a job that logs in to Azure, and every job
// that logs in with OIDC has it.
func (c *checker) idToken(job *Job) {
	hasToken := c.effectivePermissions(job).Access("id-token") == "write"
	oidcLogin := false
	for _, login := range logins(job) {
		if !strings.EqualFold(login.With["auth-type"], "IDENTITY") {
			oidcLogin = true
		}
	}
	switch {
	case hasToken && len(logins(job)) == 0:
		c.add(RuleIDToken, job, "holds id-token: write but does not log in to Azure (azure/login)")
	case oidcLogin && !hasToken:
		c.add(RuleIDToken, job, "logs in to Azure with OIDC but lacks id-token: write")
	}
}

// deployIdentityInEnvironment: the deploy identity trusts environment
// subjects only, so a job reading its variable must be bound to one.
func (c *checker) deployIdentityInEnvironment(job *Job) {
	if job.Environment != "" {
		return
	}
	for _, name := range varNames(job.Expressions) {
		if name == DeployIdentity {
			c.add(RuleDeployIdentityInEnv, job, "reads vars.%s (the deploy identity) without an environment", DeployIdentity)
			return
		}
	}
}

// prodWithoutPassphrase: a job in environment prod or preview-prod never
// sets or reads the passphrase; a job whose environment is an expression
// passes it only through an expression that excludes prod.
func (c *checker) prodWithoutPassphrase(job *Job) {
	envs := []map[string]string{c.wf.Env, job.Env}
	for _, step := range job.Steps {
		envs = append(envs, step.Env)
	}
	switch {
	case job.Environment == "prod" || job.Environment == PreviewProd:
		for _, env := range envs {
			for key := range env {
				if strings.HasPrefix(key, Passphrase) {
					c.add(RuleProdNoPassphrase, job, "environment %s sets %s: prod decrypts with Azure Key Vault only", job.Environment, key)
				}
			}
		}
		for _, name := range secretNames(c.jobExpressions(job)) {
			if name == Passphrase {
				c.add(RuleProdNoPassphrase, job, "environment %s reads secrets.%s: prod decrypts with Azure Key Vault only", job.Environment, Passphrase)
			}
		}
	case strings.Contains(job.Environment, "${{"):
		for _, env := range envs {
			for key, value := range env {
				if strings.HasPrefix(key, Passphrase) && !strings.Contains(strings.ReplaceAll(value, " ", ""), "!='prod'") {
					c.add(RuleProdNoPassphrase, job, "environment %q may be prod, and %s is not kept from it (an expression with != 'prod')", job.Environment, key)
				}
			}
		}
	}
}
