package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/privatepull/privatepull/internal/workflowcheck"
)

// loadWorkflows reads the repository's workflows and scripts.
func loadWorkflows(t *testing.T) ([]*workflowcheck.Workflow, map[string]string) {
	t.Helper()
	workflows, scripts, err := workflowcheck.Load(".")
	require.NoError(t, err)
	require.NotEmpty(t, workflows)
	return workflows, scripts
}

// TestWorkflowsKeepTheCICDRules: no workflow a pull request runs can obtain
// the deploy identity, a prod secret or a write command, enter dev or prod,
// run for a fork, or hold a GitHub write token while running the pull
// request's code; nothing uses pull_request_target; id-token: write only
// where a job logs in; prod jobs get no passphrase; every action is pinned to
// a commit SHA with its version (internal/workflowcheck has the rules and a
// failing case for each).
func TestWorkflowsKeepTheCICDRules(t *testing.T) {
	workflows, scripts := loadWorkflows(t)
	for _, v := range workflowcheck.Check(workflows, scripts) {
		t.Error(v)
	}
	assert.Equal(t, map[string]bool{".github/workflows/preview.yml": true, ".github/workflows/preview-comment.yml": true},
		workflowcheck.PullRequestReachable(workflows), "the workflows a pull request runs, checked with the pull-request rules")
}

// jobIdentity is what a job holds: its environment, the client-id variables
// it logs in with, and whether it can read the passphrase.
type jobIdentity struct {
	environment string
	logins      []string
	passphrase  bool
}

// identities returns what each job of each workflow holds, by "file/job".
func identities(workflows []*workflowcheck.Workflow) map[string]jobIdentity {
	clientID := regexp.MustCompile(`vars\.([A-Z0-9_]+)`)
	out := map[string]jobIdentity{}
	for _, wf := range workflows {
		for _, job := range wf.Jobs {
			id := jobIdentity{environment: job.Environment}
			for _, step := range job.Steps {
				if strings.HasPrefix(step.Uses.Value, "azure/login@") {
					id.logins = append(id.logins, clientID.FindStringSubmatch(step.With["client-id"])[1])
				}
			}
			for _, expr := range append(append([]string{}, wf.Expressions...), job.Expressions...) {
				id.passphrase = id.passphrase || strings.Contains(expr, "secrets.PULUMI_CONFIG_PASSPHRASE")
			}
			out[filepath.Base(wf.Path)+"/"+job.ID] = id
		}
	}
	return out
}

// TestWorkflowJobsHoldTheirIdentities: which identity each job logs in with
// (the variable names it), in which environment (the OIDC subject it
// presents is environment:<name>), and which jobs can read dev's passphrase.
func TestWorkflowJobsHoldTheirIdentities(t *testing.T) {
	workflows, _ := loadWorkflows(t)
	stack := "${{ inputs.stack || 'dev' }}"
	assert.Equal(t, map[string]jobIdentity{
		"preview.yml/test":            {},
		"preview.yml/preview-dev":     {environment: "preview-dev", logins: []string{"AZURE_PREVIEW_CLIENT_ID"}, passphrase: true},
		"preview.yml/preview-prod":    {environment: "preview-prod", logins: []string{"AZURE_PROD_PREVIEW_CLIENT_ID"}},
		"preview.yml/comment-dev":     {},
		"preview.yml/comment-prod":    {},
		"preview-comment.yml/comment": {},
		"deploy.yml/dev":              {environment: "dev", logins: []string{"AZURE_CLIENT_ID", "AZURE_CLIENT_ID"}, passphrase: true},
		"deploy.yml/prod":             {environment: "prod", logins: []string{"AZURE_CLIENT_ID", "AZURE_CLIENT_ID"}},
		"image.yml/check":             {},
		"image.yml/plan":              {environment: stack, logins: []string{"AZURE_CLIENT_ID"}, passphrase: true},
		"image.yml/build-agent-pool":  {environment: stack, logins: []string{"AZURE_CLIENT_ID"}},
		"image.yml/build-self-hosted": {environment: stack,
			logins: []string{"AZURE_CLIENT_ID", "RUNNER_IDENTITY_CLIENT_ID"}},
		"image.yml/deploy": {environment: stack, logins: []string{"AZURE_CLIENT_ID"}, passphrase: true},
		"e2e.yml/e2e":      {environment: "e2e", logins: []string{"AZURE_E2E_CLIENT_ID"}},
	}, identities(workflows))
}

