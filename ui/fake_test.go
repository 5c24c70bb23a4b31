package ui

import (
	"errors"
	"maps"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/shuati/shuati/bank"
	"github.com/shuati/shuati/store"
	"github.com/shuati/shuati/store/fsrs"
)

// fakeStore is an in-memory Store for model tests. It schedules with the
// real FSRS scheduler and keeps a snapshot per answer for Undo.
type fakeStore struct {
	mu       sync.Mutex
	sched    *fsrs.Scheduler
	cards    map[string]fsrs.Card
	log      []store.Answer
	mistakes map[string]store.Mistake
	stars    map[string]bool
	progress map[string]int
	settings store.Settings
	undo     []fakeSnap
	exams    []store.ExamRecord
	notes    map[string]string
	weights  *store.Weights   // nil: the defaults
	paper    *store.ExamPaper // the exam paper in progress (fake_paper_test.go)
	// paper saves made, and a failure for the next one
	paperSaves int
	failPaper  error
	// failures to inject; like the store's transactions, a failed call
	// changes nothing
	failNext     error // the next call that records answers fails with this
	failSave     error // the next HandInExam fails with this
	failProgress error // the next answer saving a practice position fails with this
	fakeSync           // the sync folder and Sync (fake_sync_test.go)
}

type fakeSnap struct {
	at       time.Time
	key      string
	card     fsrs.Card
	hadCard  bool
	mistake  store.Mistake
	hadMist  bool
	logLen   int
	progress map[string]int
}

func newFakeStore() *fakeStore {
	s, err := fsrs.New(fsrs.DefaultParams())
	if err != nil {
		panic(err)
	}
	return &fakeStore{sched: s, cards: map[string]fsrs.Card{}, mistakes: map[string]store.Mistake{},
		stars: map[string]bool{}, progress: map[string]int{}, settings: store.DefaultSettings()}
}

// RecordAnswer records one answer and saves p, all or nothing.
func (f *fakeStore) RecordAnswer(a store.Answer, p store.Position) (store.Receipt, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.failNext; err != nil {
		f.failNext = nil
		return store.Receipt{}, err
	}
	if err := f.failProgress; err != nil && p.Scope != "" {
		f.failProgress = nil
		return store.Receipt{}, err
	}
	if !a.Rating.Valid() {
		return store.Receipt{}, store.ErrBadAnswer
	}
	wasOpen := f.mistakes[a.Key].Key != "" && !f.mistakes[a.Key].Mastered
	c, added := f.record(a)
	if p.Scope != "" {
		f.progress[p.Scope] = p.Next
	}
	mastered := wasOpen && f.mistakes[a.Key].Mastered
	return store.Receipt{Key: a.Key, At: a.At, Card: c, NewMistake: added, MasteredMistake: mastered}, nil
}

// record schedules the card, logs the answer and updates the mistake book,
// keeping what was there before (and the practice positions) for Undo. It
// returns the new card and whether the answer put the question among the
// open mistakes.
func (f *fakeStore) record(a store.Answer) (card fsrs.Card, addedMistake bool) {
	c, ok := f.cards[a.Key]
	m, hadM := f.mistakes[a.Key]
	f.undo = append(f.undo, fakeSnap{at: a.At, key: a.Key, card: c, hadCard: ok, mistake: m, hadMist: hadM, logLen: len(f.log), progress: maps.Clone(f.progress)})
	if !ok {
		c = fsrs.NewCard(a.At)
	}
	c, _ = f.sched.Review(c, a.At, a.Rating)
	f.cards[a.Key] = c
	f.log = append(f.log, a)
	wrong := (a.Correct != nil && !*a.Correct) || (a.Correct == nil && a.Rating == fsrs.Again)
	addedMistake = wrong && (!hadM || m.Mastered)
	if wrong {
		if m.Mastered {
			m.Reopened++
		}
		m.Key, m.Type, m.Section = a.Key, a.Type, a.Section
		m.TimesWrong++
		m.LastWrong, m.LastWrongAt = a.Given, a.At
		m.Consecutive, m.Mastered = 0, false
		f.mistakes[a.Key] = m
	} else if hadM {
		m.Consecutive++
		if m.Consecutive >= f.settings.MasteryCount {
			m.Mastered, m.MasteredAt = true, a.At
		}
		f.mistakes[a.Key] = m
	}
	return c, addedMistake
}

func (f *fakeStore) Undo(r store.Receipt) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.undo) == 0 {
		return store.ErrStale
	}
	sn := f.undo[len(f.undo)-1]
	if sn.key != r.Key || !sn.at.Equal(r.At) {
		return store.ErrStale
	}
	f.undo = f.undo[:len(f.undo)-1]
	if sn.hadCard {
		f.cards[sn.key] = sn.card
	} else {
		delete(f.cards, sn.key)
	}
	if sn.hadMist {
		f.mistakes[sn.key] = sn.mistake
	} else {
		delete(f.mistakes, sn.key)
	}
	f.log = f.log[:sn.logLen]
	f.progress = sn.progress
	return nil
}

func (f *fakeStore) Card(key string) (fsrs.Card, bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	c, ok := f.cards[key]
	return c, ok, nil
}

func (f *fakeStore) Preview(key string, now time.Time) ([4]fsrs.Card, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	c, ok := f.cards[key]
	if !ok {
		c = fsrs.NewCard(now)
	}
	return f.sched.Preview(c, now), nil
}

