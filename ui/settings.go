package ui

import (
	"fmt"
	"math"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/shuati/shuati/store"
)

func openSettings(c *common, _ bool) Screen { return newSettings(c) }

// settingRow is one line of the settings screen.
type settingRow int

const (
	setNewPerDay settingRow = iota
	setRetention
	setMastery
	setLang
	setShuffle
	setInterleave
	setRows // count
)

// Bounds of the values the settings screen offers.
const (
	minNewPerDay, maxNewPerDay   = 0, 9999
	minRetention, maxRetention   = 0.70, 0.99
	minMastery, maxMastery       = 1, 10
	retentionStep                = 0.01
	newPerDayStep, newPerDayBigS = 1, 10
)

type settingsKeys struct {
	Up, Down, Left, Right, Toggle key.Binding
}

func defaultSettingsKeys(l Lang) settingsKeys {
	return settingsKeys{
		Up:     key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑↓/jk", l.T("key.move"))),
		Down:   key.NewBinding(key.WithKeys("down", "j")),
		Left:   key.NewBinding(key.WithKeys("left", "h", "-"), key.WithHelp("←→/hl", l.T("key.change"))),
		Right:  key.NewBinding(key.WithKeys("right", "l", "+", "=")),
		Toggle: key.NewBinding(key.WithKeys("enter", " "), key.WithHelp("enter", l.T("key.toggle"))),
	}
}

type (
	settingsLoadedMsg struct{ s store.Settings }
	settingsSavedMsg  struct{ s store.Settings }
)

// settingsScreen edits the learner's preferences; every change is saved at
// once (one save at a time: a change made while saving is saved after it).
type settingsScreen struct {
	c      *common
	keys   settingsKeys
	s      store.Settings
	cursor int
	saving bool
	dirty  bool
	saved  bool // the last change has been written
	w, h   int
}

func newSettings(c *common) *settingsScreen {
	return &settingsScreen{c: c, keys: defaultSettingsKeys(c.lang), s: c.settings}
}

func (s *settingsScreen) Title() string    { return s.c.T("set.title") }
func (s *settingsScreen) SetSize(w, h int) { s.w, s.h = w, h }

// SetLang rebuilds the keys' help when the root switched the language.
func (s *settingsScreen) SetLang(l Lang) { s.keys = defaultSettingsKeys(l) }

func (s *settingsScreen) ShortHelp() []key.Binding {
	return []key.Binding{s.keys.Up, s.keys.Left, s.keys.Toggle}
}
func (s *settingsScreen) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }

// Init reads the settings as stored.
func (s *settingsScreen) Init() tea.Cmd {
	st := s.c.store
	return func() tea.Msg {
		set, err := st.Settings()
		if err != nil {
			return errMsg{fmt.Errorf("settings: %w", err)}
		}
		return settingsLoadedMsg{set}
	}
}

// Flush saves a change still waiting (ctrl+c).
func (s *settingsScreen) Flush() tea.Cmd {
	if s.dirty {
		return s.saveCmd()
	}
	return nil
}

func (s *settingsScreen) saveCmd() tea.Cmd {
	st, set := s.c.store, s.s
	set.LearningSteps = append([]string(nil), set.LearningSteps...)
	set.RelearningSteps = append([]string(nil), set.RelearningSteps...)
	s.saving, s.dirty = true, false
	return func() tea.Msg {
		if err := st.SaveSettings(set); err != nil {
			return errMsg{fmt.Errorf("save settings: %w", err)}
		}
		return settingsSavedMsg{set}
	}
}

func (s *settingsScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case settingsLoadedMsg:
		if !s.saving && !s.dirty {
			s.s = msg.s
		}
	case settingsSavedMsg:
		s.saving = false
		s.saved = true
		saved := msg.s
		changed := func() tea.Msg { return SettingsChangedMsg{Settings: saved} } // the root applies them (and the language)
		if s.dirty {
			return s, tea.Batch(changed, s.saveCmd())
		}
		return s, changed
	case errMsg:
		s.saving = false
	case tea.KeyMsg:
		switch {
		case key.Matches(msg, s.keys.Up):
			s.cursor = (s.cursor + int(setRows) - 1) % int(setRows)
		case key.Matches(msg, s.keys.Down):
			s.cursor = (s.cursor + 1) % int(setRows)
		case key.Matches(msg, s.keys.Left):
			return s, s.change(-1)
		case key.Matches(msg, s.keys.Right), key.Matches(msg, s.keys.Toggle):
			return s, s.change(1)
		}
	}
	return s, nil
}

