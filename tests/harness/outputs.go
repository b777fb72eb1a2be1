package harness

import (
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Outputs collects the resolved values of a program's outputs. Values that
// stay unknown (preview) are never collected.
type Outputs struct {
	mu     sync.Mutex
	values map[string]any
}

// Collect registers an apply on every output that records its value. The
// Pulumi runtime waits for these applies before RunErr returns.
func Collect(outputs pulumi.Map) *Outputs {
	o := &Outputs{values: map[string]any{}}
	for name, value := range outputs {
		name := name
		pulumi.ToOutput(value).ApplyT(func(v any) any {
			o.mu.Lock()
			defer o.mu.Unlock()
			o.values[name] = v
			return nil
		})
	}
	return o
}

// Get returns the resolved value of an output.
func (o *Outputs) Get(name string) (any, bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	v, ok := o.values[name]
	return v, ok
}
