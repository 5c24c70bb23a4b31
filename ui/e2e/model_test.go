package e2e

import (
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/shuati/shuati/bank"
	"github.com/shuati/shuati/data"
	"github.com/shuati/shuati/store"
	"github.com/shuati/shuati/ui"
)

// In-process tests and benchmarks of the root model with a real store: what
// the binary runs, without a terminal in between.

// model drives ui.Model like the Bubble Tea runtime: every command runs and
// its message goes back to Update, batches and sequences unfolded. A
// command that does not return within a second (a timer) is dropped.
type model struct {
	tb    testing.TB
	m     *ui.Model
	w, h  int
	steps int
}

var cmdType = reflect.TypeOf(tea.Cmd(nil))

func newModel(tb testing.TB, cfg ui.Config, w, h int) *model {
	tb.Helper()
	lipgloss.SetColorProfile(termenv.Ascii)
	d := &model{tb: tb, m: ui.New(cfg), w: w, h: h}
	d.send(tea.WindowSizeMsg{Width: w, Height: h})
	d.run(d.m.Init())
	return d
}

func (d *model) send(msg tea.Msg) {
	d.tb.Helper()
	if ws, ok := msg.(tea.WindowSizeMsg); ok {
		d.w, d.h = ws.Width, ws.Height
	}
	d.steps++
	if d.steps > 100000 {
		d.tb.Fatal("the message loop does not settle")
	}
	_, cmd := d.m.Update(msg)
	d.run(cmd)
}

func (d *model) run(cmd tea.Cmd) {
	d.tb.Helper()
	if cmd == nil {
		return
	}
	ch := make(chan tea.Msg, 1)
	go func() { ch <- cmd() }()
	var msg tea.Msg
	select {
	case msg = <-ch:
	case <-time.After(time.Second):
		return // a timer: not waited for
	}
	if msg == nil {
		return
	}
	if _, ok := msg.(tea.QuitMsg); ok {
		return
	}
	if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().Elem() == cmdType {
		for i := range v.Len() {
			d.run(v.Index(i).Interface().(tea.Cmd))
		}
		return
	}
	d.send(msg)
}

func key(s string) tea.KeyMsg {
	switch s {
	case "enter":
		return tea.KeyMsg{Type: tea.KeyEnter}
	case "esc":
		return tea.KeyMsg{Type: tea.KeyEsc}
	case "space":
		return tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}}
	case "pgdown":
		return tea.KeyMsg{Type: tea.KeyPgDown}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)}
}

func (d *model) keys(keys ...string) {
	d.tb.Helper()
	for _, k := range keys {
		d.send(key(k))
	}
}

// frame returns the view and fails if it would hurt the terminal: any
// escape or control character (the colour profile is ASCII, so the UI's own
// styling adds none), a row wider than the terminal, more rows than it has.
func (d *model) frame(where string) string {
	d.tb.Helper()
	v := d.m.View()
	if i := strings.IndexFunc(v, func(r rune) bool {
		return (r < 0x20 && r != '\n') || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == 0x202e || r == 0x202d
	}); i >= 0 {
		d.tb.Fatalf("%s: control character %q in the frame at byte %d: %q", where, v[i], i, v[max(0, i-30):min(len(v), i+30)])
	}
	lines := strings.Split(v, "\n")
	if len(lines) > d.h {
		d.tb.Fatalf("%s: %d rows at height %d", where, len(lines), d.h)
	}
	for i, l := range lines {
		if w := lipgloss.Width(l); w > d.w {
			d.tb.Fatalf("%s: row %d is %d wide at width %d: %q", where, i, w, d.w, l)
		}
	}
	return v
}

