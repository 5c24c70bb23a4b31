package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"sort"
	"time"

	"github.com/spf13/cobra"

	"github.com/shuati/shuati/bank"
	"github.com/shuati/shuati/store"
)

// newSyncCmd is `shuati sync [DIR] [--status] [--json] [--save] [--forget]`:
// this database's new events written to files of its own under DIR (the
// saved folder without DIR), other devices' files applied (store.Sync);
// --status reports without changing anything; --save remembers DIR for
// later syncs and the TUI's, --forget forgets it.
func (e *env) newSyncCmd() *cobra.Command {
	var status, asJSON, save, forget bool
	cmd := &cobra.Command{
		Use:   "sync [DIR]",
		Short: e.t("cli.sync.short"),
		Long:  e.t("cli.sync.long"),
		ValidArgsFunction: func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
			return nil, cobra.ShellCompDirectiveFilterDirs // DIR: folders
		},
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 1 {
				return e.usageErrorf(cmd, "cli.err.unexpected_arg", args[1])
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			switch {
			case forget && (save || status || asJSON || len(args) > 0):
				return e.usageErrorf(cmd, "cli.sync.err.forget_alone")
			case save && status:
				return e.usageErrorf(cmd, "cli.sync.err.save_status")
			case save && len(args) == 0:
				return e.usageErrorf(cmd, "cli.err.want", "DIR")
			}
			st, err := e.openStore()
			if err != nil {
				return err
			}
			defer st.Close()
			if forget {
				return e.forgetSyncFolder(st)
			}
			var dir string
			if len(args) == 1 {
				dir = args[0]
			} else if dir, err = st.SyncFolder(); err != nil {
				return err
			} else if dir == "" {
				return e.usageErrorf(cmd, "cli.sync.err.no_folder")
			}
			if status {
				return e.printSyncStatus(st, dir, asJSON)
			}
			rep, err := e.syncWith(st, dir, !asJSON && e.isTerminal())
			if err != nil {
				return err
			}
			if save {
				// After the sync: the folder exists now (the sync made it).
				saved, err := st.SetSyncFolder(dir)
				if err != nil {
					return err
				}
				defer fmt.Fprintln(e.Stderr, bank.Sanitize(e.t("cli.sync.saved", saved)))
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
	cmd.Flags().BoolVar(&save, "save", false, e.t("cli.flag.sync_save"))
	cmd.Flags().BoolVar(&forget, "forget", false, e.t("cli.flag.sync_forget"))
	return cmd
}

// syncWith syncs st through dir, with a progress line on stderr if shown.
func (e *env) syncWith(st *store.Store, dir string, progress bool) (store.SyncReport, error) {
	host, _ := os.Hostname() // only a label for the other devices' status lines
	opts := store.SyncOptions{Now: time.Now(), Name: host}
	shown := false // a progress line is on stderr
	if progress {
		opts.Progress = func(done, total int) {
			if total > 0 {
				fmt.Fprintf(e.Stderr, "\r%s", e.t("cli.sync.progress", done, total))
				shown = true
			}
		}
	}
	rep, err := st.Sync(dir, opts)
	if shown {
		fmt.Fprint(e.Stderr, "\r\033[K")
	}
	return rep, err
}

// forgetSyncFolder forgets the saved folder and says which it was.
func (e *env) forgetSyncFolder(st *store.Store) error {
	dir, err := st.SyncFolder()
	if err != nil {
		return err
	}
	if err := st.ForgetSyncFolder(); err != nil {
		return err
	}
	if dir == "" {
		fmt.Fprintln(e.Stdout, e.t("cli.sync.none_saved"))
	} else {
		fmt.Fprintln(e.Stdout, bank.Sanitize(e.t("cli.sync.forgot", dir)))
	}
	return st.Close()
}

// syncAfterTUI is the sync when the TUI quits, with the saved folder: one
// line on stderr says what happened. A folder out of reach is said and is
// no failure (everything is in the database; the next sync sends it).
func (e *env) syncAfterTUI(st *store.Store) error {
	dir, err := st.SyncFolder()
	if err != nil || dir == "" {
		return err
	}
	rep, err := e.syncWith(st, dir, false)
	switch {
	case errors.Is(err, store.ErrSyncFolder):
		fmt.Fprintln(e.Stderr, bank.Sanitize(e.t("cli.sync.quit_unreachable", err)))
		return nil
	case err != nil:
		return err
	}
	line := e.t("cli.sync.done", rep.Folder, rep.Sent, rep.Received)
	if len(rep.Problems) > 0 {
		line += e.t("cli.sync.quit_problems", len(rep.Problems), rep.Problems[0].String())
	}
	fmt.Fprintln(e.Stderr, bank.Sanitize(line))
	return nil
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
