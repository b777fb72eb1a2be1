package stackconfig

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Secret is a configuration value that must stay a Pulumi secret. It never
// prints its value.
type Secret struct {
	value string
}

// NewSecret wraps a value.
func NewSecret(value string) Secret { return Secret{value: value} }

// IsSet reports whether a value was configured.
func (s Secret) IsSet() bool { return s.value != "" }

// Output returns the value as a secret Pulumi output.
func (s Secret) Output() pulumi.StringOutput {
	return pulumi.ToSecret(pulumi.String(s.value)).(pulumi.StringOutput)
}

// String hides the value.
func (s Secret) String() string { return "[secret]" }

// GoString hides the value from %#v too.
func (s Secret) GoString() string { return "stackconfig.Secret{[secret]}" }

// parseRegistryURL checks https://host[:port] (no path, query or user) and
// returns host[:port].
func parseRegistryURL(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "https" || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" ||
		strings.Trim(u.Path, "/") != "" {
		return "", fmt.Errorf("%q is not a registry URL (want https://host[:port], e.g. https://registry.contoso.internal)", raw)
	}
	return u.Host, nil
}
