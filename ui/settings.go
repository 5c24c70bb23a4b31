package ui

import (
	"fmt"
	"maps"
	"math"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/shuati/shuati/bank"
	"github.com/shuati/shuati/store"
	"github.com/shuati/shuati/store/fsrs/forecast"
)

func openSettings(c *common, _ bool) Screen { return newSettings(c) }

// setKind is what a line of the settings screen sets.
type setKind int

const (
	setNewPerDay setKind = iota
	setRetention
	setMastery
	setLang
	setShuffle
	setInterleave
	setExamDate      // the exam date of every bank
	setBankDate      // a bank's own exam date
	setTargetExam    // review targets the exam date
	setWeights       // the FSRS weights: enter fits them
	setPartialCredit // exam: points for 少选
	setAutoAdvance   // exam: next question once answered
	setSyncFolder    // the folder synced with at start and quit (settingssync.go)
)

// settingRow is one line of the settings screen; bank names the bank of a
// setBankDate row.
type settingRow struct {
	kind setKind
	bank *bank.Bank
}

// rows are the screen's lines: the fixed settings, the exam date, one per
// bank when there are several, the exam target, the weights and the mock
// exam's rows.
func (s *settingsScreen) rows() []settingRow {
	var rows []settingRow
	for k := setNewPerDay; k <= setExamDate; k++ {
		rows = append(rows, settingRow{kind: k})
	}
	if len(s.c.banks) > 1 {
		for _, b := range s.c.banks {
			rows = append(rows, settingRow{kind: setBankDate, bank: b})
		}
	}
	return append(rows, settingRow{kind: setTargetExam}, settingRow{kind: setWeights}, settingRow{kind: setSyncFolder},
		settingRow{kind: setPartialCredit}, settingRow{kind: setAutoAdvance})
}

// Bounds of the values the settings screen offers.
const (
	minNewPerDay, maxNewPerDay   = 0, 9999
	minRetention, maxRetention   = 0.70, 0.99
	minMastery, maxMastery       = 1, 10
	retentionStep                = 0.01
	newPerDayStep, newPerDayBigS = 1, 10
)

type settingsKeys struct {
	Up, Down, Left, Right, Toggle, Clear key.Binding
	// while a date is typed
	Done, Cancel key.Binding
}

func defaultSettingsKeys(l Lang) settingsKeys {
	return settingsKeys{
		Up:     key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑↓/jk", l.T("key.move"))),
		Down:   key.NewBinding(key.WithKeys("down", "j")),
		Left:   key.NewBinding(key.WithKeys("left", "h", "-"), key.WithHelp("←→/hl", l.T("key.change"))),
		Right:  key.NewBinding(key.WithKeys("right", "l", "+", "=")),
		Toggle: key.NewBinding(key.WithKeys("enter", " "), key.WithHelp("enter", l.T("key.toggle"))),
		Clear:  key.NewBinding(key.WithKeys("x", "delete", "backspace"), key.WithHelp("x", l.T("key.clear_date"))),
		Done:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", l.T("key.confirm"))),
		Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", l.T("key.cancel"))),
	}
}

type (
	settingsLoadedMsg struct {
		s      store.Settings
		w      store.Weights
		folder string // the sync folder ("" none)
	}
	settingsSavedMsg struct{ s store.Settings }
)

// settingsScreen edits the learner's preferences; every change is saved at
// once (one save at a time: a change made while saving is saved after it).
type settingsScreen struct {
	c       *common
	keys    settingsKeys
	s       store.Settings
	weights store.Weights
	cursor  int
	saving  bool
	dirty   bool
	saved   bool // the last change has been written
	leaving bool // esc came while a change was still being saved: leave once it is
	typing  bool // a date (or the sync folder) is being typed into field
	field   field
	bad     string // why the date or folder typed was refused
	folder  string // the sync folder saved ("" none)
	w, h    int
}

func newSettings(c *common) *settingsScreen {
	return &settingsScreen{c: c, keys: defaultSettingsKeys(c.lang), s: c.settings, weights: store.DefaultWeights()}
}

func (s *settingsScreen) Title() string    { return s.c.T("set.title") }
func (s *settingsScreen) SetSize(w, h int) { s.w, s.h = w, h }

// SetLang rebuilds the keys' help when the root switched the language.
func (s *settingsScreen) SetLang(l Lang) { s.keys = defaultSettingsKeys(l) }

