package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	bolt "go.etcd.io/bbolt"

	"github.com/shuati/shuati/bank"
)

func userBank(name string, stems ...string) *bank.Bank {
	b := &bank.Bank{Name: name, Title: "我的题库 " + name, Source: name + ".txt"}
	for i, s := range stems {
		b.Questions = append(b.Questions, &bank.Question{
			Bank: name, ID: "q" + string(rune('a'+i)), Type: bank.Single, Section: "一、单项选择题", Source: name + ".txt",
			Stem: s, Options: []bank.Option{{Key: "A", Text: "甲"}, {Key: "B", Text: "乙"}},
			Answer: &bank.Answer{Choices: "B"}, Explanation: "解析", Tags: []string{"t"}, Line: i + 1,
		})
	}
	b.Questions = append(b.Questions, &bank.Question{Bank: name, ID: "case1", Type: bank.Case, Stem: "材料",
		Parts: []bank.Part{{Stem: "问一", Answer: &bank.Answer{Text: "答一"}}, {Stem: "问二"}}},
		&bank.Question{Bank: name, ID: "fill1", Type: bank.Fill, Stem: "____和____",
			Answer: &bank.Answer{Blanks: [][]string{{"甲", "子"}, {"乙"}}}},
		&bank.Question{Bank: name, ID: "tf1", Type: bank.TrueFalse, Stem: "对吗", Answer: &bank.Answer{True: true}})
	return b
}

func TestUserBanksSaveLoadListDelete(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shuati.db")
	s := openTest(t, path)

	// A fresh database has no bucket: everything is empty, nothing fails.
	if bs, err := s.UserBanks(); err != nil || len(bs) != 0 {
		t.Fatalf("fresh UserBanks = %v, %v", bs, err)
	}
	if _, ok, err := s.UserBank("x"); ok || err != nil {
		t.Fatalf("fresh UserBank = %v, %v", ok, err)
	}
	if err := s.DeleteUserBank("x"); !errors.Is(err, ErrNoUserBank) {
		t.Fatalf("delete missing: %v", err)
	}
	_ = s.db.View(func(tx *bolt.Tx) error {
		if tx.Bucket(bUserBanks) != nil {
			t.Error("reading created the bucket")
		}
		return nil
	})

	a, b := userBank("alpha", "第一题", "第二题"), userBank("beta", "其他")
	if err := s.SaveUserBank(b, "/tmp/beta.csv", t0); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveUserBank(a, "/tmp/alpha.txt", t0); err != nil {
		t.Fatal(err)
	}
	got, ok, err := s.UserBank("alpha")
	if err != nil || !ok {
		t.Fatalf("UserBank alpha: %v %v", ok, err)
	}
	if !reflect.DeepEqual(got, a) {
		t.Fatalf("loaded bank differs:\n got %+v\nwant %+v", got, a)
	}
	list, err := s.ListUserBanks()
	if err != nil || len(list) != 2 || list[0].Name != "alpha" || list[1].Name != "beta" {
		t.Fatalf("list = %+v, %v", list, err)
	}
	if list[0].Questions != 5 || list[0].ByType[bank.Single] != 2 || list[0].File != "/tmp/alpha.txt" || !list[0].Imported.Equal(t0) {
		t.Fatalf("alpha info = %+v", list[0])
	}

	// Re-import replaces; the bank survives reopening the database.
	a2 := userBank("alpha", "第一题（改）")
	if err := s.SaveUserBank(a2, "/tmp/alpha.txt", t0.Add(1)); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = openTest(t, path)
	defer s.Close()
	all, err := s.UserBanks()
	if err != nil || len(all) != 2 {
		t.Fatalf("after reopen: %d banks, %v", len(all), err)
	}
	if !reflect.DeepEqual(all[0], a2) {
		t.Fatalf("replaced bank differs: %+v", all[0])
	}

	if err := s.DeleteUserBank("alpha"); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := s.UserBank("alpha"); ok {
		t.Fatal("deleted bank still there")
	}
	if list, _ := s.ListUserBanks(); len(list) != 1 || list[0].Name != "beta" {
		t.Fatalf("after delete: %+v", list)
	}
}

