package optimize

import (
	"encoding/binary"
	"math/bits"
)

// fsrs-rs shuffles the order of its batches every epoch with Rust's
// rand::rngs::StdRng::seed_from_u64(2023) (rand 0.10.1: ChaCha12 keyed
// through PCG32) and SliceRandom::shuffle. This file reproduces both, so the
// batches are visited in the same order as fsrs-rs visits them.

// chacha12 is rand's StdRng: the ChaCha stream cipher with 12 rounds, a
// 64-bit block counter and stream 0, read 32-bit word by word from a buffer
// of four blocks.
type chacha12 struct {
	key   [8]uint32
	ctr   uint64
	buf   [64]uint32
	index int
}

// newStdRng is StdRng::seed_from_u64: the 32-byte key is PCG32 output.
func newStdRng(seed uint64) *chacha12 {
	const mul, inc = 6364136223846793005, 11634580027462260723
	var key [32]byte
	state := seed
	for i := 0; i < 32; i += 4 {
		state = state*mul + inc
		xorshifted := uint32(((state >> 18) ^ state) >> 27)
		rot := int(state >> 59)
		binary.LittleEndian.PutUint32(key[i:], bits.RotateLeft32(xorshifted, -rot))
	}
	return newChaCha12(key)
}

func newChaCha12(key [32]byte) *chacha12 {
	c := &chacha12{index: 64}
	for i := range c.key {
		c.key[i] = binary.LittleEndian.Uint32(key[4*i:])
	}
	return c
}

func (c *chacha12) nextU32() uint32 {
	if c.index >= len(c.buf) {
		for b := 0; b < 4; b++ {
			c.block(c.buf[16*b : 16*b+16])
			c.ctr++
		}
		c.index = 0
	}
	x := c.buf[c.index]
	c.index++
	return x
}

func quarter(a, b, cc, d uint32) (uint32, uint32, uint32, uint32) {
	a += b
	d = bits.RotateLeft32(d^a, 16)
	cc += d
	b = bits.RotateLeft32(b^cc, 12)
	a += b
	d = bits.RotateLeft32(d^a, 8)
	cc += d
	b = bits.RotateLeft32(b^cc, 7)
	return a, b, cc, d
}

func (c *chacha12) block(out []uint32) {
	in := [16]uint32{
		0x61707865, 0x3320646e, 0x79622d32, 0x6b206574,
		c.key[0], c.key[1], c.key[2], c.key[3], c.key[4], c.key[5], c.key[6], c.key[7],
		uint32(c.ctr), uint32(c.ctr >> 32), 0, 0,
	}
	x := in
	for round := 0; round < 12; round += 2 {
		x[0], x[4], x[8], x[12] = quarter(x[0], x[4], x[8], x[12])
		x[1], x[5], x[9], x[13] = quarter(x[1], x[5], x[9], x[13])
		x[2], x[6], x[10], x[14] = quarter(x[2], x[6], x[10], x[14])
		x[3], x[7], x[11], x[15] = quarter(x[3], x[7], x[11], x[15])
		x[0], x[5], x[10], x[15] = quarter(x[0], x[5], x[10], x[15])
		x[1], x[6], x[11], x[12] = quarter(x[1], x[6], x[11], x[12])
		x[2], x[7], x[8], x[13] = quarter(x[2], x[7], x[8], x[13])
		x[3], x[4], x[9], x[14] = quarter(x[3], x[4], x[9], x[14])
	}
	for i := range out {
		out[i] = x[i] + in[i]
	}
}

// below is rand's UniformInt<u32>::sample_single(0, bound): Canon's
// widening multiply with one extra sample to reduce bias.
func (c *chacha12) below(bound uint32) uint32 {
	hi, lo := bits.Mul32(c.nextU32(), bound)
	if lo > -bound {
		newHi, _ := bits.Mul32(c.nextU32(), bound)
		if _, carry := bits.Add32(lo, newHi, 0); carry != 0 {
			hi++
		}
	}
	return hi
}

// shuffle is SliceRandom::shuffle: Fisher–Yates from the front, drawing the
// indices for several steps from one sample (rand's IncreasingUniform).
func shuffle(rng *chacha12, s []int) {
	if len(s) <= 1 {
		return
	}
	var n, chunk uint32
	remaining := 1 // n = 0: the first index is always 0
	for i := range s {
		next := n + 1
		var idx uint32
		if remaining == 0 {
			bound, count := boundFor(next)
			chunk = rng.below(bound)
			remaining = count
		}
		remaining--
		if remaining == 0 {
			idx = chunk
		} else {
			idx = chunk % next
			chunk /= next
		}
		n = next
		s[i], s[idx] = s[idx], s[i]
	}
}

// boundFor returns m·(m+1)·…·(m+k−1), the largest such product that fits in
// 32 bits, and k.
func boundFor(m uint32) (uint32, int) {
	product, current := m, m+1
	for {
		hi, lo := bits.Mul32(product, current)
		if hi != 0 {
			return product, int(current - m)
		}
		product = lo
		current++
	}
}
