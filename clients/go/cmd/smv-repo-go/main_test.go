package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestUsageErrors(t *testing.T) {
	dir := t.TempDir()
	empty, token := filepath.Join(dir, "empty"), filepath.Join(dir, "token")
	if err := os.WriteFile(empty, []byte("\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(token, []byte("t\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv(tokenEnv, "")
	cases := map[string][]string{
		"usage":           {"list"},
		"no bearer token": {"--address", "unix:/tmp/none.sock", "list"},
		"is empty":        {"--address", "unix:/tmp/none.sock", "--token-file", empty, "list"},
		"unknown command": {"--address", "unix:/tmp/none.sock", "--token-file", token, "frobnicate"},
	}
	for want, args := range cases {
		var out bytes.Buffer
		err := run(args, &out)
		var usage usageError
		if err == nil || !errors.As(err, &usage) {
			t.Errorf("%v: want a usage error, got %v", args, err)
			continue
		}
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%v: error %q lacks %q", args, err, want)
		}
	}
}
