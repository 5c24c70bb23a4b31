package cli

import (
	"strconv"

	"github.com/spf13/cobra"

	"github.com/shuati/shuati/bank"
)

// newBankListCmd is `shuati bank list`: one row per bank with its counts
// by type (only the types that occur), the total and the title; then a
// total row.
func (e *env) newBankListCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: e.t("cli.bank_list.short"),
		Args:  e.noArgs,
		RunE: func(*cobra.Command, []string) error {
			banks, err := e.peekBanks()
			if err != nil {
				return err
			}
			writeTable(e.Stdout, e.bankTable(banks))
			return nil
		},
	}
}

func (e *env) bankTable(banks []*bank.Bank) [][]string {
	counts := make([]map[bank.Type]int, len(banks))
	all := map[bank.Type]int{}
	for i, b := range banks {
		counts[i] = map[bank.Type]int{}
		for _, q := range b.Questions {
			counts[i][q.Type]++
			all[q.Type]++
		}
	}
	var types []bank.Type
	for _, t := range bank.Types {
		if all[t] > 0 {
			types = append(types, t)
		}
	}
	header := []string{e.t("cli.bank_list.bank")}
	for _, t := range types {
		header = append(header, e.lang.TypeLabel(string(t)))
	}
	rows := [][]string{append(header, e.t("cli.bank_list.total"), e.t("cli.bank_list.title"))}
	row := func(name string, c map[bank.Type]int, title string) []string {
		r := []string{name}
		total := 0
		for _, t := range types {
			total += c[t]
			if c[t] == 0 {
				r = append(r, "-")
			} else {
				r = append(r, strconv.Itoa(c[t]))
			}
		}
		return append(r, strconv.Itoa(total), title)
	}
	for i, b := range banks {
		rows = append(rows, row(b.Name, counts[i], b.Title))
	}
	if len(banks) > 1 {
		rows = append(rows, row(e.t("cli.bank_list.all"), all, ""))
	}
	return rows
}
