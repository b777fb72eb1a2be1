package e2e

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// These tests run under a plain `go test ./...`: the retry logic of the
// e2e clean-up is tested without Azure, on a fake clock.

// fakeClock is a clock whose time moves only when something sleeps on it or
// an operation says it took time.
type fakeClock struct {
	now    time.Time
	sleeps []time.Duration
	// cancel, when set, ends the context instead of sleeping.
	cancel context.CancelFunc
}

// Now implements clock.
func (c *fakeClock) Now() time.Time { return c.now }

// Sleep implements clock.
func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	if c.cancel != nil {
		c.cancel()
		return ctx.Err()
	}
	c.sleeps = append(c.sleeps, d)
	c.now = c.now.Add(d)
	return nil
}

// errSubnetInUse stands for the error Azure gives while a delegated subnet is
// still held by a deleted environment (microsoft/azure-container-apps#974).
var errSubnetInUse = errors.New("InUseSubnetCannotBeDeleted: subnet snet-aca is in use by .../serviceAssociationLinks/legionservicelink")

// failing returns an operation that fails failures times, taking took on the
// clock each time, then succeeds; calls counts its runs.
func failing(c *fakeClock, failures int, took time.Duration, calls *int) func(context.Context) error {
	return func(context.Context) error {
		*calls++
		c.now = c.now.Add(took)
		if *calls <= failures {
			return fmt.Errorf("attempt %d: %w", *calls, errSubnetInUse)
		}
		return nil
	}
}

// retries records what onRetry heard.
type retries struct {
	attempts []int
	waits    []time.Duration
}

func (r *retries) record(attempt int, err error, wait time.Duration) {
	r.attempts = append(r.attempts, attempt)
	r.waits = append(r.waits, wait)
}

var cleanupBackoff = backoff{first: time.Minute, max: 4 * time.Minute, budget: 25 * time.Minute}

func TestRetrySucceedsAtOnceWithoutWaiting(t *testing.T) {
	c, calls, heard := &fakeClock{}, 0, &retries{}
	require.NoError(t, retry(context.Background(), cleanupBackoff, c, failing(c, 0, 0, &calls), heard.record))
	assert.Equal(t, 1, calls)
	assert.Empty(t, c.sleeps)
	assert.Empty(t, heard.attempts)
}

func TestRetryBacksOffUntilTheSubnetIsReleased(t *testing.T) {
	c, calls, heard := &fakeClock{}, 0, &retries{}
	require.NoError(t, retry(context.Background(), cleanupBackoff, c, failing(c, 4, 0, &calls), heard.record))
	assert.Equal(t, 5, calls)
	assert.Equal(t, []time.Duration{time.Minute, 2 * time.Minute, 4 * time.Minute, 4 * time.Minute}, c.sleeps,
		"the wait doubles and stops at max")
	assert.Equal(t, []int{1, 2, 3, 4}, heard.attempts)
	assert.Equal(t, c.sleeps, heard.waits, "every wait is reported before it starts")
}

func TestRetryGivesUpWhenTheBudgetIsSpent(t *testing.T) {
	c, calls, heard := &fakeClock{}, 0, &retries{}
	err := retry(context.Background(), cleanupBackoff, c, failing(c, 1000, 0, &calls), heard.record)
	// Waits 1+2+4+4+4+4+4 = 23 minutes; the next (4 more) would start after 25.
	assert.Equal(t, 8, calls)
	assert.Equal(t, 23*time.Minute, c.now.Sub(time.Time{}))
	var failed *retryError
	require.ErrorAs(t, err, &failed)
	assert.Equal(t, 8, failed.attempts)
	assert.Equal(t, 23*time.Minute, failed.elapsed)
	assert.ErrorIs(t, err, errSubnetInUse, "the last error stays inspectable")
	assert.EqualError(t, err, "still failing after 8 attempt(s) over 23m0s (the retry budget is spent): attempt 8: "+errSubnetInUse.Error())
	assert.Len(t, heard.attempts, 7, "the attempt retry gives up on is not announced as retried")
}

func TestRetryCountsTheAttemptsOwnTimeAgainstTheBudget(t *testing.T) {
	c, calls, heard := &fakeClock{}, 0, &retries{}
	// A destroy that runs 8 minutes before failing: 8, +1 wait, 8 (17), +2 wait
	// (19), 8 (27): the next attempt would start after 25 minutes.
	err := retry(context.Background(), cleanupBackoff, c, failing(c, 1000, 8*time.Minute, &calls), heard.record)
	require.Error(t, err)
	assert.Equal(t, 3, calls)
	assert.Equal(t, []time.Duration{time.Minute, 2 * time.Minute}, c.sleeps)
	assert.Equal(t, 27*time.Minute, c.now.Sub(time.Time{}))
}

func TestRetryStopsWhenTheContextEnds(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	c, calls, heard := &fakeClock{cancel: cancel}, 0, &retries{}
	err := retry(ctx, cleanupBackoff, c, failing(c, 1000, 0, &calls), heard.record)
	assert.Equal(t, 1, calls, "no attempt after the context ended")
	assert.ErrorIs(t, err, context.Canceled)
	assert.ErrorIs(t, err, errSubnetInUse)
	assert.Contains(t, err.Error(), "(stopped: context canceled)")

	calls = 0
	err = retry(ctx, cleanupBackoff, &fakeClock{}, failing(c, 1000, 0, &calls), heard.record)
	assert.Equal(t, 1, calls, "an attempt that fails on an ended context is the last")
	assert.ErrorIs(t, err, context.Canceled)
}

func TestWallClockSleepEndsWithTheContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	start := time.Now()
	assert.ErrorIs(t, wallClock{}.Sleep(ctx, time.Hour), context.Canceled)
	assert.Less(t, time.Since(start), time.Minute)
	assert.NoError(t, wallClock{}.Sleep(context.Background(), time.Millisecond))
}
