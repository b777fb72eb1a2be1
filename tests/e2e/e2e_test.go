//go:build e2e

package e2e

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"io/fs"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
	"gopkg.in/yaml.v3"

	"github.com/privatepull/privatepull/internal/verify"
)

// destroyTimeout is kept back from the test deadline for the clean-up: the
// retried destroy, the retried resource group deletion and the report
// (cleanup_test.go).
const destroyTimeout = 45 * time.Minute

func TestDevStackEndToEnd(t *testing.T) {
	requireOptIn(t)
	ctx, cancel := testContext(t)
	defer cancel()

	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	suffix := randomSuffix(t, 8)
	work := copyProject(t, root)
	full := uniqueDevConfig(t, filepath.Join(root, "Pulumi.dev.yaml"), suffix)
	// The stack's resource group: rg-<baseName> (privatepull:resourceGroupName's default).
	group := "/subscriptions/" + firstEnv("ARM_SUBSCRIPTION_ID", "AZURE_SUBSCRIPTION_ID") +
		"/resourceGroups/rg-" + full.Config["privatepull:baseName"].(string)

	stack, err := auto.UpsertStackLocalSource(ctx, "dev", work, auto.EnvVars(map[string]string{
		"PULUMI_BACKEND_URL":       "file://" + t.TempDir(),
		"PULUMI_CONFIG_PASSPHRASE": randomSuffix(t, 24),
		"PULUMI_SKIP_UPDATE_CHECK": "true",
	}))
	if err != nil {
		t.Fatalf("creating the dev stack in a local backend: %v", err)
	}
	t.Cleanup(func() { cleanUp(t, stack, group) })
	log := &testWriter{t: t}

	// One `pulumi up`, as a new user runs it: the dev stack's images come
	// from its own artifact-cache rules, so nothing is pushed first.
	writeStackConfig(t, work, full)
	if _, err := stack.Up(ctx, optup.ProgressStreams(log)); err != nil {
		t.Fatalf("pulumi up (dev): %v", err)
	}
	outputs := stackOutputs(ctx, t, stack)
	cred := credential(t)

	clients, err := verify.NewClients(cred, verify.Options{Cloud: cloudConfig(t, outputs.Cloud)})
	if err != nil {
		t.Fatal(err)
	}
	report := verify.Run(ctx, clients, outputs, verify.RunOptions{
		Probe:        outputs.ProbeJobID != "",
		ProbeOptions: verify.ProbeOptions{Timeout: 10 * time.Minute, Progress: log},
	})
	var table strings.Builder
	if err := report.WriteTable(&table); err != nil {
		t.Fatal(err)
	}
	t.Logf("verify:\n%s", table.String())
	if report.Failed() {
		t.Errorf("verify reported failures (see the table above)")
	}
	if outputs.ProbeJobID == "" {
		t.Errorf("the dev stack declares no probe job (output probeJobId is empty)")
	}

	// A second plan must be empty.
	if _, err := stack.Preview(ctx, optpreview.ExpectNoChanges(), optpreview.Diff(), optpreview.ProgressStreams(log)); err != nil {
		t.Errorf("second preview is not empty: %v", err)
	}
}

// requireOptIn skips the test unless Azure credentials and the opt-in
// variable are set.
func requireOptIn(t *testing.T) {
	t.Helper()
	if os.Getenv("PRIVATEPULL_E2E") != "1" {
		t.Skip("real-Azure end-to-end test: set PRIVATEPULL_E2E=1 (and Azure credentials) to run it; it deploys and destroys billable resources")
	}
	for _, prefix := range []string{"ARM_", "AZURE_"} {
		if os.Getenv(prefix+"CLIENT_ID") != "" && os.Getenv(prefix+"TENANT_ID") != "" && os.Getenv(prefix+"SUBSCRIPTION_ID") != "" {
			return
		}
	}
	t.Skip("real-Azure end-to-end test: set ARM_CLIENT_ID/ARM_TENANT_ID/ARM_SUBSCRIPTION_ID (or the AZURE_ equivalents) to run it")
}

