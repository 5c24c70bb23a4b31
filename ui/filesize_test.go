package ui

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestScreenFilesStaySmall keeps issue 10's limit: no file of the ui
// package over 700 lines, so a screen stays one readable file and shared
// rules move to their own (bank/drill, styles, i18n).
func TestScreenFilesStaySmall(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if n := bytes.Count(b, []byte("\n")); n > 700 {
			t.Errorf("%s has %d lines, over 700: split it by what it does", f, n)
		}
	}
}
