package importer

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"unsafe"
)

// aliases walks v and returns the strings that point into data.
func aliases(v reflect.Value, data []byte, found *[]string) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			aliases(v.Elem(), data, found)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			aliases(v.Field(i), data, found)
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			aliases(v.Index(i), data, found)
		}
	case reflect.Map:
		it := v.MapRange()
		for it.Next() {
			aliases(it.Key(), data, found)
			aliases(it.Value(), data, found)
		}
	case reflect.String:
		s := v.String()
		if s == "" || len(data) == 0 {
			return
		}
		base := uintptr(unsafe.Pointer(unsafe.SliceData(data)))
		if p := uintptr(unsafe.Pointer(unsafe.StringData(s))); p >= base && p < base+uintptr(len(data)) {
			*found = append(*found, s)
		}
	}
}

// TestImportDetaches: Import reads UTF-8 input in place, and nothing in the
// bank or the report it returns may point into the caller's bytes.
func TestImportDetaches(t *testing.T) {
	files, _ := filepath.Glob("testdata/*/*")
	inputs := map[string][]byte{"raw-2000.txt": rawBank(2000)}
	for _, f := range files {
		if filepath.Ext(f) == ".want" || filepath.Base(filepath.Dir(f)) == "fuzz" {
			continue
		}
		if fi, err := os.Stat(f); err != nil || fi.IsDir() {
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		inputs[f] = data
	}
	shared := 0
	for name, data := range inputs {
		if _, _, sh, _, _ := decode(data); sh {
			shared++
		}
		b, rep, err := Import(name, data, Options{Name: "detach"})
		if err != nil {
			t.Logf("%s: %v", name, err)
		}
		var found []string
		aliases(reflect.ValueOf(b), data, &found)
		aliases(reflect.ValueOf(rep), data, &found)
		if len(found) > 0 {
			t.Errorf("%s: %d strings point into the input, e.g. %q", name, len(found), found[:min(3, len(found))])
		}
	}
	if shared < 3 {
		t.Errorf("only %d inputs were read in place", shared)
	}
}
