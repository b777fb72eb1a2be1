package stackconfig

import (
	"fmt"
	"net/netip"
)

// parseCIDR parses an IPv4 network in canonical form (no host bits set).
func parseCIDR(value string) (netip.Prefix, error) {
	prefix, err := netip.ParsePrefix(value)
	if err != nil {
		return netip.Prefix{}, fmt.Errorf("%q is not a CIDR (want e.g. 10.0.0.0/16)", value)
	}
	if !prefix.Addr().Is4() {
		return netip.Prefix{}, fmt.Errorf("%q is not an IPv4 CIDR", value)
	}
	if prefix.Masked() != prefix {
		return netip.Prefix{}, fmt.Errorf("%q has host bits set (did you mean %s?)", value, prefix.Masked())
	}
	return prefix, nil
}

// within reports whether inner lies entirely inside outer.
func within(outer, inner netip.Prefix) bool {
	return outer.Bits() <= inner.Bits() && outer.Contains(inner.Addr())
}

// usableAddresses is the number of addresses Azure leaves usable in a subnet:
// it reserves five in every subnet.
func usableAddresses(p netip.Prefix) int {
	return (1 << (32 - p.Bits())) - 5
}
