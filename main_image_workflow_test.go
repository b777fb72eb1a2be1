package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"

	"github.com/privatepull/privatepull/tests/harness"
)

// imageWorkflow is the workflow that builds app/ and deploys it.
const imageWorkflow = ".github/workflows/image.yml"

// workflowFile is the part of a GitHub Actions workflow the tests read.
type workflowFile struct {
	Env  map[string]string `yaml:"env"`
	Jobs map[string]struct {
		Needs  any               `yaml:"needs"`
		If     string            `yaml:"if"`
		RunsOn any               `yaml:"runs-on"`
		Env    map[string]string `yaml:"env"`
		Steps  []struct {
			ID  string            `yaml:"id"`
			Env map[string]string `yaml:"env"`
			Run string            `yaml:"run"`
		} `yaml:"steps"`
	} `yaml:"jobs"`
}

// readImageWorkflow parses image.yml.
func readImageWorkflow(t *testing.T) workflowFile {
	t.Helper()
	raw, err := os.ReadFile(imageWorkflow)
	require.NoError(t, err)
	var wf workflowFile
	require.NoError(t, yaml.Unmarshal(raw, &wf))
	return wf
}

// stepScript returns the run script of the step with id in job.
func (wf workflowFile) stepScript(t *testing.T, job, id string) string {
	t.Helper()
	for _, step := range wf.Jobs[job].Steps {
		if step.ID == id {
			return step.Run
		}
	}
	require.Failf(t, "no such step", "%s has no step %q in job %q", imageWorkflow, id, job)
	return ""
}

// choosePath runs the plan job's path step with the workflow's inputs and
// the stack's agent pool output in its environment.
func choosePath(t *testing.T, script, buildPath, pool, runnerLabel string) stepRun {
	t.Helper()
	file := filepath.Join(t.TempDir(), "step.sh")
	require.NoError(t, os.WriteFile(file, []byte(script), 0o600))
	return runStep(t, "", []string{"STACK=dev", "REPOSITORY=myapp", "IMAGE_TAG=0123abc",
		"BUILD_PATH=" + buildPath, "POOL=" + pool, "RUNNER_LABEL=" + runnerLabel}, file)
}

// TestImageWorkflowChoosesThePathPerStack: on a push (path auto) the workflow
// builds on the stack's agent pool when it has one, else on a self-hosted
// runner only when PRIVATEPULL_RUNNER_LABEL declares one, else skips the build
// with a notice and a summary saying what to configure instead of failing, as
// it must for the shipped dev stack (koreacentral: no agent pool).
func TestImageWorkflowChoosesThePathPerStack(t *testing.T) {
	wf := readImageWorkflow(t)
	assert.Equal(t, "${{ inputs.path || 'auto' }}", wf.Env["BUILD_PATH"], "a push chooses the path from the stack")
	script := wf.stepScript(t, "plan", "path")

	got := choosePath(t, script, "auto", "vnetpool", "")
	assert.Equal(t, 0, got.exitCode, got.stdout)
	assert.Equal(t, "path=agent-pool\nrunner-label=privatepull-vnet\n", got.outputs)

	got = choosePath(t, script, "auto", "vnetpool", "build-vnet")
	assert.Equal(t, "path=agent-pool\nrunner-label=build-vnet\n", got.outputs, "the stack's agent pool comes first")

	got = choosePath(t, script, "auto", "", "build-vnet")
	assert.Equal(t, 0, got.exitCode, got.stdout)
	assert.Equal(t, "path=self-hosted\nrunner-label=build-vnet\n", got.outputs)

	got = choosePath(t, script, "auto", "", "")
	assert.Equal(t, 0, got.exitCode, "no in-network path skips the build, it does not fail: %s", got.stdout)
	assert.Equal(t, "path=none\nrunner-label=privatepull-vnet\n", got.outputs)
	assert.Contains(t, got.stdout, "::notice title=Image build skipped::stack dev has no in-network build path: "+
		"no ACR Tasks agent pool (agentPoolName output is empty) and no self-hosted runner declared "+
		"(variable PRIVATEPULL_RUNNER_LABEL is not set)")
	assert.Contains(t, got.summary, "### dev: image build skipped, no in-network build path")
	assert.Contains(t, got.summary, "set `privatepull:agentPool`")
	assert.Contains(t, got.summary, "variable `PRIVATEPULL_RUNNER_LABEL`")
	assert.Contains(t, got.summary, "`myapp:0123abc` was not\nbuilt")

	got = choosePath(t, script, "agent-pool", "", "")
	assert.Equal(t, 1, got.exitCode, "an agent pool asked for by name must exist")
	assert.Contains(t, got.stdout, "::error title=No agent pool::stack dev has no ACR Tasks agent pool")

	got = choosePath(t, script, "self-hosted", "vnetpool", "")
	assert.Equal(t, "path=self-hosted\nrunner-label=privatepull-vnet\n", got.outputs, "an explicit path wins")

	config, _, err := harness.StackConfig(".", "dev")
	require.NoError(t, err)
	assert.Equal(t, "{}", config["privatepull:agentPool"], "the dev stack has no agent pool: a push takes the runner or skip path")
}

