package store

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// The saved sync folder: absolute, validated, kept across opens, per
// database (never sent to the other devices), forgotten on request.
func TestSyncFolderSaved(t *testing.T) {
	root := t.TempDir()
	t.Chdir(root)
	folder := filepath.Join(root, "folder")
	if err := os.MkdirAll(folder, 0o700); err != nil {
		t.Fatal(err)
	}
	a := openTest(t, filepath.Join(root, "a.db"))
	if dir, err := a.SyncFolder(); err != nil || dir != "" {
		t.Fatalf("new database: folder %q, %v", dir, err)
	}
	if err := a.ForgetSyncFolder(); err != nil {
		t.Fatalf("forget with none saved: %v", err)
	}
	saved, err := a.SetSyncFolder("folder")
	if err != nil || saved != folder {
		t.Fatalf("set: %q, %v", saved, err)
	}
	// Refused: a file, a missing folder, a folder holding the database.
	file := filepath.Join(root, "file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := a.SetSyncFolder(file); !errors.Is(err, ErrNotADirectory) || !errors.Is(err, ErrSyncFolder) {
		t.Errorf("a file: %v", err)
	}
	if _, err := a.SetSyncFolder(filepath.Join(root, "missing")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a missing folder: %v", err)
	}
	if _, err := a.SetSyncFolder("."); !errors.Is(err, ErrDatabaseInFolder) {
		t.Errorf("the database's own folder: %v", err)
	}
	if dir, _ := a.SyncFolder(); dir != folder {
		t.Fatalf("refused folders replaced the saved one: %q", dir)
	}
	mustRecord(t, a, ans("k/1", t0, false))
	mustSync(t, a, folder, syncNow)
	a.Close()

	a = openTest(t, filepath.Join(root, "a.db"))
	defer a.Close()
	if dir, _ := a.SyncFolder(); dir != folder {
		t.Fatalf("after reopening: %q", dir)
	}
	b := openTest(t, filepath.Join(root, "b.db"))
	defer b.Close()
	mustSync(t, b, folder, syncNow)
	if dir, _ := b.SyncFolder(); dir != "" {
		t.Fatalf("the folder travelled to another device: %q", dir)
	}
	if n := logCount(t, b); n != 1 {
		t.Fatalf("b has %d log lines", n)
	}
	if err := a.ForgetSyncFolder(); err != nil {
		t.Fatal(err)
	}
	if dir, _ := a.SyncFolder(); dir != "" {
		t.Fatalf("after forgetting: %q", dir)
	}
}
