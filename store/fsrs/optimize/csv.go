package optimize

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/shuati/shuati/store/fsrs"
)

// The columns of an Anki-style review log, as fsrs-rs's tools read it.
const (
	colCardID   = "card_id"
	colTime     = "review_time"
	colRating   = "review_rating"
	colState    = "review_state"
	colDuration = "review_duration"
)

// ReadAnkiCSV reads a review log in the CSV format fsrs-rs's tools read:
// a header line naming the columns card_id, review_time (Unix epoch
// milliseconds), review_rating (1–4), review_state (the state before the
// review: 0 New, 1 Learning, 2 Review, 3 Relearning) and optionally
// review_duration (milliseconds), in any order; other columns are ignored.
// Errors name the line and the column. The caller adds the file name.
func ReadAnkiCSV(r io.Reader) ([]Review, error) {
	cr := csv.NewReader(r)
	cr.ReuseRecord = true
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, errors.New("empty file: want a header line naming card_id, review_time, review_rating, review_state")
	}
	if err != nil {
		return nil, csvError(err, 0)
	}
	col := map[string]int{colCardID: -1, colTime: -1, colRating: -1, colState: -1, colDuration: -1}
	for i, name := range header {
		name = strings.TrimSpace(name)
		if i == 0 {
			name = strings.TrimPrefix(name, "\ufeff") // a byte-order mark from spreadsheet exports
		}
		if j, ok := col[name]; ok {
			if j >= 0 {
				return nil, fmt.Errorf("line 1: column %s appears twice", name)
			}
			col[name] = i
		}
	}
	for _, name := range []string{colCardID, colTime, colRating, colState} {
		if col[name] < 0 {
			return nil, fmt.Errorf("line 1: no %s column (the header must name card_id, review_time, review_rating, review_state)", name)
		}
	}

	var out []Review
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, csvError(err, len(header))
		}
		line, _ := cr.FieldPos(0)
		rv, err := parseRow(rec, col)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		out = append(out, rv)
	}
}

func parseRow(rec []string, col map[string]int) (Review, error) {
	var rv Review
	rv.CardID = strings.TrimSpace(rec[col[colCardID]])
	if rv.CardID == "" {
		return rv, errors.New("card_id is empty")
	}
	ms, err := strconv.ParseInt(strings.TrimSpace(rec[col[colTime]]), 10, 64)
	if err != nil {
		return rv, fmt.Errorf("review_time %q is not a whole number of milliseconds", rec[col[colTime]])
	}
	rv.At = time.UnixMilli(ms)
	rating, err := strconv.Atoi(strings.TrimSpace(rec[col[colRating]]))
	if err != nil || !fsrs.Rating(rating).Valid() {
		return rv, fmt.Errorf("review_rating %q is not 1 (Again), 2 (Hard), 3 (Good) or 4 (Easy)", rec[col[colRating]])
	}
	rv.Rating = fsrs.Rating(rating)
	state, err := strconv.Atoi(strings.TrimSpace(rec[col[colState]]))
	if err != nil || state < int(fsrs.StateNew) || state > int(fsrs.StateRelearning) {
		return rv, fmt.Errorf("review_state %q is not 0 (New), 1 (Learning), 2 (Review) or 3 (Relearning)", rec[col[colState]])
	}
	rv.State = fsrs.State(state)
	if i := col[colDuration]; i >= 0 {
		d, err := strconv.ParseInt(strings.TrimSpace(rec[i]), 10, 64)
		if err != nil || d < 0 || d > int64(time.Duration(1<<63-1)/time.Millisecond) {
			return rv, fmt.Errorf("review_duration %q is not a whole number of milliseconds", rec[i])
		}
		rv.Duration = time.Duration(d) * time.Millisecond
	}
	return rv, nil
}

// csvError words encoding/csv's errors with the line first, like the others.
func csvError(err error, columns int) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		if errors.Is(pe.Err, csv.ErrFieldCount) {
			return fmt.Errorf("line %d: the header has %d columns, this line a different number", pe.Line, columns)
		}
		return fmt.Errorf("line %d, column %d: %v", pe.Line, pe.Column, pe.Err)
	}
	return err
}
