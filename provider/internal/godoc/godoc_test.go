package godoc

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestDescribe(t *testing.T) {
	for _, c := range []struct{ goName, comment, want string }{
		{"Count", "Count is the number of agents.", "The number of agents."},
		{"Apps", "Apps are the web apps. Plain list.", "The web apps. Plain list."},
		{"Internal", "Internal gives the environment an IP.", "Gives the environment an IP."},
		{"Count", "Countless things are not about Count.", "Countless things are not about Count."},
		{"Count", "A comment that does not start with it.", "A comment that does not start with it."},
		{"Count", "", ""},
		{"Count", "Deprecated: use Size instead.\n\nCount is the number of agents.",
			"Deprecated: use Size instead.\n\nThe number of agents."},
		{"Count", "Deprecated: use Size instead.", "Deprecated: use Size instead."},
	} {
		assert.Equal(t, c.want, Describe(c.goName, c.comment), c.comment)
	}
}

func TestParseKeepsTaggedFieldsOnly(t *testing.T) {
	docs, err := Parse("../../../components")
	assert.NoError(t, err)
	assert.Contains(t, docs, "PullIdentity")
	assert.Equal(t, "The identity's client (application) id.", docs["PullIdentity"].Fields["clientId"])
	assert.NotContains(t, docs["PullIdentity"].Fields, "AcrPullAssignment", "untagged fields are not in the schema")
	assert.NotContains(t, docs, "AppServiceSku", "a type without tagged fields is not served")
}
