package ui

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/shuati/shuati/store"
	"github.com/shuati/shuati/store/fsrs/optimize"
)

// ShortfallText says in language l why a fit did not fit all weights (""
// if it did); the command line words it the same way.
func ShortfallText(l Lang, res optimize.Result) string {
	switch res.Shortfall {
	case optimize.FewItems:
		return l.T("fsrs.why.few_items", res.TrainItems, optimize.MinItems)
	case optimize.NoInitialCurve:
		return l.T("fsrs.why.no_curve")
	case optimize.NoSecondGap:
		return l.T("fsrs.why.no_second_gap")
	case optimize.FewItemsForAll:
		return l.T("fsrs.why.few_items_all", res.TrainItems, optimize.MinItemsAll)
	}
	return ""
}

// fitPhase is where a fit screen is.
type fitPhase int

const (
	fitReading fitPhase = iota // the review log is read
	fitFitting                 // the optimizer runs
	fitDone                    // the result is shown; apply or not
	fitSaving                  // the weights are being stored
	fitSaved                   // stored
)

// fitRun is one fit running in the background: its progress (the latest
// only: a full buffer is skipped) and its end, each read by a Cmd.
type fitRun struct {
	progress chan [2]int
	done     chan fitDoneMsg
	cancel   context.CancelFunc
}

type (
	fitProgressMsg struct {
		run         *fitRun
		done, total int
	}
	fitDoneMsg struct {
		run *fitRun
		res optimize.Result
		fit store.Fit
		err error
	}
	fitSavedMsg struct{ w store.Weights }
)

// wait is the Cmd that delivers the run's next message.
func (r *fitRun) wait() tea.Cmd {
	return func() tea.Msg {
		select {
		case p := <-r.progress:
			return fitProgressMsg{run: r, done: p[0], total: p[1]}
		case d := <-r.done:
			return d
		}
	}
}

type fitKeys struct {
	Apply, Defaults, Cancel key.Binding
}

// fitScreen fits the FSRS weights to the review log (settings, "FSRS
// weights"): a progress bar while the optimizer runs, then the figures of
// the default and the fitted weights, and enter to use the fitted ones or
// d to go back to the defaults.
type fitScreen struct {
	c           *common
	keys        fitKeys
	phase       fitPhase
	run         *fitRun
	done, total int
	res         optimize.Result
	fit         store.Fit
	reset       bool // the defaults were chosen (fitSaving, fitSaved)
	w, h        int
}

func newFitScreen(c *common) *fitScreen {
	return &fitScreen{c: c, keys: fitKeys{
		Apply:    key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", c.T("key.apply_weights"))),
		Defaults: key.NewBinding(key.WithKeys("d"), key.WithHelp("d", c.T("key.default_weights"))),
		Cancel:   key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", c.T("key.cancel"))),
	}}
}

func (s *fitScreen) Title() string    { return s.c.T("fit.title") }
func (s *fitScreen) SetSize(w, h int) { s.w, s.h = w, h }

func (s *fitScreen) ShortHelp() []key.Binding {
	switch s.phase {
	case fitReading, fitFitting:
		return []key.Binding{s.keys.Cancel}
	case fitDone:
		return []key.Binding{s.keys.Apply, s.keys.Defaults}
	}
	return nil
}

func (s *fitScreen) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }

// OwnsKey takes esc while the fit runs, to stop it before going back.
func (s *fitScreen) OwnsKey(msg tea.KeyMsg) bool {
	return (s.phase == fitReading || s.phase == fitFitting) && key.Matches(msg, s.keys.Cancel)
}

// Init starts the fit the first time the screen shows: the log read and
// fitted in the background, the progress sent as messages.
func (s *fitScreen) Init() tea.Cmd {
	if s.run != nil {
		return nil
	}
	ctx, cancel := context.WithCancel(context.Background())
	run := &fitRun{progress: make(chan [2]int, 1), done: make(chan fitDoneMsg, 1), cancel: cancel}
	s.run, s.phase = run, fitReading
	st, now := s.c.store, s.c.now
	go func() {
		defer cancel()
		log, err := st.ReviewLog()
		if err != nil {
			run.done <- fitDoneMsg{run: run, err: fmt.Errorf("review log: %w", err)}
			return
		}
		opt := st.FitOptions()
		opt.Progress = func(done, total int) {
			select {
			case run.progress <- [2]int{done, total}:
			default: // the screen has not drawn the last one yet
			}
		}
		start := now()
		res, err := optimize.Fit(ctx, log, opt)
		end := now()
		run.done <- fitDoneMsg{run: run, res: res, fit: store.NewFit(res, end, end.Sub(start), ""), err: err}
	}()
	return run.wait()
}

