package stackconfig

import "regexp"

// Azure naming rules, each with the sentence an error quotes.
var (
	// Container registry: 5-50 alphanumerics, globally unique.
	registryNameRule = regexp.MustCompile(`^[a-zA-Z0-9]{5,50}$`)
	// Azure regions as ARM spells them: lowercase letters and digits.
	locationRule = regexp.MustCompile(`^[a-z][a-z0-9]{2,39}$`)
	// baseName feeds rg-, vnet-, id- and cae- names.
	baseNameRule = regexp.MustCompile(`^[a-z][a-z0-9-]{0,22}[a-z0-9]$`)
	// Resource group: 1-90 of letters, digits, _ - . ( ), not ending in a period.
	resourceGroupRule = regexp.MustCompile(`^[-\w.()]{0,89}[-\w()]$`)
	// Virtual network: 2-64, letters, digits, _ - . ; starts alnum, ends alnum or _.
	vnetNameRule = regexp.MustCompile(`^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}[a-zA-Z0-9_]$`)
	// User-assigned identity: 3-128, letters, digits, _ -; starts alnum.
	identityNameRule = regexp.MustCompile(`^[a-zA-Z0-9][a-zA-Z0-9_-]{2,127}$`)
	// Container Apps environment: 2-60 lowercase letters, digits, hyphens;
	// starts with a letter, ends alnum.
	environmentNameRule = regexp.MustCompile(`^[a-z][a-z0-9-]{0,58}[a-z0-9]$`)
	// Container app: 2-32 lowercase letters, digits, hyphens; starts with a
	// letter, ends alnum, no "--".
	containerAppNameRule = regexp.MustCompile(`^[a-z][a-z0-9-]{0,30}[a-z0-9]$`)
	// Workload profile name: letters, digits, hyphens, starting with a letter.
	profileNameRule = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9-]{0,14}$`)
	// Repository: lowercase path components separated by /, each alnum with
	// ., _, __ or - separators (OCI distribution spec).
	repositoryRule = regexp.MustCompile(`^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*$`)
	// Tag: up to 128 of letters, digits, _ . -; not starting with . or -.
	tagRule = regexp.MustCompile(`^[a-zA-Z0-9_][a-zA-Z0-9_.-]{0,127}$`)
	// Environment variable name.
	envNameRule = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	// Container memory, e.g. 1Gi or 0.5Gi.
	memoryRule = regexp.MustCompile(`^[0-9]+(\.[0-9]+)?Gi$`)
)
