package stackconfig

import (
	"sort"
	"strings"
)

// checkUnknownKeys rejects every privatepull key the program does not read: a
// typo (privatepull:ProtectRegistry, privatepull:replica) would otherwise drop
// its setting silently. Each problem suggests the closest known key.
func checkUnknownKeys(raw map[string]string, p *problems) {
	known := map[string]bool{}
	for _, k := range AllKeys() {
		known[k] = true
	}
	var unknown []string
	for k := range raw {
		if !known[k] {
			unknown = append(unknown, k)
		}
	}
	sort.Strings(unknown)
	for _, k := range unknown {
		if guess := closestKey(k); guess != "" {
			p.addf(k, "is not a privatepull setting (did you mean %s?); privatepull would ignore it", qualified(guess))
		} else {
			p.addf(k, "is not a privatepull setting; privatepull would ignore it (see docs/installation-configuration.md)")
		}
	}
}

// closestKey returns the known key nearest to key: a case-insensitive match
// first, else the smallest edit distance within a third of the key's length.
func closestKey(key string) string {
	best, bestDistance := "", len(key)/3+1
	for _, k := range AllKeys() {
		if strings.EqualFold(k, key) {
			return k
		}
		if d := editDistance(strings.ToLower(k), strings.ToLower(key)); d < bestDistance {
			best, bestDistance = k, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between two strings (bytes).
func editDistance(a, b string) int {
	previous := make([]int, len(b)+1)
	current := make([]int, len(b)+1)
	for j := range previous {
		previous[j] = j
	}
	for i := 1; i <= len(a); i++ {
		current[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			current[j] = min(previous[j]+1, current[j-1]+1, previous[j-1]+cost)
		}
		previous, current = current, previous
	}
	return previous[len(b)]
}
