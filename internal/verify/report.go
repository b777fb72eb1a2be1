package verify

import (
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"strings"
	"text/tabwriter"
)

// WriteTable prints the report as a table, one row per check, followed by the
// fix of every failing or warning row (numbered in the table) and a summary.
func (r *Report) WriteTable(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "STATUS\tCHECK\tRESOURCE\tFOUND\tEXPECTED")
	var fixes []string
	for _, res := range r.Results {
		status := string(res.Status)
		if res.Status != StatusPass && res.Fix != "" {
			fix := fmt.Sprintf("[%d] %s %s %s: %s", len(fixes)+1, res.Status, res.Check, displayResource(res.Resource), res.Fix)
			for _, l := range res.Log {
				fix += "\n    " + l
			}
			fixes = append(fixes, fix)
			status = fmt.Sprintf("%s [%d]", res.Status, len(fixes))
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", status, res.Check, displayResource(res.Resource),
			shortenIDs(oneLine(res.Found)), shortenIDs(oneLine(res.Expected)))
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("writing the report: %w", err)
	}
	if len(fixes) > 0 {
		fmt.Fprintln(w)
		fmt.Fprintln(w, "How to fix:")
		for _, f := range fixes {
			fmt.Fprintln(w, f)
		}
	}
	fmt.Fprintln(w)
	_, err := fmt.Fprintln(w, r.Summary())
	if err != nil {
		return fmt.Errorf("writing the report: %w", err)
	}
	return nil
}

// Summary returns a one-line count of the results.
func (r *Report) Summary() string {
	return fmt.Sprintf("%d checks: %d passed, %d failed, %d warned",
		len(r.Results), r.Count(StatusPass), r.Count(StatusFail), r.Count(StatusWarn))
}

// WriteJSON prints the report as JSON: {"results": [...], "summary": {...}}.
func (r *Report) WriteJSON(w io.Writer) error {
	doc := struct {
		Results []Result `json:"results"`
		Summary struct {
			Checks int  `json:"checks"`
			Passed int  `json:"passed"`
			Failed int  `json:"failed"`
			Warned int  `json:"warnings"`
			OK     bool `json:"ok"`
		} `json:"summary"`
	}{Results: r.Results}
	if doc.Results == nil {
		doc.Results = []Result{}
	}
	doc.Summary.Checks = len(r.Results)
	doc.Summary.Passed = r.Count(StatusPass)
	doc.Summary.Failed = r.Count(StatusFail)
	doc.Summary.Warned = r.Count(StatusWarn)
	doc.Summary.OK = !r.Failed()
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("writing the JSON report: %w", err)
	}
	return nil
}

// displayResource shortens an ARM id for the table: the part after the last
// provider namespace (e.g. registries/acrmyapp01); anything else unchanged.
func displayResource(id string) string {
	lower := strings.ToLower(id)
	i := strings.LastIndex(lower, "/providers/")
	if i < 0 {
		return id
	}
	rest := id[i+len("/providers/"):]
	if _, after, ok := strings.Cut(rest, "/"); ok && after != "" {
		return after
	}
	return id
}

// resourcePrefix matches the subscription, resource group and provider
// namespace of an ARM id inside a text.
var resourcePrefix = regexp.MustCompile(`(?i)/subscriptions/[^/\s,\]]+/resourceGroups/[^/\s,\]]+/providers/[^/\s,\]]+/`)

// shortenIDs drops the subscription, resource group and provider namespace
// of every ARM id in a table cell; the JSON report keeps the full ids.
func shortenIDs(s string) string {
	return resourcePrefix.ReplaceAllString(s, "")
}

// oneLine keeps a table cell on one line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
