// Command verify proves, on the live Azure resources, that a deployed
// privatepull stack's private pull path holds: registry settings, private
// endpoints, DNS records and VNet links, the pull grants the registry's live
// mode honours, credential sets, the Container Apps environment and its logs,
// container apps and web apps, and (with --probe) resolution from inside the
// VNet, printing a failed probe's own log lines from Log Analytics.
//
//	pulumi stack output --json --stack dev | go run ./cmd/verify
//	go run ./cmd/verify --stack dev [--json] [--json-file report.json] [--probe] [--probe-timeout 10m] [--probe-log-wait 5m]
//
// It authenticates with internal/azcred: in GitHub Actions with OIDC, a client
// assertion credential that asks GitHub for a fresh ID token on every token
// request (the Azure CLI cannot renew its 10-minute token, Azure/azure-cli#28708);
// elsewhere azidentity's DefaultAzureCredential (environment, workload
// identity, managed identity, Azure CLI, ...). Exit status: 0 when no
// check failed (warnings allowed), 1 when a check failed, 2 when verify could
// not run (bad flags, unreadable outputs, no credential).
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"time"

	"github.com/privatepull/privatepull/internal/azcred"
	"github.com/privatepull/privatepull/internal/verify"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run parses the flags, reads the outputs, verifies and prints; it returns
// the exit status.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("verify", flag.ContinueOnError)
	fs.SetOutput(stderr)
	stack := fs.String("stack", "", "read the outputs of stack `NAME` with pulumi stack output --json (default: read them from stdin)")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	jsonFile := fs.String("json-file", "", "also write the JSON report to this file (for CI artefacts)")
	probe := fs.Bool("probe", false, "start the in-VNet probe job and report its result")
	probeTimeout := fs.Duration("probe-timeout", 10*time.Minute, "how long to wait for the probe job")
	probeLogWait := fs.Duration("probe-log-wait", 5*time.Minute,
		"how long to wait for a failed probe's log to reach the Log Analytics workspace")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "verify: unexpected arguments %v\n", fs.Args())
		return 2
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	outputs, err := readOutputs(ctx, *stack, stdin, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "verify: %v\n", err)
		return 2
	}
	cloudCfg, err := verify.CloudConfig(outputs.Cloud)
	if err != nil {
		fmt.Fprintf(stderr, "verify: %v\n", err)
		return 2
	}
	cred, err := azcred.New(azcred.Options{Cloud: cloudCfg})
	if err != nil {
		fmt.Fprintf(stderr, "verify: Azure credential: %v\n", err)
		return 2
	}
	fmt.Fprintf(stderr, "verify: authenticating with %s\n", cred.Description)
	clients, err := verify.NewClients(cred, verify.Options{Cloud: cloudCfg})
	if err != nil {
		fmt.Fprintf(stderr, "verify: %v\n", err)
		return 2
	}
	report := verify.Run(ctx, clients, outputs, verify.RunOptions{
		Probe:        *probe,
		ProbeOptions: verify.ProbeOptions{Timeout: *probeTimeout, LogWait: *probeLogWait, Progress: stderr},
	})
	if *asJSON {
		err = report.WriteJSON(stdout)
	} else {
		err = report.WriteTable(stdout)
	}
	if err == nil && *jsonFile != "" {
		err = writeJSONFile(*jsonFile, report)
	}
	if err != nil {
		fmt.Fprintf(stderr, "verify: %v\n", err)
		return 2
	}
	if report.Failed() {
		return 1
	}
	return 0
}

// writeJSONFile writes the JSON report to path.
func writeJSONFile(path string, report *verify.Report) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("creating %s: %w", path, err)
	}
	if err := report.WriteJSON(f); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("closing %s: %w", path, err)
	}
	return nil
}

// readOutputs reads the stack outputs from the Pulumi CLI (one shell-out)
// when a stack is named, else from stdin.
func readOutputs(ctx context.Context, stack string, stdin io.Reader, stderr io.Writer) (*verify.Outputs, error) {
	if stack == "" {
		if f, ok := stdin.(*os.File); ok {
			if info, err := f.Stat(); err == nil && info.Mode()&os.ModeCharDevice != 0 {
				return nil, errors.New("no stack outputs on stdin: pipe `pulumi stack output --json` or pass --stack NAME")
			}
		}
		return verify.ParseOutputs(stdin)
	}
	cmd := exec.CommandContext(ctx, "pulumi", "stack", "output", "--json", "--stack", stack)
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("pulumi stack output --json --stack %s: %w", stack, err)
	}
	return verify.ParseOutputs(&out)
}
