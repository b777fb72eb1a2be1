package workflowcheck

import (
	"regexp"

	"gopkg.in/yaml.v3"
)

// resolve follows an alias to the node it names.
func resolve(node *yaml.Node) *yaml.Node {
	for node != nil && node.Kind == yaml.AliasNode {
		node = node.Alias
	}
	return node
}

// pairs returns the key/value pairs of a mapping (none for another kind).
func pairs(node *yaml.Node) [][2]*yaml.Node {
	node = resolve(node)
	if node == nil || node.Kind != yaml.MappingNode {
		return nil
	}
	var out [][2]*yaml.Node
	for i := 0; i+1 < len(node.Content); i += 2 {
		out = append(out, [2]*yaml.Node{node.Content[i], node.Content[i+1]})
	}
	return out
}

// scalarMap returns a mapping's scalar values by key.
func scalarMap(node *yaml.Node) map[string]string {
	out := map[string]string{}
	for _, pair := range pairs(node) {
		if value := resolve(pair[1]); value.Kind == yaml.ScalarNode {
			out[pair[0].Value] = value.Value
		}
	}
	return out
}

// scalars returns every scalar value below node (mapping keys excluded).
func scalars(node *yaml.Node) []string {
	node = resolve(node)
	switch node.Kind {
	case yaml.ScalarNode:
		return []string{node.Value}
	case yaml.MappingNode:
		var out []string
		for _, pair := range pairs(node) {
			out = append(out, scalars(pair[1])...)
		}
		return out
	default:
		var out []string
		for _, item := range node.Content {
			out = append(out, scalars(item)...)
		}
		return out
	}
}

// expressionPattern matches one ${{ }} expression.
var expressionPattern = regexp.MustCompile(`(?s)\$\{\{(.*?)\}\}`)

// expressions returns the ${{ }} expressions below node, and the whole value
// of every `if:` (GitHub evaluates it as an expression without the braces).
// key is node's own key.
func expressions(key string, node *yaml.Node) []string {
	node = resolve(node)
	switch node.Kind {
	case yaml.ScalarNode:
		var out []string
		for _, match := range expressionPattern.FindAllStringSubmatch(node.Value, -1) {
			out = append(out, match[1])
		}
		if key == "if" && len(out) == 0 {
			out = append(out, node.Value)
		}
		return out
	case yaml.MappingNode:
		var out []string
		for _, pair := range pairs(node) {
			out = append(out, expressions(pair[0].Value, pair[1])...)
		}
		return out
	default:
		var out []string
		for _, item := range node.Content {
			out = append(out, expressions("", item)...)
		}
		return out
	}
}
