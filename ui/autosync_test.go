package ui

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/shuati/shuati/bank"
	"github.com/shuati/shuati/store"
	"github.com/shuati/shuati/store/fsrs"
)

func homeOf(t *testing.T, d *driver) *homeScreen {
	t.Helper()
	h, ok := d.m.stack[0].(*homeScreen)
	if !ok || h.data == nil {
		t.Fatalf("home %T, figures loaded: %v", d.m.stack[0], ok && h.data != nil)
	}
	return h
}

// With a folder saved, the TUI syncs with it once it starts; home says
// what the sync merged and reloads its figures (the other device's answer
// counts), and the settings are read again.
func TestAutoSyncAtStart(t *testing.T) {
	st := newFakeStore()
	st.folder, st.rep = "/mnt/sync", store.SyncReport{Received: 3}
	st.onSync = func() { // the other device's answer arrives
		st.RecordAnswer(store.Answer{Key: "test/s1", Type: bank.Single, Given: "D", Rating: fsrs.Good, At: testNow}, store.Position{})
	}
	d := newDriver(t, testConfig(st, "zh"), 80, 30)
	if len(st.syncs) != 1 || st.syncs[0] != "/mnt/sync" {
		t.Fatalf("syncs %v", st.syncs)
	}
	d.expect("已同步：合并 3 条")
	if r := homeOf(t, d).data.stats.Reviews; r != 1 {
		t.Fatalf("home shows %d reviews after the sync merged one", r)
	}
	// No folder: no sync, no line.
	st2 := newFakeStore()
	d2 := newDriver(t, testConfig(st2, "en"), 80, 30)
	if len(st2.syncs) != 0 || homeOf(t, d2).data == nil {
		t.Fatalf("synced without a folder: %v", st2.syncs)
	}
	if v := d2.view(); strings.Contains(v, "sync") {
		t.Fatalf("a sync line without a folder:\n%s", v)
	}
}

// The sync runs beside the learner: while it has not ended, home says so
// and the keys work (a review opens and takes an answer); its progress and
// its end arrive later.
func TestAutoSyncDoesNotBlock(t *testing.T) {
	st := newFakeStore()
	d := newDriver(t, practiceCfg(st, bank.Single), 80, 30)
	st.folder, st.gate = "/mnt/sync", make(chan struct{})
	st.rep = store.SyncReport{Received: 2}
	_, cmd := d.m.Update(syncFolderMsg{"/mnt/sync"})
	if l := d.m.c.sync.line(d.m.c); l != "正在同步…" {
		t.Fatalf("line while syncing %q", l)
	}
	result := make(chan tea.Msg, 1)
	go func() { result <- cmd() }()
	d.keys("4", "4") // D, right; Easy: an answer recorded while the sync waits
	if n := len(st.logged()); n != 1 {
		t.Fatalf("the answer was not recorded while the sync ran: %d", n)
	}
	select {
	case msg := <-result:
		t.Fatalf("the sync ended before its gate opened: %T", msg)
	case <-time.After(10 * time.Millisecond):
	}
	close(st.gate)
	var msg tea.Msg
	select {
	case msg = <-result:
	case <-time.After(time.Minute):
		t.Fatal("the sync did not end")
	}
	p, ok := msg.(syncProgressMsg)
	if !ok || p.total != 2 {
		t.Fatalf("first message %#v, want progress", msg)
	}
	d.send(p) // waits for the next: the end
	for range 5 {
		if len(d.m.stack) > 1 {
			d.keys("esc")
		}
	}
	d.expect("已同步：合并 2 条")
}

// A folder out of reach, and a file skipped, are said on home, naming the
// folder and the file.
func TestAutoSyncProblems(t *testing.T) {
	st := newFakeStore()
	st.folder, st.err = "/mnt/gone", fmt.Errorf("%w: /mnt/gone: permission denied", store.ErrSyncFolder)
	d := newDriver(t, testConfig(st, "en"), 100, 30)
	d.expect("not synced (sync folder unusable: /mnt/gone: permission denied)")
	st2 := newFakeStore()
	st2.folder = "/mnt/sync"
	st2.rep = store.SyncReport{Received: 1, Problems: []store.SyncProblem{{File: "0123456789abcdef/x.seg", Kind: "damaged", Message: "damaged (checksum mismatch): skipped"}}}
	d2 := newDriver(t, testConfig(st2, "zh"), 100, 30)
	d2.expect("已同步：合并 1 条；跳过 1 个文件，如 0123456789abcdef/x.seg: damaged")
	st3 := newFakeStore()
	st3.folder, st3.err = "/mnt/sync", errors.New("sync db: disk full")
	newDriver(t, testConfig(st3, "en"), 100, 30).expect("sync failed: sync db: disk full")
}

// The settings row: enter types a folder and saves it, x forgets it, a
// folder the store refuses is named with the reason and not saved.
func TestSettingsSyncFolder(t *testing.T) {
	st := newFakeStore()
	d := newDriver(t, settingsCfg(st, "en"), 100, 40)
	settingsRow(t, d, setSyncFolder)
	d.expect("Sync folder")
	d.expect("‹ none ›")
	d.keys("enter")
	d.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("/mnt/sync")})
	d.keys("enter")
	if st.folder != "/mnt/sync" {
		t.Fatalf("folder %q", st.folder)
	}
	d.expect("‹ /mnt/sync ›")
	// saving it syncs at once; the row says what the sync did
	if len(st.syncs) != 1 || st.syncs[0] != "/mnt/sync" {
		t.Fatalf("saving the folder synced %v", st.syncs)
	}
	d.expect("synced: 0 merged")
	d.keys("x")
	if st.folder != "" {
		t.Fatalf("x left the folder %q", st.folder)
	}
	d.expect("‹ none ›")
	for _, c := range []struct {
		err  error
		want string
	}{
		{store.ErrNotADirectory, "/etc/hosts is not a folder"},
		{store.ErrDatabaseInFolder, "the database is inside /etc/hosts"},
		{fmt.Errorf("stat: %w", os.ErrNotExist), "there is no folder /etc/hosts"},
	} {
		st.folderErr = c.err
		d.keys("enter")
		d.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("/etc/hosts")})
		d.keys("enter")
		d.expect(c.want)
		if st.folder != "" {
			t.Fatalf("a refused folder was saved: %q", st.folder)
		}
		d.keys("enter", "esc") // the field opens on nothing saved; esc leaves it
	}
}
