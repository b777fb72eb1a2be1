package verify

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/arm"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
)

// rawClient sends plain ARM requests through the standard ARM pipeline
// (authentication, retries, logging) and decodes the JSON into small local
// structs. It replaces armnetwork and armappservice, whose size would add
// close to a minute and a half to a cold build for a handful of reads.
type rawClient struct {
	pipeline runtime.Pipeline
	endpoint string
}

// newRawClient builds the pipeline from the same options as the SDK clients.
func newRawClient(cred azcore.TokenCredential, opts *arm.ClientOptions) (*rawClient, error) {
	cl, err := arm.NewClient("privatepull-verify", "v0.1.0", cred, opts)
	if err != nil {
		return nil, fmt.Errorf("creating the ARM client: %w", err)
	}
	return &rawClient{pipeline: cl.Pipeline(), endpoint: cl.Endpoint()}, nil
}

// get reads the resource at path (an ARM id, optionally with a child path)
// at apiVersion into out.
func (c *rawClient) get(ctx context.Context, path, apiVersion string, out any) error {
	return c.do(ctx, http.MethodGet, runtime.JoinPaths(c.endpoint, path), apiVersion, nil, out)
}

// post invokes the action at path (e.g. .../config/appsettings/list), with
// body as JSON when it is not nil, and decodes its answer into out.
func (c *rawClient) post(ctx context.Context, path, apiVersion string, body, out any) error {
	return c.do(ctx, http.MethodPost, runtime.JoinPaths(c.endpoint, path), apiVersion, body, out)
}

// do sends one request to rawURL; apiVersion is set unless the URL (a
// nextLink) already carries one.
func (c *rawClient) do(ctx context.Context, method, rawURL, apiVersion string, body, out any) error {
	req, err := runtime.NewRequest(ctx, method, rawURL)
	if err != nil {
		return fmt.Errorf("building %s %s: %w", method, rawURL, err)
	}
	q := req.Raw().URL.Query()
	if q.Get("api-version") == "" {
		q.Set("api-version", apiVersion)
		req.Raw().URL.RawQuery = q.Encode()
	}
	req.Raw().Header.Set("Accept", "application/json")
	if body != nil {
		if err := runtime.MarshalAsJSON(req, body); err != nil {
			return fmt.Errorf("encoding the body of %s %s: %w", method, req.Raw().URL.Path, err)
		}
	}
	resp, err := c.pipeline.Do(req)
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, req.Raw().URL.Path, err)
	}
	if !runtime.HasStatusCode(resp, http.StatusOK) {
		return runtime.NewResponseError(resp)
	}
	if err := runtime.UnmarshalAsJSON(resp, out); err != nil {
		return fmt.Errorf("decoding %s: %w", req.Raw().URL.Path, err)
	}
	return nil
}

// listPage is one page of an ARM list.
type listPage[T any] struct {
	Value    []T    `json:"value"`
	NextLink string `json:"nextLink"`
}

// listAll reads every page of the list at path.
func listAll[T any](ctx context.Context, c *rawClient, path, apiVersion string) ([]T, error) {
	var all []T
	next := runtime.JoinPaths(c.endpoint, path)
	for next != "" {
		var page listPage[T]
		if err := c.do(ctx, http.MethodGet, next, apiVersion, nil, &page); err != nil {
			return nil, err
		}
		all = append(all, page.Value...)
		if page.NextLink != "" {
			if _, err := url.Parse(page.NextLink); err != nil {
				return nil, fmt.Errorf("invalid nextLink %q: %w", page.NextLink, err)
			}
		}
		next = page.NextLink
	}
	return all, nil
}

// isNotFound reports whether err is an ARM 404.
func isNotFound(err error) bool {
	var re *azcore.ResponseError
	return errors.As(err, &re) && re.StatusCode == http.StatusNotFound
}

// describeError returns a short, one-line description of a read error for
// the report's "found" column.
func describeError(err error) string {
	var re *azcore.ResponseError
	if errors.As(err, &re) {
		if re.StatusCode == http.StatusNotFound {
			return "not found (404)"
		}
		code := re.ErrorCode
		if code == "" {
			code = http.StatusText(re.StatusCode)
		}
		return fmt.Sprintf("read failed: %d %s", re.StatusCode, code)
	}
	return "read failed: " + err.Error()
}
