package store

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/shuati/shuati/bank"
)

// The learner's own banks (shuati import) live in their own bucket, created
// by the first import:
//
//	userbanks  bank name → userBankRecord: the bank with its IDs
//
// A record is written in the compact binary layout of encodeUserBank
// (first byte 2, or 3 when a question has a note); records of version 1
// are JSON (first byte '{') and are still read.
//
// The stored bank is also the ID map of the next import of the same name:
// the importer keeps the IDs of unchanged and lightly edited questions (see
// importer.AssignIDs), so their history survives re-importing an edited
// file. Learner state (cards, log, mistakes) is keyed by "bank/id" as for
// the built-in banks and is not touched by import or delete.
var bUserBanks = []byte("userbanks")

// The record layout versions: 1 was JSON, 2 is the binary layout (see
// encodeUserBank), 3 the binary layout with each question's note. A bank
// without notes is still written as version 2, so builds that know no
// version 3 (other devices sync imported banks) read it; they refuse a
// version 3 record as newer.
const (
	userBankVersionBinary = 2
	userBankVersionNotes  = 3
	userBankVersion       = userBankVersionNotes // the newest this build reads
)

// binaryUserBank reports whether the stored record v is in a binary layout.
func binaryUserBank(v []byte) bool {
	return len(v) > 0 && (v[0] == userBankVersionBinary || v[0] == userBankVersionNotes)
}

// ErrNoUserBank is returned for a user bank name that is not stored.
var ErrNoUserBank = errors.New("no such imported bank")

type userBankRecord struct {
	Version  int        `json:"version"`
	File     string     `json:"file"`     // the file it was imported from
	Imported time.Time  `json:"imported"` // when
	Bank     *bank.Bank `json:"bank"`
	// sanitized is set on a decoded binary record whose text Sanitize
	// had to change (a damaged or tampered record): it no longer encodes
	// to the bytes it was read from.
	sanitized bool
}

// UserBankInfo describes one stored user bank.
type UserBankInfo struct {
	Name      string
	Title     string
	File      string
	Imported  time.Time
	Questions int
	ByType    map[bank.Type]int
}

// SaveUserBank stores b under its name, replacing an earlier import of the
// same name, in one write transaction. file is the path it was imported
// from (for `bank list`), at the time of the import. It stores no content
// digest (see SaveImportedBank), and forgets the one an earlier import of
// the name had.
func (s *Store) SaveUserBank(b *bank.Bank, file string, at time.Time) error {
	return s.SaveImportedBank(b, file, "", at)
}

// UserBank loads the stored bank of that name; ok is false when there is
// none.
func (s *Store) UserBank(name string) (b *bank.Bank, ok bool, err error) {
	err = s.db.View(func(tx *bolt.Tx) error {
		bk := tx.Bucket(bUserBanks)
		if bk == nil {
			return nil
		}
		v := bk.Get([]byte(name))
		if v == nil {
			return nil
		}
		rec, err := decodeNamedUserBank(name, v)
		if err != nil {
			return err
		}
		b, ok = rec.Bank, true
		return nil
	})
	if err != nil {
		return nil, false, err
	}
	return b, ok, nil
}

