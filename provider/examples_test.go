package main

import (
	"encoding/json"
	"os"
	"path"
	"regexp"
	"strings"
	"testing"

	pschema "github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"
)

// The examples consume the package from this directory.
const (
	yamlExample = "../examples/yaml/Pulumi.yaml"
	tsExample   = "../examples/typescript/index.ts"
	tsProject   = "../examples/typescript/Pulumi.yaml"
	tsPackage   = "../examples/typescript/package.json"
	tsReadme    = "../examples/typescript/README.md"
	overviewDoc = "../docs/_index.md"
	schemaFile  = "testdata/schema.json"
)

// sdkDir is the directory, relative to the project, where `pulumi package add`
// writes the SDK it generates for a package, derived from the schema's name and
// namespace exactly as the CLI does it (pulumi/pulumi
// pkg/cmd/pulumi/packages/packages.go, InstallPackage; since v3.157.0):
//
//	out := filepath.Join(root, "sdks")
//	outName := pkg.Name
//	if pkg.Namespace != "" {
//		outName = pkg.Namespace + "-" + outName
//	}
//	out = filepath.Join(out, outName)
//
// For privatepull (name privatepull, namespace privatepull) that is
// sdks/privatepull-privatepull. The path is slash-separated: package.json and
// the READMEs write it that way on every platform.
func sdkDir(name, namespace string) string {
	outName := name
	if namespace != "" {
		outName = namespace + "-" + outName
	}
	return path.Join("sdks", outName)
}

// committedSchemaSDKDir returns sdkDir for the reviewed schema in testdata.
func committedSchemaSDKDir(t *testing.T) string {
	t.Helper()
	raw, err := os.ReadFile(schemaFile)
	require.NoError(t, err)
	var spec struct {
		Name      string `json:"name"`
		Namespace string `json:"namespace"`
	}
	require.NoError(t, json.Unmarshal(raw, &spec))
	require.NotEmpty(t, spec.Name, "%s has no name", schemaFile)
	return sdkDir(spec.Name, spec.Namespace)
}

// checker checks a program's use of the package against the schema.
type checker struct {
	t    *testing.T
	spec pschema.PackageSpec
}

// resource checks one component's properties: every one is an input of the
// token (nested objects against their types), every required input is set.
func (c checker) resource(where, token string, props map[string]any) {
	r, ok := c.spec.Resources[token]
	if !assert.True(c.t, ok, "%s: the schema has no %s", where, token) {
		return
	}
	c.object(where, r.InputProperties, r.RequiredInputs, props)
}

// object checks the keys of an object value against properties.
func (c checker) object(where string, props map[string]pschema.PropertySpec, required []string, value map[string]any) {
	for key, v := range value {
		p, ok := props[key]
		if !assert.True(c.t, ok, "%s.%s is not a property the schema has", where, key) {
			continue
		}
		c.value(where+"."+key, p.TypeSpec, v)
	}
	for _, r := range required {
		assert.Contains(c.t, value, r, "%s misses the required %s", where, r)
	}
}

// value checks a nested value: objects of a $ref type, lists of them.
func (c checker) value(where string, ts pschema.TypeSpec, v any) {
	switch v := v.(type) {
	case map[string]any:
		if tok, ok := strings.CutPrefix(ts.Ref, "#/types/"); ok {
			obj := c.spec.Types[tok].ObjectTypeSpec
			c.object(where, obj.Properties, obj.Required, v)
		}
	case []any:
		if ts.Items != nil {
			for _, item := range v {
				c.value(where+"[]", *ts.Items, item)
			}
		}
	}
}

// output checks that a component's output is in the schema.
func (c checker) output(where, token, prop string) {
	assert.Contains(c.t, c.spec.Resources[token].Properties, prop, "%s: %s has no output %s", where, token, prop)
}