// TestProdJobsCheckTheSecretsProviderFirst: every job that may run prod
// checks that prod decrypts with Azure Key Vault before it logs in.
func TestProdJobsCheckTheSecretsProviderFirst(t *testing.T) {
	workflows, _ := loadWorkflows(t)
	checked := map[string]string{}
	for _, wf := range workflows {
		for _, job := range wf.Jobs {
			for _, step := range job.Steps {
				if strings.HasPrefix(step.Uses.Value, "azure/login@") {
					break
				}
				if strings.Contains(step.Run, ".github/scripts/check-secrets-provider.sh") {
					checked[filepath.Base(wf.Path)+"/"+job.ID] = strings.TrimSpace(step.Run)
				}
			}
		}
	}
	assert.Equal(t, map[string]string{
		"preview.yml/preview-prod": "bash .github/scripts/check-secrets-provider.sh prod",
		"deploy.yml/prod":          "bash .github/scripts/check-secrets-provider.sh prod",
		"image.yml/plan":           `bash .github/scripts/check-secrets-provider.sh "$STACK"`,
		"image.yml/deploy":         `bash .github/scripts/check-secrets-provider.sh "$STACK"`,
	}, checked)
}

// resolvedActions are the commits the workflows pin, each resolved with
// `git rev-parse '<tag>^{commit}'` in a fetched copy of the action's
// repository (never a SHA from elsewhere). Change a version here and in the
// workflows together, after resolving it the same way.
var resolvedActions = map[string]string{
	"actions/checkout@11d5960a326750d5838078e36cf38b85af677262":        "# v4.4.0",
	"actions/setup-go@40f1582b2485089dde7abd97c1529aa768e1baff":        "# v5.6.0",
	"actions/upload-artifact@ea165f8d65b6e75b540449e92b4886f43607fa02": "# v4.6.2",
	"azure/login@7184910d9eb2b1c5e48f7073824a90609bb9b6d6":             "# v2.3.1",
	"pulumi/actions@8582a9e8cc630786854029b4e09281acd6794b58":          "# v6.6.1",
}

// TestWorkflowActionsArePinnedToResolvedCommits: every action the workflows
// use is one of the resolved commits, with its version in the comment.
func TestWorkflowActionsArePinnedToResolvedCommits(t *testing.T) {
	workflows, _ := loadWorkflows(t)
	for _, wf := range workflows {
		for _, job := range wf.Jobs {
			for _, step := range job.Steps {
				if step.Uses.Value == "" {
					continue
				}
				version, ok := resolvedActions[step.Uses.Value]
				if assert.True(t, ok, "%s line %d: %s is not a resolved commit", wf.Path, step.Uses.Line, step.Uses.Value) {
					assert.Equal(t, version, step.Uses.Comment, "%s line %d", wf.Path, step.Uses.Line)
				}
			}
		}
	}
}

// scriptPath returns the absolute path of a script in .github/scripts.
func scriptPath(t *testing.T, name string) string {
	t.Helper()
	path, err := filepath.Abs(filepath.Join(".github", "scripts", name))
	require.NoError(t, err)
	return path
}

// TestCheckSecretsProviderScript: the prod jobs stop with a clear error and
// the commands that switch the stack while its file names no Azure Key Vault
// secrets provider (the shipped Pulumi.prod.yaml), and pass once it does.
func TestCheckSecretsProviderScript(t *testing.T) {
	script := scriptPath(t, "check-secrets-provider.sh")

	got := runStep(t, ".", nil, script, "prod")
	assert.Equal(t, 1, got.exitCode, "the shipped Pulumi.prod.yaml has no Key Vault provider: %s", got.stdout)
	assert.Contains(t, got.stdout, "::error file=Pulumi.prod.yaml,title=Stack prod has no Key Vault secrets provider::"+
		"Pulumi.prod.yaml must name an Azure Key Vault secrets provider (secretsprovider: "+
		"azurekeyvault://<vault>.vault.azure.net/keys/<key>, plus its encryptedkey line); found: none, so Pulumi would use a passphrase.")
	for _, command := range []string{
		"az keyvault key create --vault-name <vault> --name pulumi-prod --kty RSA --size 3072 --ops encrypt decrypt",
		`pulumi stack change-secrets-provider --stack prod "azurekeyvault://<vault>.vault.azure.net/keys/pulumi-prod"`,
		`pulumi stack init prod --secrets-provider "azurekeyvault://<vault>.vault.azure.net/keys/pulumi-prod"`,
		`git add Pulumi.prod.yaml && git commit -m "prod: Azure Key Vault secrets provider"`,
	} {
		assert.Contains(t, got.stdout, command)
		assert.Contains(t, got.summary, command, "the job summary carries the commands too")
	}

	dir := t.TempDir()
	write := func(text string) {
		require.NoError(t, os.WriteFile(filepath.Join(dir, "Pulumi.prod.yaml"), []byte(text), 0o600))
	}
	write("secretsprovider: azurekeyvault://kv-shop.vault.azure.net/keys/pulumi-prod\nencryptedkey: ZW5jcnlwdGVk\nconfig:\n  privatepull:location: koreacentral\n")
	got = runStep(t, dir, nil, script, "prod")
	assert.Equal(t, 0, got.exitCode, got.stdout)
	assert.Contains(t, got.stdout, "Stack prod decrypts its secrets with Azure Key Vault (azurekeyvault://kv-shop.vault.azure.net/keys/pulumi-prod)")

	write("encryptionsalt: v1:abc:def\nconfig: {}\n")
	got = runStep(t, dir, nil, script, "prod")
	assert.Equal(t, 1, got.exitCode, "a passphrase stack fails")
	assert.Contains(t, got.stdout, "found: none, so Pulumi would use a passphrase")

	write("secretsprovider: passphrase\nconfig: {}\n")
	got = runStep(t, dir, nil, script, "prod")
	assert.Equal(t, 1, got.exitCode)
	assert.Contains(t, got.stdout, "found: passphrase.")

	write("secretsprovider: azurekeyvault://kv-shop.vault.azure.net/keys/pulumi-prod\nconfig: {}\n")
	got = runStep(t, dir, nil, script, "prod")
	assert.Equal(t, 1, got.exitCode, "the provider without its wrapped data key cannot decrypt")
	assert.Contains(t, got.stdout, "found: azurekeyvault://kv-shop.vault.azure.net/keys/pulumi-prod but no encryptedkey line.")

	got = runStep(t, dir, nil, script, "staging")
	assert.Equal(t, 1, got.exitCode)
	assert.Contains(t, got.stdout, "::error title=No stack file::Pulumi.staging.yaml does not exist")
}

