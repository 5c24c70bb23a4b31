// Package data embeds the built-in question bank: one file per source
// document, in the bank format of README.md ("The bank format").
package data

import (
	"embed"
	"io/fs"
	"sort"
	"strings"

	"github.com/shuati/shuati/bank"
)

// files holds the whole directory: the pattern "*" always matches (this
// file at least), so the package compiles even before any bank exists; only
// the *.md files are banks.
//
//go:embed *
var files embed.FS

// File is one embedded bank file.
type File struct {
	Name string // e.g. "000-kefu-2025.md"
	Data []byte
}

// Files returns the embedded bank files, sorted by name.
func Files() ([]File, error) {
	entries, err := fs.ReadDir(files, ".")
	if err != nil {
		return nil, err
	}
	var out []File
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".md") {
			continue
		}
		data, err := fs.ReadFile(files, e.Name())
		if err != nil {
			return nil, err
		}
		out = append(out, File{Name: e.Name(), Data: data})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// Banks parses every embedded bank file in strict mode, in file-name order.
// Errors name the file and line ("003-crm-exams.md:12: …").
func Banks() ([]*bank.Bank, error) {
	fl, err := Files()
	if err != nil {
		return nil, err
	}
	banks := make([]*bank.Bank, 0, len(fl))
	var errs bank.ErrorList
	for _, f := range fl {
		b, err := bank.ParseBytes("data/"+f.Name, f.Data, bank.ParseOptions{Strict: true})
		if err != nil {
			if l, ok := err.(bank.ErrorList); ok {
				errs = append(errs, l...)
				continue
			}
			return nil, err
		}
		banks = append(banks, b)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return banks, nil
}
