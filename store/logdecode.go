package store

import (
	"encoding/json"
	"time"
	"unicode/utf8"

	"github.com/shuati/shuati/bank"
	"github.com/shuati/shuati/store/fsrs"
)

// replayEntry is what replaying a log line needs of it. Its byte fields
// point into the line.
type replayEntry struct {
	key, given, typ, section []byte
	at                       time.Time
	rating                   fsrs.Rating
	correct                  int8 // -1: self-graded (null), 0: false, 1: true
}

// decodeReplayEntry reads a review-log line. Lines as json.Marshal writes
// them (every line Record stores) take a fast path that allocates nothing;
// anything else (escapes in a string, other spellings) goes through
// encoding/json, so the result is always what json.Unmarshal gives.
func decodeReplayEntry(v []byte, e *replayEntry) error {
	if fastReplayEntry(v, e) {
		return nil
	}
	var le LogEntry
	if err := json.Unmarshal(v, &le); err != nil {
		return err
	}
	*e = replayEntry{key: []byte(le.Key), given: []byte(le.Given), typ: []byte(le.Type), section: []byte(le.Section),
		at: le.At, rating: le.Rating, correct: -1}
	if le.Correct != nil {
		e.correct = 0
		if *le.Correct {
			e.correct = 1
		}
	}
	return nil
}

// fastReplayEntry decodes the JSON object v if it uses only the plain forms
// json.Marshal writes for a LogEntry; it reports false (and e is garbage)
// for anything else.
func fastReplayEntry(v []byte, e *replayEntry) bool {
	*e = replayEntry{correct: -1}
	p := skipSpace(v, 0)
	if p >= len(v) || v[p] != '{' {
		return false
	}
	p = skipSpace(v, p+1)
	if p < len(v) && v[p] == '}' {
		return skipSpace(v, p+1) == len(v)
	}
	for {
		name, q, ok := plainString(v, p)
		if !ok {
			return false
		}
		p = skipSpace(v, q)
		if p >= len(v) || v[p] != ':' {
			return false
		}
		p = skipSpace(v, p+1)
		switch string(name) {
		case "key", "given", "type", "section", "mode", "at":
			s, q, ok := plainString(v, p)
			if !ok {
				return false
			}
			p = q
			switch string(name) {
			case "key":
				e.key = s
			case "given":
				e.given = s
			case "type":
				e.typ = s
			case "section":
				e.section = s
			case "at":
				if e.at, ok = parseUTC(s); !ok {
					return false
				}
			}
		case "correct":
			switch {
			case hasWord(v, p, "true"):
				e.correct, p = 1, p+4
			case hasWord(v, p, "false"):
				e.correct, p = 0, p+5
			case hasWord(v, p, "null"):
				e.correct, p = -1, p+4
			default:
				return false
			}
		case "rating", "took", "state_before":
			n, q, ok := plainInt(v, p)
			if !ok {
				return false
			}
			p = q
			if string(name) == "rating" {
				e.rating = fsrs.Rating(n)
			}
		default:
			return false
		}
		p = skipSpace(v, p)
		if p >= len(v) {
			return false
		}
		switch v[p] {
		case ',':
			p = skipSpace(v, p+1)
		case '}':
			return skipSpace(v, p+1) == len(v)
		default:
			return false
		}
	}
}

func skipSpace(v []byte, p int) int {
	for p < len(v) && (v[p] == ' ' || v[p] == '\t' || v[p] == '\n' || v[p] == '\r') {
		p++
	}
	return p
}

func hasWord(v []byte, p int, w string) bool {
	return len(v)-p >= len(w) && string(v[p:p+len(w)]) == w
}

// plainString reads a JSON string without escapes or control bytes, in
// valid UTF-8: its content and the position after it.
func plainString(v []byte, p int) ([]byte, int, bool) {
	if p >= len(v) || v[p] != '"' {
		return nil, 0, false
	}
	ascii := true
	for q := p + 1; q < len(v); q++ {
		c := v[q]
		switch {
		case c == '"':
			s := v[p+1 : q]
			if !ascii && !utf8.Valid(s) {
				return nil, 0, false
			}
			return s, q + 1, true
		case c == '\\' || c < 0x20:
			return nil, 0, false
		case c >= 0x80:
			ascii = false
		}
	}
	return nil, 0, false
}

// plainInt reads an integer as json.Marshal writes one (no leading zeros,
// no fraction or exponent), up to 18 digits.
func plainInt(v []byte, p int) (int64, int, bool) {
	neg := false
	if p < len(v) && v[p] == '-' {
		neg, p = true, p+1
	}
	start := p
	var n int64
	for p < len(v) && v[p] >= '0' && v[p] <= '9' {
		n = n*10 + int64(v[p]-'0')
		p++
	}
	digits := p - start
	if digits == 0 || digits > 18 || (digits > 1 && v[start] == '0') {
		return 0, 0, false
	}
	if p < len(v) && (v[p] == '.' || v[p] == 'e' || v[p] == 'E') {
		return 0, 0, false
	}
	if neg {
		n = -n
	}
	return n, p, true
}

// parseUTC reads "2006-01-02T15:04:05Z" with an optional fraction of one to
// nine digits: the form json.Marshal writes for a UTC time.
func parseUTC(b []byte) (time.Time, bool) {
	if len(b) < 20 || b[4] != '-' || b[7] != '-' || b[10] != 'T' || b[13] != ':' || b[16] != ':' || b[len(b)-1] != 'Z' {
		return time.Time{}, false
	}
	num := func(s []byte) (int, bool) {
		n := 0
		for _, c := range s {
			if c < '0' || c > '9' {
				return 0, false
			}
			n = n*10 + int(c-'0')
		}
		return n, true
	}
	y, ok1 := num(b[0:4])
	mo, ok2 := num(b[5:7])
	d, ok3 := num(b[8:10])
	h, ok4 := num(b[11:13])
	mi, ok5 := num(b[14:16])
	s, ok6 := num(b[17:19])
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) || mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59 {
		return time.Time{}, false
	}
	if d > daysIn(time.Month(mo), y) {
		return time.Time{}, false
	}
	ns := 0
	if len(b) > 20 {
		frac := b[19 : len(b)-1]
		if len(frac) < 2 || len(frac) > 10 || frac[0] != '.' {
			return time.Time{}, false
		}
		f, ok := num(frac[1:])
		if !ok {
			return time.Time{}, false
		}
		for i := len(frac) - 1; i < 9; i++ {
			f *= 10
		}
		ns = f
	}
	return time.Date(y, time.Month(mo), d, h, mi, s, ns, time.UTC), true
}

func daysIn(m time.Month, year int) int {
	return time.Date(year, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// logEntry fills le (reused between lines) from e for the shared rules
// (nextMistake, the aggregates): key is the card's own copy, type and
// section names come from in, and Correct points at yes or no.
func (e *replayEntry) logEntry(le *LogEntry, key string, in *interner, yes, no *bool) {
	le.Key = key
	le.At = e.at
	le.Rating = e.rating
	switch e.correct {
	case 1:
		le.Correct = yes
	case 0:
		le.Correct = no
	default:
		le.Correct = nil
	}
	le.Type = bank.Type(in.get(e.typ))
	le.Section = in.get(e.section)
	le.Given = "" // set by the caller when the answer goes into the mistake book
}

// interner keeps one copy of each of the few type and section names.
type interner map[string]string

func (in *interner) get(b []byte) string {
	if s, ok := (*in)[string(b)]; ok {
		return s
	}
	s := string(b)
	(*in)[s] = s
	return s
}
