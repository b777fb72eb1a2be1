package stackconfig

import (
	"strings"

	"github.com/privatepull/privatepull/components"
)

// repositoryPrefixSentence is the rule an invalid prefix breaks.
const repositoryPrefixSentence = "lowercase letters and digits separated by . _ __ - or /, ending with /, e.g. shop/"

// checkRepositoryPrefix records a problem when prefix is not a repository
// prefix.
func checkRepositoryPrefix(p *problems, key, prefix string) {
	if !components.IsRepositoryPrefix(prefix) {
		p.addf(key, "%q is not a repository prefix: %s", prefix, repositoryPrefixSentence)
	}
}

// underPrefix reports whether a repository lies under a prefix (which ends
// with "/").
func underPrefix(repository, prefix string) bool {
	return strings.HasPrefix(repository, prefix) && len(repository) > len(prefix)
}

// prefixesOverlap reports whether one prefix contains the other: a team
// granted the shorter one could pull the other team's images.
func prefixesOverlap(a, b string) bool {
	return strings.HasPrefix(a, b) || strings.HasPrefix(b, a)
}