// fakePulumi puts a `pulumi` on PATH that records its arguments, prints
// output and exits with status.
func fakePulumi(t *testing.T, output string, status int) (path, argsFile string) {
	t.Helper()
	dir := t.TempDir()
	argsFile = filepath.Join(dir, "args")
	outputFile := filepath.Join(dir, "output")
	require.NoError(t, os.WriteFile(outputFile, []byte(output), 0o600))
	script := "#!/usr/bin/env bash\necho \"$*\" > '" + argsFile + "'\ncat '" + outputFile + "'\necho 'a warning on stderr' >&2\nexit " +
		map[bool]string{true: "0", false: "1"}[status == 0] + "\n"
	require.NoError(t, os.WriteFile(filepath.Join(dir, "pulumi"), []byte(script), 0o700)) //nolint:gosec // an executable fake
	return dir + string(os.PathListSeparator) + os.Getenv("PATH"), argsFile
}

// TestPreviewStackScript: the preview jobs run `pulumi preview` and nothing
// else, hand its output (cut to the comment's size, keeping the end) to the
// comment job and the summary, and keep pulumi's exit status.
func TestPreviewStackScript(t *testing.T) {
	script := scriptPath(t, "preview-stack.sh")

	path, args := fakePulumi(t, "Previewing update (dev):\n + 3 to create\n", 0)
	got := runStep(t, ".", []string{"PATH=" + path}, script, "--stack", "dev")
	assert.Equal(t, 0, got.exitCode, got.stdout)
	recorded, err := os.ReadFile(args)
	require.NoError(t, err)
	assert.Equal(t, "preview --stack dev --diff --non-interactive --color never\n", string(recorded))
	assert.Contains(t, got.stdout, "+ 3 to create", "the output reaches the log")
	assert.Regexp(t, `^plan<<PLAN_[0-9a-f]{32}\nPreviewing update \(dev\):\n \+ 3 to create\na warning on stderr\nPLAN_[0-9a-f]{32}\n$`, got.outputs)
	assert.Contains(t, got.summary, "### pulumi preview --stack dev (exit status 0)")

	long := strings.Repeat("resource line that repeats\n", 3000) + "Resources: 1 to update\n"
	path, _ = fakePulumi(t, long, 1)
	got = runStep(t, ".", []string{"PATH=" + path}, script, "--stack", "dev")
	assert.Equal(t, 1, got.exitCode, "a failed preview fails the step")
	assert.Contains(t, got.outputs, "(first part cut: the whole output is in the job log)\n")
	assert.Contains(t, got.outputs, "Resources: 1 to update\n", "the end (the summary and any error) is kept")
	assert.Less(t, len(got.outputs), 56000, "a PR comment holds at most 65,536 characters")
	assert.Contains(t, got.summary, "(exit status 1)")

	got = runStep(t, ".", nil, script, "dev")
	assert.Equal(t, 2, got.exitCode)
	assert.Contains(t, got.stdout, "usage: preview-stack.sh --stack <name>")
}