func (f *fakeStore) DueQueue(now time.Time, keys []string, newLimit int) (store.Queue, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var q store.Queue
	for _, k := range keys {
		c, ok := f.cards[k]
		switch {
		case !ok:
			if len(q.New) < newLimit {
				q.New = append(q.New, k)
			}
		case c.Due.After(now):
			if c.State != fsrs.StateReview && (q.NextLearning.IsZero() || c.Due.Before(q.NextLearning)) {
				q.NextLearning = c.Due
			}
		case c.State == fsrs.StateReview:
			q.Due = append(q.Due, k)
		default:
			q.Learning = append(q.Learning, k)
		}
	}
	q.NewLeft = newLimit
	return q, nil
}

func (f *fakeStore) Mistakes(mf store.MistakeFilter) ([]store.Mistake, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []store.Mistake
	for _, m := range f.mistakes {
		if mf.Open && m.Mastered {
			continue
		}
		if mf.Keys != nil && slices.Contains(mf.Keys, m.Key) == mf.Gone {
			continue
		}
		if mf.Type != "" && m.Type != mf.Type {
			continue
		}
		out = append(out, m)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out, nil
}

func (f *fakeStore) Stars() (map[string]bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return maps.Clone(f.stars), nil
}

func (f *fakeStore) SetStar(key string, on bool) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if on {
		f.stars[key] = true
	} else {
		delete(f.stars, key)
	}
	return nil
}

func (f *fakeStore) Settings() (store.Settings, error) { return f.settings, nil }

func (f *fakeStore) Progress(scope string) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.progress[scope], nil
}

func (f *fakeStore) SetProgress(scope string, pos int) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.progress[scope] = pos
	return nil
}

func (f *fakeStore) Stats(now time.Time, keys []string) (store.Stats, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	st := store.Stats{Reviews: len(f.log), ByType: map[string]store.TypeStats{}}
	for _, m := range f.mistakes {
		if keys != nil && !slices.Contains(keys, m.Key) {
			continue
		}
		st.MistakesTotal++
		if !m.Mastered {
			st.MistakesOpen++
		}
	}
	if len(f.log) > 0 {
		st.Streak = 1
	}
	return st, nil
}

func (f *fakeStore) logged() []store.Answer {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]store.Answer(nil), f.log...)
}

var errFake = errors.New("disk on fire")

// testBanks is a small bank with one question of each interaction, the
// first with a Chinese stem long enough to wrap at 60 columns.
func testBanks() []*bank.Bank {
	qs := []*bank.Question{
		{ID: "s1", Type: bank.Single, Section: "一、单项选择题",
			Stem: "客户服务管理的核心是（ ），这是现代企业在激烈的市场竞争中获得持续竞争优势、提高客户满意度和忠诚度的关键所在。",
			Options: []bank.Option{{Key: "A", Text: "客户投诉处理"}, {Key: "B", Text: "客户满意度"}, {Key: "C", Text: "客户忠诚度"},
				{Key: "D", Text: "客户价值最大化，即通过为客户创造价值来实现企业自身价值的最大化，这一选项的文字特意写得很长以便换行"}},
			Answer:      &bank.Answer{Choices: "D"},
			Explanation: "客户服务管理的目标是实现客户价值的最大化。"},
		{ID: "m1", Type: bank.Multiple, Section: "二、多项选择题",
			Stem:    "客户服务的渠道包括（ ）",
			Options: []bank.Option{{Key: "A", Text: "电话"}, {Key: "B", Text: "电子邮件"}, {Key: "C", Text: "社交媒体"}, {Key: "D", Text: "在线聊天"}, {Key: "E", Text: "以上都不是"}},
			Answer:  &bank.Answer{Choices: "ABD"}},
		{ID: "t1", Type: bank.TrueFalse, Section: "三、判断题",
			Stem: "客户服务只是售后服务。", Answer: &bank.Answer{True: false},
			Explanation: "客户服务贯穿售前、售中和售后。"},
		{ID: "f1", Type: bank.Fill, Section: "四、填空题",
			Stem:   "CRM 的英文全称是 ____，中文是 ____。",
			Answer: &bank.Answer{Blanks: [][]string{{"Customer Relationship Management"}, {"客户关系管理", "顾客关系管理"}}}},
		{ID: "e1", Type: bank.Essay, Section: "五、论述题",
			Stem:   "论述如何提高客户忠诚度。",
			Answer: &bank.Answer{Text: "1. 提高产品质量：质量是忠诚的基础。\n2. 提供优质服务，及时响应客户需求。\n3. 建立客户关系管理体系，持续跟踪客户满意度。"}},
		{ID: "c1", Type: bank.Case, Section: "六、案例分析",
			Stem: "某家电企业近期投诉量上升，客户反映维修等待时间过长。",
			Parts: []bank.Part{{Stem: "分析投诉上升的原因。", Answer: &bank.Answer{Text: "产品质量、服务响应慢。"}},
				{Stem: "提出改进措施。"}}},
	}
	b := &bank.Bank{Name: "test", Title: "测试题库", Questions: qs}
	for i, q := range qs {
		q.Bank = "test"
		q.Line = i + 1
	}
	return []*bank.Bank{b}
}

var testNow = time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)

func testConfig(st Store, lang string) Config {
	return Config{Banks: testBanks(), Store: st, Now: func() time.Time { return testNow }, Lang: lang}
}