// testContext returns a context that ends before the test deadline, leaving
// time for the cleanup to destroy the stack.
func testContext(t *testing.T) (context.Context, context.CancelFunc) {
	if deadline, ok := t.Deadline(); ok {
		return context.WithDeadline(context.Background(), deadline.Add(-destroyTimeout))
	}
	return context.WithTimeout(context.Background(), 90*time.Minute)
}

// randomSuffix returns n random lowercase letters and digits.
func randomSuffix(t *testing.T, n int) string {
	t.Helper()
	const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, n)
	for i := range b {
		k, err := rand.Int(rand.Reader, big.NewInt(int64(len(alphabet))))
		if err != nil {
			t.Fatal(err)
		}
		b[i] = alphabet[k.Int64()]
	}
	return string(b)
}

// copyProject copies the Pulumi program (module files, sources, stack files)
// into a temporary directory, so that the test never edits the repository's
// stack files.
func copyProject(t *testing.T, root string) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch rel {
			case ".git", ".github", ".ci", "tests":
				return filepath.SkipDir
			}
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		if !d.Type().IsRegular() || strings.HasSuffix(rel, "_test.go") {
			return nil
		}
		if !strings.Contains(rel, string(filepath.Separator)) && !keepRootFile(rel) {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatalf("copying the project: %v", err)
	}
	return dst
}

// keepRootFile reports whether a file at the repository root belongs to the
// Pulumi program.
func keepRootFile(name string) bool {
	return name == "go.mod" || name == "go.sum" || strings.HasSuffix(name, ".go") ||
		strings.HasPrefix(name, "Pulumi.") && strings.HasSuffix(name, ".yaml")
}

// stackFile is a Pulumi.<stack>.yaml document.
type stackFile struct {
	Config map[string]any `yaml:"config"`
}

// uniqueDevConfig reads Pulumi.dev.yaml and makes every globally unique name
// unique to this run (the registry explicitly, the derived site names through
// the base name).
func uniqueDevConfig(t *testing.T, path, suffix string) stackFile {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var f stackFile
	if err := yaml.Unmarshal(data, &f); err != nil {
		t.Fatalf("parsing %s: %v", path, err)
	}
	f.Config["privatepull:registryName"] = "ppe2e" + suffix
	f.Config["privatepull:baseName"] = "ppe2e-" + suffix
	return f
}

// writeStackConfig writes Pulumi.dev.yaml in the work directory, keeping the
// encryption salt Pulumi added when it created the stack.
func writeStackConfig(t *testing.T, work string, f stackFile) {
	t.Helper()
	path := filepath.Join(work, "Pulumi.dev.yaml")
	doc := map[string]any{"config": f.Config}
	if data, err := os.ReadFile(path); err == nil {
		var old map[string]any
		if yaml.Unmarshal(data, &old) == nil {
			if salt, ok := old["encryptionsalt"]; ok {
				doc["encryptionsalt"] = salt
			}
		}
	}
	data, err := yaml.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// stackOutputs reads the outputs as `pulumi stack output --json` prints them
// and parses them as verify does.
func stackOutputs(ctx context.Context, t *testing.T, stack auto.Stack) *verify.Outputs {
	t.Helper()
	out, err := stack.Outputs(ctx)
	if err != nil {
		t.Fatalf("reading the stack outputs: %v", err)
	}
	plain := map[string]any{}
	for k, v := range out {
		plain[k] = v.Value
	}
	data, err := json.Marshal(plain)
	if err != nil {
		t.Fatal(err)
	}
	parsed, err := verify.ParseOutputs(strings.NewReader(string(data)))
	if err != nil {
		t.Fatalf("stack outputs: %v", err)
	}
	return parsed
}

// testWriter sends Pulumi's progress to the test log, one line at a time.
type testWriter struct {
	t       *testing.T
	pending string
}

// Write implements io.Writer.
func (w *testWriter) Write(p []byte) (int, error) {
	w.pending += string(p)
	for {
		line, rest, ok := strings.Cut(w.pending, "\n")
		if !ok {
			break
		}
		w.t.Log(strings.TrimRight(line, "\r"))
		w.pending = rest
	}
	return len(p), nil
}
