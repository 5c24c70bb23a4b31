package ui

import (
	"errors"
	"sync"

	"github.com/shuati/shuati/store"
)

// fakeSync is the fake store's sync: a saved folder, and a Sync that
// returns rep or err, each call counted. With gate set, Sync waits until
// the gate is closed (a sync still running).
type fakeSync struct {
	syncMu    sync.Mutex
	folder    string
	rep       store.SyncReport
	err       error
	gate      chan struct{}
	syncs     []string // the folders synced with
	folderErr error    // what SetSyncFolder refuses with
	onSync    func()   // what the sync changes in the store (another device's answers)
}

func (f *fakeSync) SyncFolder() (string, error) {
	f.syncMu.Lock()
	defer f.syncMu.Unlock()
	return f.folder, nil
}

func (f *fakeSync) SetSyncFolder(dir string) (string, error) {
	f.syncMu.Lock()
	defer f.syncMu.Unlock()
	if f.folderErr != nil {
		return "", f.folderErr
	}
	if dir == "" {
		return "", errors.New("empty folder name")
	}
	f.folder = dir
	return dir, nil
}

func (f *fakeSync) ForgetSyncFolder() error {
	f.syncMu.Lock()
	defer f.syncMu.Unlock()
	f.folder = ""
	return nil
}

func (f *fakeSync) Sync(dir string, opt store.SyncOptions) (store.SyncReport, error) {
	f.syncMu.Lock()
	gate := f.gate
	f.syncs = append(f.syncs, dir)
	f.syncMu.Unlock()
	if gate != nil {
		<-gate
	}
	if f.onSync != nil {
		f.onSync()
	}
	if opt.Progress != nil {
		opt.Progress(1, 2)
	}
	f.syncMu.Lock()
	defer f.syncMu.Unlock()
	rep := f.rep
	rep.Folder = dir
	return rep, f.err
}