// A record written with escape sequences (a tampered or foreign database)
// comes back sanitised.
func TestUserBankSanitisedOnLoad(t *testing.T) {
	s := newTestStore(t)
	b := userBank("evil", "题\x1b]0;pwned\x07干\x1b[31m红")
	b.Title = "标题\x1b[2J"
	b.Questions[0].Options[0].Text = "甲\u202e乙"
	b.Questions[1].Parts[0].Answer.Text = "答\x9b31m"
	if err := s.SaveUserBank(b, "f\x1b[0m.txt", t0); err != nil {
		t.Fatal(err)
	}
	got, _, err := s.UserBank("evil")
	if err != nil {
		t.Fatal(err)
	}
	list, _ := s.ListUserBanks()
	for _, txt := range []string{got.Title, got.Questions[0].Stem, got.Questions[0].Options[0].Text, got.Questions[1].Parts[0].Answer.Text, list[0].File} {
		if strings.ContainsAny(txt, "\x1b\x07\u202e\u009b") {
			t.Errorf("not sanitised: %q", txt)
		}
	}
	if got.Questions[0].Stem != "题干红" {
		t.Errorf("stem = %q", got.Questions[0].Stem)
	}
}

func TestUserBankDamagedRecord(t *testing.T) {
	s := newTestStore(t)
	if err := s.db.Update(func(tx *bolt.Tx) error {
		bk, err := tx.CreateBucketIfNotExists(bUserBanks)
		if err != nil {
			return err
		}
		if err := bk.Put([]byte("bad"), []byte("{not json")); err != nil {
			return err
		}
		return bk.Put([]byte("newer"), []byte(`{"version":99,"bank":{"Name":"newer"}}`))
	}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.UserBank("bad"); !errors.Is(err, ErrDamaged) {
		t.Errorf("bad record: %v", err)
	}
	if _, _, err := s.UserBank("newer"); !errors.Is(err, ErrNewer) {
		t.Errorf("newer record: %v", err)
	}
	if _, err := s.UserBanks(); err == nil {
		t.Error("UserBanks over a damaged record: no error")
	}
	if err := s.SaveUserBank(&bank.Bank{}, "", t0); err == nil {
		t.Error("saved a bank without a name")
	}
}

// The binary layout: every field and every kind of question survives, the
// record starts with its version byte, and a record that ends early or
// holds an impossible count is damaged, never a panic.
func TestUserBankBinaryRecord(t *testing.T) {
	b := userBank("bin", "第一题\n第二行", "")
	b.File = "bin.txt"
	b.Questions[0].Tags = []string{"甲", "", "乙"}
	b.Questions[1].Line = -3 // any int survives
	b.Questions = append(b.Questions, &bank.Question{Bank: "bin", ID: "e", Type: bank.Essay, Answer: &bank.Answer{}})
	at := time.Date(2026, 11, 25, 14, 0, 0, 123456789, time.UTC)
	v := encodeUserBank(&userBankRecord{Version: userBankVersion, File: "/tmp/bin.txt", Imported: at, Bank: b})
	if v[0] != userBankVersionBinary || userBankVersionBinary != 2 { // no notes: the layout older builds read
		t.Fatalf("record starts with %d", v[0])
	}
	rec, err := decodeUserBank(v)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(rec.Bank, b) || rec.File != "/tmp/bin.txt" || !rec.Imported.Equal(at) {
		t.Fatalf("round trip differs:\n got %+v\nwant %+v", rec.Bank, b)
	}
	// Slices handed out of one backing array must not run into each
	// other when a caller appends to one.
	q0 := rec.Bank.Questions[0]
	q0.Options = append(q0.Options, bank.Option{Key: "C", Text: "丙"})
	if rec.Bank.Questions[1].Options[0].Key != "A" {
		t.Fatal("append to one question's options overwrote the next one's")
	}

	checkDamagedRecords(t, v)
	// A huge count is refused before anything is allocated for it.
	huge := append([]byte{userBankVersionBinary}, binary.AppendUvarint(nil, 12)...)
	huge = binary.AppendUvarint(huge, 1<<60)
	huge = append(huge, make([]byte, 12-len(huge)+2)...)
	if _, err := decodeUserBank(huge); !errors.Is(err, ErrDamaged) {
		t.Fatalf("huge count: %v", err)
	}
	for _, v := range [][]byte{nil, {}, {0xff}, {'x'}} {
		if _, err := decodeUserBank(v); !errors.Is(err, ErrDamaged) {
			t.Errorf("record %q: %v", v, err)
		}
	}
	if _, err := decodeUserBank([]byte{userBankVersion + 1, 0}); !errors.Is(err, ErrNewer) {
		t.Errorf("version %d: %v", userBankVersion+1, err)
	}
}

// Databases written before the binary layout hold JSON records (version
// 1): they still load, sanitised, listed and replaced by the next import.
func TestUserBankJSONRecordStillRead(t *testing.T) {
	s := newTestStore(t)
	b := userBank("old", "旧题", "题\x1b[31m红")
	putJSONUserBank(t, s, b)
	got, ok, err := s.UserBank("old")
	if err != nil || !ok {
		t.Fatalf("UserBank old: %v %v", ok, err)
	}
	want := userBank("old", "旧题", "题红")
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("JSON record loads as\n %+v\nwant %+v", got, want)
	}
	list, err := s.ListUserBanks()
	if err != nil || len(list) != 1 || list[0].File != "/tmp/old.txt" || !list[0].Imported.Equal(t0) || list[0].Questions != 5 {
		t.Fatalf("list = %+v, %v", list, err)
	}
	first := func() byte {
		var c byte
		_ = s.db.View(func(tx *bolt.Tx) error {
			c = tx.Bucket(bUserBanks).Get([]byte("old"))[0]
			return nil
		})
		return c
	}
	if first() != '{' {
		t.Fatal("UserBank or ListUserBanks rewrote the record")
	}
	// UserBanks (the start of the TUI) writes it again in the binary
	// layout, which loads the same.
	all, err := s.UserBanks()
	if err != nil || len(all) != 1 || !reflect.DeepEqual(all[0], want) {
		t.Fatalf("UserBanks over JSON: %v, %v", all, err)
	}
	if c := first(); c != userBankVersionBinary {
		t.Fatalf("after UserBanks the record starts %q", c)
	}
	all, err = s.UserBanks()
	if err != nil || len(all) != 1 || !reflect.DeepEqual(all[0], want) {
		t.Fatalf("UserBanks after the upgrade: %v, %v", all, err)
	}
	list, err = s.ListUserBanks()
	if err != nil || len(list) != 1 || list[0].File != "/tmp/old.txt" || !list[0].Imported.Equal(t0) || list[0].Questions != 5 {
		t.Fatalf("list after the upgrade = %+v, %v", list, err)
	}
}

