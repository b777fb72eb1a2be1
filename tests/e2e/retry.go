package e2e

import (
	"context"
	"fmt"
	"time"
)

// backoff bounds a retried clean-up step: the wait after the first failure,
// the cap each doubled wait stops at, and the budget: no attempt starts later
// than budget after the first one began (the attempts' own time counts).
type backoff struct {
	first, max, budget time.Duration
}

// clock is the time a retry reads and waits on: wallClock in the e2e test, a
// fake in the unit tests.
type clock interface {
	Now() time.Time
	// Sleep waits d, or less when ctx ends first (then it returns ctx.Err()).
	Sleep(ctx context.Context, d time.Duration) error
}

// wallClock is the real clock.
type wallClock struct{}

// Now implements clock.
func (wallClock) Now() time.Time { return time.Now() }

// Sleep implements clock.
func (wallClock) Sleep(ctx context.Context, d time.Duration) error {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// retryError is what retry returns when it gives up.
type retryError struct {
	// attempts is how many times the operation ran.
	attempts int
	// elapsed is the time from the first attempt's start to giving up.
	elapsed time.Duration
	// last is the last attempt's error.
	last error
	// stopped is why retry stopped early (the context's error), or nil when
	// the budget ran out.
	stopped error
}

// Error implements error.
func (e *retryError) Error() string {
	why := "the retry budget is spent"
	if e.stopped != nil {
		why = "stopped: " + e.stopped.Error()
	}
	return fmt.Sprintf("still failing after %d attempt(s) over %s (%s): %v", e.attempts, e.elapsed.Round(time.Second), why, e.last)
}

// Unwrap gives errors.Is and errors.As the last error and the stop reason.
func (e *retryError) Unwrap() []error {
	if e.stopped == nil {
		return []error{e.last}
	}
	return []error{e.last, e.stopped}
}

// retry runs op until it succeeds, waiting between failures as b says (first,
// then doubling up to max). It gives up, returning a *retryError, when the
// next attempt would start after the budget or when ctx ends. onRetry hears
// of every failure that is followed by another attempt.
func retry(ctx context.Context, b backoff, c clock, op func(context.Context) error,
	onRetry func(attempt int, err error, wait time.Duration)) error {
	start := c.Now()
	wait := b.first
	for attempt := 1; ; attempt++ {
		err := op(ctx)
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return &retryError{attempts: attempt, elapsed: c.Now().Sub(start), last: err, stopped: ctx.Err()}
		}
		if c.Now().Sub(start)+wait > b.budget {
			return &retryError{attempts: attempt, elapsed: c.Now().Sub(start), last: err}
		}
		onRetry(attempt, err, wait)
		if stopped := c.Sleep(ctx, wait); stopped != nil {
			return &retryError{attempts: attempt, elapsed: c.Now().Sub(start), last: err, stopped: stopped}
		}
		wait = min(2*wait, b.max)
	}
}