// splitComposition is what both examples compose: each long pole in a
// component of its own (variable or resource key -> type token).
var splitComposition = map[string]string{
	"network": "privatepull:index:PrivateNetwork", "dns": "privatepull:index:PrivateDnsZones",
	"registry": "privatepull:index:PrivateRegistry", "endpoints": "privatepull:index:RegistryEndpoints",
	"images": "privatepull:index:RegistryImages", "identity": "privatepull:index:PullIdentity",
	"environment": "privatepull:index:ContainerAppsEnvironment", "apps": "privatepull:index:ContainerAppWorkload",
}

// legacyNames are the examples' logical names: the DNS zones, the endpoints,
// the images and the environment are named like the component their
// children came from, so an example stack deployed before the split keeps
// them (aliases).
var legacyNames = map[string]string{
	"network": "network", "dns": "network", "registry": "registry", "endpoints": "registry", "images": "registry",
	"identity": "identity", "environment": "apps", "apps": "apps",
}

// TestYAMLExampleMatchesTheSchema parses the YAML program: every privatepull
// resource uses a served token, only its inputs (nested objects too), all
// required ones, and ${resource.output} references name outputs it has.
func TestYAMLExampleMatchesTheSchema(t *testing.T) {
	types, logicalNames := checkYAMLProgram(t, checker{t, schema(t)}, yamlExample)
	assert.Equal(t, splitComposition, types)
	assert.Equal(t, legacyNames, logicalNames, "components that took over children keep the old component's name")
}

// checkYAMLProgram checks a YAML program's privatepull resources and
// references against the schema and returns each resource's type and
// logical name by resource key.
func checkYAMLProgram(t *testing.T, c checker, file string) (types, logicalNames map[string]string) {
	t.Helper()
	raw, err := os.ReadFile(file)
	require.NoError(t, err)
	var program struct {
		Packages  map[string]string `yaml:"packages"`
		Resources map[string]struct {
			Type       string         `yaml:"type"`
			Name       string         `yaml:"name"`
			Properties map[string]any `yaml:"properties"`
		} `yaml:"resources"`
	}
	require.NoError(t, yaml.Unmarshal(raw, &program))
	assert.Equal(t, "../../provider", program.Packages["privatepull"])

	types, logicalNames = map[string]string{}, map[string]string{}
	for name, r := range program.Resources {
		types[name] = r.Type
		logicalNames[name] = name
		if r.Name != "" {
			logicalNames[name] = r.Name
		}
		if strings.HasPrefix(r.Type, "privatepull:") {
			c.resource(name, r.Type, r.Properties)
		}
	}
	refs := regexp.MustCompile(`\$\{([\w-]+)\.(\w+)`).FindAllStringSubmatch(string(raw), -1)
	require.NotEmpty(t, refs)
	for _, ref := range refs {
		if tok := types[ref[1]]; strings.HasPrefix(tok, "privatepull:") {
			c.output(ref[0], tok, ref[2])
		}
	}
	return types, logicalNames
}

// TestTypeScriptExampleMatchesTheSchema reads every
// `new privatepull.X("name", {...})` of index.ts: X is a served component,
// the object literal's keys (nested objects too) are its inputs, the
// required ones are set, and `variable.output` uses of those variables name
// outputs X has.
func TestTypeScriptExampleMatchesTheSchema(t *testing.T) {
	variables, logicalNames := checkTypeScriptProgram(t, checker{t, schema(t)}, tsExample)
	assert.Equal(t, splitComposition, variables)
	assert.Equal(t, legacyNames, logicalNames, "components that took over children keep the old component's name")

	var pkg struct {
		Dependencies map[string]string `json:"dependencies"`
		AllowScripts map[string]bool   `json:"allowScripts"`
	}
	raw, err := os.ReadFile(tsPackage)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(raw, &pkg))
	link := "file:" + committedSchemaSDKDir(t)
	assert.Equal(t, link, pkg.Dependencies["@privatepull/privatepull"],
		"the directory `pulumi package add` generates the SDK into (never committed)")
	// The CLI's npm link (sdk/nodejs/npm/npm.go, Link; since v3.247.0) also
	// sets allowScripts["file:<sdk dir>"] = true, so that npm 11.16+ runs the
	// local SDK's postinstall build (npm 12 skips it otherwise). Committed,
	// `pulumi package add` and `pulumi install` leave package.json unchanged.
	assert.Equal(t, map[string]bool{link: true}, pkg.AllowScripts)
	var project struct {
		Packages map[string]string `yaml:"packages"`
	}
	raw, err = os.ReadFile(tsProject)
	require.NoError(t, err)
	require.NoError(t, yaml.Unmarshal(raw, &project))
	assert.Equal(t, "../../provider", project.Packages["privatepull"])
}

