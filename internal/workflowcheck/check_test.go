package workflowcheck

import (
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A small pull-request workflow that keeps every rule: tests without Azure,
// a dev preview with the read-only identity and dev's passphrase, a prod
// preview with the prod read-and-decrypt identity, and a comment job that
// calls a reusable workflow.
const goodPreview = `name: preview
on:
  pull_request:
    branches: [main]
permissions:
  contents: read
jobs:
  test:
    if: ${{ github.event.pull_request.head.repo.full_name == github.repository }}
    runs-on: ubuntu-latest
    steps:
      - name: Checkout
        uses: actions/checkout@11d5960a326750d5838078e36cf38b85af677262 # v4.4.0
        with:
          persist-credentials: false
      - name: Tests
        run: go test ./...
  preview-dev:
    needs: test
    if: ${{ github.event.pull_request.head.repo.full_name == github.repository }}
    runs-on: ubuntu-latest
    environment: preview-dev
    permissions:
      contents: read
      id-token: write
    env:
      ARM_CLIENT_ID: ${{ vars.AZURE_PREVIEW_CLIENT_ID }}
      PULUMI_CONFIG_PASSPHRASE: ${{ secrets.PULUMI_CONFIG_PASSPHRASE }}
    steps:
      - name: Login
        uses: azure/login@7184910d9eb2b1c5e48f7073824a90609bb9b6d6 # v2.3.1
        with:
          client-id: ${{ vars.AZURE_PREVIEW_CLIENT_ID }}
      - name: Preview dev
        run: bash .github/scripts/preview.sh --stack dev
  preview-prod:
    needs: test
    if: ${{ github.event.pull_request.head.repo.full_name == github.repository }}
    runs-on: ubuntu-latest
    environment: preview-prod
    permissions:
      contents: read
      id-token: write
    steps:
      - name: Login
        uses: azure/login@7184910d9eb2b1c5e48f7073824a90609bb9b6d6 # v2.3.1
        with:
          client-id: ${{ vars.AZURE_PROD_PREVIEW_CLIENT_ID }}
      - name: Preview prod
        run: pulumi preview --stack prod --diff
  comment:
    needs: preview-dev
    if: ${{ !cancelled() && github.event.pull_request.head.repo.full_name == github.repository }}
    permissions:
      pull-requests: write
    uses: ./.github/workflows/comment.yml
    with:
      plan: ${{ needs.preview-dev.outputs.plan }}
`

// The reusable workflow the comment job calls.
const goodComment = `name: comment
on:
  workflow_call:
    inputs:
      plan:
        type: string
        required: true
permissions:
  contents: read
jobs:
  comment:
    if: ${{ github.event.pull_request.head.repo.full_name == github.repository }}
    runs-on: ubuntu-latest
    permissions:
      pull-requests: write
    steps:
      - name: Comment
        env:
          GH_TOKEN: ${{ secrets.GITHUB_TOKEN }}
          PLAN: ${{ inputs.plan }}
        run: gh api --method POST "repos/$GITHUB_REPOSITORY/issues/1/comments" -f body="$PLAN"
`

// A deploy workflow that keeps every rule: prod in its environment, with the
// deploy identity and no passphrase.
const goodDeploy = `name: deploy
on:
  push:
    branches: [main]
permissions:
  contents: read
jobs:
  prod:
    runs-on: ubuntu-latest
    environment: prod
    permissions:
      contents: read
      id-token: write
    env:
      ARM_CLIENT_ID: ${{ vars.AZURE_CLIENT_ID }}
    steps:
      - name: Checkout
        uses: actions/checkout@11d5960a326750d5838078e36cf38b85af677262 # v4.4.0
      - name: Login
        uses: azure/login@7184910d9eb2b1c5e48f7073824a90609bb9b6d6 # v2.3.1
        with:
          client-id: ${{ vars.AZURE_CLIENT_ID }}
      - name: Up
        run: pulumi up --yes --stack prod
`

// goodScript is the preview script the dev preview calls: it prints a write
// command in a here-document, which is text, not a command.
const goodScript = `#!/usr/bin/env bash
# pulumi up is never run here
pulumi preview --stack "$2" --diff
cat <<EOF
To deploy, run: pulumi up --stack $2
EOF
`

// files returns the good workflows and scripts, keyed by path.
func files() (map[string]string, map[string]string) {
	return map[string]string{
			".github/workflows/preview.yml": goodPreview,
			".github/workflows/comment.yml": goodComment,
			".github/workflows/deploy.yml":  goodDeploy,
		}, map[string]string{
			".github/scripts/preview.sh": goodScript,
		}
}

// ruleIDs parses the workflows, checks them and returns the broken rules'
// ids, sorted and without repeats, plus the messages.
func ruleIDs(t *testing.T, workflows, scripts map[string]string) ([]string, []string) {
	t.Helper()
	var parsed []*Workflow
	paths := make([]string, 0, len(workflows))
	for path := range workflows {
		paths = append(paths, path)
	}
	sort.Strings(paths)
	for _, path := range paths {
		wf, err := Parse(path, []byte(workflows[path]))
		require.NoError(t, err, path)
		parsed = append(parsed, wf)
	}
	seen := map[string]bool{}
	var ids, messages []string
	for _, v := range Check(parsed, scripts) {
		messages = append(messages, v.String())
		if !seen[v.Rule] {
			seen[v.Rule] = true
			ids = append(ids, v.Rule)
		}
	}
	sort.Strings(ids)
	return ids, messages
}

// mutate replaces old (which must occur exactly once) in the file at path.
func mutate(t *testing.T, workflows map[string]string, path, old, replacement string) {
	t.Helper()
	require.Equal(t, 1, strings.Count(workflows[path], old), "%s must contain %q once", path, old)
	workflows[path] = strings.Replace(workflows[path], old, replacement, 1)
}

// TestGoodWorkflowsPass: the small workflows that keep the rules pass, so a
// failure below is the mutation's doing.
func TestGoodWorkflowsPass(t *testing.T) {
	workflows, scripts := files()
	ids, messages := ruleIDs(t, workflows, scripts)
	assert.Empty(t, ids, messages)

	parsed := make([]*Workflow, 0, len(workflows))
	for path, text := range workflows {
		wf, err := Parse(path, []byte(text))
		require.NoError(t, err)
		parsed = append(parsed, wf)
	}
	assert.Equal(t, map[string]bool{".github/workflows/preview.yml": true, ".github/workflows/comment.yml": true},
		PullRequestReachable(parsed), "a reusable workflow a pull-request workflow calls runs for the pull request too")
}

// TestEachRuleFailsOnItsViolation: every rule fails on a workflow that
// breaks it (and only the rules the change breaks fail).
func TestEachRuleFailsOnItsViolation(t *testing.T) {
	const preview, comment, deploy = ".github/workflows/preview.yml", ".github/workflows/comment.yml", ".github/workflows/deploy.yml"
	guard := "if: ${{ github.event.pull_request.head.repo.full_name == github.repository }}\n    runs-on: ubuntu-latest\n    steps:"
	cases := []struct {
		name               string
		file, old, changed string
		scripts            map[string]string
		want               []string
	}{
		{name: "pull_request_target trigger", file: preview,
			old: "  pull_request:\n", changed: "  pull_request_target:\n",
			want: []string{RuleNoPullRequestTarget}},
		{name: "pull_request_target in an event list", file: deploy,
			old: "on:\n  push:\n    branches: [main]\n", changed: "on: [push, pull_request_target]\n",
			want: []string{RuleNoPullRequestTarget, RulePRCheckoutCredential, RulePREnvironment, RulePRForkGuard, RulePRIdentity, RulePRProdStack, RulePRWriteCommand}},
		{name: "workflow-level permission beyond contents: read", file: deploy,
			old: "permissions:\n  contents: read\njobs:", changed: "permissions:\n  contents: read\n  issues: write\njobs:",
			want: []string{RuleWorkflowPermissions}},
		{name: "no workflow-level permissions (the repository default may be write-all)", file: preview,
			old: "permissions:\n  contents: read\njobs:", changed: "jobs:",
			want: []string{RulePRGitHubWrite, RuleWorkflowPermissions}},
		{name: "id-token on a job that does not log in", file: preview,
			old: "  test:\n    " + guard, changed: "  test:\n    permissions:\n      contents: read\n      id-token: write\n    " + guard,
			want: []string{RuleIDToken}},
		{name: "OIDC login without id-token", file: deploy,
			old: "      contents: read\n      id-token: write\n", changed: "      contents: read\n",
			want: []string{RuleIDToken}},
		{name: "deploy identity at workflow level", file: deploy,
			old: "jobs:\n", changed: "env:\n  ARM_CLIENT_ID: ${{ vars.AZURE_CLIENT_ID }}\njobs:\n",
			want: []string{RuleDeployIdentityInEnv}},
		{name: "deploy identity in a job without environment", file: deploy,
			old: "    environment: prod\n", changed: "",
			want: []string{RuleDeployIdentityInEnv}},
		{name: "passphrase in the prod environment", file: deploy,
			old:     "      ARM_CLIENT_ID: ${{ vars.AZURE_CLIENT_ID }}\n",
			changed: "      ARM_CLIENT_ID: ${{ vars.AZURE_CLIENT_ID }}\n      PULUMI_CONFIG_PASSPHRASE: ${{ secrets.PULUMI_CONFIG_PASSPHRASE }}\n",
			want:    []string{RuleProdNoPassphrase}},
		{name: "passphrase in an environment that may be prod", file: deploy,
			old:     "    environment: prod\n    permissions:\n      contents: read\n      id-token: write\n    env:\n",
			changed: "    environment: ${{ inputs.stack }}\n    permissions:\n      contents: read\n      id-token: write\n    env:\n      PULUMI_CONFIG_PASSPHRASE: ${{ secrets.PULUMI_CONFIG_PASSPHRASE }}\n",
			want:    []string{RuleProdNoPassphrase}},
		{name: "action on a tag", file: deploy,
			old: "actions/checkout@11d5960a326750d5838078e36cf38b85af677262 # v4.4.0", changed: "actions/checkout@v4",
			want: []string{RulePinnedAction}},
		{name: "action on a short SHA", file: deploy,
			old: "actions/checkout@11d5960a326750d5838078e36cf38b85af677262 # v4.4.0", changed: "actions/checkout@11d5960 # v4.4.0",
			want: []string{RulePinnedAction}},
		{name: "pinned action without its version comment", file: deploy,
			old: "actions/checkout@11d5960a326750d5838078e36cf38b85af677262 # v4.4.0", changed: "actions/checkout@11d5960a326750d5838078e36cf38b85af677262",
			want: []string{RulePinnedAction}},
		{name: "remote reusable workflow on a branch", file: preview,
			old: "uses: ./.github/workflows/comment.yml", changed: "uses: someone/workflows/.github/workflows/comment.yml@main",
			want: []string{RulePinnedAction}},
		{name: "pull-request job without the fork guard", file: preview,
			old: "  test:\n    if: ${{ github.event.pull_request.head.repo.full_name == github.repository }}\n", changed: "  test:\n",
			want: []string{RulePRForkGuard}},
		{name: "fork guard OR-ed away", file: preview,
			old:     "  test:\n    if: ${{ github.event.pull_request.head.repo.full_name == github.repository }}\n",
			changed: "  test:\n    if: ${{ github.event.pull_request.head.repo.full_name == github.repository || true }}\n",
			want:    []string{RulePRForkGuard}},
		{name: "called workflow without the fork guard", file: comment,
			old: "    if: ${{ github.event.pull_request.head.repo.full_name == github.repository }}\n", changed: "",
			want: []string{RulePRForkGuard}},
		{name: "pull-request job enters the dev environment", file: preview,
			old: "  test:\n    " + guard, changed: "  test:\n    environment: dev\n    " + guard,
			want: []string{RulePREnvironment}},
		{name: "pull-request job holds the deploy identity", file: preview,
			old: "          client-id: ${{ vars.AZURE_PREVIEW_CLIENT_ID }}", changed: "          client-id: ${{ vars.AZURE_CLIENT_ID }}",
			want: []string{RulePRIdentity}},
		{name: "prod read-and-decrypt identity outside preview-prod", file: preview,
			old: "      ARM_CLIENT_ID: ${{ vars.AZURE_PREVIEW_CLIENT_ID }}", changed: "      ARM_CLIENT_ID: ${{ vars.AZURE_PROD_PREVIEW_CLIENT_ID }}",
			want: []string{RulePRIdentity}},
		{name: "pull-request job reads another secret", file: preview,
			old:     "    steps:\n      - name: Login\n        uses: azure/login@7184910d9eb2b1c5e48f7073824a90609bb9b6d6 # v2.3.1\n        with:\n          client-id: ${{ vars.AZURE_PROD_PREVIEW_CLIENT_ID }}",
			changed: "    env:\n      ACR_PASSWORD: ${{ secrets.ACR_PASSWORD }}\n    steps:\n      - name: Login\n        uses: azure/login@7184910d9eb2b1c5e48f7073824a90609bb9b6d6 # v2.3.1\n        with:\n          client-id: ${{ vars.AZURE_PROD_PREVIEW_CLIENT_ID }}",
			want:    []string{RulePRSecrets}},
		{name: "pull-request job reads the whole secrets context", file: comment,
			old: "${{ secrets.GITHUB_TOKEN }}", changed: "${{ toJSON(secrets) }}",
			want: []string{RulePRSecrets}},
		{name: "passphrase outside preview-dev", file: preview,
			old: "      - name: Tests\n        run: go test ./...", changed: "      - name: Tests\n        env:\n          P: ${{ secrets.PULUMI_CONFIG_PASSPHRASE }}\n        run: go test ./...",
			want: []string{RulePRSecrets}},
		{name: "passphrase in preview-prod", file: preview,
			old: "        run: pulumi preview --stack prod --diff", changed: "        env:\n          PULUMI_CONFIG_PASSPHRASE: ${{ secrets.PULUMI_CONFIG_PASSPHRASE }}\n        run: pulumi preview --stack prod --diff",
			want: []string{RulePRSecrets, RuleProdNoPassphrase}},
		{name: "secrets: inherit to the called workflow", file: preview,
			old: "    uses: ./.github/workflows/comment.yml\n", changed: "    uses: ./.github/workflows/comment.yml\n    secrets: inherit\n",
			want: []string{RulePRSecrets}},
		{name: "prod stack outside preview-prod", file: preview,
			old: "bash .github/scripts/preview.sh --stack dev", changed: "pulumi preview --stack=myorg/privatepull/prod",
			want: []string{RulePRProdStack}},
		{name: "prod leg in a matrix", file: preview,
			old: "  test:\n    " + guard, changed: "  test:\n    strategy:\n      matrix:\n        stack: [dev, prod]\n    " + guard,
			want: []string{RulePRProdStack}},
		{name: "prod stack through pulumi/actions", file: preview,
			old:     "      - name: Tests\n        run: go test ./...",
			changed: "      - name: Preview\n        uses: pulumi/actions@8582a9e8cc630786854029b4e09281acd6794b58 # v6.6.1\n        with:\n          command: preview\n          stack-name: prod",
			want:    []string{RulePRProdStack}},
		{name: "pulumi up in a pull-request job", file: preview,
			old: "bash .github/scripts/preview.sh --stack dev", changed: "pulumi up --yes --stack dev",
			want: []string{RulePRWriteCommand}},
		{name: "role assignment in a pull-request job", file: preview,
			old: "run: go test ./...", changed: "run: az role assignment create --role Owner --assignee me",
			want: []string{RulePRWriteCommand}},
		{name: "image pushed by buildx from a pull-request job", file: preview,
			old: "run: go test ./...", changed: "run: docker buildx build --provenance=false --tag acr.azurecr.io/app:1 --push app",
			want: []string{RulePRWriteCommand}},
		{name: "probe started from a pull-request job", file: preview,
			old: "run: go test ./...", changed: "run: go run ./cmd/verify --stack dev --probe",
			want: []string{RulePRWriteCommand}},
		{name: "refresh without --preview-only", file: preview,
			old: "run: go test ./...", changed: "run: pulumi refresh --yes --stack dev",
			want: []string{RulePRWriteCommand}},
		{name: "pulumi/actions up", file: preview,
			old:     "      - name: Tests\n        run: go test ./...",
			changed: "      - name: Up\n        uses: pulumi/actions@8582a9e8cc630786854029b4e09281acd6794b58 # v6.6.1\n        with:\n          command: up\n          stack-name: dev",
			want:    []string{RulePRWriteCommand}},
		{name: "write command inside a called script", file: preview, old: "", changed: "",
			scripts: map[string]string{".github/scripts/preview.sh": "pulumi destroy --yes --stack \"$2\"\n"},
			want:    []string{RulePRWriteCommand}},
		{name: "script the check cannot read", file: preview,
			old: "bash .github/scripts/preview.sh --stack dev", changed: "bash .github/scripts/unknown.sh --stack dev",
			want: []string{RulePRWriteCommand}},
		{name: "contents: write in a pull-request job", file: comment,
			old: "      pull-requests: write\n", changed: "      pull-requests: write\n      contents: write\n",
			want: []string{RulePRGitHubWrite}},
		{name: "the commenting job runs the pull request's code", file: preview,
			old: "  test:\n    " + guard, changed: "  test:\n    permissions:\n      pull-requests: write\n    " + guard,
			want: []string{RulePRGitHubWrite}},
		{name: "checkout leaves the token in .git/config", file: preview,
			old: "        with:\n          persist-credentials: false\n", changed: "",
			want: []string{RulePRCheckoutCredential}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			workflows, scripts := files()
			if tc.old != "" {
				mutate(t, workflows, tc.file, tc.old, tc.changed)
			}
			for path, text := range tc.scripts {
				scripts[path] = text
			}
			ids, messages := ruleIDs(t, workflows, scripts)
			assert.Equal(t, tc.want, ids, strings.Join(messages, "\n"))
		})
	}
}

