package stackconfig

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// ReadPlatform reads and validates what an app stack takes from its
// platform, before any Azure resource is registered: the platform stack's
// outputs through a StackReference (platformStack), or the ids given in
// privatepull:platform. A missing or malformed output is an error naming
// privatepull:platformStack, the output and the rule; an unknown one (a
// preview) is passed through unchecked; a secret one stays secret. The
// values are then checked against the stack's configuration (location,
// cloud, workload profiles, the registry's mode); cfg.Location defaults to
// the platform's. Every problem is reported in one *Error.
func ReadPlatform(ctx *pulumi.Context, cfg *Config) (*Platform, error) {
	var p problems
	var platform *Platform
	var facts platformFacts
	if cfg.Platform != nil {
		platform, facts = explicitPlatform(cfg)
	} else {
		names := append([]string{}, PlatformExports...)
		for _, f := range platformFields {
			names = append(names, f.name)
		}
		ref, outputs, err := readPlatformOutputs(ctx, cfg.PlatformStack, names)
		if err != nil {
			return nil, err
		}
		checkPlatformOutputs(cfg, outputs, &p)
		platform, facts = referencedPlatform(cfg, ref, outputs)
	}
	crossCheckPlatform(cfg, facts, &p)
	if err := p.err(); err != nil {
		return nil, err
	}
	platform.Location = cfg.Location
	if platform.RoleAssignmentMode == "" {
		platform.RoleAssignmentMode = RoleAssignmentModeLegacy
	}
	if facts.mode == "" && cfg.IdentityMode == IdentityModeOwn {
		cfg.Warnings = append(cfg.Warnings, fmt.Sprintf("%s: the platform's %s is not known in this preview; the "+
			"preview shows the grant of %s", qualified(KeyPlatformStack), OutputRegistryRoleAssignmentMode,
			RoleAssignmentModeLegacy))
	}
	return platform, nil
}

// checkPlatformOutputs checks every output this app stack needs: present
// (a missing one is an error naming the output and what exports it) and,
// when known, valid.
func checkPlatformOutputs(cfg *Config, outputs map[string]platformOutput, p *problems) {
	for _, f := range platformFields {
		o := outputs[f.name]
		switch {
		case !f.needed(cfg):
		case !o.present:
			p.addf(KeyPlatformStack, "the platform stack %s has no output %s (%s): run `pulumi up` on the platform "+
				"stack with this version of privatepull, which exports it", cfg.PlatformStack, f.name, f.why)
		case o.known:
			if err := f.check(cfg, o.value); err != nil {
				p.addf(KeyPlatformStack, "platform output %s of %s: %v", f.name, cfg.PlatformStack, err)
			}
		}
	}
}
