package ui

import (
	"fmt"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// settingsCfg opens the settings with the language from the saved
// settings (no --lang).
func settingsCfg(st *fakeStore, lang string) Config {
	st.settings.Lang = lang
	cfg := testConfig(st, "")
	cfg.Start = "settings"
	return cfg
}

func TestSettingsLangForced(t *testing.T) {
	st := newFakeStore()
	cfg := testConfig(st, "zh") // --lang zh
	cfg.Start = "settings"
	d := newDriver(t, cfg, 80, 24)
	d.expect("本次运行由 --lang 指定界面语言")
	d.keys("down", "down", "down", "enter")
	if st.settings.Lang != "en" {
		t.Fatalf("saved lang %q", st.settings.Lang)
	}
	d.expect("‹ English ›") // saved for next time
	d.expect("界面语言")        // this run stays in Chinese
}

func TestSettingsChangePersisted(t *testing.T) {
	st := newFakeStore()
	d := newDriver(t, settingsCfg(st, "zh"), 80, 24)
	d.expect("每日新题上限")
	d.expect("‹ 20 ›")
	d.keys("right", "right", "l") // 20 → 23
	if got := st.settings.NewPerDay; got != 23 {
		t.Fatalf("saved new per day = %d, want 23", got)
	}
	if d.m.c.settings.NewPerDay != 23 {
		t.Fatalf("running settings not updated: %d", d.m.c.settings.NewPerDay)
	}
	d.keys("down", "left", "left") // retention 90% → 88%
	if got := st.settings.DesiredRetention; got != 0.88 {
		t.Fatalf("saved retention = %v, want 0.88", got)
	}
	d.expect("‹ 88% ›")
	d.keys("down", "right", "right", "right") // mastery 2 → 5
	if got := st.settings.MasteryCount; got != 5 {
		t.Fatalf("saved mastery = %d, want 5", got)
	}
	d.keys("down", "down", "enter") // shuffle on
	if !st.settings.ShuffleOptions || !d.m.c.settings.ShuffleOptions {
		t.Fatal("shuffle not saved")
	}
	d.keys("up", "enter") // language → English, at once
	if st.settings.Lang != "en" {
		t.Fatalf("saved lang = %q", st.settings.Lang)
	}
	d.expect("Language")
	d.expect("English")
	d.expect("Settings")
	d.expect("saved")
	d.expect("←→/hl change") // the help bar too
	d.expect("esc back")
}

// TestLanguageSwitchKeepsHomeCursor: home is rebuilt in the new language
// with its cursor where it was.
func TestLanguageSwitchKeepsHomeCursor(t *testing.T) {
	st := newFakeStore()
	st.settings.Lang = "zh"
	d := newDriver(t, testConfig(st, ""), 80, 30)
	d.keys(menuKey("settings"))
	d.keys("down", "down", "down", "enter") // language → English
	d.expect("Settings")
	d.keys("esc")
	d.expect(glyphCursor + " 7. Settings")
}

func TestSettingsBounds(t *testing.T) {
	st := newFakeStore()
	d := newDriver(t, settingsCfg(st, "en"), 80, 24)
	d.keys("down")
	for range 30 {
		d.keys("right")
	}
	if got := st.settings.DesiredRetention; got != maxRetention {
		t.Fatalf("retention = %v, want the maximum %v", got, maxRetention)
	}
	d.keys("down")
	for range 30 {
		d.keys("left")
	}
	if got := st.settings.MasteryCount; got != minMastery {
		t.Fatalf("mastery = %d, want %d", got, minMastery)
	}
	d.keys("up", "up")
	for range 40 {
		d.keys("left")
	}
	if got := st.settings.NewPerDay; got != 0 {
		t.Fatalf("new per day = %d, want 0", got)
	}
	if !strings.Contains(d.view(), "‹ 0 ›") {
		t.Fatalf("view:\n%s", d.view())
	}
}

func TestGoldenSettings(t *testing.T) {
	for _, w := range goldenWidths {
		t.Run(fmt.Sprint(w), func(t *testing.T) {
			runGolden(t, settingsCfg(newFakeStore(), "zh"), w, 20, step{wait: "期望记忆保持率"}, step{keys: []string{"down", "right"}, wait: "91%"})
		})
	}
	t.Run("en80", func(t *testing.T) {
		runGolden(t, settingsCfg(newFakeStore(), "en"), 80, 20, step{wait: "Desired retention"})
	})
}

// A change made while the one before is being saved is saved too when esc
// comes before that save ends: the screen stays (saving…) until the last
// change is written, then leaves. Found in tmux: 18 quick ← from 20 then
// esc left the daily limit at 12.
func TestSettingsEscWhileSavingKeepsLastChange(t *testing.T) {
	st := newFakeStore()
	d := newDriver(t, testConfig(st, "zh"), 100, 30)
	d.keys(menuKey("settings"))
	d.expect("每日新题上限")
	before := st.settings.NewPerDay
	// the keys reach the model before the save they start has ended
	left := tea.KeyMsg{Type: tea.KeyLeft}
	_, saving := d.m.Update(left) // saves before-1
	_, queued := d.m.Update(left) // waits: saved after it
	_, esc := d.m.Update(tea.KeyMsg{Type: tea.KeyEsc})
	d.run(saving)
	d.run(queued)
	d.run(esc)
	d.expect("模式") // home, once saved
	if got := st.settings.NewPerDay; got != before-2 {
		t.Fatalf("daily limit saved %d, want %d (the last change)", got, before-2)
	}
}