func (s *fitScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case fitProgressMsg:
		if msg.run != s.run {
			return s, nil
		}
		s.phase, s.done, s.total = fitFitting, msg.done, msg.total
		return s, s.run.wait()
	case fitDoneMsg:
		if msg.run != s.run {
			return s, nil
		}
		if msg.err != nil {
			s.phase = fitSaved // nothing to apply
			return s, tea.Batch(errCmd(fmt.Errorf("fit FSRS weights: %w", msg.err)), back())
		}
		s.phase, s.res, s.fit = fitDone, msg.res, msg.fit
	case fitSavedMsg:
		s.phase = fitSaved
	case errMsg:
		if s.phase == fitSaving {
			s.phase = fitDone // the choice can be made again
		}
	case tea.KeyMsg:
		switch {
		case s.OwnsKey(msg):
			s.run.cancel()
			return s, back()
		case s.phase == fitDone && key.Matches(msg, s.keys.Apply):
			return s, s.save(false)
		case s.phase == fitDone && key.Matches(msg, s.keys.Defaults):
			return s, s.save(true)
		}
	}
	return s, nil
}

// save stores the fitted weights, or the defaults.
func (s *fitScreen) save(reset bool) tea.Cmd {
	s.phase, s.reset = fitSaving, reset
	st, fit, at := s.c.store, s.fit, s.c.now()
	return func() tea.Msg {
		var err error
		if reset {
			err = st.ResetWeights(at)
		} else {
			err = st.ApplyWeights(fit)
		}
		if err != nil {
			return errMsg{fmt.Errorf("save FSRS weights: %w", err)}
		}
		return fitSavedMsg{st.Weights()}
	}
}

// progressBar is "[██████░░░░] 60%" in w cells.
func progressBar(c *common, done, total, w int) string {
	share := 0.0
	if total > 0 {
		share = min(float64(done)/float64(total), 1)
	}
	label := fmt.Sprintf(" %3.0f%%", 100*share)
	return recallBar(c.st, share, max(w-ansi.StringWidth(label), 4)) + label
}

func (s *fitScreen) View() string {
	c, st := s.c, s.c.st
	var out []string
	para := func(text string) { out = append(out, wrapIndent("", text, s.w)...) }
	switch s.phase {
	case fitReading:
		para(c.T("fit.reading"))
	case fitFitting:
		para(c.T("fit.fitting"))
		out = append(out, "", progressBar(c, s.done, s.total, min(s.w, 60)))
	default:
		f := s.fit
		para(c.T("fit.fitted", f.Reviews, f.Items, FormatSeconds(f.Seconds)))
		if why := ShortfallText(c.lang, s.res); why != "" {
			out = append(out, "")
			para(why)
		}
		out = append(out, "")
		if f.Evaluated {
			out = append(out, metricsTable(c, s.w, f)...)
			out = append(out, "")
			para(c.T("fit.meaning"))
		} else {
			para(c.T("fit.no_figures"))
		}
		out = append(out, "")
		switch s.phase {
		case fitDone:
			para(c.T("fit.choose"))
		case fitSaving:
			out = append(out, st.Subtle.Render(c.T("q.saving")))
		case fitSaved:
			if s.reset {
				para(c.T("fit.reset_done"))
			} else {
				para(c.T("fit.applied"))
			}
		}
	}
	return strings.Join(around(out, 0, s.h), "\n")
}

// metricsTable lines up the log loss and RMSE (bins) of the default and
// the fitted weights.
func metricsTable(c *common, w int, f store.Fit) []string {
	rows := [][]string{
		{"", c.T("fit.col_default"), c.T("fit.col_fitted")},
		{c.T("fit.log_loss"), fmt.Sprintf("%.4f", f.LogLossDefault), fmt.Sprintf("%.4f", f.LogLossFitted)},
		{c.T("fit.rmse_bins"), fmt.Sprintf("%.2f%%", 100*f.RMSEBinsDefault), fmt.Sprintf("%.2f%%", 100*f.RMSEBinsFitted)},
	}
	widths := make([]int, 3)
	for _, r := range rows {
		for i, cell := range r {
			widths[i] = max(widths[i], ansi.StringWidth(cell))
		}
	}
	out := make([]string, len(rows))
	for i, r := range rows {
		line := "  " + padRight(r[0], widths[0]) + "  " + padLeft(r[1], widths[1]) + "  " + padLeft(r[2], widths[2])
		out[i] = ansi.Truncate(line, w, "…")
		if i == 0 {
			out[i] = c.st.Subtle.Render(out[i])
		}
	}
	return out
}

// FormatSeconds is how long a fit took: "40ms", "1.2s".
func FormatSeconds(sec float64) string {
	d := time.Duration(sec * float64(time.Second))
	if d < time.Second {
		return d.Round(time.Millisecond).String()
	}
	return d.Round(100 * time.Millisecond).String()
}
