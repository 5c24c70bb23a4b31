package ui

import (
	"errors"
	"os"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/shuati/shuati/store"
)

// The sync with the saved folder when the TUI starts, and when a folder is
// saved in the settings: in the background (a
// tea.Cmd that waits on a goroutine running store.Sync), so the learner
// can start at once; home shows a line while it merges and what it did
// after, and reloads its figures. The sync when the TUI quits is the CLI's
// (after the program ends).

type (
	// syncFolderMsg is the saved folder, read at start ("" none).
	syncFolderMsg struct{ dir string }
	// syncProgressMsg is a step of the sync in the background; next waits
	// for the one after it.
	syncProgressMsg struct {
		done, total int
		next        tea.Cmd
	}
	// syncDoneMsg is the end of the sync in the background.
	syncDoneMsg struct {
		rep store.SyncReport
		err error
	}
)

// autoSync is what home says about the sync in the background.
type autoSync struct {
	running     bool
	done, total int
	ended       bool
	rep         store.SyncReport
	err         error
}

// readSyncFolder reads the saved folder.
func readSyncFolder(st Store) tea.Cmd {
	return func() tea.Msg {
		dir, err := st.SyncFolder()
		if err != nil {
			return errMsg{err}
		}
		return syncFolderMsg{dir}
	}
}

// startSync runs the sync with dir in a goroutine and returns its first
// message. Progress is sent when the screen is ready for it, and dropped
// meanwhile (the sync never waits for the screen).
func startSync(st Store, dir string, c *common) tea.Cmd {
	now := c.now()
	return func() tea.Msg {
		progress := make(chan syncProgressMsg, 1)
		done := make(chan syncDoneMsg, 1)
		go func() {
			host, _ := os.Hostname() // a label for the other devices' status lines
			rep, err := st.Sync(dir, store.SyncOptions{Now: now, Name: host, Progress: func(d, t int) {
				select {
				case progress <- syncProgressMsg{done: d, total: t}:
				default:
				}
			}})
			done <- syncDoneMsg{rep, err}
		}()
		var wait tea.Cmd
		wait = func() tea.Msg {
			select {
			case p := <-progress:
				p.next = wait
				return p
			case d := <-done:
				return d
			}
		}
		return wait()
	}
}

// update follows the sync's messages; it returns what to run next and
// whether the sync just ended.
func (a *autoSync) update(msg tea.Msg, c *common) (cmd tea.Cmd, ended bool) {
	switch msg := msg.(type) {
	case syncFolderMsg:
		if msg.dir == "" || a.running { // none, or one sync under way already
			return nil, false
		}
		a.running = true
		return startSync(c.store, msg.dir, c), false
	case syncProgressMsg:
		a.done, a.total = msg.done, msg.total
		return msg.next, false
	case syncDoneMsg:
		a.running, a.ended, a.rep, a.err = false, true, msg.rep, msg.err
		return nil, true
	}
	return nil, false
}

// line is home's line about the sync ("" none).
func (a *autoSync) line(c *common) string {
	switch {
	case a.running && a.total > 0:
		return c.T("sync.merging", a.done, a.total)
	case a.running:
		return c.T("sync.running")
	case !a.ended:
		return ""
	case errors.Is(a.err, store.ErrSyncFolder):
		return c.T("sync.unreachable", a.err)
	case a.err != nil:
		return c.T("sync.failed", a.err)
	}
	l := c.T("sync.done", a.rep.Received)
	if n := len(a.rep.Problems); n > 0 {
		l += c.T("sync.skipped", n, a.rep.Problems[0].String())
	}
	return l
}

// isSyncMsg reports whether msg belongs to the sync in the background.
func isSyncMsg(msg tea.Msg) bool {
	switch msg.(type) {
	case syncFolderMsg, syncProgressMsg, syncDoneMsg:
		return true
	}
	return false
}