// A string cut from the middle of a UTF-8 sequence is invalid by itself
// even when the text it lies in is valid: it must still be sanitised.
func TestUserBankSplitRuneSanitised(t *testing.T) {
	b := userBank("split", "x")
	q := b.Questions[0]
	q.Stem, q.Explanation = "\xe4\xb8", "\xad" // "中" cut in two
	v := encodeUserBank(&userBankRecord{Version: userBankVersion, Bank: b})
	rec, err := decodeUserBank(v)
	if err != nil {
		t.Fatal(err)
	}
	got := rec.Bank.Questions[0]
	if got.Stem != bank.Sanitize("\xe4\xb8") || got.Explanation != bank.Sanitize("\xad") || !utf8.ValidString(got.Stem) {
		t.Fatalf("stem %q, explanation %q", got.Stem, got.Explanation)
	}
}

// synthBank is a bank of n questions of every type with Chinese text, of
// about the size per question of the generated 100,000-question bank.
func synthBank(n int) *bank.Bank {
	b := &bank.Bank{Name: "synth", Title: "合成题库", Source: "synth.txt"}
	stem := strings.Repeat("客户关系管理的核心是以客户为中心，通过对客户信息的收集、分析和利用，提高客户满意度。", 2)
	for i := range n {
		q := &bank.Question{Bank: b.Name, ID: fmt.Sprintf("q%06d", i), Type: bank.Types[i%len(bank.Types)],
			Section: fmt.Sprintf("第%d部分", i/1000+1), Source: "synth.txt", Stem: fmt.Sprintf("%d. %s", i+1, stem),
			Explanation: "解析：" + stem[:60], Line: i * 7}
		switch q.Type {
		case bank.Single, bank.Multiple:
			q.Options = []bank.Option{{Key: "A", Text: "选项甲的内容"}, {Key: "B", Text: "选项乙的内容"}, {Key: "C", Text: "选项丙"}, {Key: "D", Text: "选项丁"}}
			q.Answer = &bank.Answer{Choices: "AB"[:1+i%2]}
		case bank.TrueFalse:
			q.Answer = &bank.Answer{True: i%2 == 0}
		case bank.Fill:
			q.Answer = &bank.Answer{Blanks: [][]string{{"客户", "顾客"}, {"满意度"}}}
		case bank.Case:
			q.Parts = []bank.Part{{Stem: "问题一？", Answer: &bank.Answer{Text: "答案一"}}, {Stem: "问题二？"}}
		default:
			q.Answer = &bank.Answer{Text: "参考答案：" + stem[:90]}
		}
		if i%3 == 0 {
			q.Tags = []string{"重点"}
		}
		b.Questions = append(b.Questions, q)
	}
	return b
}

