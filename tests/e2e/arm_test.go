//go:build e2e

package e2e

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/arm"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
)

// resourcesAPIVersion is the Microsoft.Resources api-version of the resource
// group reads and deletes (azure-rest-api-specs, specification/resources/
// resource-manager/Microsoft.Resources/resources/stable/2021-04-01:
// ResourceGroups_CheckExistence, ResourceGroups_Delete,
// Resources_ListByResourceGroup).
const resourcesAPIVersion = "2021-04-01"

// groupClient reads and deletes resource groups with plain ARM requests
// through the standard ARM pipeline (authentication, retries of throttled
// and failed requests), so the clean-up needs no armresources module.
type groupClient struct {
	pipeline runtime.Pipeline
	endpoint string
}

// newGroupClient authenticates as the rest of the test does, in the cloud
// PRIVATEPULL_E2E_CLOUD names (the public cloud by default).
func newGroupClient(t *testing.T) *groupClient {
	t.Helper()
	cl, err := arm.NewClient("privatepull-e2e", "v0.1.0", credential(t), &arm.ClientOptions{
		ClientOptions: policy.ClientOptions{Cloud: cloudConfig(t, os.Getenv("PRIVATEPULL_E2E_CLOUD"))},
	})
	if err != nil {
		t.Fatalf("creating the ARM client for the clean-up: %v", err)
	}
	return &groupClient{pipeline: cl.Pipeline(), endpoint: cl.Endpoint()}
}

// send sends one request for the ARM path at the resources api-version.
func (c *groupClient) send(ctx context.Context, method, path string) (*http.Response, error) {
	req, err := runtime.NewRequest(ctx, method, runtime.JoinPaths(c.endpoint, path))
	if err != nil {
		return nil, fmt.Errorf("building %s %s: %w", method, path, err)
	}
	q := req.Raw().URL.Query()
	q.Set("api-version", resourcesAPIVersion)
	req.Raw().URL.RawQuery = q.Encode()
	req.Raw().Header.Set("Accept", "application/json")
	resp, err := c.pipeline.Do(req)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", method, path, err)
	}
	return resp, nil
}

// exists reports whether the resource group exists (it still does while
// Azure deletes it).
func (c *groupClient) exists(ctx context.Context, group string) (bool, error) {
	resp, err := c.send(ctx, http.MethodHead, group)
	if err != nil {
		return false, err
	}
	defer resp.Body.Close()
	switch resp.StatusCode {
	case http.StatusNoContent, http.StatusOK:
		return true, nil
	case http.StatusNotFound:
		return false, nil
	}
	return false, runtime.NewResponseError(resp)
}

// resources lists the ids of every resource left in the resource group.
func (c *groupClient) resources(ctx context.Context, group string) ([]string, error) {
	var ids []string
	next := runtime.JoinPaths(c.endpoint, group+"/resources")
	for next != "" {
		req, err := runtime.NewRequest(ctx, http.MethodGet, next)
		if err != nil {
			return nil, fmt.Errorf("building the resource list of %s: %w", group, err)
		}
		if q := req.Raw().URL.Query(); q.Get("api-version") == "" {
			q.Set("api-version", resourcesAPIVersion)
			req.Raw().URL.RawQuery = q.Encode()
		}
		resp, err := c.pipeline.Do(req)
		if err != nil {
			return nil, fmt.Errorf("listing the resources of %s: %w", group, err)
		}
		if !runtime.HasStatusCode(resp, http.StatusOK) {
			return nil, runtime.NewResponseError(resp)
		}
		var page struct {
			Value []struct {
				ID string `json:"id"`
			} `json:"value"`
			NextLink string `json:"nextLink"`
		}
		if err := runtime.UnmarshalAsJSON(resp, &page); err != nil {
			return nil, fmt.Errorf("decoding the resources of %s: %w", group, err)
		}
		for _, r := range page.Value {
			ids = append(ids, r.ID)
		}
		next = page.NextLink
	}
	return ids, nil
}

// delete deletes the resource group and waits until Azure has (a group that
// is already gone is no error). Azure refuses while a delegated subnet in it
// is still held; the caller retries.
func (c *groupClient) delete(ctx context.Context, group string) error {
	resp, err := c.send(ctx, http.MethodDelete, group)
	if err != nil {
		return err
	}
	switch resp.StatusCode {
	case http.StatusNotFound:
		resp.Body.Close()
		return nil
	case http.StatusOK, http.StatusAccepted:
	default:
		return fmt.Errorf("deleting %s: %w", group, runtime.NewResponseError(resp))
	}
	poller, err := runtime.NewPoller[struct{}](resp, c.pipeline, nil)
	if err != nil {
		return fmt.Errorf("following the deletion of %s: %w", group, err)
	}
	if _, err := poller.PollUntilDone(ctx, nil); err != nil {
		return fmt.Errorf("deleting %s: %w", group, err)
	}
	return nil
}
