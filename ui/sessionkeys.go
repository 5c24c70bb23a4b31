package ui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/shuati/shuati/bank/drill"
)

// The keys of a session and how a question waiting for its answer takes them.

type sessionKeys struct {
	Choose      key.Binding // a-h, 1-8
	Up, Down    key.Binding
	Submit      key.Binding // enter
	Toggle      key.Binding // space / x (multiple)
	TF          key.Binding
	Blank       key.Binding // tab/↓ to the next blank
	PrevBlank   key.Binding
	Type        key.Binding // start typing a subjective answer
	StopType    key.Binding // a subjective answer: esc stops typing, tab reveals
	TypedReveal key.Binding
	Reveal      key.Binding
	Grade       key.Binding
	HardEasy    key.Binding
	Good        key.Binding // 3 after a right answer, like enter
	Next        key.Binding
	Prev        key.Binding // recite only
	Undo        key.Binding
	Star        key.Binding
	Scroll      key.Binding // help only: the page keys
	Page        pageKeys
	Leave       key.Binding
	Skip        key.Binding // a question that cannot be answered
	Suggested   key.Binding // enter on the 1-4 rating: Good
	Note        key.Binding // the learner's note, once answered
}

func defaultSessionKeys(l Lang) sessionKeys {
	return sessionKeys{
		Choose:      key.NewBinding(key.WithKeys("a", "b", "c", "d", "e", "f", "g", "h", "1", "2", "3", "4", "5", "6", "7", "8"), key.WithHelp("a-h", l.T("key.answer"))),
		Up:          key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑↓/jk", l.T("key.move"))),
		Down:        key.NewBinding(key.WithKeys("down", "j")),
		Submit:      key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", l.T("key.submit"))),
		Toggle:      key.NewBinding(key.WithKeys(" ", "x"), key.WithHelp("space", l.T("key.toggle"))),
		TF:          key.NewBinding(key.WithKeys("t", "f", "a", "b", "1", "2"), key.WithHelp("t/f", l.T("key.true_false"))),
		Blank:       key.NewBinding(key.WithKeys("tab", "down"), key.WithHelp("tab", l.T("key.field"))),
		PrevBlank:   key.NewBinding(key.WithKeys("shift+tab", "up")),
		Type:        key.NewBinding(key.WithKeys("i", "enter"), key.WithHelp("i", l.T("key.type"))),
		StopType:    key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", l.T("key.stop_typing"))),
		TypedReveal: key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", l.T("key.reveal"))),
		Reveal:      key.NewBinding(key.WithKeys(" "), key.WithHelp("space", l.T("key.reveal"))),
		Grade:       key.NewBinding(key.WithKeys("1", "2", "3", "4"), key.WithHelp("1-4", l.T("key.grade"))),
		HardEasy:    key.NewBinding(key.WithKeys("2", "4"), key.WithHelp("2/4", l.T("key.hard_easy"))),
		Good:        key.NewBinding(key.WithKeys("3")),
		Next:        key.NewBinding(key.WithKeys("enter", " ", "right", "l", "n"), key.WithHelp("enter", l.T("key.next"))),
		Prev:        key.NewBinding(key.WithKeys("left", "h", "p"), key.WithHelp("←/h", l.T("key.prev"))),
		Undo:        key.NewBinding(key.WithKeys("u"), key.WithHelp("u", l.T("key.undo"))),
		Star:        key.NewBinding(key.WithKeys("s"), key.WithHelp("s", l.T("key.star"))),
		Scroll:      key.NewBinding(key.WithKeys("pgup", "pgdown", "ctrl+u", "ctrl+d"), key.WithHelp("pgup/pgdn", l.T("key.scroll"))),
		Page:        newPageKeys(),
		Leave:       key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", l.T("key.leave"))),
		Skip:        key.NewBinding(key.WithKeys("n"), key.WithHelp("n", l.T("key.skip"))),
		Suggested:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", l.T("rating.3"))),
		Note:        key.NewBinding(key.WithKeys("e"), key.WithHelp("e", l.T("key.note"))),
	}
}

