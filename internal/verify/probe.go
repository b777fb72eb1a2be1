package verify

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/appcontainers/armappcontainers/v3"
)

// CheckProbe is the name of the in-VNet probe check.
const CheckProbe = "probe.job"

// ProbeOptions configures the in-VNet probe run.
type ProbeOptions struct {
	// Timeout bounds the whole probe: start, run and result. Zero means 10 minutes.
	Timeout time.Duration
	// Interval is the time between two status reads. Zero means 10 seconds.
	Interval time.Duration
	// Progress receives a progress line while the probe runs; nil discards it.
	Progress io.Writer
	// LogWait bounds the wait for a failed probe's log in the Log Analytics
	// workspace (logs arrive minutes late). Zero means 5 minutes.
	LogWait time.Duration
	// LogInterval is the time between two log queries. Zero means 20 seconds.
	LogInterval time.Duration
}

// The built-in role that lets the identity running verify start the probe
// (Microsoft.App/jobs/start/action, which Reader lacks): "Read, start, and
// stop Container Apps jobs" (Microsoft Learn, Azure built-in roles for
// Containers). Assigned on the probe job alone, it reaches nothing else.
const (
	probeRoleName = "Container Apps Jobs Operator"
	probeRoleID   = "b9a307c4-5aa3-4b52-ba60-2b17c136cd7b"
)

// probeRoleFix is the fix of a probe start refused with 403.
func probeRoleFix(jobID string) string {
	return "starting the probe needs Microsoft.App/jobs/start/action, which Reader lacks: give the identity running verify the " +
		"built-in role " + probeRoleName + " (" + probeRoleID + ") on the probe job only: `az role assignment create " +
		"--assignee-object-id <object id of the identity running verify> --assignee-principal-type ServicePrincipal " +
		"--role \"" + probeRoleName + "\" --scope " + jobID + "` (--assignee-principal-type User for a person)"
}

