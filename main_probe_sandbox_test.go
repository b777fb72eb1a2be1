package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/privatepull/privatepull/components"
)

// probeFakes are the image's commands the sandbox replaces with the fakes in
// testdata/probe: they would otherwise ask the host's DNS and network.
var probeFakes = []string{"getent", "curl"}

// probeSandbox runs the probe script the way the image does: /bin/bash with
// an empty environment (env -i) and a PATH holding only the image's
// commands (components.ProbeImageCommands), symlinked to the host's copies.
type probeSandbox struct {
	t      *testing.T
	dir    string
	bin    string
	script string
}

// probeResult is what one run of the script printed and returned.
type probeResult struct {
	stdout, stderr string
	exit           int
}

// lines returns the non-empty lines the script printed.
func (r probeResult) lines() []string {
	return strings.FieldsFunc(r.stdout, func(c rune) bool { return c == '\n' })
}

// newProbeSandbox writes the script to a temp dir and fills the sandbox's
// bin dir. realCurl keeps the host's curl instead of the fake one. A command
// of the list the host lacks is left out only when the script does not run it.
func newProbeSandbox(t *testing.T, script string, realCurl bool) *probeSandbox {
	t.Helper()
	s := &probeSandbox{t: t, dir: t.TempDir()}
	s.bin = filepath.Join(s.dir, "bin")
	s.script = filepath.Join(s.dir, "probe.sh")
	require.NoError(t, os.Mkdir(s.bin, 0o755))
	require.NoError(t, os.WriteFile(s.script, []byte(script), 0o644))
	used := probeScriptCommands(t, script)
	for _, name := range components.ProbeImageCommands {
		if slices.Contains(probeFakes, name) && !(realCurl && name == "curl") {
			fake, err := os.ReadFile(filepath.Join("testdata", "probe", name))
			require.NoError(t, err)
			require.NoError(t, os.WriteFile(filepath.Join(s.bin, name), fake, 0o755))
			continue
		}
		path, err := exec.LookPath(name)
		if err != nil {
			require.Falsef(t, used[name], "the probe script runs %s, which this host lacks: the sandbox cannot run it", name)
			continue
		}
		require.NoError(t, os.Symlink(path, filepath.Join(s.bin, name)))
	}
	return s
}

// run executes the script with exactly env (plus PATH) in its environment.
func (s *probeSandbox) run(env map[string]string) probeResult {
	s.t.Helper()
	args := []string{"-i", "PATH=" + s.bin}
	for k, v := range env {
		args = append(args, k+"="+v)
	}
	args = append(args, "/bin/bash", s.script)
	var stdout, stderr bytes.Buffer
	cmd := exec.Command("env", args...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	res := probeResult{stdout: stdout.String(), stderr: stderr.String()}
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		res.exit = exit.ExitCode()
	} else {
		require.NoError(s.t, err)
	}
	require.NotContainsf(s.t, res.stderr, "command not found",
		"the probe script ran a command its image does not have (PATH holds only components.ProbeImageCommands)")
	return res
}

// probeScriptCommands returns the command names the script runs (first words
// of its simple commands, quoted text and comments left out) and fails the
// test when one is neither a bash builtin or keyword, nor a function of the
// script, nor in components.ProbeImageCommands.
func probeScriptCommands(t *testing.T, script string) map[string]bool {
	t.Helper()
	out, err := exec.Command("/bin/bash", "-c", "compgen -b; compgen -k").Output()
	require.NoError(t, err, "list bash's builtins and keywords")
	shell := map[string]bool{}
	for _, name := range strings.Fields(string(out)) {
		shell[name] = true
	}
	functions := map[string]bool{}
	for _, m := range regexp.MustCompile(`(?m)^\s*([A-Za-z_][A-Za-z0-9_]*)\s*\(\)`).FindAllStringSubmatch(script, -1) {
		functions[m[1]] = true
	}
	text := regexp.MustCompile(`(?m)^\s*#.*$`).ReplaceAllString(script, "")
	text = regexp.MustCompile(`'[^']*'|"(?:[^"\\]|\\.)*"`).ReplaceAllString(text, "''")
	commandName := regexp.MustCompile(`^(?:\[|[A-Za-z_][A-Za-z0-9_.-]*)$`)
	// Keywords after which a command follows in the same simple command.
	leading := map[string]bool{"if": true, "elif": true, "then": true, "else": true, "while": true, "until": true,
		"do": true, "!": true, "{": true, "time": true}
	used := map[string]bool{}
	for _, segment := range regexp.MustCompile(`\$\(|&&|\|\||[;|&()\n{}]`).Split(text, -1) {
		words := strings.Fields(segment)
		for len(words) > 0 && (leading[words[0]] || strings.Contains(words[0], "=") || strings.ContainsAny(words[0][:1], "<>0123456789")) {
			words = words[1:]
		}
		if len(words) == 0 || !commandName.MatchString(words[0]) || shell[words[0]] || functions[words[0]] {
			continue
		}
		used[words[0]] = true
		require.Truef(t, slices.Contains(components.ProbeImageCommands, words[0]),
			"the probe script runs %q, which the probe image does not have (components.ProbeImageCommands)", words[0])
	}
	return used
}
