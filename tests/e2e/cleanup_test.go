//go:build e2e

package e2e

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optdestroy"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
)

// Delegated subnets are not always released at once after the Container Apps
// environment or App Service plan that held them is deleted
// (microsoft/azure-container-apps#974): deleting the subnet, its VNet or its
// resource group fails (InUseSubnetCannotBeDeleted) for many minutes. The
// clean-up therefore retries with backoff, within destroyTimeout.
var (
	// destroyBackoff retries `pulumi destroy` (each run resumes with what is left).
	destroyBackoff = backoff{first: time.Minute, max: 5 * time.Minute, budget: 25 * time.Minute}
	// groupBackoff retries deleting a resource group destroy left behind.
	groupBackoff = backoff{first: time.Minute, max: 5 * time.Minute, budget: 10 * time.Minute}
)

// cleanUp destroys the stack, retrying with backoff; when destroy still
// fails it deletes the stack's resource groups directly, again with backoff.
// Then it checks every resource group the stack used and fails the test,
// listing each remaining resource by id, for anything left behind.
// expectedGroup is the stack's own resource group, checked even when the
// state does not name it (an update that failed early).
func cleanUp(t *testing.T, stack auto.Stack, expectedGroup string) {
	ctx, cancel := context.WithTimeout(context.Background(), destroyTimeout)
	defer cancel()
	log := &testWriter{t: t}
	groups := resourceGroupsOf(stateIDs(ctx, t, stack), expectedGroup)
	t.Logf("clean-up: resource groups of the stack: %s", strings.Join(groups, ", "))

	err := retry(ctx, destroyBackoff, wallClock{}, func(ctx context.Context) error {
		_, err := stack.Destroy(ctx, optdestroy.ProgressStreams(log), optdestroy.ContinueOnError())
		return err
	}, announceRetry(t, "pulumi destroy"))
	azure := newGroupClient(t)
	if err == nil {
		if err := stack.Workspace().RemoveStack(ctx, stack.Name()); err != nil {
			t.Logf("removing the stack from the temporary backend: %v", err)
		}
	} else {
		t.Errorf("clean-up: pulumi destroy: %v", err)
		if left := stateIDs(ctx, t, stack); len(left) > 0 {
			t.Logf("clean-up: resources still in the Pulumi state:\n  %s", strings.Join(left, "\n  "))
		}
		for _, group := range groups {
			if err := retry(ctx, groupBackoff, wallClock{}, func(ctx context.Context) error {
				return azure.delete(ctx, group)
			}, announceRetry(t, "deleting "+group)); err != nil {
				t.Errorf("clean-up: %v", err)
			}
		}
	}
	reportLeftovers(ctx, t, azure, groups)
}

// announceRetry logs each retried failure of what.
func announceRetry(t *testing.T, what string) func(int, error, time.Duration) {
	return func(attempt int, err error, wait time.Duration) {
		t.Logf("clean-up: %s failed (attempt %d), retrying in %s: %v", what, attempt, wait, err)
	}
}

// stateIDs returns the ids of the stack's custom resources in its Pulumi
// state (none when the state cannot be read, which is logged).
func stateIDs(ctx context.Context, t *testing.T, stack auto.Stack) []string {
	exported, err := stack.Export(ctx)
	if err != nil {
		t.Logf("clean-up: reading the Pulumi state: %v", err)
		return nil
	}
	var state apitype.DeploymentV3
	if err := json.Unmarshal(exported.Deployment, &state); err != nil {
		t.Logf("clean-up: decoding the Pulumi state: %v", err)
		return nil
	}
	var ids []string
	for _, r := range state.Resources {
		if r.Custom && r.ID != "" && !strings.HasPrefix(string(r.Type), "pulumi:providers:") {
			ids = append(ids, string(r.ID))
		}
	}
	return ids
}

// reportLeftovers fails the test for every resource group of the stack that
// still exists, listing the resources in it by id and the command that
// deletes it.
func reportLeftovers(ctx context.Context, t *testing.T, azure *groupClient, groups []string) {
	for _, group := range groups {
		exists, err := azure.exists(ctx, group)
		switch {
		case err != nil:
			t.Errorf("clean-up: LEFT BEHIND? cannot tell whether %s still exists: %v; check it by hand", group, err)
		case !exists:
			t.Logf("clean-up: %s is gone", group)
		default:
			ids, err := azure.resources(ctx, group)
			if err != nil {
				t.Errorf("clean-up: LEFT BEHIND: %s still exists (its resources cannot be listed: %v); delete it: %s",
					group, err, deleteCommand(group))
				continue
			}
			t.Errorf("clean-up: LEFT BEHIND: %s still exists with %d resource(s):\n  %s\ndelete it: %s",
				group, len(ids), strings.Join(ids, "\n  "), deleteCommand(group))
		}
	}
}

// deleteCommand is the Azure CLI command that deletes the resource group.
func deleteCommand(group string) string {
	parts := strings.Split(group, "/") // "", subscriptions, <s>, resourceGroups, <g>
	return "az group delete --subscription " + parts[2] + " --name " + parts[4] + " --yes"
}