// TestPreviewOnlyCommandsPass: the read-only forms of pulumi's commands are
// allowed in pull-request jobs.
func TestPreviewOnlyCommandsPass(t *testing.T) {
	for _, command := range []string{
		"pulumi refresh --preview-only --stack dev",
		"pulumi destroy --preview-only --stack dev",
		"pulumi preview --stack dev --expect-no-changes",
		"pulumi stack output --json --stack dev",
		"az account show",
		"go run ./cmd/verify --stack dev",
	} {
		workflows, scripts := files()
		mutate(t, workflows, ".github/workflows/preview.yml", "bash .github/scripts/preview.sh --stack dev", command)
		ids, messages := ruleIDs(t, workflows, scripts)
		assert.Empty(t, ids, "%s: %v", command, messages)
	}
}

// TestParseReadsEveryTriggerForm: `on:` as a name, a list and a mapping.
func TestParseReadsEveryTriggerForm(t *testing.T) {
	for text, want := range map[string][]string{
		"on: pull_request_target\njobs: {}\n":               {"pull_request_target"},
		"on: [push, pull_request]\njobs: {}\n":              {"push", "pull_request"},
		"on:\n  push:\n  workflow_dispatch: {}\njobs: {}\n": {"push", "workflow_dispatch"},
	} {
		wf, err := Parse("w.yml", []byte(text))
		require.NoError(t, err)
		assert.Equal(t, want, wf.Triggers, text)
	}
	_, err := Parse("w.yml", []byte("- a list\n"))
	assert.ErrorContains(t, err, "workflow w.yml: not a YAML mapping")
	_, err = Parse("w.yml", []byte("jobs:\n  a:\n    env: {}\n    env: {}\n"))
	assert.ErrorContains(t, err, `mapping key "env" already defined`, "a key given twice would hide the first from the rules")
}

// TestPassphraseKeptFromProdPasses: a job whose environment is an expression
// may pass the passphrase through an expression that excludes prod.
func TestPassphraseKeptFromProdPasses(t *testing.T) {
	workflows, scripts := files()
	mutate(t, workflows, ".github/workflows/deploy.yml", "    environment: prod\n    permissions:\n      contents: read\n      id-token: write\n    env:\n",
		"    environment: ${{ inputs.stack || 'dev' }}\n    permissions:\n      contents: read\n      id-token: write\n    env:\n"+
			"      PULUMI_CONFIG_PASSPHRASE: ${{ (inputs.stack || 'dev') != 'prod' && secrets.PULUMI_CONFIG_PASSPHRASE || '' }}\n")
	ids, messages := ruleIDs(t, workflows, scripts)
	assert.Empty(t, ids, messages)
}
