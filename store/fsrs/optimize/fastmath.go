package optimize

import (
	"math"
	"math/big"
)

// exp64 and log64 are table-driven e^x and ln x, within about one unit in
// the last place like math.Exp and math.Log but several times faster: the
// fit spends most of its time in them. Arguments outside the usual range
// (and NaN, infinities, subnormals) go to the math package.

const (
	expBits = 7
	expN    = 1 << expBits
	logBits = 7
	logN    = 1 << logBits
	// ln 2 / expN and ln 2 to 33 bits, so that k·expLn2Hi and k·logLn2Hi
	// are exact for |k| < 2^20; the Lo parts are the rest (set by init).
	expLn2Hi = 0x1.62e42fefp-8
	logLn2Hi = 0x1.62e42fefp-1
	// logOff centres the reduced argument z around 1: z ∈ [0.6875, 1.375).
	logOff = 0x3fe6000000000000
)

var (
	expLn2Lo, logLn2Lo float64
	expTable           [expN]float64 // 2^(j/expN), correctly rounded
	logInvC            [logN]float64 // ≈ 1 / the centre of the j-th interval of z (1 exactly next to 1)
	logC               [logN]float64 // −ln(logInvC[j]), correctly rounded
)

func init() {
	const prec = 256
	two := new(big.Float).SetPrec(prec).SetInt64(2)
	root := new(big.Float).SetPrec(prec).Set(two)
	for range expBits {
		root.Sqrt(root)
	}
	p := new(big.Float).SetPrec(prec).SetInt64(1)
	for j := range expTable {
		expTable[j], _ = p.Float64()
		p.Mul(p, root)
	}
	ln2 := new(big.Float).SetPrec(prec)
	ln2.SetString(ln2Digits)
	rest := new(big.Float).SetPrec(prec).Sub(ln2, new(big.Float).SetFloat64(logLn2Hi))
	logLn2Lo, _ = rest.Float64()
	expLn2Lo, _ = rest.Quo(rest, new(big.Float).SetInt64(expN)).Float64()
	for j := range logN {
		lo := math.Float64frombits(logOff + uint64(j)<<(52-logBits))
		hi := math.Float64frombits(logOff + uint64(j+1)<<(52-logBits))
		invc := 2 / (lo + hi)
		if hi > 1-0x1p-8 && lo <= 1 {
			// The two intervals either side of 1: r = z − 1 exactly, so
			// results near 0 keep their relative precision.
			invc = 1
		}
		logInvC[j] = invc
		logC[j] = -bigLog(new(big.Float).SetPrec(prec).SetFloat64(invc))
	}
}

// ln2Digits is ln 2 to 80 digits.
const ln2Digits = "0.69314718055994530941723212145817656807550013436025525412068000949339362196969471560586"

// bigLog is ln a for a near 1, by the series 2·atanh((a−1)/(a+1)).
func bigLog(a *big.Float) float64 {
	prec := a.Prec()
	one := new(big.Float).SetPrec(prec).SetInt64(1)
	s := new(big.Float).SetPrec(prec).Quo(new(big.Float).SetPrec(prec).Sub(a, one), new(big.Float).SetPrec(prec).Add(a, one))
	s2 := new(big.Float).SetPrec(prec).Mul(s, s)
	term := new(big.Float).SetPrec(prec).Set(s)
	sum := new(big.Float).SetPrec(prec)
	for n := int64(1); n < 400; n += 2 {
		t := new(big.Float).SetPrec(prec).Quo(term, new(big.Float).SetPrec(prec).SetInt64(n))
		sum.Add(sum, t)
		term.Mul(term, s2)
		if term.Sign() == 0 || term.MantExp(nil)-sum.MantExp(nil) < -int(prec) {
			break
		}
	}
	sum.Mul(sum, new(big.Float).SetPrec(prec).SetInt64(2))
	f, _ := sum.Float64()
	return f
}

// exp64 is e^x.
func exp64(x float64) float64 {
	if !(x > -700 && x < 700) {
		return math.Exp(x)
	}
	k := math.RoundToEven(x * (expN / math.Ln2))
	r := x - k*expLn2Hi - k*expLn2Lo // |r| ≤ ln2/256
	ki := int64(k)
	t := expTable[ki&(expN-1)]
	// e^r − 1 by its Taylor series; the first omitted term is below 2^-60.
	p := r + r*r*(0.5+r*(1.0/6+r*(1.0/24+r*(1.0/120+r*(1.0/720)))))
	scale := math.Float64frombits(uint64(ki>>expBits+1023) << 52)
	return (t + t*p) * scale
}

// log64 is ln x.
func log64(x float64) float64 {
	ix := math.Float64bits(x)
	if !(x >= 0x1p-1022 && x <= math.MaxFloat64) {
		return math.Log(x)
	}
	tmp := ix - logOff
	j := (tmp >> (52 - logBits)) & (logN - 1)
	k := float64(int64(tmp) >> 52)
	z := math.Float64frombits(ix - tmp&(0xfff<<52))
	r := math.FMA(z, logInvC[j], -1) // |r| < 2^-7
	w := k*logLn2Hi + logC[j]
	hi := w + r
	lo := w - hi + r + k*logLn2Lo
	r2 := r * r
	// ln(1+r) − r by its Taylor series; the first omitted term is below 2^-60·r.
	p := r2 * (-0.5 + r*(1.0/3) + r2*(-0.25+r*(1.0/5)+r2*(-1.0/6+r*(1.0/7)+r2*(-1.0/8))))
	return lo + p + hi
}
