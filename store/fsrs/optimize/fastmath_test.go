package optimize

import (
	"math"
	"math/rand/v2"
	"testing"
)

// ulps is the distance between a and b in units in the last place.
func ulps(a, b float64) float64 {
	if a == b {
		return 0
	}
	return math.Abs(a-b) / (math.Nextafter(math.Abs(b), math.Inf(1)) - math.Abs(b))
}

// exp64 and log64 are within one ulp of the true value, and so is the math
// package: they may differ from it by two.

func TestExp64(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	check := func(x float64) {
		got, want := exp64(x), math.Exp(x)
		if math.IsNaN(want) != math.IsNaN(got) || ulps(got, want) > 2 {
			t.Fatalf("exp64(%v) = %v, math.Exp %v (%.2f ulp)", x, got, want, ulps(got, want))
		}
	}
	for _, x := range []float64{0, -0, 1, -1, 1e-300, -1e-300, 699.9, -699.9, 700, -700, 710, -750,
		math.Inf(1), math.Inf(-1), math.NaN(), math.Ln2, 1e-10, -1e-10} {
		check(x)
	}
	for range 2_000_000 {
		check((rng.Float64()*2 - 1) * 30)
		check((rng.Float64()*2 - 1) * 700)
		check((rng.Float64()*2 - 1) * 1e-3)
	}
}

func TestLog64(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	check := func(x float64) {
		got, want := log64(x), math.Log(x)
		if math.IsNaN(want) != math.IsNaN(got) || ulps(got, want) > 2 {
			t.Fatalf("log64(%v) = %v, math.Log %v (%.2f ulp)", x, got, want, ulps(got, want))
		}
	}
	for _, x := range []float64{1, 2, 0.5, 0.6875, 1.375, math.Nextafter(1, 0), math.Nextafter(1, 2),
		0, -1, math.Inf(1), math.NaN(), 5e-324, 0x1p-1022, math.MaxFloat64, 36500, 0.001} {
		check(x)
	}
	for range 2_000_000 {
		check(rng.Float64() * 2)
		check(1 + (rng.Float64()*2-1)*1e-3)
		check(math.Exp((rng.Float64()*2 - 1) * 700))
	}
}

// TestFloat32Rounding: the model rounds exp and ln to float32; with
// exp64/log64 the result must be the correctly rounded one (as far as
// float64 math.Exp/Log can tell) in all but a handful of a million cases.
func TestFloat32Rounding(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	bad := 0
	for range 1_000_000 {
		x := float32((rng.Float64()*2 - 1) * 20)
		if float32(exp64(float64(x))) != float32(math.Exp(float64(x))) {
			bad++
		}
		y := float32(rng.Float64() * 100)
		if float32(log64(float64(y))) != float32(math.Log(float64(y))) {
			bad++
		}
	}
	if bad > 5 {
		t.Errorf("%d of 2,000,000 float32 results differ", bad)
	}
}
