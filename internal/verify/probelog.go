package verify

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
)

// probeLogSource is where the probe's console output lands for the
// environment's log destination: the resource-specific table of the
// azure-monitor diagnostic setting (ContainerAppConsoleLogs), or the custom
// table of destination log-analytics (ContainerAppConsoleLogs_CL).
type probeLogSource struct {
	table, logColumn, podColumn, jobColumn string
}

// probeLogSourceFor returns the table for a log destination.
func probeLogSourceFor(destination string) probeLogSource {
	if destination == logsLogAnalytics {
		return probeLogSource{table: "ContainerAppConsoleLogs_CL", logColumn: "Log_s", podColumn: "ContainerGroupName_s"}
	}
	return probeLogSource{table: "ContainerAppConsoleLogs", logColumn: "Log", podColumn: "ContainerGroupName", jobColumn: "JobName"}
}

// query returns the KQL that selects the PASS/FAIL lines of one execution
// (its replica pods are named after it) since a time, oldest first. It is
// one line of single-quoted literals, so it can be pasted into a shell
// between double quotes.
func (s probeLogSource) query(execution string, since time.Time) string {
	match := fmt.Sprintf("%s startswith '%s'", s.podColumn, kqlEscape(execution))
	if s.jobColumn != "" {
		match = fmt.Sprintf("(%s or %s == '%s')", match, s.jobColumn, kqlEscape(execution))
	}
	return fmt.Sprintf("%s | where TimeGenerated >= datetime(%s) | where %s | where %s has_any ('PASS', 'FAIL') "+
		"| project TimeGenerated, %s | order by TimeGenerated asc",
		s.table, since.UTC().Format(time.RFC3339), match, s.logColumn, s.logColumn)
}

// readProbeLog waits (at most opts.LogWait) for the execution's PASS/FAIL
// lines to reach the stack's Log Analytics workspace and returns them to
// print under the failing probe row. When it cannot read them (no workspace
// in the outputs, access refused, nothing arrived in time) it returns the
// reason and the exact `az monitor log-analytics query` command instead.
func readProbeLog(ctx context.Context, c *Clients, o *Outputs, destination, execution string, started time.Time,
	opts ProbeOptions, progress io.Writer) []string {
	src := probeLogSourceFor(destination)
	since := started.Add(-5 * time.Minute)
	q := src.query(execution, since)
	workspace := o.LogAnalyticsCustomerID
	instead := func(reason string) []string {
		ws := workspace
		if ws == "" {
			ws = "<customer id of the environment's Log Analytics workspace>"
		}
		return []string{
			"probe log not read: " + reason + "; read it with:",
			fmt.Sprintf("  az monitor log-analytics query --workspace %s --analytics-query \"%s\"", ws, q),
		}
	}
	if workspace == "" {
		return instead("the stack outputs name no Log Analytics workspace (logAnalyticsCustomerId)")
	}
	info, err := cloudByName(o.Cloud)
	if err != nil {
		return instead(err.Error())
	}
	deadline := time.Now().Add(opts.LogWait)
	for {
		res, err := c.queryLogs(ctx, info, workspace, logQuery{Query: q, Timespan: timespan(since)})
		var re *azcore.ResponseError
		switch {
		case errors.As(err, &re) && re.StatusCode < http.StatusInternalServerError && re.StatusCode != http.StatusTooManyRequests:
			fmt.Fprintln(progress)
			return instead(describeError(err))
		case err == nil:
			if lines := res.column(src.logColumn); len(lines) > 0 {
				fmt.Fprintln(progress)
				header := fmt.Sprintf("probe log (%s in workspace %s):", src.table, workspace)
				return append([]string{header}, indent(lines)...)
			}
		}
		wait := min(opts.LogInterval, time.Until(deadline))
		if wait <= 0 {
			fmt.Fprintln(progress)
			reason := fmt.Sprintf("no line in %s after %s (logs reach the workspace minutes late)", src.table, opts.LogWait)
			if err != nil {
				reason = describeError(err)
			}
			return instead(reason)
		}
		fmt.Fprintf(progress, "\rprobe log: waiting for %s lines in workspace %s, %s left   ", src.table, workspace,
			time.Until(deadline).Round(time.Second))
		select {
		case <-ctx.Done():
			fmt.Fprintln(progress)
			return instead("interrupted")
		case <-time.After(wait):
		}
	}
}

// indent prefixes every line with two spaces.
func indent(lines []string) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = "  " + l
	}
	return out
}
