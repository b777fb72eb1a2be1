package harness

import (
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Project is the Pulumi project name the mocks run under.
const Project = "privatepull"

// Options configures one mocked run.
type Options struct {
	// Preview runs as `pulumi preview` (dry run, unknown outputs).
	Preview bool
	// Stack is the stack name (default "test").
	Stack string
	// Config maps qualified keys (privatepull:location) to raw values;
	// structured values are JSON, as the Pulumi CLI passes them.
	Config map[string]string
	// SecretKeys are the qualified keys whose values are secrets.
	SecretKeys []string
	// EditState, when set, edits the state the mocks report for a custom
	// resource in update mode and for every read of an existing resource
	// (its type token and state, computed outputs included): a test plays
	// what Azure reports in a case the default mocks do not, e.g. a zone
	// group without record sets.
	EditState func(token string, state resource.PropertyMap)
	// StackReferences are the stacks the program may read with a
	// StackReference, by fully qualified name (organization/privatepull/dev).
	StackReferences map[string]StackReference
}

// Run executes program under mocks and returns the recorder and the
// program's error.
func Run(program pulumi.RunFunc, opts Options) (*Mocks, error) {
	mocks := &Mocks{Preview: opts.Preview, EditState: opts.EditState, StackReferences: opts.StackReferences}
	stack := opts.Stack
	if stack == "" {
		stack = "test"
	}
	config := map[string]string{}
	for k, v := range opts.Config {
		config[k] = v
	}
	err := pulumi.RunErr(program, pulumi.WithMocks(Project, stack, mocks), func(info *pulumi.RunInfo) {
		info.DryRun = opts.Preview
		info.Config = config
		info.ConfigSecretKeys = append([]string(nil), opts.SecretKeys...)
	})
	return mocks, err
}
