package stackconfig

import "fmt"

// warnMutableTags warns about mutable tags (latest) in a stack that protects
// its registry (production): a changed `latest` creates no new Container Apps
// revision and no new App Service deployment, so what runs cannot be told from
// what the stack says, and a restart may silently pull another image.
func warnMutableTags(cfg *Config) {
	if !cfg.ProtectRegistry {
		return
	}
	warn := func(key, tag string) {
		if tag == DefaultAppImageTag {
			cfg.Warnings = append(cfg.Warnings, fmt.Sprintf("%s: the mutable tag %q in a protected (production) stack: "+
				"a changed %q creates no new revision, and a restart may pull a different image; deploy an immutable "+
				"tag (a version or the commit SHA)", qualified(key), tag, tag))
		}
	}
	for i, a := range cfg.ContainerApps {
		warn(entryKey(KeyContainerApps, i, "tag"), a.Tag)
	}
	for i, w := range cfg.WebApps {
		warn(entryKey(KeyWebApps, i, "tag"), w.Tag)
	}
	for i, f := range cfg.FunctionApps {
		warn(entryKey(KeyFunctionApps, i, "tag"), f.Tag)
	}
}
