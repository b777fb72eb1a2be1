package stackconfig

import "encoding/json"

// explicitPlatform reads privatepull:platform strictly (an unknown field is
// an error); an empty object, the default, leaves cfg.Platform nil.
func (r *reader) explicitPlatform(cfg *Config) {
	v, ok := r.value(KeyPlatform)
	if !ok {
		return
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal([]byte(v), &fields); err != nil {
		r.addf(KeyPlatform, "cannot read the value: %v (want an object of the platform's ids)", describeJSONError(err))
		return
	}
	if len(fields) == 0 {
		return
	}
	var platform ExplicitPlatform
	r.object(KeyPlatform, &platform)
	cfg.Platform = &platform
}

// applyAppStackDefaults names an app stack's resources after its team when
// baseName is unset (rg-<team>, id-<team>, <team>-web<n>-<suffix>).
func applyAppStackDefaults(cfg *Config, raw map[string]string) {
	if cfg.IsAppStack() && cfg.TeamName != "" && !isSetAway(raw, KeyBaseName) {
		cfg.BaseName = cfg.TeamName
	}
}
