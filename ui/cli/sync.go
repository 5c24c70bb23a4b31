package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"time"

	"github.com/spf13/cobra"

	"github.com/shuati/shuati/bank"
	"github.com/shuati/shuati/store"
)

// newSyncCmd is `shuati sync DIR [--status] [--json]`: this database's
// new events written to files of its own under DIR, other devices' files
// applied (store.Sync); --status reports without changing anything.
func (e *env) newSyncCmd() *cobra.Command {
	var status, asJSON bool
	cmd := &cobra.Command{
		Use:   "sync DIR",
		Short: e.t("cli.sync.short"),
		Long:  e.t("cli.sync.long"),
		Args:  e.exactArgs(1, "DIR"),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := e.openStore()
			if err != nil {
				return err
			}
			defer st.Close()
			if status {
				return e.printSyncStatus(st, args[0], asJSON)
			}
			host, _ := os.Hostname() // only a label for the other devices' status lines
			opts := store.SyncOptions{Now: time.Now(), Name: host}
			shown := false // a progress line is on stderr
			if !asJSON && e.isTerminal() {
				opts.Progress = func(done, total int) {
					if total > 0 {
						fmt.Fprintf(e.Stderr, "\r%s", e.t("cli.sync.progress", done, total))
						shown = true
					}
				}
			}
			rep, err := st.Sync(args[0], opts)
			if shown {
				fmt.Fprint(e.Stderr, "\r\033[K")
			}
			if err != nil {
				return err
			}
			for _, p := range rep.Problems {
				fmt.Fprintln(e.Stderr, bank.Sanitize(p.String()))
			}
			if asJSON {
				return json.NewEncoder(e.Stdout).Encode(rep)
			}
			fmt.Fprintln(e.Stdout, bank.Sanitize(e.t("cli.sync.done", rep.Folder, rep.Sent, rep.Received)))
			devices := make([]string, 0, len(rep.From))
			for d := range rep.From {
				devices = append(devices, d)
			}
			sort.Strings(devices)
			for _, d := range devices {
				fmt.Fprintln(e.Stdout, bank.Sanitize(e.t("cli.sync.from", d, rep.From[d])))
			}
			if rep.NewDevice != "" {
				fmt.Fprintln(e.Stdout, bank.Sanitize(e.t("cli.sync.new_device", rep.Device, rep.NewDevice)))
			}
			return st.Close()
		},
	}
	cmd.Flags().BoolVar(&status, "status", false, e.t("cli.flag.sync_status"))
	cmd.Flags().BoolVar(&asJSON, "json", false, e.t("cli.flag.json"))
	return cmd
}

// printSyncStatus prints each device, its last event applied here and when.
func (e *env) printSyncStatus(st *store.Store, dir string, asJSON bool) error {
	s, err := st.SyncStatus(dir, time.Now())
	if err != nil {
		return err
	}
	if asJSON {
		return json.NewEncoder(e.Stdout).Encode(s)
	}
	fmt.Fprintln(e.Stdout, bank.Sanitize(e.t("cli.sync.status_head", s.Folder, s.Unsent)))
	when := func(t time.Time) string {
		if t.IsZero() {
			return "-"
		}
		return t.Local().Format("2006-01-02 15:04")
	}
	for _, d := range s.Devices {
		name := d.ID
		if d.Name != "" {
			name += " (" + d.Name + ")"
		}
		if d.This {
			name += " *"
		}
		fmt.Fprintln(e.Stdout, bank.Sanitize(e.t("cli.sync.status_device", name, d.LastEvent, when(d.LastAt), when(d.AppliedAt), d.Pending)))
	}
	for _, p := range s.Problems {
		fmt.Fprintln(e.Stderr, bank.Sanitize(p.String()))
	}
	return nil
}
