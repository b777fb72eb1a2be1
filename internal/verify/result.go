package verify

import "slices"

// Status is the outcome of one check.
type Status string

// The outcomes of a check.
const (
	// StatusPass means the live resource is as the stack deployed it.
	StatusPass Status = "PASS"
	// StatusFail means the live resource breaks the private pull path.
	StatusFail Status = "FAIL"
	// StatusWarn means the check could not prove the link, or found a state
	// that works today but deserves attention.
	StatusWarn Status = "WARN"
)

// Result is one row of the report.
type Result struct {
	// Status is PASS, FAIL or WARN.
	Status Status `json:"status"`
	// Check names the check, e.g. "registry.armAudience".
	Check string `json:"check"`
	// Resource is the ARM id (or FQDN) the check looked at.
	Resource string `json:"resource"`
	// Found is what the check read from the live resource.
	Found string `json:"found"`
	// Expected is what the stack deployed.
	Expected string `json:"expected"`
	// Fix is the remedy (the docs/troubleshooting.md row); empty on PASS.
	Fix string `json:"fix,omitempty"`
	// Log holds lines to print under the row's fix: a failed probe's own
	// PASS/FAIL lines, or the command that reads them.
	Log []string `json:"log,omitempty"`
}

// Report is the list of results of one verification, in check order.
type Report struct {
	// Results holds one row per check and resource.
	Results []Result `json:"results"`
}

// Failed reports whether any check failed.
func (r *Report) Failed() bool {
	return slices.ContainsFunc(r.Results, func(res Result) bool { return res.Status == StatusFail })
}

// Count returns how many results have the given status.
func (r *Report) Count(s Status) int {
	n := 0
	for _, res := range r.Results {
		if res.Status == s {
			n++
		}
	}
	return n
}

// add appends a result; the fix is kept only when the check did not pass.
func (r *Report) add(status Status, check, resource, found, expected, fix string) {
	if status == StatusPass {
		fix = ""
	}
	r.Results = append(r.Results, Result{
		Status: status, Check: check, Resource: resource, Found: found, Expected: expected, Fix: fix,
	})
}

// pass appends a PASS row.
func (r *Report) pass(check, resource, found, expected string) {
	r.add(StatusPass, check, resource, found, expected, "")
}

// fail appends a FAIL row with its fix.
func (r *Report) fail(check, resource, found, expected, fix string) {
	r.add(StatusFail, check, resource, found, expected, fix)
}

// warn appends a WARN row with its fix.
func (r *Report) warn(check, resource, found, expected, fix string) {
	r.add(StatusWarn, check, resource, found, expected, fix)
}

// attachLog sets the log lines of the last result.
func (r *Report) attachLog(lines []string) {
	if len(r.Results) > 0 {
		r.Results[len(r.Results)-1].Log = lines
	}
}

// check appends PASS when ok holds, else FAIL with the fix.
func (r *Report) check(ok bool, check, resource, found, expected, fix string) {
	if ok {
		r.pass(check, resource, found, expected)
		return
	}
	r.fail(check, resource, found, expected, fix)
}
