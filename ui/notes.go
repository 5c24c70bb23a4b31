package ui

import (
	"fmt"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/shuati/shuati/bank"
)

// noAnswerID is the catalog id of what a question without any answer says
// in place of the reference: a choice question whose options the source
// lost cannot be answered at all, anything else is self-graded.
func noAnswerID(q *bank.Question) string {
	if q.LostOptions() {
		return "q.lost_options"
	}
	return "q.no_answer"
}

// noteLines draws the notes that go with a question once it is answered
// (or, for one that cannot be answered, at once): the bank editor's note
// (注：, why a key looks wrong, what the source lost) and the learner's
// own note (笔记). Nothing when there is neither.
func noteLines(c *common, q *bank.Question, mine string, w int) []string {
	st := c.st
	var out []string
	if q.Note != "" {
		out = append(out, "", st.Label.Render(c.T("q.editor_note")))
		out = append(out, wrap(bank.Sanitize(q.Note), w)...)
	}
	if mine != "" {
		out = append(out, "", st.Label.Render(c.T("q.my_note")))
		out = append(out, wrap(bank.Sanitize(mine), w)...)
	}
	return out
}

// notedMsg says a note was saved.
type notedMsg struct{ key, note string }

// saveNoteCmd stores the learner's note on a question (empty deletes it).
func saveNoteCmd(st Store, k, note string) tea.Cmd {
	return func() tea.Msg {
		if err := st.SetNote(k, note); err != nil {
			return errMsg{fmt.Errorf("note: %w", err)}
		}
		return notedMsg{key: k, note: note}
	}
}

// noteEditor is the one-line field a note is written in, under a
// question: e opens it with the note so far, enter saves, esc leaves it
// unsaved.
type noteEditor struct {
	key    string
	f      field
	active bool
}

// start opens the editor on the question k with its note.
func (e *noteEditor) start(c *common, k, note string, w int) {
	e.key, e.active = k, true
	e.f = newField(false, c.T("note.placeholder"), c.st)
	e.f.limit = 2000
	e.f.width = max(w-ansi.StringWidth(c.T("note.label"))-1, 4)
	e.f.SetValue(note)
	e.f.Focus()
}

// update edits the note; on enter it returns the command that saves it.
func (e *noteEditor) update(st Store, msg tea.KeyMsg) tea.Cmd {
	switch msg.Type {
	case tea.KeyEnter:
		e.active = false
		return saveNoteCmd(st, e.key, strings.TrimSpace(e.f.Value()))
	case tea.KeyEsc:
		e.active = false
	default:
		e.f.Update(msg)
	}
	return nil
}

// view is the field with its label and how to end it (two lines).
func (e *noteEditor) view(c *common, w int) string {
	return ansi.Truncate(c.st.Label.Render(c.T("note.label"))+" "+e.f.View(), w, "") + "\n" +
		c.st.Subtle.Render(ansi.Truncate(c.T("note.keys"), w, "…"))
}