// TestImageWorkflowJobsFollowThePlan: each build job runs only on the path
// the plan job chose (the self-hosted one on the declared runner label), and
// deploy only after a build succeeded, so a skipped build deploys nothing.
func TestImageWorkflowJobsFollowThePlan(t *testing.T) {
	wf := readImageWorkflow(t)
	plan := wf.Jobs["plan"]
	assert.Equal(t, "${{ vars.PRIVATEPULL_RUNNER_LABEL }}", plan.Env["RUNNER_LABEL"])
	assert.Equal(t, "check", plan.Needs)

	assert.Equal(t, "plan", wf.Jobs["build-agent-pool"].Needs)
	assert.Equal(t, "${{ needs.plan.outputs.path == 'agent-pool' }}", wf.Jobs["build-agent-pool"].If)
	assert.Equal(t, "plan", wf.Jobs["build-self-hosted"].Needs)
	assert.Equal(t, "${{ needs.plan.outputs.path == 'self-hosted' }}", wf.Jobs["build-self-hosted"].If)
	assert.Equal(t, []any{"self-hosted", "linux", "${{ needs.plan.outputs.runner-label }}"}, wf.Jobs["build-self-hosted"].RunsOn)

	deploy := wf.Jobs["deploy"]
	assert.Equal(t, []any{"build-agent-pool", "build-self-hosted"}, deploy.Needs)
	assert.Equal(t, "${{ !cancelled() && (needs.build-agent-pool.result == 'success' || "+
		"needs.build-self-hosted.result == 'success') }}", deploy.If)
}

// fakeDocker writes a docker stand-in into a new directory: it appends its
// arguments to calls and answers `buildx imagetools inspect --raw` with
// manifest.
func fakeDocker(t *testing.T, manifest string) (dir, calls string) {
	t.Helper()
	dir = t.TempDir()
	calls = filepath.Join(dir, "calls")
	script := "#!/bin/bash\necho \"$*\" >> " + calls + "\n" +
		"if [[ \"$1 $2 $3\" == \"buildx imagetools inspect\" ]]; then cat <<'JSON'\n" + manifest + "\nJSON\nfi\n"
	require.NoError(t, os.WriteFile(filepath.Join(dir, "docker"), []byte(script), 0o700))
	return dir, calls
}

// TestImageWorkflowPushesSingleManifestImages: the self-hosted path builds
// with buildx for one platform without provenance or SBOM attestations
// (Azure/Azure-Functions#2567: App Service and Functions VNet pulls fail on
// the image index attestations make), pushes, and fails when the registry
// holds an index under the tag after all.
func TestImageWorkflowPushesSingleManifestImages(t *testing.T) {
	wf := readImageWorkflow(t)
	script := wf.stepScript(t, "build-self-hosted", "build")
	file := filepath.Join(t.TempDir(), "build.sh")
	require.NoError(t, os.WriteFile(file, []byte(script), 0o600))
	env := func(dir string) []string {
		return []string{"PATH=" + dir + ":" + os.Getenv("PATH"), "LOGIN_SERVER=acrdev-abc123.azurecr.io",
			"REPOSITORY=myapp", "IMAGE_TAG=0123abc"}
	}

	dir, calls := fakeDocker(t, `{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json"}`)
	got := runStep(t, "", env(dir), file)
	require.Equal(t, 0, got.exitCode, got.stdout)
	assert.Equal(t, "image=acrdev-abc123.azurecr.io/myapp:0123abc\n", got.outputs)
	raw, err := os.ReadFile(calls)
	require.NoError(t, err)
	assert.Equal(t, "buildx build --pull --platform linux/amd64 --provenance=false --sbom=false "+
		"--tag acrdev-abc123.azurecr.io/myapp:0123abc --file app/Dockerfile --push app\n"+
		"buildx imagetools inspect --raw acrdev-abc123.azurecr.io/myapp:0123abc\n", string(raw),
		"one buildx build that pushes, then the check; no separate docker push")

	dir, _ = fakeDocker(t, `{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[]}`)
	got = runStep(t, "", env(dir), file)
	assert.Equal(t, 1, got.exitCode, "an image index under the tag fails the build")
	assert.Contains(t, got.stdout, "::error title=Not a single-manifest image::acrdev-abc123.azurecr.io/myapp:0123abc")
	assert.Empty(t, got.outputs, "no image for the deploy job")
}
