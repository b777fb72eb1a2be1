package workflowcheck

import (
	"strings"
)

// pullRequestWorkflow applies the rules for workflows a pull request runs:
// their jobs run the pull request's code.
func (c *checker) pullRequestWorkflow() {
	for _, name := range secretNames(c.wf.Expressions) {
		if name != "GITHUB_TOKEN" {
			c.add(RulePRSecrets, nil, "reads secrets.%s outside the jobs, where every job gets it", orWholeContext(name))
		}
	}
	c.eachJob(c.forkGuard, c.previewEnvironment, c.previewIdentity, c.previewSecrets, c.noProdStack,
		c.noWriteCommands, c.gitHubWrite, c.checkoutCredentials)
}

// forkGuard: the job runs only for pull requests from this repository, and
// nothing OR-ed into its condition can let a fork through.
func (c *checker) forkGuard(job *Job) {
	condition := strings.Join(strings.Fields(job.If), " ")
	if !strings.Contains(condition, ForkGuard) || strings.Contains(condition, "||") {
		c.add(RulePRForkGuard, job, "runs for forks: its if must require %s (and OR nothing into it), got %q", ForkGuard, job.If)
	}
}

// previewEnvironment: a pull-request job enters preview-dev or preview-prod
// or no environment, never dev, prod or another whose subject a deploying
// identity trusts.
func (c *checker) previewEnvironment(job *Job) {
	if job.Environment != "" && job.Environment != PreviewDev && job.Environment != PreviewProd {
		c.add(RulePREnvironment, job, "enters environment %q: pull-request jobs may only use %s or %s", job.Environment, PreviewDev, PreviewProd)
	}
}

// previewIdentity: a pull-request job reads no identity variable but the
// read-only preview identity's, and the prod read-and-decrypt identity's only
// in preview-prod.
func (c *checker) previewIdentity(job *Job) {
	for _, name := range varNames(c.jobExpressions(job)) {
		switch {
		case !strings.Contains(name, "CLIENT_ID") || name == PreviewIdentity:
		case name == ProdPreviewIdentity:
			if job.Environment != PreviewProd {
				c.add(RulePRIdentity, job, "reads vars.%s (prod read-and-decrypt identity) outside environment %s", name, PreviewProd)
			}
		default:
			c.add(RulePRIdentity, job, "reads vars.%s: a pull-request job may hold only %s, or %s in %s", name, PreviewIdentity, ProdPreviewIdentity, PreviewProd)
		}
	}
}

// previewSecrets: a pull-request job reads no secret but GITHUB_TOKEN, and
// dev's passphrase only in preview-dev.
func (c *checker) previewSecrets(job *Job) {
	if job.SecretsInherit {
		c.add(RulePRSecrets, job, "passes secrets: inherit to %s", job.Uses.Value)
	}
	for _, name := range secretNames(job.Expressions) {
		switch {
		case name == "GITHUB_TOKEN":
		case name == Passphrase && job.Environment == PreviewDev:
		default:
			c.add(RulePRSecrets, job, "reads secrets.%s: a pull-request job may read only GITHUB_TOKEN, and %s in %s", orWholeContext(name), Passphrase, PreviewDev)
		}
	}
}

// orWholeContext names a secret, or the whole context for "".
func orWholeContext(name string) string {
	if name == "" {
		return "(the whole secrets context)"
	}
	return name
}

// noProdStack: only the preview-prod job touches the prod stack.
func (c *checker) noProdStack(job *Job) {
	if job.Environment == PreviewProd {
		return
	}
	for _, text := range job.Strings {
		if selectsProdStack(text) {
			c.add(RulePRProdStack, job, "selects the prod stack outside environment %s: %q", PreviewProd, firstLine(text))
		}
	}
	for _, value := range job.MatrixValues {
		if isProdStackName(value) {
			c.add(RulePRProdStack, job, "its matrix has a prod leg (%s) outside environment %s", value, PreviewProd)
		}
	}
	for _, step := range job.Steps {
		if name, ok := step.With["stack-name"]; ok && isProdStackName(name) {
			c.add(RulePRProdStack, job, "step %q runs stack-name %s outside environment %s", step.Name, name, PreviewProd)
		}
	}
}

// noWriteCommands: no pull-request job runs a command that changes Azure or
// the state, in its steps or in the repository scripts they call.
func (c *checker) noWriteCommands(job *Job) {
	for _, step := range job.Steps {
		found := writeCommandsIn(step.Run)
		for _, script := range scriptPattern.FindAllString(step.Run, -1) {
			text, ok := c.scripts[script]
			if !ok {
				c.add(RulePRWriteCommand, job, "step %q calls %s, which the check was not given", step.Name, script)
				continue
			}
			found = append(found, writeCommandsIn(text)...)
		}
		if strings.HasPrefix(step.Uses.Value, "pulumi/actions@") {
			found = append(found, writeInputs(step.With)...)
		}
		for _, what := range found {
			c.add(RulePRWriteCommand, job, "step %q: %s", step.Name, what)
		}
	}
}

// gitHubWrite: the only GitHub write permission a pull-request job may hold
// is pull-requests: write (besides id-token for an Azure login), and a job
// holding it runs none of the pull request's code: no checkout, no Azure
// login, no environment, no OIDC token.
func (c *checker) gitHubWrite(job *Job) {
	writes := c.writeScopes(job)
	commenter := false
	for _, scope := range writes {
		switch scope {
		case "id-token":
		case "pull-requests":
			commenter = true
		default:
			c.add(RulePRGitHubWrite, job, "holds %s write: pull-request jobs may write pull-requests only", scope)
		}
	}
	if !commenter {
		return
	}
	if len(checkouts(job)) > 0 || len(logins(job)) > 0 || job.Environment != "" || c.effectivePermissions(job).Access("id-token") == "write" {
		c.add(RulePRGitHubWrite, job, "holds pull-requests: write and checks out code, logs in or enters an environment: the job that comments must run none of the pull request's code")
	}
}

// checkoutCredentials: a pull-request job's checkout leaves no token in
// .git/config for the pull request's code to read.
func (c *checker) checkoutCredentials(job *Job) {
	for _, step := range checkouts(job) {
		if step.With["persist-credentials"] != "false" {
			c.add(RulePRCheckoutCredential, job, "step %q checks out with persist-credentials other than false", step.Name)
		}
	}
}

// firstLine returns text's first line.
func firstLine(text string) string {
	line, _, _ := strings.Cut(text, "\n")
	return line
}