func withHelp(b key.Binding, k, desc string) key.Binding {
	b.SetHelp(k, desc)
	return b
}

func (s *session) asking(msg tea.KeyMsg) tea.Cmd {
	k, q := s.keys, s.cur
	n := len(q.order)
	switch q.kind {
	case drill.Single:
		switch {
		case key.Matches(msg, k.Choose):
			if pos := choicePos(msg.String()); pos >= 0 && pos < n {
				q.choose(pos)
			}
		case key.Matches(msg, k.Up):
			q.cursor = (q.cursor + n - 1) % n
		case key.Matches(msg, k.Down):
			q.cursor = (q.cursor + 1) % n
		case key.Matches(msg, k.Submit):
			q.choose(q.cursor)
		}
	case drill.Multiple:
		switch {
		case key.Matches(msg, k.Choose):
			if pos := choicePos(msg.String()); pos >= 0 && pos < n {
				q.pick(pos)
			}
		case key.Matches(msg, k.Toggle):
			q.pick(q.cursor)
		case key.Matches(msg, k.Up):
			q.cursor = (q.cursor + n - 1) % n
		case key.Matches(msg, k.Down):
			q.cursor = (q.cursor + 1) % n
		case key.Matches(msg, k.Submit):
			q.submitMultiple()
		}
	case drill.TrueFalse:
		switch {
		case key.Matches(msg, k.TF):
			q.answerTF(tfKey(msg.String()))
		case key.Matches(msg, k.Up), key.Matches(msg, k.Down):
			q.cursor = 1 - q.cursor
		case key.Matches(msg, k.Submit):
			q.answerTF(q.cursor == 0)
		}
	case drill.Fill:
		switch {
		case key.Matches(msg, k.Submit):
			if q.focus < len(q.inputs)-1 {
				q.focusBlank(q.focus + 1)
				return nil
			}
			q.submitFill()
		case key.Matches(msg, k.Blank):
			q.focusBlank((q.focus + 1) % len(q.inputs))
		case key.Matches(msg, k.PrevBlank):
			q.focusBlank((q.focus + len(q.inputs) - 1) % len(q.inputs))
		case key.Matches(msg, k.Leave):
			return s.finish()
		default:
			q.updateInput(msg)
		}
		return nil
	case drill.SelfGraded:
		if q.typing {
			switch {
			case key.Matches(msg, k.StopType):
				q.typing = false
				q.area.Blur()
			case key.Matches(msg, k.TypedReveal):
				q.reveal()
			default:
				q.updateInput(msg)
			}
			return nil
		}
		switch {
		case key.Matches(msg, k.Reveal):
			q.reveal()
		case q.q.LostOptions() && key.Matches(msg, k.Skip):
			return s.advance() // nothing to answer: nothing recorded
		case key.Matches(msg, k.Type):
			q.typing = true
			q.area.Focus()
			s.refresh()
			return nil
		case msg.Type == tea.KeyRunes && len(msg.Runes) > 0 && msg.Runes[0] > 0x7f:
			// non-ASCII input (a Chinese IME) starts the answer at once
			q.typing = true
			q.area.Focus()
			q.updateInput(msg)
			return nil
		case key.Matches(msg, k.Down):
			s.vp.ScrollDown(1)
		case key.Matches(msg, k.Up):
			s.vp.ScrollUp(1)
		}
	}
	return nil
}

// choicePos maps "a"-"h" and "1"-"8" to a display position.
func choicePos(k string) int {
	if len(k) != 1 {
		return -1
	}
	switch c := k[0]; {
	case c >= 'a' && c <= 'h':
		return int(c - 'a')
	case c >= '1' && c <= '8':
		return int(c - '1')
	}
	return -1
}