// checkTypeScriptProgram checks a TypeScript program's
// `const v = new privatepull.X("name", {...})` against the schema and
// returns each variable's type token and logical name.
func checkTypeScriptProgram(t *testing.T, c checker, file string) (variables, logicalNames map[string]string) {
	t.Helper()
	raw, err := os.ReadFile(file)
	require.NoError(t, err)
	src := string(raw)
	assert.Contains(t, src, `import * as privatepull from "@privatepull/privatepull";`)

	news := regexp.MustCompile(`const (\w+) = new privatepull\.(\w+)\(\s*"([^"]*)",\s*`).FindAllStringSubmatchIndex(src, -1)
	variables, logicalNames = map[string]string{}, map[string]string{}
	for _, m := range news {
		variable, token := src[m[2]:m[3]], "privatepull:index:"+src[m[4]:m[5]]
		variables[variable], logicalNames[variable] = token, src[m[6]:m[7]]
		args, ok := (&tsParser{src: src, pos: m[1]}).value().(map[string]any)
		require.True(t, ok, "%s: the arguments are not an object literal", variable)
		c.resource(variable, token, args)
	}
	for _, ref := range regexp.MustCompile(`\b(\w+)\.(\w+)\b`).FindAllStringSubmatch(src, -1) {
		if token, ok := variables[ref[1]]; ok {
			c.output(ref[0], token, ref[2])
		}
	}
	return variables, logicalNames
}

// preSplitComposition is what the examples composed before the split
// (testdata/pre-split: examples/yaml/Pulumi.yaml and
// examples/typescript/index.ts of fbc2a41, the split's parent): four
// components holding the DNS zones, the endpoints, the images and the
// environment. Programs written that way keep working: their inputs and
// outputs are still served, deprecated.
var preSplitComposition = map[string]string{
	"network": "privatepull:index:PrivateNetwork", "registry": "privatepull:index:PrivateRegistry",
	"identity": "privatepull:index:PullIdentity", "apps": "privatepull:index:ContainerAppWorkload",
}

// TestPreSplitExamplesMatchTheSchema: the examples as they were before the
// split still use only inputs and outputs the schema has, and every
// required input.
func TestPreSplitExamplesMatchTheSchema(t *testing.T) {
	c := checker{t, schema(t)}
	types, _ := checkYAMLProgram(t, c, "testdata/pre-split/Pulumi.yaml")
	assert.Equal(t, preSplitComposition, types)
	variables, _ := checkTypeScriptProgram(t, c, "testdata/pre-split/index.ts")
	assert.Equal(t, preSplitComposition, variables)
}

// TestSDKPathIsTheOneTheCLIWrites: the CLI writes a namespaced package's SDK
// to sdks/<namespace>-<name>; the example's package.json links it from there,
// and the READMEs that tell users where it is name that directory and no other
// sdks/ directory.
func TestSDKPathIsTheOneTheCLIWrites(t *testing.T) {
	assert.Equal(t, "sdks/privatepull-privatepull", sdkDir("privatepull", "privatepull"))
	assert.Equal(t, "sdks/aws", sdkDir("aws", ""), "a package without a namespace keeps its name")

	dir := committedSchemaSDKDir(t)
	mention := regexp.MustCompile(`sdks/[\w.-]+`)
	for _, doc := range []string{tsReadme, overviewDoc} {
		raw, err := os.ReadFile(doc)
		require.NoError(t, err)
		found := mention.FindAllString(string(raw), -1)
		require.NotEmpty(t, found, "%s never says where the SDK is generated", doc)
		for _, m := range found {
			assert.Equal(t, dir, m, "%s names an SDK directory the CLI does not write", doc)
		}
	}
}

