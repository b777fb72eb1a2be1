package stackconfig

import (
	"sort"
	"strings"
	"unicode/utf8"
)

// Azure's tag limits (Microsoft Learn, "Use tags to organize your Azure
// resources"): at most 50 tags per resource but only 15 on private DNS zones
// (which every stack has); names of at most 512 characters and values of at
// most 256; names must not contain < > % & \ ? / ; DNS zones refuse names with
// spaces or starting with a digit; Azure reserves the prefixes microsoft,
// azure and windows.
const (
	maxTags         = 15
	maxTagName      = 512
	maxTagValue     = 256
	tagNameBadChars = `<>%&\?/`
)

// reservedTagPrefixes are tag name prefixes Azure refuses.
var reservedTagPrefixes = []string{"microsoft", "azure", "windows"}

// validateTags checks the tags applied to every taggable resource against the
// strictest rule among the resource types privatepull deploys (private DNS
// zones included), so that no resource refuses them mid-deployment.
func validateTags(cfg *Config, p *problems) {
	if len(cfg.Tags) > maxTags {
		p.addf(KeyTags, "has %d tags; private DNS zones accept at most %d", len(cfg.Tags), maxTags)
	}
	names := make([]string, 0, len(cfg.Tags))
	for k := range cfg.Tags {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, name := range names {
		value := cfg.Tags[name]
		switch {
		case name == "" || utf8.RuneCountInString(name) > maxTagName:
			p.addf(KeyTags, "tag name %q must be 1-%d characters", name, maxTagName)
		case strings.ContainsAny(name, tagNameBadChars):
			p.addf(KeyTags, "tag name %q contains one of %s, which Azure refuses in tag names", name, tagNameBadChars)
		case strings.ContainsAny(name, " \t"):
			p.addf(KeyTags, "tag name %q contains a space, which private DNS zones refuse", name)
		case name[0] >= '0' && name[0] <= '9':
			p.addf(KeyTags, "tag name %q starts with a digit, which private DNS zones refuse", name)
		case hasReservedPrefix(strings.ToLower(name)):
			p.addf(KeyTags, "tag name %q starts with a prefix Azure reserves (microsoft, azure, windows)", name)
		}
		if utf8.RuneCountInString(value) > maxTagValue {
			p.addf(KeyTags, "the value of tag %q has %d characters; Azure allows at most %d",
				name, utf8.RuneCountInString(value), maxTagValue)
		}
	}
}

// hasReservedPrefix reports a tag name (lower-cased) with a reserved prefix.
func hasReservedPrefix(lowerName string) bool {
	for _, prefix := range reservedTagPrefixes {
		if strings.HasPrefix(lowerName, prefix) {
			return true
		}
	}
	return false
}
