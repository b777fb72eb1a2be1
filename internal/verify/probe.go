package verify

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

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
}

// runProbe starts an execution of the stack's probe job (a manual-trigger
// Container Apps job inside the environment that resolves every registry
// FQDN and calls the registry over HTTPS), waits for it and reports its
// result. The job does the checking; verify only starts and reports it.
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

	poller, err := f.NewJobsClient().BeginStart(startCtx, id.ResourceGroupName, id.Name, nil)
	if err != nil {
		r.fail(CheckProbe, o.ProbeJobID, "start failed: "+describeError(err), expected, fixProbe)
		return
	}
	res, err := poller.PollUntilDone(startCtx, &runtime.PollUntilDoneOptions{Frequency: opts.Interval})
	if err != nil {
		r.fail(CheckProbe, o.ProbeJobID, "start failed: "+describeError(err), expected, fixProbe)
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
			r.fail(CheckProbe, execID, "execution "+execName+" "+status, expected, fixProbe)
			return
		}
		wait := min(opts.Interval, time.Until(deadline))
		if wait <= 0 {
			fmt.Fprintln(progress)
			r.fail(CheckProbe, execID, fmt.Sprintf("execution %s still %s after %s (timeout)", execName, status, opts.Timeout),
				expected, "raise --probe-timeout if the job is slow to start; otherwise "+fixProbe)
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