// TestTheTypeScriptParserCatchesMistakes: the check can fail.
func TestTheTypeScriptParserCatchesMistakes(t *testing.T) {
	src := `{ location, name: "a", // it's a comment
		privateEndpoints: [{ name: ` + "`pe-${x}`" + `, subnetId: net.id, dnsZoneId: "z", bogus: f(1, {a: 2}) }],
		tags: { "k": "v" }, /* block */ protect: true }`
	got := (&tsParser{src: src}).value()
	assert.Equal(t, map[string]any{
		"location": expr, "name": expr, "protect": expr, "tags": map[string]any{"k": expr},
		"privateEndpoints": []any{map[string]any{"name": expr, "subnetId": expr, "dnsZoneId": expr, "bogus": expr}},
	}, got)
}

// expr stands for any TypeScript expression that is not an object or array literal.
const expr = "<expression>"

// tsParser reads a TypeScript object or array literal into maps and slices
// (other expressions become expr), skipping strings, template literals and
// comments. It is enough for the example, not a TypeScript parser.
type tsParser struct {
	src string
	pos int
}

// skip passes whitespace and comments.
func (p *tsParser) skip() {
	for p.pos < len(p.src) {
		switch rest := p.src[p.pos:]; {
		case strings.HasPrefix(rest, "//"):
			if i := strings.IndexByte(rest, '\n'); i >= 0 {
				p.pos += i + 1
			} else {
				p.pos = len(p.src)
			}
		case strings.HasPrefix(rest, "/*"):
			p.pos += strings.Index(rest, "*/") + 2
		case strings.ContainsRune(" \t\r\n", rune(rest[0])):
			p.pos++
		default:
			return
		}
	}
}

// value reads an object, an array or any other expression.
func (p *tsParser) value() any {
	p.skip()
	switch p.src[p.pos] {
	case '{':
		return p.object()
	case '[':
		return p.array()
	}
	p.expression()
	return expr
}

// object reads { key: value, shorthand, "quoted": value }.
func (p *tsParser) object() map[string]any {
	out := map[string]any{}
	p.pos++ // {
	for p.skip(); p.src[p.pos] != '}'; p.skip() {
		key := regexp.MustCompile(`^(?:"([^"]*)"|'([^']*)'|(\w+))`).FindStringSubmatch(p.src[p.pos:])
		p.pos += len(key[0])
		name := key[1] + key[2] + key[3]
		p.skip()
		out[name] = expr
		if p.src[p.pos] == ':' {
			p.pos++
			out[name] = p.value()
			p.skip()
		}
		if p.src[p.pos] == ',' {
			p.pos++
		}
	}
	p.pos++ // }
	return out
}

// array reads [value, ...].
func (p *tsParser) array() []any {
	out := []any{}
	p.pos++ // [
	for p.skip(); p.src[p.pos] != ']'; p.skip() {
		out = append(out, p.value())
		p.skip()
		if p.src[p.pos] == ',' {
			p.pos++
		}
	}
	p.pos++ // ]
	return out
}

// expression passes an expression up to the ',' '}' or ']' that ends it.
func (p *tsParser) expression() {
	depth := 0
	for ; p.pos < len(p.src); p.pos++ {
		switch ch := p.src[p.pos]; ch {
		case '"', '\'', '`':
			p.pos += strings.IndexByte(p.src[p.pos+1:], ch) + 1
		case '(', '{', '[':
			depth++
		case ')', '}', ']':
			if depth == 0 {
				return
			}
			depth--
		case ',':
			if depth == 0 {
				return
			}
		}
	}
}
