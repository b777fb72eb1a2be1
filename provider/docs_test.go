package main

import (
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/privatepull/privatepull/provider/internal/godoc"
)

// TestDocsGen keeps docs_gen.go (the doc comments of ../components, which the
// binary serves as schema descriptions) in step with the source: after a
// change to a component's comments or tags run `go generate` (or
// `go test -run TestDocsGen -update .`) in provider/.
func TestDocsGen(t *testing.T) {
	docs, err := godoc.Parse("../components")
	require.NoError(t, err)
	want := godoc.Render("main", docs)
	if *update {
		require.NoError(t, os.WriteFile("docs_gen.go", []byte(want), 0o644))
	}
	got, err := os.ReadFile("docs_gen.go")
	require.NoError(t, err)
	assert.Equal(t, want, string(got), "docs_gen.go is stale: run `go generate` in provider/")
}