func (s *settingsScreen) ShortHelp() []key.Binding {
	switch r := s.row(); {
	case s.typing:
		return []key.Binding{s.keys.Done, s.keys.Cancel}
	case r.kind == setExamDate || r.kind == setBankDate:
		return []key.Binding{s.keys.Up, withHelp(s.keys.Left, "←→/hl", s.c.T("key.date_day")), withHelp(s.keys.Toggle, "enter", s.c.T("key.type_date")), s.keys.Clear}
	case r.kind == setWeights:
		return []key.Binding{s.keys.Up, withHelp(s.keys.Toggle, "enter", s.c.T("key.optimize"))}
	case r.kind == setSyncFolder:
		return []key.Binding{s.keys.Up, withHelp(s.keys.Toggle, "enter", s.c.T("key.type_folder")), withHelp(s.keys.Clear, "x", s.c.T("key.forget_folder"))}
	}
	return []key.Binding{s.keys.Up, s.keys.Left, s.keys.Toggle}
}

// OwnsKey takes every key while a date is typed, and esc while a change
// is being saved: the screen leaves once it is (the save's answer comes
// back to this screen only).
func (s *settingsScreen) OwnsKey(msg tea.KeyMsg) bool {
	return s.typing || (msg.Type == tea.KeyEsc && (s.saving || s.dirty))
}

func (s *settingsScreen) row() settingRow {
	rows := s.rows()
	return rows[min(s.cursor, len(rows)-1)]
}
func (s *settingsScreen) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }

// Init reads the settings and the weights as stored.
func (s *settingsScreen) Init() tea.Cmd {
	st := s.c.store
	return func() tea.Msg {
		set, err := st.Settings()
		if err != nil {
			return errMsg{fmt.Errorf("settings: %w", err)}
		}
		folder, err := st.SyncFolder()
		if err != nil {
			return errMsg{err}
		}
		return settingsLoadedMsg{set, st.Weights(), folder}
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
	set.ExamDates = maps.Clone(set.ExamDates)
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
		s.weights, s.folder = msg.w, msg.folder
	case syncFolderSavedMsg:
		s.folder, s.bad, s.saved = msg.dir, "", true
		if msg.dir != "" { // sync with it now, not only at the next start
			dir := msg.dir
			return s, func() tea.Msg { return syncFolderMsg{dir} }
		}
	case syncFolderRefusedMsg:
		s.bad = s.folderRefusal(msg)
	case settingsSavedMsg:
		s.saving = false
		s.saved = true
		saved := msg.s
		changed := func() tea.Msg { return SettingsChangedMsg{Settings: saved} } // the root applies them (and the language)
		if s.dirty {
			return s, tea.Batch(changed, s.saveCmd())
		}
		if s.leaving { // in this order: the screen below reads the settings applied
			return s, tea.Sequence(changed, back())
		}
		return s, changed
	case errMsg:
		s.saving, s.leaving = false, false
	case tea.KeyMsg:
		if s.typing && s.row().kind == setSyncFolder {
			return s, s.typeFolder(msg)
		}
		if s.typing {
			return s, s.typeDate(msg)
		}
		if msg.Type == tea.KeyEsc { // owned only while saving
			s.leaving = true
			return s, nil
		}
		rows := s.rows()
		s.cursor = min(s.cursor, len(rows)-1)
		r := rows[s.cursor]
		switch {
		case key.Matches(msg, s.keys.Up):
			s.cursor = (s.cursor + len(rows) - 1) % len(rows)
			s.bad = ""
		case key.Matches(msg, s.keys.Down):
			s.cursor = (s.cursor + 1) % len(rows)
			s.bad = ""
		case r.kind == setWeights && key.Matches(msg, s.keys.Toggle):
			return s, push(newFitScreen(s.c))
		case r.kind == setSyncFolder && key.Matches(msg, s.keys.Toggle):
			s.startFolder()
		case r.kind == setSyncFolder && key.Matches(msg, s.keys.Clear):
			return s, s.forgetFolder()
		case r.kind == setSyncFolder:
			// other keys: no steps, the folder is typed
		case (r.kind == setExamDate || r.kind == setBankDate) && key.Matches(msg, s.keys.Toggle):
			s.typing, s.bad = true, ""
			s.field = newField(false, forecast.DateLayout, s.c.st)
			s.field.limit = len(forecast.DateLayout)
			s.field.SetValue(s.date(r))
			s.field.Focus()
		case (r.kind == setExamDate || r.kind == setBankDate) && key.Matches(msg, s.keys.Clear):
			return s, s.setDate(r, "")
		case key.Matches(msg, s.keys.Left):
			return s, s.change(r, -1)
		case key.Matches(msg, s.keys.Right), key.Matches(msg, s.keys.Toggle):
			return s, s.change(r, 1)
		}
	}
	return s, nil
}

