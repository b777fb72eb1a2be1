package workflowcheck

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
)

// Load reads every workflow (.github/workflows/*.yml, *.yaml) and script
// (.github/scripts/*) of the repository at root. Paths are relative to root,
// with forward slashes.
func Load(root string) ([]*Workflow, map[string]string, error) {
	var files []string
	for _, pattern := range []string{"*.yml", "*.yaml"} {
		matches, err := filepath.Glob(filepath.Join(root, ".github", "workflows", pattern))
		if err != nil {
			return nil, nil, fmt.Errorf("listing workflows: %w", err)
		}
		files = append(files, matches...)
	}
	sort.Strings(files)
	var workflows []*Workflow
	for _, file := range files {
		wf, err := parseFile(root, file)
		if err != nil {
			return nil, nil, err
		}
		workflows = append(workflows, wf)
	}
	scripts := map[string]string{}
	matches, err := filepath.Glob(filepath.Join(root, ".github", "scripts", "*"))
	if err != nil {
		return nil, nil, fmt.Errorf("listing scripts: %w", err)
	}
	for _, file := range matches {
		data, err := os.ReadFile(file)
		if err != nil {
			return nil, nil, fmt.Errorf("reading script: %w", err)
		}
		scripts[relative(root, file)] = string(data)
	}
	return workflows, scripts, nil
}

// parseFile reads and parses one workflow file.
func parseFile(root, file string) (*Workflow, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("reading workflow: %w", err)
	}
	return Parse(relative(root, file), data)
}

// relative returns file's path below root with forward slashes.
func relative(root, file string) string {
	rel, err := filepath.Rel(root, file)
	if err != nil {
		return filepath.ToSlash(file)
	}
	return filepath.ToSlash(rel)
}
