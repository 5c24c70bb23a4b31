package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/shuati/shuati/bank"
	"github.com/shuati/shuati/bank/drill"
	"github.com/shuati/shuati/store"
	"github.com/shuati/shuati/ui"
)

// newMistakesCmd is `shuati mistakes [--json|--md]`: the wrong-answer book,
// in the TUI on a terminal, else printed.
func (e *env) newMistakesCmd() *cobra.Command {
	var asJSON, asMD bool
	cmd := &cobra.Command{
		Use:   "mistakes [--json|--md]",
		Short: e.t("cli.mistakes.short"),
		Long:  e.t("cli.mistakes.long"),
		Args:  e.noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if asJSON && asMD {
				return e.usageErrorf(cmd, "cli.err.json_md")
			}
			if !asJSON && !asMD && e.isTerminal() {
				return e.runTUI(ui.Config{Start: "mistakes"})
			}
			return e.printMistakes(asJSON)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, e.t("cli.flag.mistakes_json"))
	cmd.Flags().BoolVar(&asMD, "md", false, e.t("cli.flag.mistakes_md"))
	return cmd
}

// mistakeEntry is one line of `shuati mistakes --json`: the book's entry
// with the question it is about.
type mistakeEntry struct {
	store.Mistake
	Bank        string          `json:"bank"`
	ID          string          `json:"id"`
	Stem        string          `json:"stem"`
	Answer      json.RawMessage `json:"answer"`
	Explanation string          `json:"explanation"`
}

// printMistakes prints the book as JSON lines, or else the Markdown sheet.
func (e *env) printMistakes(asJSON bool) error {
	list, notes, banks, err := e.readMistakes()
	if err != nil {
		return err
	}
	index := questionIndex(banks)
	if !asJSON {
		return e.writeMistakeSheet(e.Stdout, list, index, notes)
	}
	enc := json.NewEncoder(e.Stdout)
	for _, m := range list {
		entry := mistakeEntry{Mistake: m, Answer: json.RawMessage("null")}
		entry.Bank, entry.ID, _ = strings.Cut(m.Key, "/")
		if q := index[m.Key]; q != nil {
			entry.Stem, entry.Explanation = q.Stem, q.Explanation
			if entry.Answer, err = json.Marshal(bank.JSONAnswer(q)); err != nil {
				return err
			}
		}
		if err := enc.Encode(entry); err != nil {
			return err
		}
	}
	return nil
}

// readMistakes reads the book, the learner's notes and the banks without
// writing, the store closed before anything is printed; with no database
// yet the book is empty.
func (e *env) readMistakes() ([]store.Mistake, map[string]string, []*bank.Bank, error) {
	st, banks, err := e.readWithBanks()
	if err != nil || st == nil {
		return nil, nil, banks, err
	}
	list, err := st.Mistakes(store.MistakeFilter{})
	var notes map[string]string
	if err == nil {
		notes, err = st.Notes()
	}
	if cerr := st.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, nil, nil, err
	}
	return list, notes, banks, nil
}

// questionIndex maps every question key of the banks to its question.
func questionIndex(banks []*bank.Bank) map[string]*bank.Question {
	index := map[string]*bank.Question{}
	for _, b := range banks {
		for _, q := range b.Questions {
			index[q.Key()] = q
		}
	}
	return index
}

// writeMistakeSheet prints the wrong-answer book as Markdown, grouped by
// section in the order sections first appear: each question with the
// learner's last wrong answer, the right answer, the explanation, the bank
// editor's note and the learner's own note.
func (e *env) writeMistakeSheet(w io.Writer, list []store.Mistake, index map[string]*bank.Question, notes map[string]string) error {
	fmt.Fprintf(w, "# %s\n", e.t("cli.md.title"))
	if len(list) == 0 {
		fmt.Fprintf(w, "\n%s\n", e.t("mist.empty"))
		return nil
	}
	var sections []string
	bySection := map[string][]store.Mistake{}
	for _, m := range list {
		sec := m.Section
		if q := index[m.Key]; q != nil {
			sec = q.Bank + " · " + q.Section
		}
		if _, ok := bySection[sec]; !ok {
			sections = append(sections, sec)
		}
		bySection[sec] = append(bySection[sec], m)
	}
	n := 0
	for _, sec := range sections {
		fmt.Fprintf(w, "\n## %s\n", sec)
		for _, m := range bySection[sec] {
			n++
			q := index[m.Key]
			if q == nil {
				fmt.Fprintf(w, "\n%d. %s\n", n, e.t("cli.md.gone", m.Key))
				continue
			}
			fmt.Fprintf(w, "\n%d. %s\n", n, indentMD(q.Stem))
			for _, o := range q.Options {
				fmt.Fprintf(w, "   - %s. %s\n", o.Key, indentMD(o.Text))
			}
			for i, p := range q.Parts {
				fmt.Fprintf(w, "   - (%d) %s\n", i+1, indentMD(p.Stem))
			}
			status := e.t("mist.open")
			if m.Mastered {
				status = e.t("mist.mastered")
			}
			fmt.Fprintf(w, "\n   - %s: %s (%s, %s, %s)\n", e.t("cli.md.last_wrong"), orDash(m.LastWrong),
				e.t("cli.md.times_wrong", m.TimesWrong), m.LastWrongAt.Local().Format("2006-01-02 15:04"), status)
			fmt.Fprintf(w, "   - %s: %s\n", e.t("cli.md.right"), indentMD(orDash(drill.AnswerText(q))))
			if q.Explanation != "" {
				fmt.Fprintf(w, "   - %s: %s\n", e.t("q.explanation"), indentMD(q.Explanation))
			}
			if q.Note != "" {
				fmt.Fprintf(w, "   - %s: %s\n", e.t("q.editor_note"), indentMD(q.Note))
			}
			if n := notes[m.Key]; n != "" {
				fmt.Fprintf(w, "   - %s: %s\n", e.t("q.my_note"), indentMD(n))
			}
		}
	}
	return nil
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "-"
	}
	return s
}

// indentMD keeps a multi-line text inside its list item.
func indentMD(s string) string { return strings.ReplaceAll(s, "\n", "\n     ") }