func TestSynthBankRoundTrip(t *testing.T) {
	b := synthBank(2000)
	rec, err := decodeUserBank(encodeUserBank(&userBankRecord{Version: userBankVersion, Bank: b}))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(rec.Bank, b) {
		t.Fatal("synthetic bank differs after a round trip")
	}
}

// BenchmarkDecodeUserBank100k: loading a stored bank of 100,000 questions,
// the binary layout against the JSON one it replaced (MB/s of record).
func BenchmarkDecodeUserBank100k(b *testing.B) {
	bk := synthBank(100_000)
	rec := &userBankRecord{Version: userBankVersion, File: "synth.txt", Imported: t0, Bank: bk}
	bin := encodeUserBank(rec)
	rec.Version = 1
	js, err := json.Marshal(rec)
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name string
		v    []byte
	}{{"binary", bin}, {"json", js}} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(c.v)))
			for b.Loop() {
				if _, err := decodeUserBank(c.v); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// FuzzDecodeUserBank: a stored user-bank record, damaged or tampered with,
// never panics the loader; a record it accepts encodes again to the same
// bytes (a binary record whose text it had to sanitise, or a JSON record,
// to bytes that load as the same bank, lists empty or absent alike), and
// one it refuses gets an error naming the bank.
func FuzzDecodeUserBank(f *testing.F) {
	for _, b := range []*bank.Bank{userBank("mine", "甲"), synthBank(3)} {
		rec := &userBankRecord{Version: userBankVersion, File: "mine.txt", Imported: t0, Bank: b}
		f.Add(encodeUserBank(rec))
		rec.Version = 1
		if js, err := json.Marshal(rec); err == nil {
			f.Add(js)
		}
	}
	noted := userBank("mine", "甲", "乙")
	noted.Questions[1].Note = "原文答案疑误"
	f.Add(encodeUserBank(&userBankRecord{File: "mine.txt", Imported: t0, Bank: noted}))
	f.Add(encodeUserBank(&userBankRecord{Bank: notedSynth(4)}))
	f.Add([]byte{userBankVersionBinary, 0})
	f.Add([]byte{userBankVersionBinary, 0x80, 0x00})
	f.Add([]byte{userBankVersionNotes, 0})
	f.Fuzz(func(t *testing.T, v []byte) {
		rec, err := decodeNamedUserBank("mine", v)
		if err != nil {
			if rec != nil || !strings.Contains(err.Error(), "user bank mine: ") {
				t.Fatalf("refused without naming the bank: %v", err)
			}
			return
		}
		again := encodeUserBank(rec)
		if binaryUserBank(v) && !rec.sanitized {
			if !bytes.Equal(again, v) {
				t.Fatalf("record encodes again to other bytes:\n got %x\nwant %x", again, v)
			}
			return
		}
		back, err := decodeNamedUserBank("mine", again)
		if err != nil {
			t.Fatalf("re-encoded record refused: %v", err)
		}
		// The binary layout holds every field it writes, and an empty list
		// as none: the same bank encodes to the same bytes.
		if twice := encodeUserBank(back); !bytes.Equal(twice, again) {
			t.Fatalf("re-encoded record loads as another bank")
		}
	})
}

// checkDamagedRecords decodes v cut short at every length (damaged) and
// with every single byte changed: an error or a bank, never a panic, and
// whatever loads is sanitised.
func checkDamagedRecords(t *testing.T, v []byte) {
	t.Helper()
	for n := 0; n < len(v); n++ {
		if _, err := decodeUserBank(v[:n]); !errors.Is(err, ErrDamaged) {
			t.Fatalf("record cut to %d of %d bytes: %v", n, len(v), err)
		}
	}
	for i := 1; i < len(v); i++ {
		for _, x := range []byte{0x00, 0x01, 0x1b, 0x7f, 0x80, 0xff} {
			w := append([]byte(nil), v...)
			w[i] = x
			rec, err := decodeUserBank(w)
			if err != nil {
				if !errors.Is(err, ErrDamaged) {
					t.Fatalf("byte %d = %#x: %v", i, x, err)
				}
				continue
			}
			for _, q := range rec.Bank.Questions {
				for _, s := range []string{q.ID, q.Stem, q.Section, q.Explanation, q.Note, string(q.Type)} {
					if bank.Sanitize(s) != s {
						t.Fatalf("byte %d = %#x: unsanitised %q", i, x, s)
					}
				}
			}
		}
	}
}
