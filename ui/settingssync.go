package ui

import (
	"errors"
	"os"
	"path/filepath"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/shuati/shuati/store"
)

// The settings row of the sync folder: enter types a folder, which the
// store checks (an existing folder, not the one holding the database)
// before saving it for this database; x forgets it. The TUI syncs with a
// folder as soon as it is saved, when it starts and when it quits.

type (
	syncFolderSavedMsg   struct{ dir string } // "" forgotten
	syncFolderRefusedMsg struct {
		dir string
		err error
	}
)

// startFolder opens the field on the folder saved.
func (s *settingsScreen) startFolder() {
	s.typing, s.bad = true, ""
	s.field = newField(false, s.c.T("set.folder_placeholder"), s.c.st)
	s.field.limit = 4096
	s.field.SetValue(s.folder)
	s.field.Focus()
}

// typeFolder edits the folder being typed: enter saves it (an empty one
// forgets the folder), esc leaves it as it was.
func (s *settingsScreen) typeFolder(msg tea.KeyMsg) tea.Cmd {
	switch {
	case key.Matches(msg, s.keys.Cancel):
		s.typing, s.bad = false, ""
	case key.Matches(msg, s.keys.Done):
		v := strings.TrimSpace(s.field.Value())
		s.typing = false
		if v == "" {
			return s.forgetFolder()
		}
		st := s.c.store
		return func() tea.Msg {
			dir := v
			if rest, ok := strings.CutPrefix(dir, "~"); ok && (rest == "" || rest[0] == '/') {
				if home, err := os.UserHomeDir(); err == nil {
					dir = filepath.Join(home, rest)
				}
			}
			saved, err := st.SetSyncFolder(dir)
			if err != nil {
				return syncFolderRefusedMsg{v, err}
			}
			return syncFolderSavedMsg{saved}
		}
	default:
		s.field.Update(msg)
	}
	return nil
}

func (s *settingsScreen) forgetFolder() tea.Cmd {
	st := s.c.store
	return func() tea.Msg {
		if err := st.ForgetSyncFolder(); err != nil {
			return errMsg{err}
		}
		return syncFolderSavedMsg{""}
	}
}

// folderRefusal says why a folder was not saved.
func (s *settingsScreen) folderRefusal(m syncFolderRefusedMsg) string {
	switch {
	case errors.Is(m.err, os.ErrNotExist):
		return s.c.T("set.folder_missing", m.dir)
	case errors.Is(m.err, store.ErrNotADirectory):
		return s.c.T("set.folder_not_dir", m.dir)
	case errors.Is(m.err, store.ErrDatabaseInFolder):
		return s.c.T("set.folder_has_db", m.dir)
	}
	return s.c.T("set.folder_bad", m.dir, m.err)
}
