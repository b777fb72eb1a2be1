package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestExitStatusTwoWhenVerifyCannotRun(t *testing.T) {
	cases := []struct {
		name  string
		args  []string
		stdin string
		want  string
	}{
		{"unknown flag", []string{"--nope"}, "", "flag provided but not defined"},
		{"stray argument", []string{"dev"}, "", "unexpected arguments"},
		{"empty stdin", nil, "", "no stack outputs"},
		{"outputs of a stack without verify outputs", nil, `{"loginServer": "acr.azurecr.io"}`, "missing output registryId"},
		{"stack name without the Pulumi CLI", []string{"--stack", "dev"}, "", "pulumi stack output --json --stack dev"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.args != nil && tc.args[0] == "--stack" {
				t.Setenv("PATH", t.TempDir())
			}
			var stdout, stderr bytes.Buffer
			code := run(tc.args, strings.NewReader(tc.stdin), &stdout, &stderr)
			if code != 2 {
				t.Errorf("exit status %d, want 2", code)
			}
			if !strings.Contains(stderr.String(), tc.want) {
				t.Errorf("stderr = %q, want it to contain %q", stderr.String(), tc.want)
			}
			if stdout.Len() != 0 {
				t.Errorf("stdout = %q, want nothing", stdout.String())
			}
		})
	}
}