// typeDate edits the date being typed: enter sets it when it is a date,
// esc leaves it as it was.
func (s *settingsScreen) typeDate(msg tea.KeyMsg) tea.Cmd {
	switch {
	case key.Matches(msg, s.keys.Cancel):
		s.typing, s.bad = false, ""
	case key.Matches(msg, s.keys.Done):
		v := strings.TrimSpace(s.field.Value())
		if v != "" {
			if _, err := forecast.ExamTime(v, s.c.now().Location()); err != nil {
				s.bad = s.c.T("set.bad_date", v)
				return nil
			}
		}
		s.typing, s.bad = false, ""
		return s.setDate(s.row(), v)
	default:
		s.field.Update(msg)
	}
	return nil
}

// date is the row's date as stored ("" none).
func (s *settingsScreen) date(r settingRow) string {
	if r.kind == setBankDate {
		return s.s.ExamDates[r.bank.Name]
	}
	return s.s.ExamDate
}

// setDate sets the row's date (or clears it with "") and saves.
func (s *settingsScreen) setDate(r settingRow, d string) tea.Cmd {
	old := s.s
	if r.kind == setBankDate {
		dates := maps.Clone(s.s.ExamDates)
		if dates == nil {
			dates = map[string]string{}
		}
		if d == "" {
			delete(dates, r.bank.Name)
		} else {
			dates[r.bank.Name] = d
		}
		s.s.ExamDates = dates
	} else {
		s.s.ExamDate = d
	}
	return s.saveChange(old)
}

// stepDate moves a date by d days; an empty one starts from the exam date
// of every bank, else from four weeks ahead. It never goes before today.
func (s *settingsScreen) stepDate(r settingRow, d int) tea.Cmd {
	loc := s.c.now().Location()
	now := s.c.now().In(loc)
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, loc)
	cur := s.date(r)
	if cur == "" && r.kind == setBankDate {
		cur = s.s.ExamDate
	}
	var day time.Time
	if t, err := time.ParseInLocation(forecast.DateLayout, cur, loc); err == nil {
		if s.date(r) != "" {
			t = t.AddDate(0, 0, d)
		}
		day = t
	} else {
		day = today.AddDate(0, 0, 28)
	}
	if day.Before(today) {
		day = today
	}
	return s.setDate(r, day.Format(forecast.DateLayout))
}

// change moves the value of row r by one step in direction d, applies it
// to the running program and saves it.
func (s *settingsScreen) change(r settingRow, d int) tea.Cmd {
	old := s.s
	switch r.kind {
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
	case setTargetExam:
		s.s.TargetExam = !s.s.TargetExam
	case setExamDate, setBankDate:
		return s.stepDate(r, d)
	case setPartialCredit:
		s.s.ExamPartialCredit = stepPartialCredit(s.s.ExamPartialCredit, d)
	case setAutoAdvance:
		s.s.ExamAutoAdvance = !s.s.ExamAutoAdvance
	}
	return s.saveChange(old)
}

// saveChange saves the settings if they differ from old (one save at a
// time: a change made while saving is saved after it).
func (s *settingsScreen) saveChange(old store.Settings) tea.Cmd {
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
		a.Lang == b.Lang && a.ShuffleOptions == b.ShuffleOptions && a.Interleave == b.Interleave &&
		a.ExamPartialCredit == b.ExamPartialCredit && a.ExamAutoAdvance == b.ExamAutoAdvance &&
		a.ExamDate == b.ExamDate && maps.Equal(a.ExamDates, b.ExamDates) && a.TargetExam == b.TargetExam
}

// stepPartialCredit moves the share of a multiple choice's points given
// for 少选 one step in direction d along the shares the settings offer
// (none, or half: the common rule), round from the last to the first
// (enter toggles); a share between steps goes to the step beyond it.
func stepPartialCredit(share float64, d int) float64 {
	steps := []float64{0, 0.5}
	i := 0
	for i < len(steps)-1 && steps[i] < share {
		i++
	}
	if steps[i] == share || d < 0 {
		i = (i + len(steps) + d%len(steps)) % len(steps)
	}
	return steps[i]
}

func (s *settingsScreen) value(r settingRow) string {
	c := s.c
	switch r.kind {
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
	case setTargetExam:
		return onOff(c, s.s.TargetExam)
	case setExamDate:
		if s.s.ExamDate == "" {
			return c.T("set.no_date")
		}
		return s.s.ExamDate
	case setBankDate:
		if d := s.s.ExamDates[r.bank.Name]; d != "" {
			return d
		}
		return c.T("set.same_date")
	case setWeights:
		return weightsName(c, s.weights)
	case setPartialCredit:
		return partialCreditText(c, s.s.ExamPartialCredit)
	case setAutoAdvance:
		return onOff(c, s.s.ExamAutoAdvance)
	case setSyncFolder:
		if s.folder == "" {
			return c.T("set.no_folder")
		}
		return s.folder
	}
	return ""
}

