package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// stepRun is what a workflow step's script did.
type stepRun struct {
	exitCode int
	stdout   string
	outputs  string
	summary  string
}

// runStep runs a bash script file as GitHub runs a bash step
// (bash --noprofile --norc -eo pipefail), in dir, with env (PATH first
// unless env sets it) and fresh GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files,
// and returns its exit code, combined output, step outputs and summary.
func runStep(t *testing.T, dir string, env []string, file string, args ...string) stepRun {
	t.Helper()
	files := t.TempDir()
	outputs, summary := filepath.Join(files, "outputs"), filepath.Join(files, "summary")
	cmd := exec.Command("bash", append([]string{"--noprofile", "--norc", "-eo", "pipefail", file}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(append([]string{"PATH=" + os.Getenv("PATH")}, env...),
		"GITHUB_OUTPUT="+outputs, "GITHUB_STEP_SUMMARY="+summary)
	var stdout bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stdout
	got := stepRun{}
	if err := cmd.Run(); err != nil {
		var exit *exec.ExitError
		require.True(t, errors.As(err, &exit), "running %s: %v", file, err)
		got.exitCode = exit.ExitCode()
	}
	got.stdout = stdout.String()
	o, _ := os.ReadFile(outputs)
	s, _ := os.ReadFile(summary)
	got.outputs, got.summary = string(o), string(s)
	return got
}
