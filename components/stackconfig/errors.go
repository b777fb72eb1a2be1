package stackconfig

import (
	"fmt"
	"strings"
)

// Error lists every problem found in a stack configuration. Each problem
// starts with the qualified key it concerns.
type Error struct {
	// Problems are "privatepull:<key>: <rule>" sentences.
	Problems []string
}

// Error implements error.
func (e *Error) Error() string {
	return fmt.Sprintf("invalid stack configuration (%d problem(s)); nothing was deployed:\n  - %s",
		len(e.Problems), strings.Join(e.Problems, "\n  - "))
}

// problems collects validation failures.
type problems struct {
	list []string
}

// addf records a problem for key (unqualified, possibly with a path such as
// containerApps[0].port).
func (p *problems) addf(key, format string, args ...any) {
	p.list = append(p.list, qualified(key)+": "+fmt.Sprintf(format, args...))
}

// err returns nil when nothing was recorded.
func (p *problems) err() error {
	if len(p.list) == 0 {
		return nil
	}
	return &Error{Problems: p.list}
}

// has reports whether a problem was recorded for any of the keys (or their
// list entries).
func (p *problems) has(keys ...string) bool {
	for _, problem := range p.list {
		for _, k := range keys {
			q := qualified(k)
			if strings.HasPrefix(problem, q+":") || strings.HasPrefix(problem, q+"[") {
				return true
			}
		}
	}
	return false
}

func itoa(i int) string { return fmt.Sprint(i) }
