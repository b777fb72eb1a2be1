package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// markdownLink matches an inline link's target: [text](target).
var markdownLink = regexp.MustCompile(`\]\(([^)\s]+)\)`)

// markdownHeading matches an ATX heading outside code blocks.
var markdownHeading = regexp.MustCompile(`^#{1,6} (.+)$`)

// TestDocsLinksResolve keeps the README and the pages under docs/ linked
// together: every relative link names a file of the repository and, with a
// #fragment, a heading of that file (GitHub's anchor for it). Moving a section
// between pages breaks a link; this test names it.
func TestDocsLinksResolve(t *testing.T) {
	pages, err := filepath.Glob("docs/*.md")
	require.NoError(t, err)
	require.NotEmpty(t, pages, "docs/ holds the reference pages")
	pages = append(pages, "README.md", "examples/typescript/README.md", "examples/yaml/README.md")
	for _, page := range pages {
		text := readDoc(t, page)
		for _, m := range markdownLink.FindAllStringSubmatch(withoutCodeBlocks(text), -1) {
			target := m[1]
			if strings.Contains(target, "://") || strings.HasPrefix(target, "mailto:") {
				continue
			}
			file, fragment, _ := strings.Cut(target, "#")
			resolved := page
			if file != "" {
				resolved = filepath.Join(filepath.Dir(page), file)
			}
			info, err := os.Stat(resolved)
			if !assert.NoError(t, err, "%s links to %s, which does not exist", page, target) {
				continue
			}
			if fragment == "" || info.IsDir() {
				continue
			}
			assert.Contains(t, headingAnchors(readDoc(t, resolved)), fragment,
				"%s links to %s: %s has no heading with that anchor", page, target, resolved)
		}
	}
}

// TestReadmeIsTheFrontDoor: the first screen of the README says what
// privatepull is and gives the two set-up commands, and the README links every
// page under docs/.
func TestReadmeIsTheFrontDoor(t *testing.T) {
	readme := readDoc(t, "README.md")
	firstScreen := strings.Join(strings.SplitN(readme, "\n", 40)[:39], "\n")
	assert.Contains(t, firstScreen, "pulumi login --local", "the deploy command is on the first screen")
	assert.Contains(t, firstScreen, "pulumi up --stack dev", "the deploy command is on the first screen")
	assert.Contains(t, firstScreen, "go test ./...", "the test command is on the first screen")
	pages, err := filepath.Glob("docs/*.md")
	require.NoError(t, err)
	for _, page := range pages {
		assert.Contains(t, readme, "("+page+")", "README.md does not link %s", page)
	}
}

// readDoc reads a Markdown file of the repository.
func readDoc(t *testing.T, path string) string {
	t.Helper()
	raw, err := os.ReadFile(path)
	require.NoError(t, err)
	return string(raw)
}

// withoutCodeBlocks blanks fenced code blocks, whose brackets are not links.
func withoutCodeBlocks(text string) string {
	var out []string
	fenced := false
	for _, line := range strings.Split(text, "\n") {
		if strings.HasPrefix(line, "```") {
			fenced = !fenced
			continue
		}
		if !fenced {
			out = append(out, line)
		}
	}
	return strings.Join(out, "\n")
}

// headingAnchors returns the anchors GitHub gives the headings of a Markdown
// text: lower case, punctuation other than hyphens and underscores dropped,
// spaces turned into hyphens.
func headingAnchors(text string) []string {
	var anchors []string
	for _, line := range strings.Split(withoutCodeBlocks(text), "\n") {
		m := markdownHeading.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		var b strings.Builder
		for _, r := range strings.ToLower(strings.TrimSpace(m[1])) {
			switch {
			case r == ' ':
				b.WriteRune('-')
			case r == '-' || r == '_' || (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') || r > 127:
				b.WriteRune(r)
			}
		}
		anchors = append(anchors, b.String())
	}
	return anchors
}