// change moves the value under the cursor by one step in direction d,
// applies it to the running program and saves it.
func (s *settingsScreen) change(d int) tea.Cmd {
	old := s.s
	switch settingRow(s.cursor) {
	case setNewPerDay:
		step := newPerDayStep
		if s.s.NewPerDay >= 50 {
			step = newPerDayBigS
		}
		s.s.NewPerDay = min(max(s.s.NewPerDay+d*step, minNewPerDay), maxNewPerDay)
	case setRetention:
		r := math.Round((s.s.DesiredRetention+float64(d)*retentionStep)*100) / 100
		s.s.DesiredRetention = min(max(r, minRetention), maxRetention)
	case setMastery:
		s.s.MasteryCount = min(max(s.s.MasteryCount+d, minMastery), maxMastery)
	case setLang:
		if s.lang() == LangZH {
			s.s.Lang = string(LangEN)
		} else {
			s.s.Lang = string(LangZH)
		}
	case setShuffle:
		s.s.ShuffleOptions = !s.s.ShuffleOptions
	case setInterleave:
		s.s.Interleave = !s.s.Interleave
	}
	if equalSettings(old, s.s) {
		return nil
	}
	s.saved = false
	if s.saving {
		s.dirty = true
		return nil
	}
	return s.saveCmd()
}

// lang is the language the setting names: the saved one, else the one in
// use.
func (s *settingsScreen) lang() Lang {
	if s.s.Lang != "" {
		return ParseLang(s.s.Lang)
	}
	return s.c.lang
}

func equalSettings(a, b store.Settings) bool {
	return a.NewPerDay == b.NewPerDay && a.DesiredRetention == b.DesiredRetention && a.MasteryCount == b.MasteryCount &&
		a.Lang == b.Lang && a.ShuffleOptions == b.ShuffleOptions && a.Interleave == b.Interleave
}

func (s *settingsScreen) value(r settingRow) string {
	c := s.c
	switch r {
	case setNewPerDay:
		return fmt.Sprint(s.s.NewPerDay)
	case setRetention:
		return fmt.Sprintf("%.0f%%", s.s.DesiredRetention*100)
	case setMastery:
		return fmt.Sprint(s.s.MasteryCount)
	case setLang:
		if s.lang() == LangEN {
			return "English"
		}
		return "中文"
	case setShuffle:
		return onOff(c, s.s.ShuffleOptions)
	case setInterleave:
		return onOff(c, s.s.Interleave)
	}
	return ""
}

func onOff(c *common, on bool) string {
	if on {
		return c.T("set.on")
	}
	return c.T("set.off")
}

func (s *settingsScreen) View() string {
	c, st := s.c, s.c.st
	labels := [setRows]string{c.T("set.new_per_day"), c.T("set.retention"), c.T("set.mastery"), c.T("set.lang"), c.T("set.shuffle"), c.T("set.interleave")}
	descs := [setRows]string{c.T("set.new_per_day.d"), c.T("set.retention.d"), c.T("set.mastery.d"), c.T("set.lang.d"), c.T("set.shuffle.d"), c.T("set.interleave.d")}
	lw := 0
	for _, l := range labels {
		lw = max(lw, ansi.StringWidth(l))
	}
	var out []string
	for i := range setRows {
		cur := glyphNoCursor
		if i == settingRow(s.cursor) {
			cur = glyphCursor
		}
		label := labels[i] + strings.Repeat(" ", lw-ansi.StringWidth(labels[i]))
		line := ansi.Truncate(fmt.Sprintf("%s %s  ‹ %s ›", cur, label, s.value(i)), s.w, "…")
		if i == settingRow(s.cursor) {
			line = st.Selected.Render(line)
		}
		out = append(out, line)
		d := descs[i]
		if i == setLang && c.cfg.Lang != "" {
			d = c.T("set.lang_forced")
		}
		if s.w >= 50 || i == setLang && c.cfg.Lang != "" {
			for _, l := range wrapIndent("    ", d, s.w) {
				out = append(out, st.Subtle.Render(l))
			}
		}
	}
	out = append(out, "")
	switch {
	case s.saving || s.dirty:
		out = append(out, st.Subtle.Render(c.T("q.saving")))
	case s.saved:
		out = append(out, st.Subtle.Render(c.T("set.saved")))
	}
	if len(out) > s.h && s.h > 0 {
		out = out[:s.h]
	}
	return strings.Join(out, "\n")
}
