package workflowcheck

import (
	"regexp"
	"strings"
)

// secretsPattern matches a use of the secrets context in an expression:
// secrets.NAME (group 2), or the whole context (toJSON(secrets), secrets[...]).
var secretsPattern = regexp.MustCompile(`(?i)(^|[^.\w])secrets\b(?:\s*\.\s*([A-Za-z_][A-Za-z0-9_-]*))?`)

// varsPattern matches vars.NAME in an expression (group 2).
var varsPattern = regexp.MustCompile(`(?i)(^|[^.\w])vars\s*\.\s*([A-Za-z_][A-Za-z0-9_-]*)`)

// secretNames returns the secrets the expressions read, upper-cased; "" stands
// for the whole secrets context.
func secretNames(exprs []string) []string {
	var names []string
	for _, expr := range exprs {
		for _, match := range secretsPattern.FindAllStringSubmatch(expr, -1) {
			names = append(names, strings.ToUpper(match[2]))
		}
	}
	return names
}

// varNames returns the variables the expressions read, upper-cased.
func varNames(exprs []string) []string {
	var names []string
	for _, expr := range exprs {
		for _, match := range varsPattern.FindAllStringSubmatch(expr, -1) {
			names = append(names, strings.ToUpper(match[2]))
		}
	}
	return names
}

// prodStackPatterns match a command that selects the prod stack
// (--stack prod, -s prod, --stack=org/project/prod).
var prodStackPatterns = []*regexp.Regexp{
	regexp.MustCompile(`--stack(?:=|\s+)["']?(?:[\w.-]+/){0,2}prod(?:["'\s;|&)]|$)`),
	regexp.MustCompile(`(?:^|\s)-s\s+["']?(?:[\w.-]+/){0,2}prod(?:["'\s;|&)]|$)`),
}

// selectsProdStack reports whether text selects the prod stack.
func selectsProdStack(text string) bool {
	for _, pattern := range prodStackPatterns {
		if pattern.MatchString(text) {
			return true
		}
	}
	return false
}

// isProdStackName reports whether a stack-name input names prod
// (prod or <org>/<project>/prod).
func isProdStackName(name string) bool {
	name = strings.Trim(strings.TrimSpace(name), `"'`)
	return name == "prod" || strings.HasSuffix(name, "/prod")
}

// writeCommand is a command line that changes Azure or the Pulumi state.
type writeCommand struct {
	pattern *regexp.Regexp
	// previewOnly exempts the line when it also carries --preview-only.
	previewOnly bool
	what        string
}

// writeCommands are the commands no pull-request job may run.
var writeCommands = []writeCommand{
	{regexp.MustCompile(`\bpulumi\s+(?:up|update|cancel|state|watch|new)\b`), false, "changes the stack"},
	{regexp.MustCompile(`\bpulumi\s+(?:refresh|destroy|import)\b`), true, "changes the stack (without --preview-only)"},
	{regexp.MustCompile(`\bpulumi\s+stack\s+(?:init|rm|rename|import|change-secrets-provider|tag\s+(?:set|rm))\b`), false, "changes the state backend"},
	{regexp.MustCompile(`\bpulumi\s+stack\s+select\b.*\s(?:--create|-c)\b`), false, "creates a stack"},
	{regexp.MustCompile(`\baz\s+(?:[a-z0-9-]+\s+){0,4}?(?:create|delete|update|set|add|remove|start|stop|restart|import|build|purge|assign|upload|regenerate|reset|invoke|deploy|run)\b`), false, "writes to Azure"},
	{regexp.MustCompile(`\bdocker\s+push\b`), false, "pushes an image"},
	// docker buildx build --push (and docker build --push, which is buildx
	// on current Docker) push as they build.
	{regexp.MustCompile(`\bdocker\s+(?:buildx\s+)?build\b.*\s--push\b`), false, "pushes an image"},
	{regexp.MustCompile(`--probe\b`), false, "starts the probe job in Azure"},
}

// heredocPattern matches the start of a here-document and names its delimiter.
var heredocPattern = regexp.MustCompile(`<<-?\s*["']?([A-Za-z_][A-Za-z0-9_]*)["']?`)

// writeCommandsIn returns "<line>: <why>" for each line of a shell script
// that runs a write command. Comments and here-document bodies (text a
// script prints, such as the commands it tells a person to run) are skipped.
func writeCommandsIn(script string) []string {
	var found []string
	heredoc := ""
	for _, line := range strings.Split(script, "\n") {
		trimmed := strings.TrimSpace(line)
		if heredoc != "" {
			if trimmed == heredoc {
				heredoc = ""
			}
			continue
		}
		if strings.HasPrefix(trimmed, "#") {
			continue
		}
		for _, cmd := range writeCommands {
			if cmd.pattern.MatchString(line) && !(cmd.previewOnly && strings.Contains(line, "--preview-only")) {
				found = append(found, trimmed+": "+cmd.what)
			}
		}
		if match := heredocPattern.FindStringSubmatch(line); match != nil {
			heredoc = match[1]
		}
	}
	return found
}

// writeInputs returns why a pulumi/actions step's inputs change the stack.
func writeInputs(with map[string]string) []string {
	var found []string
	switch strings.TrimSpace(with["command"]) {
	case "up", "update", "destroy", "refresh", "import":
		found = append(found, "pulumi/actions command: "+with["command"])
	}
	for _, input := range []string{"refresh", "upsert", "remove"} {
		if strings.TrimSpace(with[input]) == "true" {
			found = append(found, "pulumi/actions "+input+": true")
		}
	}
	return found
}

// scriptPattern matches a repository script a run step calls.
var scriptPattern = regexp.MustCompile(`\.github/scripts/[A-Za-z0-9_.-]+`)
