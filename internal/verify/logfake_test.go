package verify

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// logAnalyticsHost is the Log Analytics query API of Azure public.
const logAnalyticsHost = "api.loganalytics.io"

// logAnalyticsFake serves the Log Analytics query API (POST
// /v1/workspaces/{workspaceId}/query, body {query, timespan}, answer
// {tables: [{name, columns: [{name, type}], rows}]}, as the REST spec
// describes it) and refuses any request of another shape.
type logAnalyticsFake struct{ w *world }

// Do implements policy.Transporter.
func (f logAnalyticsFake) Do(req *http.Request) (*http.Response, error) {
	w := f.w
	w.mu.Lock()
	defer w.mu.Unlock()
	reply := func(status int, body any) (*http.Response, error) {
		data, err := json.Marshal(body)
		if err != nil {
			return nil, err
		}
		return &http.Response{StatusCode: status, Status: fmt.Sprintf("%d %s", status, http.StatusText(status)),
			Header: http.Header{"Content-Type": []string{"application/json"}}, Body: io.NopCloser(bytes.NewReader(data)), Request: req}, nil
	}
	fail := func(status int, code, message string) (*http.Response, error) {
		return reply(status, map[string]any{"error": map[string]any{"code": code, "message": message}})
	}
	if req.Method != http.MethodPost || req.URL.Path != "/v1/workspaces/"+customerID+"/query" || req.URL.RawQuery != "" {
		return fail(http.StatusNotFound, "PathNotFound", req.Method+" "+req.URL.String())
	}
	if !strings.HasPrefix(req.Header.Get("Authorization"), "Bearer ") {
		return fail(http.StatusUnauthorized, "AuthorizationRequiredError", "no bearer token")
	}
	if !strings.HasPrefix(req.Header.Get("Content-Type"), "application/json") {
		return fail(http.StatusUnsupportedMediaType, "UnsupportedMediaType", req.Header.Get("Content-Type"))
	}
	var q logQuery
	dec := json.NewDecoder(req.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&q); err != nil || q.Query == "" {
		return fail(http.StatusBadRequest, "BadArgumentError", fmt.Sprintf("body: %v", err))
	}
	start, end, ok := strings.Cut(q.Timespan, "/")
	t0, err0 := time.Parse(time.RFC3339, start)
	t1, err1 := time.Parse(time.RFC3339, end)
	if !ok || err0 != nil || err1 != nil || !t0.Before(t1) {
		return fail(http.StatusBadRequest, "BadArgumentError", "timespan "+q.Timespan)
	}
	w.logQueries = append(w.logQueries, q)
	if w.logErr != 0 {
		return fail(w.logErr, http.StatusText(w.logErr), "fake error")
	}
	logColumn := "Log"
	if strings.HasPrefix(q.Query, "ContainerAppConsoleLogs_CL ") {
		logColumn = "Log_s"
	}
	rows := []any{}
	if len(w.logQueries) > w.logDelay {
		for i, l := range w.logLines {
			rows = append(rows, []any{t0.Add(time.Duration(i) * time.Second).Format(time.RFC3339Nano), l})
		}
	}
	return reply(http.StatusOK, map[string]any{"tables": []any{map[string]any{
		"name":    "PrimaryResult",
		"columns": []any{map[string]any{"name": "TimeGenerated", "type": "datetime"}, map[string]any{"name": logColumn, "type": "string"}},
		"rows":    rows,
	}}})
}
