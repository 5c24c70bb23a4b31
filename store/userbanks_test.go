package store

import (
	"errors"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

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
