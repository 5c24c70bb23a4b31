package optimize

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/shuati/shuati/store/fsrs"
)

func TestReadAnkiCSV(t *testing.T) {
	in := "\ufeffreview_state,card_id,extra,review_rating,review_time\n" +
		"0,1700000000000a,x,3,1700000000000\n" +
		"2, 42 ,,1,1700000600123\n" +
		"\"3\",\"4,2\",\"q\"\"\",4,-5\n"
	got, err := ReadAnkiCSV(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := []Review{
		{CardID: "1700000000000a", At: time.UnixMilli(1700000000000), Rating: fsrs.Good, State: fsrs.StateNew},
		{CardID: "42", At: time.UnixMilli(1700000600123), Rating: fsrs.Again, State: fsrs.StateReview},
		{CardID: "4,2", At: time.UnixMilli(-5), Rating: fsrs.Easy, State: fsrs.StateRelearning},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got  %v\nwant %v", got, want)
	}
	got, err = ReadAnkiCSV(strings.NewReader("card_id,review_time,review_rating,review_state,review_duration\r\n1,5,2,1,1500\r\n"))
	if err != nil || len(got) != 1 || got[0].Duration != 1500*time.Millisecond || got[0].Rating != fsrs.Hard {
		t.Errorf("got %v, %v", got, err)
	}
	got, err = ReadAnkiCSV(strings.NewReader("card_id,review_time,review_rating,review_state\n"))
	if err != nil || len(got) != 0 {
		t.Errorf("header only: %v, %v", got, err)
	}
}

func TestReadAnkiCSVErrors(t *testing.T) {
	const header = "card_id,review_time,review_rating,review_state,review_duration\n"
	for _, c := range []struct{ in, want string }{
		{"", "empty file"},
		{"card_id,review_time,review_rating\n1,2,3\n", "line 1: no review_state column"},
		{"card_id,card_id,review_time,review_rating,review_state\n", "line 1: column card_id appears twice"},
		{header + "1,2,3,0,4\n1,2,5,0,4\n", "line 3: review_rating \"5\" is not 1 (Again)"},
		{header + "1,2,0,0,4\n", "line 2: review_rating \"0\""},
		{header + "1,2,3,4,4\n", "line 2: review_state \"4\" is not 0 (New)"},
		{header + "1,2.5,3,0,4\n", "line 2: review_time \"2.5\" is not a whole number"},
		{header + "1,2,3,0,-4\n", "line 2: review_duration \"-4\""},
		{header + ",2,3,0,4\n", "line 2: card_id is empty"},
		{header + "1,2,3,0,4\n1,2,3,0\n", "line 3: the header has 5 columns"},
		{header + "1,2,3,0,4\n\"1,2,3,0,4\n", "line 3, column"},
		{header + "1,2,3,0,4\n1,2,3,0,4,5\n", "line 3: the header has 5 columns"},
	} {
		_, err := ReadAnkiCSV(strings.NewReader(c.in))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: error %v, want %q", c.in, err, c.want)
		}
	}
}

// writeAnkiCSV writes reviews in the format ReadAnkiCSV reads.
func writeAnkiCSV(log []Review) []byte {
	var b bytes.Buffer
	b.WriteString("card_id,review_time,review_rating,review_state,review_duration\n")
	for _, r := range log {
		id := r.CardID
		if strings.ContainsAny(id, "\",\r\n") || strings.TrimSpace(id) != id {
			id = `"` + strings.ReplaceAll(id, `"`, `""`) + `"`
		}
		fmt.Fprintf(&b, "%s,%d,%d,%d,%d\n", id, r.At.UnixMilli(), r.Rating, r.State, r.Duration.Milliseconds())
	}
	return b.Bytes()
}

func FuzzReadAnkiCSV(f *testing.F) {
	f.Add([]byte("card_id,review_time,review_rating,review_state,review_duration\n1,1700000000000,3,0,1000\n1,1700000600000,1,1,2000\n"))
	f.Add([]byte("review_state,card_id,review_rating,review_time\n2,x,4,-1\n"))
	f.Add([]byte("\ufeffcard_id,review_time,review_rating,review_state\n\"a,\"\"b\",5,2,3\n"))
	f.Add([]byte("card_id,review_time,review_rating,review_state\n1,2,3\n"))
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, data []byte) {
		log, err := ReadAnkiCSV(bytes.NewReader(data))
		if err != nil {
			if !strings.HasPrefix(err.Error(), "line ") && !strings.HasPrefix(err.Error(), "empty file") {
				t.Fatalf("error without a line number: %v", err)
			}
			return
		}
		for _, r := range log {
			if r.CardID == "" || !r.Rating.Valid() || r.State < fsrs.StateNew || r.State > fsrs.StateRelearning || r.Duration < 0 {
				t.Fatalf("invalid review accepted: %+v", r)
			}
		}
		// What was read writes back and reads the same.
		again, err := ReadAnkiCSV(bytes.NewReader(writeAnkiCSV(log)))
		if err != nil {
			t.Fatalf("rewritten log: %v", err)
		}
		if fmt.Sprint(again) != fmt.Sprint(log) {
			t.Fatalf("round trip:\n%v\n%v", log, again)
		}
		// Whatever was read can be made into items and evaluated.
		items := BuildItems(log, 4, time.UTC)
		for _, it := range items {
			if len(it) < 2 || it.current().DeltaT <= 0 {
				t.Fatalf("bad item %v", it)
			}
		}
		if _, err := Evaluate(defaultWeights64(), items); err != nil && err != ErrNotEnoughData {
			t.Fatalf("Evaluate: %v", err)
		}
	})
}