func tempStore(tb testing.TB) *store.Store {
	tb.Helper()
	dir := tb.TempDir()
	if fi, err := os.Stat("/dev/shm"); err == nil && fi.IsDir() {
		if d, err := os.MkdirTemp("/dev/shm", "shuati-e2e-"); err == nil {
			dir = d
			tb.Cleanup(func() { os.RemoveAll(d) })
		}
	}
	st, err := store.Open(filepath.Join(dir, "m.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	return st
}

// TestHostileBankTUI parses the hostile bank (lenient, as an import would)
// and drills every question of it in the TUI at 80x24 and 40x10: no panic,
// no escape or control character in any frame, every row inside the
// terminal, and each frame drawn in reasonable time even with the 1 MB
// line.
func TestHostileBankTUI(t *testing.T) {
	b, err := bank.ParseBytes("hostile.md", hostileBank(), bank.ParseOptions{})
	if err != nil {
		t.Fatalf("lenient parse of the hostile bank: %v", err)
	}
	if len(b.Questions) < 4 {
		t.Fatalf("%d questions parsed", len(b.Questions))
	}
	for _, size := range [][2]int{{80, 24}, {40, 10}} {
		st := tempStore(t)
		d := newModel(t, ui.Config{Banks: []*bank.Bank{b}, Store: st, Lang: "zh", Start: "practice",
			Practice: ui.PracticeOptions{Bank: b.Name}}, size[0], size[1])
		var slowest time.Duration
		for i := range len(b.Questions) + 2 {
			for _, k := range []string{"", "a", "enter", "pgdown", "space", "3", "enter"} {
				start := time.Now()
				if k != "" {
					d.keys(k)
				}
				d.frame(b.Name)
				slowest = max(slowest, time.Since(start))
			}
			_ = i
		}
		d.send(tea.WindowSizeMsg{Width: 200, Height: 60})
		d.frame("resized")
		t.Logf("%dx%d: slowest key to frame %v", size[0], size[1], slowest.Round(time.Microsecond))
		if slowest > 10*time.Second { // a hang, not a slow machine
			t.Errorf("%dx%d: a frame took %v", size[0], size[1], slowest)
		}
	}
}

// synthetic100k parses the 100,000-question bank the bank package's
// generator writes.
func synthetic100k(tb testing.TB) *bank.Bank {
	tb.Helper()
	path := generated(tb, "bank-100k.md", "./bank", "TestWriteSyntheticBank", "SHUATI_GEN_BANK_N=100000")
	raw, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	b, err := bank.ParseBytes(path, raw, bank.ParseOptions{})
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// BenchmarkKeyToFrame is a key press on the busiest drilling screen: a
// multiple choice in a practice session over every question of the
// built-in banks plus a 100,000-question bank, at 200x60. Per iteration it
// times Update+View of a toggle and of the submit (enter, the answer: the
// feedback frame); recording the answer (a command, on a store in /dev/shm)
// and going on to the next question are outside the timed part. Target:
// under 1 ms for the answer.
func BenchmarkKeyToFrame(b *testing.B) {
	builtin, err := data.Banks()
	if err != nil {
		b.Fatal(err)
	}
	big := synthetic100k(b)
	banks := append(builtin, big)
	st := tempStore(b)
	d := newModel(b, ui.Config{Banks: banks, Store: st, Lang: "zh", Start: "practice",
		Practice: ui.PracticeOptions{Types: []bank.Type{bank.Multiple}}}, 200, 60)
	if v := d.frame("start"); !strings.Contains(v, "多选") {
		b.Fatalf("not a multiple choice:\n%s", v)
	}
	// The process's memory with the 100,000-question bank loaded and drawn:
	// an in-process stand-in for the binary's RSS until it can load a user
	// bank (the whole-process figure is BenchmarkStartup100kBank1M's).
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	var toggle, answer time.Duration
	b.ResetTimer()
	for range b.N {
		t0 := time.Now()
		_, cmd1 := d.m.Update(key("a"))
		_ = d.m.View()
		t1 := time.Now()
		_, cmd2 := d.m.Update(key("enter"))
		_ = d.m.View()
		t2 := time.Now()
		toggle += t1.Sub(t0)
		answer += t2.Sub(t1)
		b.StopTimer()
		d.steps = 0
		d.run(cmd1)
		d.run(cmd2)
		d.keys("enter")
		b.StartTimer()
	}
	b.ReportMetric(float64(toggle.Nanoseconds())/1e3/float64(b.N), "toggle-µs")
	b.ReportMetric(float64(answer.Nanoseconds())/1e3/float64(b.N), "answer-µs")
	b.ReportMetric(float64(ms.HeapInuse)/(1<<20), "heap-inuse-MB")
	b.ReportMetric(float64(ms.Sys)/(1<<20), "go-sys-MB")
}

// TestFramesFitEveryWidth is TestNoLineWiderThanPane without the terminal:
// Bubble Tea cuts rows at the terminal's width, so tmux alone cannot see a
// row drawn too wide. Here the model's own frames are measured (lipgloss
// width, CJK double) through home, a question of each kind, its feedback
// and the summary, on the built-in banks.
func TestFramesFitEveryWidth(t *testing.T) {
	banks, err := data.Banks()
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []int{40, 60, 80, 120, 200} {
		for _, typ := range []bank.Type{bank.Single, bank.Multiple, bank.TrueFalse, bank.Fill, bank.Short, bank.Essay, bank.Case, bank.Card, bank.Definition} {
			st := tempStore(t)
			d := newModel(t, ui.Config{Banks: banks, Store: st, Lang: "zh", Start: "practice",
				Practice: ui.PracticeOptions{Types: []bank.Type{typ}}}, w, 24)
			where := func(s string) string { return string(typ) + " " + s + " at " + strconv.Itoa(w) }
			d.frame(where("question"))
			for _, k := range []string{"a", "b", "t", "enter", "space", "3"} {
				d.keys(k)
				d.frame(where("after " + k))
			}
			d.keys("pgdown")
			d.frame(where("scrolled"))
			d.keys("?")
			d.frame(where("help"))
			d.keys("esc", "esc")
			d.frame(where("summary"))
			d.keys("esc")
			d.frame(where("home"))
		}
	}
}