// UserBanks loads every stored user bank, sorted by name. Banks still
// stored as JSON (version 1) are written again in the binary layout, so
// the next start loads them fast.
func (s *Store) UserBanks() ([]*bank.Bank, error) {
	var out []*bank.Bank
	var old []keyedRecord
	err := s.db.View(func(tx *bolt.Tx) error {
		bk := tx.Bucket(bUserBanks)
		if bk == nil {
			return nil
		}
		return bk.ForEach(func(k, v []byte) error {
			rec, err := decodeNamedUserBank(string(k), v)
			if err != nil {
				return err
			}
			out = append(out, rec.Bank)
			if !binaryUserBank(v) {
				old = append(old, keyedRecord{string(k), rec})
			}
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	if len(old) > 0 {
		s.upgradeUserBanks(old)
	}
	return out, nil
}

type keyedRecord struct {
	key string
	rec *userBankRecord
}

// upgradeUserBanks writes records read from JSON again in the binary
// layout, each only if it is still the JSON one. It is only a speed-up:
// when the database cannot be written now (full disk, an I/O error), the
// banks have loaded all the same and the next load tries again, so the
// error is dropped. The records are the decoded (sanitised) ones, which
// load exactly as the JSON did.
func (s *Store) upgradeUserBanks(old []keyedRecord) {
	_ = s.db.Update(func(tx *bolt.Tx) error {
		bk := tx.Bucket(bUserBanks)
		if bk == nil {
			return nil
		}
		for _, o := range old {
			if v := bk.Get([]byte(o.key)); len(v) == 0 || binaryUserBank(v) {
				continue
			}
			rec := *o.rec
			if err := bk.Put([]byte(o.key), encodeUserBank(&rec)); err != nil {
				return err
			}
		}
		return nil
	})
}

// ListUserBanks describes the stored user banks, sorted by name.
func (s *Store) ListUserBanks() ([]UserBankInfo, error) {
	var out []UserBankInfo
	err := s.db.View(func(tx *bolt.Tx) error {
		bk := tx.Bucket(bUserBanks)
		if bk == nil {
			return nil
		}
		return bk.ForEach(func(k, v []byte) error {
			rec, err := decodeNamedUserBank(string(k), v)
			if err != nil {
				return err
			}
			info := UserBankInfo{Name: rec.Bank.Name, Title: rec.Bank.Title, File: rec.File, Imported: rec.Imported,
				Questions: len(rec.Bank.Questions), ByType: map[bank.Type]int{}}
			for _, q := range rec.Bank.Questions {
				info.ByType[q.Type]++
			}
			out = append(out, info)
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// The binary record (version 2, or 3) is two parts after its first byte:
//
//	2|3  uvarint len(meta)  meta  text
//
// meta holds the structure as uvarints: counts, flags and the length of
// every string; text holds the bytes of all the strings, one after the
// other in the order meta names them. Loading copies text into one Go
// string once and slices every field out of it, and allocates the
// questions, options, answers, tags and parts in one slice each (their
// totals lead meta), so a bank of 100,000 questions costs a handful of
// allocations instead of millions.
//
// meta, in order:
//
//	totals: questions options answers tags parts blanks alternatives
//	record: file, imported (unix seconds as zigzag varint, nanoseconds)
//	bank:   name title source file
//	each question:
//	  id type section source stem
//	  options (count, then key text each)
//	  answer
//	  explanation
//	  note (version 3 only)
//	  tags (count, then each)
//	  parts (count, then stem and answer each)
//	  line (zigzag varint)
//	answer: 0 for none, else 1, then choices, true (0/1), blanks
//	  (count, then each: count of alternatives, then each), text
//
// A string is its byte length in meta; its bytes are the next ones of text.
// Version 3 is written only when at least one question has a note, so a
// version 3 record without one is refused as damaged: every record loaded
// encodes again to the bytes it was read from.

type ubTotals struct{ questions, options, answers, tags, parts, blanks, alts int }

// encodeUserBank writes rec in the binary layout: version 3 when a
// question of the bank has a note, else version 2.
func encodeUserBank(rec *userBankRecord) []byte {
	version := byte(userBankVersionBinary)
	for _, q := range rec.Bank.Questions {
		if q.Note != "" {
			version = userBankVersionNotes
			break
		}
	}
	return encodeUserBankAs(rec, version)
}

// encodeUserBankAs writes rec in the binary layout of that version.
func encodeUserBankAs(rec *userBankRecord, version byte) []byte {
	b := rec.Bank
	var tot ubTotals
	countAnswer := func(a *bank.Answer) {
		if a == nil {
			return
		}
		tot.answers++
		tot.blanks += len(a.Blanks)
		for _, alts := range a.Blanks {
			tot.alts += len(alts)
		}
	}
	for _, q := range b.Questions {
		tot.questions++
		tot.options += len(q.Options)
		tot.tags += len(q.Tags)
		tot.parts += len(q.Parts)
		countAnswer(q.Answer)
		for _, p := range q.Parts {
			countAnswer(p.Answer)
		}
	}
	w := &ubWriter{}
	for _, n := range []int{tot.questions, tot.options, tot.answers, tot.tags, tot.parts, tot.blanks, tot.alts} {
		w.uint(uint64(n))
	}
	w.str(rec.File)
	w.int(rec.Imported.Unix())
	w.uint(uint64(rec.Imported.Nanosecond()))
	w.str(b.Name)
	w.str(b.Title)
	w.str(b.Source)
	w.str(b.File)
	for _, q := range b.Questions {
		w.str(q.ID)
		w.str(string(q.Type))
		w.str(q.Section)
		w.str(q.Source)
		w.str(q.Stem)
		w.uint(uint64(len(q.Options)))
		for _, o := range q.Options {
			w.str(o.Key)
			w.str(o.Text)
		}
		w.answer(q.Answer)
		w.str(q.Explanation)
		if version == userBankVersionNotes {
			w.str(q.Note)
		}
		w.uint(uint64(len(q.Tags)))
		for _, t := range q.Tags {
			w.str(t)
		}
		w.uint(uint64(len(q.Parts)))
		for _, p := range q.Parts {
			w.str(p.Stem)
			w.answer(p.Answer)
		}
		w.int(int64(q.Line))
	}
	out := make([]byte, 0, 1+binary.MaxVarintLen64+len(w.meta)+len(w.text))
	out = append(out, version)
	out = binary.AppendUvarint(out, uint64(len(w.meta)))
	out = append(out, w.meta...)
	return append(out, w.text...)
}

type ubWriter struct{ meta, text []byte }

func (w *ubWriter) uint(n uint64) { w.meta = binary.AppendUvarint(w.meta, n) }
func (w *ubWriter) int(n int64)   { w.meta = binary.AppendVarint(w.meta, n) }
func (w *ubWriter) str(s string) {
	w.uint(uint64(len(s)))
	w.text = append(w.text, s...)
}

func (w *ubWriter) answer(a *bank.Answer) {
	if a == nil {
		w.uint(0)
		return
	}
	w.uint(1)
	w.str(a.Choices)
	if a.True {
		w.uint(1)
	} else {
		w.uint(0)
	}
	w.uint(uint64(len(a.Blanks)))
	for _, alts := range a.Blanks {
		w.uint(uint64(len(alts)))
		for _, s := range alts {
			w.str(s)
		}
	}
	w.str(a.Text)
}

// errShort is the cause of every malformed binary record.
var errShort = errors.New("record ends early or holds an impossible count")

// ubReader reads meta and hands out strings cut from text.
type ubReader struct {
	meta []byte
	text string
	pos  int  // in meta
	tpos int  // in text
	bad  bool // meta or text ran out, or a count went past its total
	// split is set when a non-empty string starts inside a UTF-8 sequence
	// of text: that string is not valid UTF-8 by itself, so the whole-text
	// check cannot vouch for it.
	split bool
}

// uint reads a uvarint. Only the shortest encoding is taken (a last byte
// of 0 after others is longer than needed), so a record that decodes
// encodes again to the same bytes.
func (r *ubReader) uint() uint64 {
	if r.pos < len(r.meta) && r.meta[r.pos] < 0x80 {
		n := uint64(r.meta[r.pos])
		r.pos++
		return n
	}
	n, k := binary.Uvarint(r.meta[r.pos:])
	if k <= 0 || r.meta[r.pos+k-1] == 0 {
		r.bad = true
		r.pos = len(r.meta)
		return 0
	}
	r.pos += k
	return n
}

func (r *ubReader) int() int64 {
	n, k := binary.Varint(r.meta[r.pos:])
	if k <= 0 || k > 1 && r.meta[r.pos+k-1] == 0 {
		r.bad = true
		r.pos = len(r.meta)
		return 0
	}
	r.pos += k
	return n
}

// count reads a count that must not exceed left (what remains of its
// total) and takes it off.
func (r *ubReader) count(left *int) int {
	n := r.uint()
	if n > uint64(*left) {
		r.bad = true
		return 0
	}
	*left -= int(n)
	return int(n)
}

func (r *ubReader) str() string {
	n := r.uint()
	if n == 0 {
		return ""
	}
	if n > uint64(len(r.text)-r.tpos) {
		r.bad = true
		return ""
	}
	start := r.tpos
	r.tpos += int(n)
	if c := r.text[start]; c >= 0x80 && c < 0xc0 {
		r.split = true
	}
	return r.text[start:r.tpos]
}

// decodeUserBankBinary reads a binary record of that version (v without
// its first byte). Strings are sanitised as for JSON, but through a fast path: the
// whole text is checked once (on a second core while the structure is
// read) and only when it holds something Sanitize would change is each
// field sanitised one by one.
func decodeUserBankBinary(version byte, v []byte) (*userBankRecord, error) {
	notes := version == userBankVersionNotes
	noted := false // a question has a note
	n, k := binary.Uvarint(v)
	if k <= 0 || k > 1 && v[k-1] == 0 || n > uint64(len(v)-k) {
		return nil, fmt.Errorf("%w: user bank record: %v", ErrDamaged, errShort)
	}
	r := &ubReader{meta: v[k : k+int(n)]}
	raw := v[k+int(n):]

	// A total is at most what meta can describe: a question takes at
	// least 11 bytes of it (its uvarints), an answer 5, an option or a
	// part 2, anything else 1; so a damaged count cannot make a huge
	// allocation.
	var tot ubTotals
	for _, t := range []struct {
		p        *int
		minBytes uint64
	}{{&tot.questions, 11}, {&tot.options, 2}, {&tot.answers, 5}, {&tot.tags, 1}, {&tot.parts, 2}, {&tot.blanks, 1}, {&tot.alts, 1}} {
		n := r.uint()
		if n > uint64(len(r.meta))/t.minBytes {
			return nil, fmt.Errorf("%w: user bank record: %v", ErrDamaged, errShort)
		}
		*t.p = int(n)
	}
	qs := bulk[bank.Question](tot.questions)
	ptrs := bulk[*bank.Question](tot.questions)
	opts := bulk[bank.Option](tot.options)
	answers := bulk[bank.Answer](tot.answers)
	tags := bulk[string](tot.tags)
	parts := bulk[bank.Part](tot.parts)
	blanks := bulk[[]string](tot.blanks)
	alts := bulk[string](tot.alts)
	// Fresh memory costs a page fault per page on first touch, dear on
	// virtual machines: while this goroutine copies the text out of the
	// database page into a Go string (every field is a slice of it), a
	// second one faults in the pages the questions go to (see memhint).
	// Then, while the structure is read, it checks the text for anything
	// Sanitize would change.
	var touched sync.WaitGroup
	touched.Add(1)
	go func() {
		defer touched.Done()
		prefault(qs)
		prefault(ptrs)
		prefault(opts)
		prefault(answers)
		prefault(tags)
		prefault(parts)
		prefault(blanks)
		prefault(alts)
	}()
	r.text = copyText(raw)
	touched.Wait()
	var clean bool
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		clean = bank.Clean(r.text)
	}()

	rec := &userBankRecord{Version: int(version)}
	rec.File = r.str()
	sec := r.int()
	nsec := r.uint()
	if nsec < 1e9 {
		rec.Imported = time.Unix(sec, int64(nsec)).UTC()
	} else {
		r.bad = true
	}
	b := &bank.Bank{}
	b.Name, b.Title, b.Source, b.File = r.str(), r.str(), r.str(), r.str()
	rec.Bank = b

	left := tot
	left.questions = 0 // the loop below reads exactly tot.questions
	answer := func() *bank.Answer {
		switch r.uint() {
		case 0:
			return nil
		case 1:
		default:
			r.bad = true
			return nil
		}
		if left.answers == 0 {
			r.bad = true
			return nil
		}
		a := &answers[len(answers)-left.answers]
		left.answers--
		a.Choices = r.str()
		switch r.uint() {
		case 0:
		case 1:
			a.True = true
		default:
			r.bad = true
		}
		if nb := r.count(&left.blanks); nb > 0 {
			i := len(blanks) - left.blanks - nb
			a.Blanks = blanks[i : i+nb : i+nb]
			for j := range a.Blanks {
				na := r.count(&left.alts)
				if na == 0 {
					continue
				}
				i := len(alts) - left.alts - na
				a.Blanks[j] = alts[i : i+na : i+na]
				for l := range a.Blanks[j] {
					a.Blanks[j][l] = r.str()
				}
			}
		}
		a.Text = r.str()
		return a
	}
	if len(ptrs) > 0 { // none: nil, as a JSON record without questions loads
		b.Questions = ptrs
	}
	for qi := range qs {
		if r.bad {
			break
		}
		q := &qs[qi]
		b.Questions[qi] = q
		q.Bank = b.Name
		q.ID = r.str()
		q.Type = bank.Type(r.str())
		q.Section, q.Source, q.Stem = r.str(), r.str(), r.str()
		if no := r.count(&left.options); no > 0 {
			i := len(opts) - left.options - no
			q.Options = opts[i : i+no : i+no]
			for j := range q.Options {
				q.Options[j].Key, q.Options[j].Text = r.str(), r.str()
			}
		}
		q.Answer = answer()
		q.Explanation = r.str()
		if notes {
			q.Note = r.str()
			noted = noted || q.Note != ""
		}
		if nt := r.count(&left.tags); nt > 0 {
			i := len(tags) - left.tags - nt
			q.Tags = tags[i : i+nt : i+nt]
			for j := range q.Tags {
				q.Tags[j] = r.str()
			}
		}
		if np := r.count(&left.parts); np > 0 {
			i := len(parts) - left.parts - np
			q.Parts = parts[i : i+np : i+np]
			for j := range q.Parts {
				q.Parts[j].Stem = r.str()
				q.Parts[j].Answer = answer()
			}
		}
		q.Line = int(r.int())
	}
	wg.Wait()
	if r.bad || r.pos != len(r.meta) || r.tpos != len(r.text) || left != (ubTotals{}) {
		return nil, fmt.Errorf("%w: user bank record: %v", ErrDamaged, errShort)
	}
	if b.Name == "" {
		return nil, fmt.Errorf("%w: user bank record without a bank", ErrDamaged)
	}
	if notes && !noted {
		return nil, fmt.Errorf("%w: user bank record of version %d without a note", ErrDamaged, version)
	}
	if !clean || r.split {
		if err := sanitizeRecord(rec); err != nil {
			return nil, err
		}
		rec.sanitized = true
	}
	return rec, nil
}

// bulk makes a slice of n zero values, asking for huge pages when it is
// large.
func bulk[T any](n int) []T {
	s := make([]T, n)
	adviseHuge(s)
	return s
}

// copyText copies a record's text out of the database page in one pass
// into memory asked to be backed by huge pages.
func copyText(raw []byte) string {
	if len(raw) == 0 {
		return ""
	}
	var b strings.Builder
	b.Grow(len(raw))
	b.WriteByte(raw[0])
	adviseHugeString(b.String(), len(raw))
	b.Write(raw[1:])
	return b.String()
}

// decodeNamedUserBank is decodeUserBank of the record stored under name,
// its error naming the bank.
func decodeNamedUserBank(name string, v []byte) (*userBankRecord, error) {
	rec, err := decodeUserBank(v)
	if err != nil {
		return nil, fmt.Errorf("user bank %s: %w", bank.Sanitize(name), err)
	}
	return rec, nil
}

// decodeUserBank reads a stored record of either layout. Every text field
// is sanitised (bank.Sanitize) again, so a tampered database cannot reach
// the terminal.
func decodeUserBank(v []byte) (*userBankRecord, error) {
	if len(v) == 0 {
		return nil, fmt.Errorf("%w: empty user bank record", ErrDamaged)
	}
	switch c := v[0]; {
	case c == userBankVersionBinary || c == userBankVersionNotes:
		return decodeUserBankBinary(c, v[1:])
	case c == '{' || c == ' ' || c == '\t' || c == '\n' || c == '\r':
		return decodeUserBankJSON(v)
	case c > userBankVersion && c < 0x20:
		return nil, fmt.Errorf("%w: user bank record version %d, this shuati reads up to %d", ErrNewer, c, userBankVersion)
	}
	return nil, fmt.Errorf("%w: user bank record of unknown layout (first byte %#x)", ErrDamaged, v[0])
}

// decodeUserBankJSON reads a version 1 (JSON) record.
func decodeUserBankJSON(v []byte) (*userBankRecord, error) {
	var rec userBankRecord
	if err := json.Unmarshal(v, &rec); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrDamaged, err)
	}
	if rec.Version > 1 {
		return nil, fmt.Errorf("%w: user bank record version %d", ErrNewer, rec.Version)
	}
	if rec.Bank == nil || rec.Bank.Name == "" {
		return nil, fmt.Errorf("%w: user bank record without a bank", ErrDamaged)
	}
	if err := sanitizeRecord(&rec); err != nil {
		return nil, err
	}
	return &rec, nil
}

// sanitizeRecord runs bank.Sanitize over every text field of rec.
func sanitizeRecord(rec *userBankRecord) error {
	b := rec.Bank
	b.Name, b.Title, b.Source = bank.Sanitize(b.Name), bank.Sanitize(b.Title), bank.Sanitize(b.Source)
	if b.Name == "" { // it was nothing but control characters
		return fmt.Errorf("%w: user bank record without a bank name", ErrDamaged)
	}
	rec.File = bank.Sanitize(rec.File)
	for _, q := range b.Questions {
		if q == nil {
			return fmt.Errorf("%w: user bank %s holds an empty question", ErrDamaged, b.Name)
		}
		q.Bank = b.Name
		q.ID, q.Section, q.Source = bank.Sanitize(q.ID), bank.Sanitize(q.Section), bank.Sanitize(q.Source)
		q.Type = bank.Type(bank.Sanitize(string(q.Type)))
		q.Stem, q.Explanation, q.Note = bank.Sanitize(q.Stem), bank.Sanitize(q.Explanation), bank.Sanitize(q.Note)
		for i := range q.Options {
			q.Options[i].Key, q.Options[i].Text = bank.Sanitize(q.Options[i].Key), bank.Sanitize(q.Options[i].Text)
		}
		for i := range q.Tags {
			q.Tags[i] = bank.Sanitize(q.Tags[i])
		}
		sanitizeAnswer(q.Answer)
		for i := range q.Parts {
			q.Parts[i].Stem = bank.Sanitize(q.Parts[i].Stem)
			sanitizeAnswer(q.Parts[i].Answer)
		}
	}
	return nil
}

func sanitizeAnswer(a *bank.Answer) {
	if a == nil {
		return
	}
	a.Choices, a.Text = bank.Sanitize(a.Choices), bank.Sanitize(a.Text)
	for _, alts := range a.Blanks {
		for i := range alts {
			alts[i] = bank.Sanitize(alts[i])
		}
	}
}