// weightsName says which weights the scheduler uses: the defaults, or
// when they were fitted.
func weightsName(c *common, w store.Weights) string {
	switch {
	case !w.Fitted():
		return c.T("set.weights_default")
	case w.LastFit != nil && w.LastFit.Weights == w.Current:
		return c.T("set.weights_fitted", c.local(w.LastFit.At).Format("2006-01-02"))
	}
	return c.T("set.weights_set", c.local(w.Changed).Format("2006-01-02"))
}

func onOff(c *common, on bool) string {
	if on {
		return c.T("set.on")
	}
	return c.T("set.off")
}

// bankDateWidth is the width of a bank's date ("‹ 2026-06-14 ›"), so that
// the names after the dates line up.
var bankDateWidth = ansi.StringWidth("‹ " + forecast.DateLayout + " ›")

// label and desc are a row's name and its description.
func (s *settingsScreen) label(r settingRow) string {
	c := s.c
	switch r.kind {
	case setBankDate:
		return bank.Sanitize(bankTitle(r.bank))
	case setLang:
		return c.T("set.lang")
	}
	return c.T([...]string{"set.new_per_day", "set.retention", "set.mastery", "set.lang", "set.shuffle", "set.interleave",
		"set.exam_date", "", "set.target_exam", "set.weights", "set.partial", "set.auto_advance", "set.sync_folder"}[r.kind])
}

func (s *settingsScreen) desc(r settingRow) string {
	c := s.c
	switch r.kind {
	case setLang:
		if c.cfg.Lang != "" {
			return c.T("set.lang_forced")
		}
	case setBankDate:
		return c.T("set.bank_date.d")
	case setWeights:
		if ll, rmse, ok := s.weights.CurrentMetrics(); ok {
			return c.T("set.weights.d", ll, 100*rmse)
		}
		return c.T("set.weights_none.d")
	}
	return c.T([...]string{"set.new_per_day.d", "set.retention.d", "set.mastery.d", "set.lang.d", "set.shuffle.d", "set.interleave.d",
		"set.exam_date.d", "", "set.target_exam.d", "", "set.partial.d", "set.auto_advance.d", "set.sync_folder.d"}[r.kind])
}

func (s *settingsScreen) View() string {
	rows := s.rows()
	lw := 0
	for _, r := range rows {
		if r.kind != setBankDate { // a bank's row shows its date first, its name after
			lw = max(lw, ansi.StringWidth(s.label(r)))
		}
	}
	lw = min(lw, max(s.w/2, 8))
	// the descriptions show when the screen is wide enough and tall
	// enough for all of them; the forced language's note always does
	withDescs := s.w >= 50
	out, curLine := s.lines(rows, lw, withDescs)
	if withDescs && s.h > 0 && len(out) > s.h {
		out, curLine = s.lines(rows, lw, false)
	}
	return strings.Join(around(out, curLine, s.h), "\n")
}

// lines are the rows of the settings screen, with their descriptions when
// withDescs, and the saving status; curLine is the cursor's line.
func (s *settingsScreen) lines(rows []settingRow, lw int, withDescs bool) (out []string, curLine int) {
	c, st := s.c, s.c.st
	for i, r := range rows {
		cur := glyphNoCursor
		if i == s.cursor {
			cur = glyphCursor
			curLine = len(out)
		}
		val := "‹ " + s.value(r) + " ›"
		if i == s.cursor && s.typing {
			s.field.width = len(forecast.DateLayout) + 1
			if r.kind == setSyncFolder {
				s.field.width = max(s.w-lw-4, 10)
			}
			val = s.field.View()
		}
		var line string
		if r.kind == setBankDate {
			// "    ‹ 2026-06-14 ›  Bank title": the names stay whole and
			// leave the column of the other rows as it is
			line = fmt.Sprintf("%s   %s  %s", cur, padRight(val, bankDateWidth), s.label(r))
		} else {
			line = fmt.Sprintf("%s %s  %s", cur, padRight(ansi.Truncate(s.label(r), lw, "…"), lw), val)
		}
		line = ansi.Truncate(line, s.w, "…")
		if i == s.cursor && !s.typing {
			line = st.Selected.Render(line)
		}
		out = append(out, line)
		if i == s.cursor && s.bad != "" {
			for _, l := range wrapIndent("    ", s.bad, s.w) {
				out = append(out, st.Wrong.Render(l))
			}
		}
		d := s.desc(r)
		if r.kind == setBankDate && i > 0 && rows[i-1].kind == setBankDate {
			d = "" // said once, under the first bank
		}
		forced := r.kind == setLang && c.cfg.Lang != ""
		if d != "" && (withDescs || forced) {
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
	if l := c.sync.line(c); l != "" && s.folder != "" { // the sync under way or just done
		for _, l := range wrap(l, s.w) {
			out = append(out, st.Subtle.Render(l))
		}
	}
	return out, curLine
}
