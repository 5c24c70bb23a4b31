package optimize

import (
	"slices"
	"strings"
	"time"

	"github.com/shuati/shuati/store/fsrs"
)

// Review is one row of a review log: card CardID was rated Rating at At,
// while it was in State (the state before the review).
type Review struct {
	CardID   string
	At       time.Time
	Rating   fsrs.Rating
	State    fsrs.State
	Duration time.Duration // time spent answering; not used by the model
}

// Rated is one review as the model sees it: the grade and the whole days
// since the card's previous review (0 for the first review and for a review
// on the same day as the one before).
type Rated struct {
	Rating fsrs.Rating
	DeltaT int
}

// Item is what the model learns from: a card's reviews up to one that came a
// day or more after the review before it. The model replays all but the last
// review and predicts whether the last was recalled (rated Hard or better).
// Items of one card share their backing array; do not modify them.
type Item []Rated

// history is the reviews replayed before the predicted one.
func (it Item) history() Item { return it[:len(it)-1] }

// current is the predicted review.
func (it Item) current() Rated { return it[len(it)-1] }

// longTermCount is the number of reviews with a gap of a day or more.
func (it Item) longTermCount() int {
	n := 0
	for _, r := range it {
		if r.DeltaT > 0 {
			n++
		}
	}
	return n
}

// firstLongTerm is the first review with a gap of a day or more; every item
// BuildItems makes has one (its last review).
func (it Item) firstLongTerm() Rated {
	for _, r := range it {
		if r.DeltaT > 0 {
			return r
		}
	}
	return it.current()
}

// BuildItems turns a review log into items exactly as fsrs-rs's
// convertCsvToFsrsItems does. Days start at dayStartHour o'clock local time
// in loc (nil means UTC), and DeltaT counts the day boundaries between two
// reviews. For each card (in the order of its reviews, ties kept in log
// order) only its last block of New/Learning reviews and what follows are
// used; a card without one is skipped. Each review after the first that is
// a day or more after the one before becomes an item holding the card's
// reviews up to it; same-day reviews stay in the history only. Items are in
// the time order of their last review, ties in card-ID (string) order.
func BuildItems(log []Review, dayStartHour int, loc *time.Location) []Item {
	if loc == nil {
		loc = time.UTC
	}
	// Sort by card, then time, ties in log order (an unstable sort of unique
	// keys is faster than a stable one of the rows).
	order := make([]int, len(log))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		if c := strings.Compare(log[a].CardID, log[b].CardID); c != 0 {
			return c
		}
		if c := log[a].At.Compare(log[b].At); c != 0 {
			return c
		}
		return a - b
	})
	rows := make([]Review, len(log))
	for i, j := range order {
		rows[i] = log[j]
	}

	type timed struct {
		item Item
		at   time.Time
		seq  int // ties in time keep this order: by card ID, then within the card
	}
	var out []timed
	for start := 0; start < len(rows); {
		end := start + 1
		for end < len(rows) && rows[end].CardID == rows[start].CardID {
			end++
		}
		card := lastLearningBlock(rows[start:end])
		start = end
		if len(card) == 0 {
			continue
		}
		rated := make([]Rated, len(card))
		prev := dayNumber(card[0].At, dayStartHour, loc)
		rated[0] = Rated{Rating: card[0].Rating}
		for i := 1; i < len(card); i++ {
			d := dayNumber(card[i].At, dayStartHour, loc)
			rated[i] = Rated{Rating: card[i].Rating, DeltaT: int(max(d-prev, 0))}
			prev = d
		}
		for i := 1; i < len(card); i++ {
			if rated[i].DeltaT > 0 {
				out = append(out, timed{item: rated[: i+1 : i+1], at: card[i].At, seq: len(out)})
			}
		}
	}
	slices.SortFunc(out, func(a, b timed) int {
		if c := a.at.Compare(b.at); c != 0 {
			return c
		}
		return a.seq - b.seq
	})
	items := make([]Item, len(out))
	for i, t := range out {
		items[i] = t.item
	}
	return items
}

// lastLearningBlock returns the card's reviews from the start of its last
// run of New/Learning reviews on, or nothing if it has none (fsrs-rs's
// remove_revlog_before_last_first_learn).
func lastLearningBlock(card []Review) []Review {
	start := -1
	for i := len(card) - 1; i >= 0; i-- {
		if card[i].State == fsrs.StateNew || card[i].State == fsrs.StateLearning {
			start = i
		} else if start >= 0 {
			break
		}
	}
	if start < 0 {
		return nil
	}
	return card[start:]
}

// dayNumber is the day holding t when days start at hour o'clock in loc:
// days since 1970-01-01 of the local time minus hour hours. Like fsrs-rs it
// works on whole seconds, the milliseconds truncated.
func dayNumber(t time.Time, hour int, loc *time.Location) int64 {
	secs := t.UnixMilli() / 1000
	_, offset := time.Unix(secs, 0).In(loc).Zone()
	return floorDiv(secs+int64(offset)-int64(hour)*3600, 86400)
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}
