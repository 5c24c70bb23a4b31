package ui

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/shuati/shuati/bank"
	"github.com/shuati/shuati/store"
	"github.com/shuati/shuati/store/fsrs"
	"github.com/shuati/shuati/store/fsrs/forecast"
)

// readiness is what the exam dates and the memory states say: each bank's
// predicted recall on its exam date (store/fsrs/forecast), and how many
// questions fall below the desired retention by then.
type readiness struct {
	fc     forecast.Forecast // the banks whose exam is today or later
	days   []int             // days left, per fc.Banks
	passed int               // banks whose exam date is past
	weak   []int             // per fc.Banks: seen questions below target on the day
	perDay int               // reviews a day that reviewing them all before their exams takes
	target float64           // the desired retention
}

// examBank is a bank with its exam time and days left.
type examBank struct {
	b    *bank.Bank
	at   time.Time
	days int
}

// examBanks are the banks with an exam date today or later, and how many
// have one that is past. Dates are local days of now's zone.
func examBanks(banks []*bank.Bank, set store.Settings, now time.Time) (out []examBank, passed int) {
	loc := now.Location()
	for _, b := range banks {
		d := set.ExamDateOf(b.Name)
		if d == "" {
			continue
		}
		at, err := forecast.ExamTime(d, loc)
		if err != nil {
			continue // the store accepts only valid dates
		}
		days := forecast.DaysLeft(now, at, loc)
		if days < 0 {
			passed++
			continue
		}
		out = append(out, examBank{b: b, at: at, days: days})
	}
	return out, passed
}

// forecastBanks is the forecast's input: the exam banks' questions with
// their cards.
func forecastBanks(ebs []examBank, cards map[string]fsrs.Card) []forecast.Bank {
	out := make([]forecast.Bank, len(ebs))
	for i, eb := range ebs {
		qs := make([]forecast.Question, len(eb.b.Questions))
		for j, q := range eb.b.Questions {
			k := q.Key()
			c, seen := cards[k]
			qs[j] = forecast.Question{Key: k, Section: q.Section, Card: c, Seen: seen}
		}
		out[i] = forecast.Bank{Name: eb.b.Name, ExamAt: eb.at, Questions: qs}
	}
	return out
}

// examBankKeys are the keys of the exam banks' questions.
func examBankKeys(ebs []examBank) []string {
	var keys []string
	for _, eb := range ebs {
		for _, q := range eb.b.Questions {
			keys = append(keys, q.Key())
		}
	}
	return keys
}

// loadReadiness reads the cards of the banks with an exam date and
// forecasts them; nil when no bank has an exam date. It runs in a Cmd.
func loadReadiness(st Store, banks []*bank.Bank, set store.Settings, now time.Time) (*readiness, error) {
	ebs, passed := examBanks(banks, set, now)
	if len(ebs) == 0 && passed == 0 {
		return nil, nil
	}
	cards, err := st.CardStates(examBankKeys(ebs))
	if err != nil {
		return nil, err
	}
	sched := st.Scheduler()
	fbs := forecastBanks(ebs, cards)
	r := &readiness{fc: forecast.Predict(sched, fbs), passed: passed, target: set.DesiredRetention}
	for i, eb := range ebs {
		weak := len(forecast.Weakest(sched, fbs[i:i+1], set.DesiredRetention))
		r.days = append(r.days, eb.days)
		r.weak = append(r.weak, weak)
		r.perDay += forecast.PerDay(weak, eb.days)
	}
	return r, nil
}

// pct is a share as a whole percentage: "82%".
func pct(x float64) string { return fmt.Sprintf("%.0f%%", 100*x) }

// recallText is the predicted recall of a set of questions: "82%", or "—"
// when none was seen.
func recallText(r forecast.Recall) string {
	if r.Seen == 0 {
		return "—"
	}
	return pct(r.Mean())
}

// sameDate reports whether every bank of the forecast has its exam on one
// day, and which.
func (r *readiness) sameDate() (time.Time, bool) {
	if len(r.fc.Banks) == 0 {
		return time.Time{}, false
	}
	at := r.fc.Banks[0].ExamAt
	for _, b := range r.fc.Banks[1:] {
		if !b.ExamAt.Equal(at) {
			return time.Time{}, false
		}
	}
	return at, true
}

// daysText is "35 days left", "exam today".
func daysText(c *common, days int) string {
	if days == 0 {
		return c.T("fc.today")
	}
	return c.T("fc.days_left", days)
}

// summary is the forecast in one paragraph: the date and days left when
// all exams fall on one day, the predicted recall overall, and the unseen.
func (r *readiness) summary(c *common) []string {
	if len(r.fc.Banks) == 0 {
		return []string{c.T("fc.passed")}
	}
	var parts []string
	if at, ok := r.sameDate(); ok {
		parts = append(parts, c.T("fc.exam_on", at.Format(forecast.DateLayout)), daysText(c, r.days[0]))
	}
	parts = append(parts, c.T("fc.recall", recallText(r.fc.Recall), r.fc.Seen))
	if r.fc.Unseen > 0 {
		parts = append(parts, c.T("fc.unseen", r.fc.Unseen))
	}
	return parts
}

// targetText says how far below the target the exam day finds the
// learner, and what catching up takes: "340 questions under 90% on the
// day: about 10 reviews a day".
func (r *readiness) targetText(c *common) string {
	weak := 0
	for _, n := range r.weak {
		weak += n
	}
	if weak == 0 {
		return c.T("fc.target_met", pct(r.target))
	}
	return c.T("fc.target", weak, pct(r.target), r.perDay)
}

// bankLines are one line per bank (its recall, days left when the banks'
// dates differ, its unseen) and, with sections, its sections beneath it,
// the figures lined up in a column.
func (r *readiness) bankLines(c *common, w int, sections bool) []string {
	_, same := r.sameDate()
	type row struct{ name, fig string }
	var rows []row
	for i, b := range r.fc.Banks {
		fig := recallText(b.Recall)
		if !same {
			fig += " · " + daysText(c, r.days[i])
		}
		if b.Unseen > 0 {
			fig += " · " + c.T("fc.unseen", b.Unseen)
		}
		title := b.Name
		for _, bk := range c.banks {
			if bk.Name == b.Name {
				title = bankTitle(bk)
			}
		}
		rows = append(rows, row{"  " + bank.Sanitize(title), fig})
		if !sections {
			continue
		}
		for _, s := range b.Sections {
			fig := recallText(s.Recall)
			if s.Unseen > 0 {
				fig += " · " + c.T("fc.unseen", s.Unseen)
			}
			name := bank.Sanitize(s.Name)
			if name == "" {
				name = c.T("stats.no_section")
			}
			rows = append(rows, row{"    " + name, fig})
		}
	}
	figW, longest := 0, 0
	for _, rw := range rows {
		figW = max(figW, ansi.StringWidth(rw.fig))
		longest = max(longest, ansi.StringWidth(rw.name))
	}
	nameW := max(min(longest, w-figW-2), 4)
	out := make([]string, len(rows))
	for i, rw := range rows {
		out[i] = padRight(ansi.Truncate(rw.name, nameW, "…"), nameW) + "  " + rw.fig
		out[i] = strings.TrimRight(ansi.Truncate(out[i], w, "…"), " ")
	}
	return out
}

// recallBar draws a share as a bar of width cells ("███░░").
func recallBar(st *Styles, x float64, width int) string {
	filled := min(max(int(math.Round(x*float64(width))), 0), width)
	return st.Bar.Render(strings.Repeat("█", filled)) + st.Subtle.Render(strings.Repeat("░", width-filled))
}
