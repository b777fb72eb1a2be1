package harness

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// PlaintextPaths returns the property paths where value occurs in a plain
// (non-secret) string. Values inside secrets are skipped.
func PlaintextPaths(inputs resource.PropertyMap, value string) []string {
	var found []string
	var walk func(path string, v resource.PropertyValue)
	walk = func(path string, v resource.PropertyValue) {
		switch {
		case v.IsSecret():
			return
		case v.IsString():
			if strings.Contains(v.StringValue(), value) {
				found = append(found, path)
			}
		case v.IsObject():
			for k, e := range v.ObjectValue() {
				walk(path+"."+string(k), e)
			}
		case v.IsArray():
			for i, e := range v.ArrayValue() {
				walk(fmt.Sprintf("%s[%d]", path, i), e)
			}
		case v.IsOutput():
			if !v.OutputValue().Secret {
				walk(path, v.OutputValue().Element)
			}
		}
	}
	walk("", resource.NewProperty(inputs))
	return found
}

// Strings returns every string value in inputs, in no fixed order, secrets
// and outputs unwrapped: what a test searches for a value that must appear
// nowhere (a storage key, a connection string).
func Strings(inputs resource.PropertyMap) []string {
	var out []string
	var walk func(v resource.PropertyValue)
	walk = func(v resource.PropertyValue) {
		switch {
		case v.IsSecret():
			walk(v.SecretValue().Element)
		case v.IsOutput():
			walk(v.OutputValue().Element)
		case v.IsString():
			out = append(out, v.StringValue())
		case v.IsObject():
			for _, e := range v.ObjectValue() {
				walk(e)
			}
		case v.IsArray():
			for _, e := range v.ArrayValue() {
				walk(e)
			}
		}
	}
	walk(resource.NewProperty(inputs))
	return out
}

// keyedStorage are (lower-case) marks of a storage key in use: a connection
// string, an account key, a SAS, or an Azure Files content share setting.
var keyedStorage = []string{"accountkey=", "defaultendpointsprotocol", "sharedaccesssignature",
	"website_contentazurefileconnectionstring", "website_contentshare"}

// StorageKeyUses returns "<name> carries <mark>" for every registration
// whose inputs, secrets included, carry a storage key or a content-share
// setting: what a keyless deployment must never register.
func StorageKeyUses(regs []Registration) []string {
	var found []string
	for _, r := range regs {
		text := strings.ToLower(strings.Join(Strings(r.Inputs), "\n"))
		for _, mark := range keyedStorage {
			if strings.Contains(text, mark) {
				found = append(found, r.Name+" carries "+mark)
			}
		}
	}
	return found
}
