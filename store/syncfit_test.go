package store

import (
	"context"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/shuati/shuati/store/fsrs/optimize"
)

// The FSRS weights are not synced; fitting them on each device after a
// sync gives the same weights, bit for bit: the merged logs are the same,
// the fit's options come from synced settings (and days in UTC, whatever
// each computer's time zone), and the fit is deterministic.
func TestSyncedDevicesFitTheSameWeights(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "folder")
	a := openTest(t, filepath.Join(root, "a.db"))
	defer a.Close()
	b, err := open(filepath.Join(root, "b.db"), 200*time.Millisecond, time.FixedZone("PST", -8*3600)) // another time zone
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	for i, s := range []*Store{a, b} {
		rng := rand.New(rand.NewPCG(uint64(i), 7))
		recordRandom(t, s, rng, 600, 40, t0.Add(time.Duration(i)*time.Hour), 4*time.Hour)
	}
	set := DefaultSettings()
	set.RelearningSteps = []string{"10m", "1h"}
	if err := b.SaveSettings(set); err != nil {
		t.Fatal(err)
	}
	now := syncNow.Add(120 * 24 * time.Hour)
	for i, s := range []*Store{a, b, a} {
		mustSync(t, s, dir, now.Add(time.Duration(i)*time.Minute))
	}
	var fits []optimize.Result
	for _, s := range []*Store{a, b} {
		log, err := s.ReviewLog()
		if err != nil {
			t.Fatal(err)
		}
		res, err := optimize.Fit(context.Background(), log, s.FitOptions())
		if err != nil {
			t.Fatal(err)
		}
		fits = append(fits, res)
	}
	if fits[0].Scope.String() != "all" || fits[0].Reviews != 1200 {
		t.Fatalf("fit of %d reviews, scope %v (%s): want every weight fitted to 1200", fits[0].Reviews, fits[0].Scope, fits[0].Reason)
	}
	if !reflect.DeepEqual(fits[0].Weights, fits[1].Weights) || fits[0].Fitted != fits[1].Fitted {
		t.Fatalf("the devices fit different weights:\n%v\n%v", fits[0].Weights, fits[1].Weights)
	}
	if a.Weights().Current == fits[0].Weights {
		t.Fatal("the fit gave the weights in use: nothing was fitted")
	}
}
