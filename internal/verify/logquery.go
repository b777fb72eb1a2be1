package verify

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
)

// logQuery is the body of a Log Analytics query (Azure/azure-rest-api-specs,
// specification/operationalinsights/data-plane/Microsoft.OperationalInsights/
// stable/v1/OperationalInsights.json, queryBody).
type logQuery struct {
	// Query is the KQL query.
	Query string `json:"query"`
	// Timespan is an ISO 8601 interval, start/end.
	Timespan string `json:"timespan"`
}

// logQueryResults is the answer (queryResults: tables of columns and rows).
type logQueryResults struct {
	Tables []struct {
		Name    string `json:"name"`
		Columns []struct {
			Name string `json:"name"`
			Type string `json:"type"`
		} `json:"columns"`
		Rows [][]any `json:"rows"`
	} `json:"tables"`
}

// column returns the values of one column of the first table, as strings.
func (res *logQueryResults) column(name string) []string {
	if len(res.Tables) == 0 {
		return nil
	}
	t := res.Tables[0]
	idx := -1
	for i, c := range t.Columns {
		if c.Name == name {
			idx = i
		}
	}
	if idx < 0 {
		return nil
	}
	var out []string
	for _, row := range t.Rows {
		if idx < len(row) && row[idx] != nil {
			out = append(out, fmt.Sprint(row[idx]))
		}
	}
	return out
}

// queryLogs runs one query against a workspace (by customer id) through the
// Log Analytics query API with a plain azcore request, authenticated for the
// cloud's Log Analytics audience.
func (c *Clients) queryLogs(ctx context.Context, info cloudInfo, customerID string, q logQuery) (*logQueryResults, error) {
	pl := runtime.NewPipeline("privatepull-verify", "v0.1.0", runtime.PipelineOptions{
		PerRetry: []policy.Policy{runtime.NewBearerTokenPolicy(c.cred, []string{info.logsEndpoint + "/.default"}, nil)},
	}, &c.opts.ClientOptions)
	endpoint := info.logsEndpoint + "/v1/workspaces/" + url.PathEscape(customerID) + "/query"
	req, err := runtime.NewRequest(ctx, http.MethodPost, endpoint)
	if err != nil {
		return nil, fmt.Errorf("building the log query: %w", err)
	}
	req.Raw().Header.Set("Accept", "application/json")
	if err := runtime.MarshalAsJSON(req, q); err != nil {
		return nil, fmt.Errorf("encoding the log query: %w", err)
	}
	resp, err := pl.Do(req)
	if err != nil {
		return nil, fmt.Errorf("querying workspace %s: %w", customerID, err)
	}
	if !runtime.HasStatusCode(resp, http.StatusOK) {
		return nil, runtime.NewResponseError(resp)
	}
	var out logQueryResults
	if err := runtime.UnmarshalAsJSON(resp, &out); err != nil {
		return nil, fmt.Errorf("decoding the log query answer: %w", err)
	}
	return &out, nil
}

// timespan returns an ISO 8601 interval from since to now plus a minute.
func timespan(since time.Time) string {
	return since.UTC().Format(time.RFC3339) + "/" + time.Now().Add(time.Minute).UTC().Format(time.RFC3339)
}
