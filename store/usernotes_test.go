package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/shuati/shuati/bank"
	"github.com/shuati/shuati/store/syncfolder"
)

// notedSynth is synthBank with a note on every fifth question.
func notedSynth(n int) *bank.Bank {
	b := synthBank(n)
	for i, q := range b.Questions {
		if i%5 == 1 {
			q.Note = "原文答案疑误，按教材改"
		}
	}
	return b
}

// rawUserBank is the stored record of a user bank.
func rawUserBank(t testing.TB, s *Store, name string) []byte {
	t.Helper()
	var v []byte
	if err := s.db.View(func(tx *bolt.Tx) error {
		if bk := tx.Bucket(bUserBanks); bk != nil {
			v = append(v, bk.Get([]byte(name))...)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return v
}

// A bank with a note is written in version 3 and loads with its notes; the
// same bank without notes is written in version 2, as before notes were
// kept; a version 3 record without a note (no shuati writes one) is refused.
func TestUserBankNotesLayout(t *testing.T) {
	b := userBank("noted", "第一题", "第二题")
	b.Questions[1].Note = "答案据原书\n第二行"
	b.Questions[2].Note = "材料缺一段" // a case
	v := encodeUserBank(&userBankRecord{File: "/tmp/noted.csv", Imported: t0, Bank: b})
	if v[0] != userBankVersionNotes {
		t.Fatalf("a bank with notes is written as version %d", v[0])
	}
	rec, err := decodeUserBank(v)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(rec.Bank, b) || rec.Version != userBankVersionNotes {
		t.Fatalf("round trip differs:\n got %+v\nwant %+v", rec.Bank, b)
	}
	if big := notedSynth(500); !reflect.DeepEqual(mustDecode(t, encodeUserBank(&userBankRecord{Bank: big})).Bank, big) {
		t.Fatal("500 questions with notes differ after a round trip")
	}

	plain := userBank("noted", "第一题", "第二题")
	v2 := encodeUserBank(&userBankRecord{File: "/tmp/noted.csv", Imported: t0, Bank: plain})
	if v2[0] != userBankVersionBinary {
		t.Fatalf("a bank without notes is written as version %d", v2[0])
	}
	// The version 3 record of a bank without notes: the version 2 one
	// with an empty note after each explanation. It is never written.
	forged := encodeUserBankAs(mustDecode(t, v2), userBankVersionNotes)
	if _, err := decodeUserBank(forged); !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), "without a note") {
		t.Fatalf("version 3 record without a note: %v", err)
	}

	checkDamagedRecords(t, v)
}

func mustDecode(t testing.TB, v []byte) *userBankRecord {
	t.Helper()
	rec, err := decodeUserBank(v)
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

// A note with escape sequences is sanitised on load, as every other field.
func TestUserBankNoteSanitised(t *testing.T) {
	s := newTestStore(t)
	b := userBank("evil", "x")
	b.Questions[0].Note = "注\x1b]0;pwned\x07意\u202e"
	if err := s.SaveUserBank(b, "evil.txt", t0); err != nil {
		t.Fatal(err)
	}
	got, _, err := s.UserBank("evil")
	if err != nil {
		t.Fatal(err)
	}
	if n := got.Questions[0].Note; n != "注意" {
		t.Fatalf("note %q", n)
	}
}

// The version 2 record in testdata/history.db, written before notes were
// kept, still loads, and the bank encodes again to the same bytes: a bank
// without notes is stored as older builds read it.
func TestUserBankVersion2FromTestdata(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history.db")
	if err := os.WriteFile(path, readFile(t, historyFixture), 0o600); err != nil {
		t.Fatal(err)
	}
	s := openTest(t, path)
	defer s.Close()
	v := rawUserBank(t, s, "mine")
	if len(v) == 0 || v[0] != userBankVersionBinary {
		t.Fatalf("fixture record %q…", v[:min(len(v), 4)])
	}
	got, ok, err := s.UserBank("mine")
	want := userBank("mine", "第一题", "第二题")
	if err != nil || !ok || !reflect.DeepEqual(got, want) {
		t.Fatalf("fixture bank %+v, %v, %v", got, ok, err)
	}
	if again := encodeUserBank(mustDecode(t, v)); !bytes.Equal(again, v) {
		t.Fatalf("the fixture's bank encodes to other bytes:\n got %x\nwant %x", again, v)
	}
	// Saved again with a note it becomes version 3; the note taken out, 2.
	want.Questions[0].Note = "新注"
	if err := s.SaveUserBank(want, "/x/mine.txt", t0); err != nil {
		t.Fatal(err)
	}
	if v := rawUserBank(t, s, "mine"); v[0] != userBankVersionNotes {
		t.Fatalf("with a note: version %d", v[0])
	}
	// A rename writes the record again: the note goes with it.
	if err := s.RenameUserBank("mine", "ours"); err != nil {
		t.Fatal(err)
	}
	if got, _, err := s.UserBank("ours"); err != nil || got.Questions[0].Note != "新注" {
		t.Fatalf("renamed bank %+v, %v", got, err)
	}
	if err := s.RenameUserBank("ours", "mine"); err != nil {
		t.Fatal(err)
	}
	want.Questions[0].Note = ""
	if err := s.SaveUserBank(want, "/x/mine.txt", t0); err != nil {
		t.Fatal(err)
	}
	if v := rawUserBank(t, s, "mine"); v[0] != userBankVersionBinary {
		t.Fatalf("without notes: version %d", v[0])
	}
}

// A JSON record (version 1) held notes: they load, sanitised, and survive
// its upgrade to the binary layout.
func TestUserBankJSONNotesKept(t *testing.T) {
	s := newTestStore(t)
	b := userBank("old", "旧题")
	b.Questions[0].Note = "旧注\x1b[31m"
	putJSONUserBank(t, s, b)
	for range 2 { // the JSON record, then its upgrade
		all, err := s.UserBanks()
		if err != nil || len(all) != 1 || all[0].Questions[0].Note != "旧注" {
			t.Fatalf("UserBanks: %v, %v", all, err)
		}
	}
	if v := rawUserBank(t, s, "old"); v[0] != userBankVersionNotes {
		t.Fatalf("upgraded to version %d", v[0])
	}
}

// A record of a layout newer than this build's is refused as newer, and
// the message names the bank and the version.
func TestUserBankNewerRecordNamed(t *testing.T) {
	newer := []byte{userBankVersion + 1, 0}
	_, err := decodeNamedUserBank("我的库", newer)
	if !errors.Is(err, ErrNewer) || !strings.Contains(err.Error(), "我的库") || !strings.Contains(err.Error(), "version 4") {
		t.Fatalf("newer record: %v", err)
	}
	// From another device: the sync names the bank too.
	err = checkForeign([]syncfolder.Event{{Seq: 3, Kind: syncfolder.KindBank, Key: "我的库", Flag: true, Data: newer, Time: 1}})
	if err == nil || !strings.Contains(err.Error(), "我的库") || !strings.Contains(err.Error(), "newer shuati") {
		t.Fatalf("newer record from another device: %v", err)
	}
}

// Two devices: a bank imported with notes on one reaches the other with
// its notes, through the folder, and a re-import without notes goes back
// to the version 2 record on both.
func TestSyncCarriesBankNotes(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "sync")
	sa := openTest(t, filepath.Join(root, "a.db"))
	defer sa.Close()
	sb := openTest(t, filepath.Join(root, "b.db"))
	defer sb.Close()
	b := smallBank("mine", 4)
	b.Questions[2].Note = "第3题原答案有误"
	if err := sa.SaveUserBank(b, "/tmp/mine.csv", t0); err != nil {
		t.Fatal(err)
	}
	mustSync(t, sa, dir, syncNow)
	if rep := mustSync(t, sb, dir, syncNow.Add(time.Minute)); len(rep.Problems) > 0 {
		t.Fatalf("problems: %v", rep.Problems)
	}
	got, ok, err := sb.UserBank("mine")
	if err != nil || !ok || got.Questions[2].Note != "第3题原答案有误" || got.Questions[1].Note != "" {
		t.Fatalf("B's bank: %+v, %v, %v", got, ok, err)
	}
	if !bytes.Equal(rawUserBank(t, sa, "mine"), rawUserBank(t, sb, "mine")) {
		t.Fatal("A and B store the bank differently")
	}

	b.Questions[2].Note = ""
	if err := sb.SaveUserBank(b, "/tmp/mine.csv", t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	mustSync(t, sb, dir, syncNow.Add(2*time.Minute))
	mustSync(t, sa, dir, syncNow.Add(3*time.Minute))
	if v := rawUserBank(t, sa, "mine"); v[0] != userBankVersionBinary {
		t.Fatalf("A's bank after the re-import without notes: version %d", v[0])
	}
	if da, db := digest(t, sa), digest(t, sb); da != db {
		t.Fatalf("A and B differ: %s", firstDiff(da, db))
	}
}

// putJSONUserBank stores b as a version 1 (JSON) record, as builds before
// the binary layout did.
func putJSONUserBank(t testing.TB, s *Store, b *bank.Bank) {
	t.Helper()
	v, err := json.Marshal(userBankRecord{Version: 1, File: "/tmp/" + b.Name + ".txt", Imported: t0, Bank: b})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.db.Update(func(tx *bolt.Tx) error {
		bk, err := tx.CreateBucketIfNotExists(bUserBanks)
		if err != nil {
			return err
		}
		return bk.Put([]byte(b.Name), v)
	}); err != nil {
		t.Fatal(err)
	}
}