// runProbe starts an execution of the stack's probe job (a manual-trigger
// Container Apps job inside the environment that resolves every registry
// FQDN and calls the registry over HTTPS), waits for it and reports its
// result. The job does the checking; verify only starts and reports it. When
// the execution fails, the failing row carries the probe's own PASS/FAIL
// lines read from the environment's Log Analytics workspace (logDestination
// says which table), or the command that reads them.
func runProbe(ctx context.Context, c *Clients, o *Outputs, opts ProbeOptions, logDestination string, r *Report) {
	expected := "an execution of the probe job Succeeded"
	if o.ProbeJobID == "" {
		r.warn(CheckProbe, o.ContainerAppsEnvironmentID, "the stack has no probe job (output probeJobId is empty)", expected,
			"enable the in-VNet probe job in the stack configuration and run `pulumi up`")
		return
	}
	if opts.Timeout <= 0 {
		opts.Timeout = 10 * time.Minute
	}
	if opts.Interval <= 0 {
		opts.Interval = 10 * time.Second
	}
	if opts.LogWait <= 0 {
		opts.LogWait = 5 * time.Minute
	}
	if opts.LogInterval <= 0 {
		opts.LogInterval = 20 * time.Second
	}
	progress := opts.Progress
	if progress == nil {
		progress = io.Discard
	}
	id, err := parseID(o.ProbeJobID)
	if err != nil {
		r.fail(CheckProbe, o.ProbeJobID, err.Error(), expected, fixRead)
		return
	}
	f, err := c.appContainers(id.SubscriptionID)
	if err != nil {
		r.fail(CheckProbe, o.ProbeJobID, err.Error(), expected, fixRead)
		return
	}
	started := time.Now()
	deadline := started.Add(opts.Timeout)
	// The start is bounded by the timeout; the status reads are not cancelled
	// mid-request: the loop stops at the deadline between two reads.
	startCtx, cancel := context.WithDeadline(ctx, deadline)
	defer cancel()

	startFailed := func(err error) {
		fix := fixProbe
		var re *azcore.ResponseError
		if errors.As(err, &re) && re.StatusCode == http.StatusForbidden {
			fix = probeRoleFix(o.ProbeJobID)
		}
		r.fail(CheckProbe, o.ProbeJobID, "start failed: "+describeError(err), expected, fix)
	}
	poller, err := f.NewJobsClient().BeginStart(startCtx, id.ResourceGroupName, id.Name, nil)
	if err != nil {
		startFailed(err)
		return
	}
	res, err := poller.PollUntilDone(startCtx, &runtime.PollUntilDoneOptions{Frequency: opts.Interval})
	if err != nil {
		startFailed(err)
		return
	}
	execName := derefString(res.Name)
	if execName == "" {
		execName, err = newestExecution(startCtx, f, id.ResourceGroupName, id.Name, started)
		if err != nil {
			r.fail(CheckProbe, o.ProbeJobID, "started, but the execution is unknown: "+describeError(err), expected, fixProbe)
			return
		}
	}
	execID := o.ProbeJobID + "/executions/" + execName
	failWithLog := func(found, fix string) {
		r.fail(CheckProbe, execID, found, expected, fix)
		r.attachLog(readProbeLog(ctx, c, o, logDestination, execName, started, opts, progress))
	}
	api := f.NewContainerAppsAPIClient()
	status := "Unknown"
	for {
		resp, err := api.JobExecution(ctx, id.ResourceGroupName, id.Name, execName, nil)
		switch {
		case err != nil && !isNotFound(err):
			fmt.Fprintln(progress)
			r.fail(CheckProbe, execID, "reading the execution: "+describeError(err), expected, fixRead)
			return
		case err == nil && resp.Properties != nil && resp.Properties.Status != nil:
			status = string(*resp.Properties.Status)
		}
		fmt.Fprintf(progress, "\rprobe %s: %s, %s elapsed   ", execName, status, time.Since(started).Round(time.Second))
		switch {
		case strings.EqualFold(status, string(armappcontainers.JobExecutionRunningStateSucceeded)):
			fmt.Fprintln(progress)
			r.pass(CheckProbe, execID, "execution "+execName+" Succeeded", expected)
			return
		case strings.EqualFold(status, string(armappcontainers.JobExecutionRunningStateFailed)),
			strings.EqualFold(status, string(armappcontainers.JobExecutionRunningStateStopped)),
			strings.EqualFold(status, string(armappcontainers.JobExecutionRunningStateDegraded)):
			fmt.Fprintln(progress)
			failWithLog("execution "+execName+" "+status, fixProbe)
			return
		}
		wait := min(opts.Interval, time.Until(deadline))
		if wait <= 0 {
			fmt.Fprintln(progress)
			failWithLog(fmt.Sprintf("execution %s still %s after %s (timeout)", execName, status, opts.Timeout),
				"raise --probe-timeout if the job is slow to start; otherwise "+fixProbe)
			return
		}
		select {
		case <-ctx.Done():
			fmt.Fprintln(progress)
			r.fail(CheckProbe, execID, fmt.Sprintf("execution %s still %s: interrupted", execName, status), expected, fixProbe)
			return
		case <-time.After(wait):
		}
	}
}

// newestExecution returns the name of the job's newest execution started
// after since (less a minute of clock skew).
func newestExecution(ctx context.Context, f *armappcontainers.ClientFactory, rg, job string, since time.Time) (string, error) {
	pager := f.NewJobsExecutionsClient().NewListPager(rg, job, nil)
	var name string
	var newest time.Time
	for pager.More() {
		page, err := pager.NextPage(ctx)
		if err != nil {
			return "", fmt.Errorf("listing the executions of %s: %w", job, err)
		}
		for _, e := range page.Value {
			if e == nil || e.Name == nil || e.Properties == nil || e.Properties.StartTime == nil {
				continue
			}
			t := *e.Properties.StartTime
			if t.After(since.Add(-time.Minute)) && t.After(newest) {
				newest, name = t, *e.Name
			}
		}
	}
	if name == "" {
		return "", errors.New("no execution started since the probe was triggered")
	}
	return name, nil
}
