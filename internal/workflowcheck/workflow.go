// Package workflowcheck reads GitHub Actions workflow files and checks the
// rules that keep privatepull's CI/CD out of reach of a pushed branch: no
// pull_request_target, no job of a pull-request workflow that can obtain the
// deploy identity, a prod secret or a write command, runs for forks or holds
// a GitHub write token while running the pull request's code, id-token: write
// only on jobs that log in to Azure, no passphrase in prod jobs, and every
// third-party action pinned to a commit SHA with its version in a comment.
//
// The rules read the workflow files only. What enforces the boundary in the
// end is configured outside them (the subjects each Azure identity trusts and
// the GitHub environments' branch policies and reviewers; docs/ci-cd.md):
// these checks keep the shipped workflows to the same rules.
package workflowcheck

import (
	"fmt"

	"gopkg.in/yaml.v3"
)

// Workflow is the part of a workflow file the rules read.
type Workflow struct {
	// Path is the file's path in the repository, e.g. .github/workflows/preview.yml.
	Path string
	// Triggers are the event names under `on:`.
	Triggers []string
	// Permissions is the workflow-level permissions block (nil: not set).
	Permissions *Permissions
	// Env is the workflow-level env.
	Env map[string]string
	// Expressions are the ${{ }} expressions outside the jobs (env,
	// concurrency, run-name...): they reach every job.
	Expressions []string
	// Jobs in file order.
	Jobs []Job
}

// Job is one job of a workflow.
type Job struct {
	// ID is the job's key under `jobs:`.
	ID string
	// If is the job's condition.
	If string
	// Environment is the GitHub environment's name (or the expression that
	// names it); "" when the job is bound to none.
	Environment string
	// Permissions is the job's permissions block (nil: the workflow's).
	Permissions *Permissions
	// Env is the job-level env.
	Env map[string]string
	// Steps in order.
	Steps []Step
	// Uses is the reusable workflow a job calls instead of having steps.
	Uses Ref
	// SecretsInherit is true for `secrets: inherit`.
	SecretsInherit bool
	// MatrixValues are the scalar values under strategy.matrix.
	MatrixValues []string
	// Strings are every scalar value in the job (not the keys).
	Strings []string
	// Expressions are the job's ${{ }} expressions and its `if:` conditions.
	Expressions []string
}

// Step is one step of a job.
type Step struct {
	// Name is the step's name.
	Name string
	// Uses is the action the step runs ("" for a run step).
	Uses Ref
	// Run is the step's script.
	Run string
	// With are the action's inputs.
	With map[string]string
	// Env is the step's env.
	Env map[string]string
}

// Ref is a `uses:` value and the comment on its line.
type Ref struct {
	// Value is what `uses:` names, e.g. actions/checkout@<sha>.
	Value string
	// Comment is the line comment after it, e.g. "# v4.4.0".
	Comment string
	// Line is its line in the file.
	Line int
}

// Permissions is a permissions block.
type Permissions struct {
	// All is "read" for read-all, "write" for write-all, "" otherwise.
	All string
	// Scopes maps a scope (contents, id-token...) to read, write or none.
	Scopes map[string]string
}

// Access returns the access the block grants to scope: write, read or none.
func (p *Permissions) Access(scope string) string {
	if p == nil {
		return "none"
	}
	if access, ok := p.Scopes[scope]; ok {
		return access
	}
	if p.All != "" {
		return p.All
	}
	return "none"
}

// Parse reads one workflow file.
func Parse(path string, data []byte) (*Workflow, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("workflow %s: %w", path, err)
	}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, fmt.Errorf("workflow %s: not a YAML mapping", path)
	}
	// Decoding into a map rejects a key given twice, which the node tree
	// would keep and GitHub would not run.
	var plain map[string]any
	if err := yaml.Unmarshal(data, &plain); err != nil {
		return nil, fmt.Errorf("workflow %s: %w", path, err)
	}
	wf := &Workflow{Path: path}
	for _, pair := range pairs(doc.Content[0]) {
		key, value := pair[0].Value, pair[1]
		switch key {
		case "on":
			wf.Triggers = triggers(value)
		case "permissions":
			wf.Permissions = permissions(value)
		case "jobs":
			for _, job := range pairs(value) {
				wf.Jobs = append(wf.Jobs, parseJob(job[0].Value, job[1]))
			}
			continue
		case "env":
			wf.Env = scalarMap(value)
		}
		wf.Expressions = append(wf.Expressions, expressions(key, value)...)
	}
	return wf, nil
}

// parseJob reads one job.
func parseJob(id string, node *yaml.Node) Job {
	job := Job{ID: id, Strings: scalars(node), Expressions: expressions("", node)}
	for _, pair := range pairs(node) {
		value := resolve(pair[1])
		switch pair[0].Value {
		case "if":
			job.If = value.Value
		case "environment":
			job.Environment = environmentName(value)
		case "permissions":
			job.Permissions = permissions(value)
		case "env":
			job.Env = scalarMap(value)
		case "uses":
			job.Uses = ref(value)
		case "secrets":
			job.SecretsInherit = value.Kind == yaml.ScalarNode && value.Value == "inherit"
		case "strategy":
			for _, strategy := range pairs(value) {
				if strategy[0].Value == "matrix" {
					job.MatrixValues = scalars(strategy[1])
				}
			}
		case "steps":
			for _, step := range value.Content {
				job.Steps = append(job.Steps, parseStep(step))
			}
		}
	}
	return job
}

// parseStep reads one step.
func parseStep(node *yaml.Node) Step {
	var step Step
	for _, pair := range pairs(node) {
		value := resolve(pair[1])
		switch pair[0].Value {
		case "name":
			step.Name = value.Value
		case "uses":
			step.Uses = ref(value)
		case "run":
			step.Run = value.Value
		case "with":
			step.With = scalarMap(value)
		case "env":
			step.Env = scalarMap(value)
		}
	}
	return step
}

// triggers returns the event names of an `on:` value (a name, a list or a
// mapping).
func triggers(node *yaml.Node) []string {
	node = resolve(node)
	switch node.Kind {
	case yaml.ScalarNode:
		return []string{node.Value}
	case yaml.SequenceNode:
		var names []string
		for _, item := range node.Content {
			names = append(names, resolve(item).Value)
		}
		return names
	default:
		var names []string
		for _, pair := range pairs(node) {
			names = append(names, pair[0].Value)
		}
		return names
	}
}

// permissions reads a permissions block: read-all, write-all or a mapping.
func permissions(node *yaml.Node) *Permissions {
	node = resolve(node)
	p := &Permissions{Scopes: map[string]string{}}
	if node.Kind == yaml.ScalarNode {
		switch node.Value {
		case "read-all":
			p.All = "read"
		case "write-all":
			p.All = "write"
		}
		return p
	}
	for scope, access := range scalarMap(node) {
		p.Scopes[scope] = access
	}
	return p
}

// environmentName reads `environment:`, a name or {name, url}.
func environmentName(node *yaml.Node) string {
	if node.Kind == yaml.ScalarNode {
		return node.Value
	}
	return scalarMap(node)["name"]
}

// ref reads a `uses:` value with its line comment.
func ref(node *yaml.Node) Ref {
	return Ref{Value: node.Value, Comment: node.LineComment, Line: node.Line}
}
