package harness

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"gopkg.in/yaml.v3"
)

// projectFile is the part of Pulumi.yaml the harness reads.
type projectFile struct {
	Name   string                    `yaml:"name"`
	Config map[string]map[string]any `yaml:"config"`
}

// stackFile is the part of Pulumi.<stack>.yaml the harness reads.
type stackFile struct {
	Config map[string]any `yaml:"config"`
}

// ProjectConfigDeclarations returns Pulumi.yaml's config block: unqualified
// key -> declaration (type, description, default, ...).
func ProjectConfigDeclarations(projectDir string) (map[string]map[string]any, error) {
	var project projectFile
	if err := readYAML(filepath.Join(projectDir, "Pulumi.yaml"), &project); err != nil {
		return nil, err
	}
	return project.Config, nil
}

// StackConfig returns the configuration the Pulumi CLI would pass the program
// for a stack: Pulumi.yaml's defaults overlaid with Pulumi.<stack>.yaml, keys
// qualified, structured values as JSON. A `secure:` value cannot be decrypted
// here; it becomes a placeholder and its key is listed in the secret keys.
func StackConfig(projectDir, stack string) (map[string]string, []string, error) {
	var project projectFile
	if err := readYAML(filepath.Join(projectDir, "Pulumi.yaml"), &project); err != nil {
		return nil, nil, err
	}
	var file stackFile
	if err := readYAML(filepath.Join(projectDir, "Pulumi."+stack+".yaml"), &file); err != nil {
		return nil, nil, err
	}
	config := map[string]string{}
	var secrets []string
	for key, decl := range project.Config {
		if def, ok := decl["default"]; ok {
			raw, err := rawValue(def)
			if err != nil {
				return nil, nil, fmt.Errorf("default of %s in Pulumi.yaml: %w", key, err)
			}
			config[project.Name+":"+key] = raw
		}
	}
	for key, value := range file.Config {
		if !strings.Contains(key, ":") {
			key = project.Name + ":" + key
		}
		if m, ok := value.(map[string]any); ok && len(m) == 1 && m["secure"] != nil {
			config[key] = "placeholder-secret-for-" + key
			secrets = append(secrets, key)
			continue
		}
		raw, err := rawValue(value)
		if err != nil {
			return nil, nil, fmt.Errorf("value of %s in Pulumi.%s.yaml: %w", key, stack, err)
		}
		config[key] = raw
	}
	return config, secrets, nil
}

// rawValue renders a YAML value the way the CLI passes it to a program.
func rawValue(v any) (string, error) {
	switch t := v.(type) {
	case string:
		return t, nil
	case bool, int, float64:
		return fmt.Sprint(t), nil
	default:
		b, err := json.Marshal(t)
		return string(b), err
	}
}

func readYAML(path string, into any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("read %s: %w", path, err)
	}
	if err := yaml.Unmarshal(b, into); err != nil {
		return fmt.Errorf("parse %s: %w", path, err)
	}
	return nil
}
