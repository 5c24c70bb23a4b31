// gen.mjs writes the reference fixtures of package optimize: simulated
// learners' review logs and what fsrs-rs (through the npm package
// @open-spaced-repetition/binding 0.5.0, i.e. fsrs-rs v6.5.0 built natively)
// makes of them. It is run by hand at development time; the Go tests only read
// its outputs, never run it.
//
//   mkdir /tmp/ref && cd /tmp/ref && npm install @open-spaced-repetition/binding@0.5.0
//   BINDING=/tmp/ref/node_modules/@open-spaced-repetition/binding node gen.mjs
//
// Outputs (next to this script):
//   logs/<name>.csv.gz       the review log, Anki style
//                            (card_id,review_time,review_rating,review_state,review_duration)
//   items/<name>.txt.gz      convertCsvToFsrsItems of the whole log, one item per
//                            line as "rating,delta_t rating,delta_t ..." (small logs)
//   reference/<name>.json    the learner, the fsrs-rs fits, evaluate figures, timings
//   reference/edge.json      a hand-made log with day-boundary, DST, reset and
//                            ordering cases and its items under several day starts/zones
//
// Cards whose numeric id is divisible by 5 are held out: fsrs-rs fits the other
// cards and evaluate() scores the fit on the held-out ones.

import { createRequire } from 'node:module';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import os from 'node:os';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const binding = require(process.env.BINDING || '@open-spaced-repetition/binding');
const { FSRSBinding, computeParameters, convertCsvToFsrsItems } = binding;

const DEFAULT_W = [
  0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796, 1.4835,
  0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542,
];
const HELD_OUT_MOD = 5;

// ---------------------------------------------------------------- randomness

// mulberry32: a small seeded generator, so the logs are reproducible.
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick(rand, probs) {
  let x = rand();
  for (let i = 0; i < probs.length; i++) {
    if (x < probs[i]) return i;
    x -= probs[i];
  }
  return probs.length - 1;
}

// ---------------------------------------------------------------- time zones

const dtfCache = new Map();
// offsetMinutes is the zone's UTC offset at the instant ms, in whole minutes:
// the offsetProvider convertCsvToFsrsItems calls.
function offsetMinutes(ms, tz) {
  let dtf = dtfCache.get(tz);
  if (!dtf) {
    dtf = new Intl.DateTimeFormat('en-US', {
      timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
      hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    dtfCache.set(tz, dtf);
  }
  const sec = Math.floor(ms / 1000) * 1000;
  const p = Object.fromEntries(dtf.formatToParts(new Date(sec)).map((x) => [x.type, x.value]));
  const asUTC = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second);
  return Math.round((asUTC - sec) / 60000);
}

// ankiDay is the day number convertCsvToFsrsItems gives an instant: local
// time minus the day-start hour, as days since 1970-01-01.
function ankiDay(ms, tz, dayStart) {
  const secs = Math.trunc(ms / 1000);
  return Math.floor((secs + offsetMinutes(ms, tz) * 60 - dayStart * 3600) / 86400);
}

// instantOfLocal returns the epoch ms of a local wall-clock time given as
// minutes after local midnight of day number `day` (days since 1970-01-01).
function instantOfLocal(day, minutes, tz) {
  const wall = day * 86400000 + minutes * 60000;
  let ms = wall - offsetMinutes(wall, tz) * 60000;
  ms = wall - offsetMinutes(ms, tz) * 60000;
  return ms;
}

// ---------------------------------------------------------------- FSRS-6 model

function model(w) {
  const decay = -w[20];
  const factor = Math.pow(0.9, 1 / decay) - 1;
  const clampS = (s) => Math.min(Math.max(s, 0.001), 36500);
  const clampD = (d) => Math.min(Math.max(d, 1), 10);
  const d0 = (g) => w[4] - Math.exp(w[5] * (g - 1)) + 1;
  return {
    r(t, s) { return Math.pow(1 + (factor * t) / s, decay); },
    init(g) { return { s: clampS(w[g - 1]), d: clampD(d0(g)) }; },
    step(st, t, g) {
      const s = st.s, d = st.d;
      let ns;
      if (t === 0) {
        let sinc = Math.exp(w[17] * (g - 3 + w[18])) * Math.pow(s, -w[19]);
        if (g >= 2) sinc = Math.max(sinc, 1);
        ns = s * sinc;
      } else {
        const r = this.r(t, s);
        if (g === 1) {
          const sf = w[11] * Math.pow(d, -w[12]) * (Math.pow(s + 1, w[13]) - 1) * Math.exp((1 - r) * w[14]);
          ns = Math.min(sf, s / Math.exp(w[17] * w[18]));
        } else {
          const hp = g === 2 ? w[15] : 1, eb = g === 4 ? w[16] : 1;
          ns = s * (1 + Math.exp(w[8]) * (11 - d) * Math.pow(s, -w[9]) * (Math.exp((1 - r) * w[10]) - 1) * hp * eb);
        }
      }
      const nd = d + (-w[6] * (g - 3) * (10 - d)) / 9;
      return { s: clampS(ns), d: clampD(w[7] * (d0(4) - nd) + nd) };
    },
  };
}

// ---------------------------------------------------------------- the learners

// Each learner has true weights (how their memory really works), studies with
// an app that schedules by the default weights at 90% retention with learning
// steps 1m 10m and relearning step 10m, and sometimes skips days, studies late
// at night (after midnight, before the day starts) or resets a card.
const LEARNERS = [
  {
    name: 'tiny', seed: 11, tz: 'UTC', dayStart: 4, days: 6, newPerDay: 2, imported: 0,
    w: [0.4, 1.5, 3.5, 12, 5.8, 0.9, 2.5, 0.01, 1.6, 0.2, 1.0, 1.7, 0.08, 0.3, 1.8, 0.55, 2.1, 0.45, 0.15, 0.08, 0.25],
  },
  {
    name: 'few', seed: 12, tz: 'Europe/Berlin', dayStart: 4, days: 40, newPerDay: 3, imported: 2,
    w: [0.4, 1.5, 3.5, 12, 5.8, 0.9, 2.5, 0.01, 1.6, 0.2, 1.0, 1.7, 0.08, 0.3, 1.8, 0.55, 2.1, 0.45, 0.15, 0.08, 0.25],
  },
  {
    name: 'small-a', seed: 21, tz: 'Asia/Shanghai', dayStart: 4, days: 150, newPerDay: 5, imported: 5,
    w: [1.2, 3.0, 6.0, 20, 5.0, 1.2, 1.5, 0.02, 2.3, 0.1, 1.3, 2.0, 0.1, 0.4, 2.0, 0.4, 2.8, 0.3, 0.3, 0.15, 0.5],
  },
  {
    name: 'small-b', seed: 23, tz: 'America/New_York', dayStart: 4, days: 110, newPerDay: 4, imported: 10,
    w: [0.1, 0.5, 1.0, 4.0, 7.5, 0.6, 3.8, 0.05, 1.3, 0.25, 0.6, 1.0, 0.05, 0.2, 1.3, 0.7, 1.5, 0.7, 0.05, 0.04, 0.12],
  },
  {
    name: 'large-b', seed: 32, tz: 'Europe/Berlin', dayStart: 4, days: 330, newPerDay: 17, imported: 30,
    w: [1.0, 2.5, 5.0, 20.0, 6.0, 0.6, 2.8, 0.003, 1.7, 0.15, 0.9, 1.6, 0.07, 0.28, 2.0, 0.45, 2.0, 0.5, 0.1, 0.06, 0.2],
  },
  {
    name: 'large-a', seed: 31, tz: 'Asia/Kolkata', dayStart: 4, days: 430, newPerDay: 24, imported: 50,
    w: [0.3, 1.1, 3.0, 10.0, 6.8, 1.1, 2.6, 0.008, 1.95, 0.19, 0.85, 1.3, 0.09, 0.31, 1.5, 0.58, 2.2, 0.6, 0.12, 0.09, 0.4],
  },
];

const FIRST_RATING = [0.22, 0.1, 0.58, 0.1]; // Again Hard Good Easy on a new card
const PASS_RATING = [0.14, 0.76, 0.1]; // Hard Good Easy when recalled
const STUDY_PROB = 0.82;
const MAX_REVIEWS_PER_DAY = 400;
const RESET_PROB = 0.002;

function sessionStartMinutes(rand, dayStart) {
  // minutes after local midnight of the Anki day's date; past 24h means after
  // midnight of the next date, still before the day starts
  const kind = rand();
  let h;
  if (kind < 0.3) h = dayStart + 2 + rand() * 4; // morning
  else if (kind < 0.8) h = 14 + rand() * 8; // afternoon and evening
  else h = 22 + rand() * (dayStart + 1.9); // late: some sessions run past the day start
  return Math.floor(h * 60);
}

function simulate(L) {
  const rand = rng(L.seed);
  const truth = model(L.w);
  const app = model(DEFAULT_W);
  const firstDay = 19500 + Math.floor(rand() * 100); // an Anki day in 2023
  const cards = [];
  let nextId = 1;
  const rows = [];

  function newCard(phase) {
    const c = { id: nextId++, phase, step: 0, dueMs: 0, dueDay: 0, app: null, truth: null, lastMs: 0 };
    cards.push(c);
    return c;
  }
  // Imported cards arrive in review state: their log has no learning rows.
  for (let i = 0; i < L.imported; i++) {
    const c = newCard('review');
    c.truth = truth.init(3);
    c.app = app.init(3);
    c.dueDay = firstDay + Math.floor(rand() * 10);
    c.lastMs = instantOfLocal(firstDay - 5, L.dayStart * 60 + 600, L.tz);
  }
  const stateCode = { new: 0, learning: 1, review: 2, relearning: 3 };

  function review(c, now) {
    const day = ankiDay(now, L.tz, L.dayStart);
    let g;
    if (c.phase === 'new') {
      g = 1 + pick(rand, FIRST_RATING);
    } else {
      const t = day - ankiDay(c.lastMs, L.tz, L.dayStart);
      // Same-day steps: recall as if half a day had passed, so steps fail sometimes.
      const p = t > 0 ? truth.r(t, c.truth.s) : truth.r(0.5 + (now - c.lastMs) / 86400000, c.truth.s);
      g = rand() < p ? 2 + pick(rand, PASS_RATING) : 1;
    }
    rows.push([c.id, now, g, stateCode[c.phase], 2000 + Math.floor(rand() * 18000)]);
    if (c.phase === 'new') {
      c.truth = truth.init(g);
      c.app = app.init(g);
    } else {
      const t = day - ankiDay(c.lastMs, L.tz, L.dayStart);
      c.truth = truth.step(c.truth, t, g);
      c.app = app.step(c.app, t, g);
    }
    c.lastMs = now;
    const graduate = () => {
      c.phase = 'review';
      c.step = 0;
      c.dueDay = day + Math.min(36500, Math.max(1, Math.round(c.app.s)));
    };
    const inMinutes = (m, phase, step) => {
      c.phase = phase;
      c.step = step;
      c.dueMs = now + m * 60000;
    };
    switch (c.phase) {
      case 'new':
      case 'learning':
        if (g === 1) inMinutes(1, 'learning', 0);
        else if (g === 2) inMinutes(6, 'learning', c.step);
        else if (g === 3 && c.step === 0) inMinutes(10, 'learning', 1);
        else graduate();
        break;
      case 'relearning':
        if (g === 1) inMinutes(10, 'relearning', 0);
        else if (g === 2) inMinutes(15, 'relearning', 0);
        else graduate();
        break;
      case 'review':
        if (g === 1) inMinutes(10, 'relearning', 0);
        else graduate();
        if (rand() < RESET_PROB) {
          // the learner resets the card: it starts over as new
          c.phase = 'new';
          c.step = 0;
          c.dueDay = day + 1;
        }
        break;
    }
  }

  const pendingNew = [];
  const learningSet = new Set();
  for (let d = 0; d < L.days; d++) {
    const day = firstDay + d;
    for (let i = 0; i < L.newPerDay; i++) pendingNew.push(newCard('new'));
    if (rand() >= STUDY_PROB) continue;
    let now = instantOfLocal(day, sessionStartMinutes(rand, L.dayStart), L.tz);
    const due = cards
      .filter((c) => c.phase === 'review' && c.dueDay <= day)
      .sort((a, b) => a.dueDay - b.dueDay || a.id - b.id)
      .slice(0, MAX_REVIEWS_PER_DAY);
    const fresh = cards.filter((c) => c.phase === 'new' && c.truth !== null && c.dueDay <= day);
    const queue = [...due, ...fresh, ...pendingNew.splice(0, L.newPerDay)];
    for (;;) {
      const learning = [...learningSet];
      learning.sort((a, b) => a.dueMs - b.dueMs || a.id - b.id);
      let c;
      if (learning.length && learning[0].dueMs <= now) c = learning.shift();
      else if (queue.length) c = queue.shift();
      else if (learning.length) {
        c = learning.shift();
        now = Math.max(now, c.dueMs);
      } else break;
      review(c, now);
      if (c.phase === 'learning' || c.phase === 'relearning') learningSet.add(c);
      else learningSet.delete(c);
      now += 4000 + Math.floor(rand() * 16000);
    }
  }
  // The log is in time order, as a review log is; cards never studied are not in it.
  rows.sort((a, b) => a[1] - b[1] || a[0] - b[0]);
  return rows;
}

// ---------------------------------------------------------------- fsrs-rs

function toCsv(rows) {
  return 'card_id,review_time,review_rating,review_state,review_duration\n' +
    rows.map((r) => r.join(',')).join('\n') + '\n';
}

function itemsOf(csv, dayStart, tz) {
  return convertCsvToFsrsItems(Buffer.from(csv), dayStart, tz, offsetMinutes);
}

function itemText(items) {
  return items.map((it) => it.reviews.map((r) => `${r.rating},${r.deltaT}`).join(' ')).join('\n') + (items.length ? '\n' : '');
}

function evaluate(weights, items) {
  try {
    const e = new FSRSBinding(weights).evaluate(items);
    return { log_loss: e.logLoss, rmse_bins: e.rmseBins };
  } catch (err) {
    return { error: String(err.message || err) };
  }
}

async function fit(items, trainingConfig, options = {}) {
  const opts = { enableShortTerm: true, numRelearningSteps: 1, timeout: 1, ...options };
  if (trainingConfig) opts.trainingConfig = trainingConfig;
  const t0 = process.hrtime.bigint();
  try {
    const w = await computeParameters(items, opts);
    return { weights: w, seconds: Number(process.hrtime.bigint() - t0) / 1e9 };
  } catch (err) {
    return { error: String(err.message || err) };
  }
}

const DEFAULT_TRAINING = { numEpochs: 5, batchSize: 512, seed: 2023, maxSeqLen: 256, learningRate: 0.04, gamma: 1 };

function gz(path, text) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, gzipSync(Buffer.from(text), { level: 9 }));
}

function writeJSON(path, v) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(v, null, 1) + '\n');
}

async function reference(L) {
  const rows = simulate(L);
  const csv = toCsv(rows);
  const trainRows = rows.filter((r) => r[0] % HELD_OUT_MOD !== 0);
  const testRows = rows.filter((r) => r[0] % HELD_OUT_MOD === 0);
  const all = itemsOf(csv, L.dayStart, L.tz);
  const train = itemsOf(toCsv(trainRows), L.dayStart, L.tz);
  const test = itemsOf(toCsv(testRows), L.dayStart, L.tz);
  const text = itemText(all);

  // Timings: best of three (the machine is shared) for the larger logs.
  const timed = async (items) => {
    const first = await fit(items);
    const runs = [first.seconds];
    if (first.weights && items.length > 1000) {
      for (let i = 0; i < 2; i++) runs.push((await fit(items)).seconds);
    }
    return { ...first, seconds: first.weights ? Math.min(...runs) : null, seconds_runs: first.weights ? runs : [] };
  };
  const full = await timed(train);
  const whole = await timed(all);
  const pretrain = await fit(train, { ...DEFAULT_TRAINING, numEpochs: 0 });
  const oneEpoch = await fit(train, { ...DEFAULT_TRAINING, numEpochs: 1 });
  const longTerm = await fit(train, undefined, { enableShortTerm: false });
  const relearning3 = await fit(train, undefined, { numRelearningSteps: 3 });
  const t0 = process.hrtime.bigint();
  itemsOf(csv, L.dayStart, L.tz);
  const convertSeconds = Number(process.hrtime.bigint() - t0) / 1e9;

  const weightSets = { default: DEFAULT_W, true: L.w };
  if (full.weights) weightSets.fitted = full.weights;
  const evalOf = (items) => Object.fromEntries(Object.entries(weightSets).map(([k, w]) => [k, evaluate(w, items)]));

  gz(join(here, 'logs', `${L.name}.csv.gz`), csv);
  if (rows.length <= 20000) gz(join(here, 'items', `${L.name}.txt.gz`), text);
  const ref = {
    name: L.name,
    log: `logs/${L.name}.csv.gz`,
    time_zone: L.tz,
    day_start_hour: L.dayStart,
    held_out_mod: HELD_OUT_MOD,
    true_weights: L.w,
    simulation: { seed: L.seed, days: L.days, new_per_day: L.newPerDay, imported: L.imported },
    reviews: rows.length,
    train_reviews: trainRows.length,
    test_reviews: testRows.length,
    items: all.length,
    items_sha256: createHash('sha256').update(text).digest('hex'),
    train_items: train.length,
    test_items: test.length,
    // fsrs-rs fitted to the training cards (train) and to the whole log (all)
    fsrs_rs: {
      train: {
        weights: full.weights ?? null,
        error: full.error ?? null,
        pretrain_weights: pretrain.weights ?? null,
        one_epoch_weights: oneEpoch.weights ?? null,
        // with enableShortTerm false, and with numRelearningSteps 3
        long_term_weights: longTerm.weights ?? null,
        relearning3_weights: relearning3.weights ?? null,
        seconds: full.seconds,
        seconds_runs: full.seconds_runs,
      },
      all: {
        weights: whole.weights ?? null,
        error: whole.error ?? null,
        seconds: whole.seconds,
        seconds_runs: whole.seconds_runs,
      },
      convert_seconds: convertSeconds,
    },
    evaluate_test: evalOf(test),
    evaluate_train: evalOf(train),
  };
  writeJSON(join(here, 'reference', `${L.name}.json`), ref);
  console.log(L.name, rows.length, 'reviews', all.length, 'items', train.length, 'train items', test.length, 'test items',
    JSON.stringify(ref.evaluate_test), full.seconds, whole.seconds);
}

// ---------------------------------------------------------------- edge cases

// A hand-made log: reviews either side of the day start and of midnight, DST
// changes in Berlin and New York, same-day steps, relearning, a reset (two
// learning blocks), a card imported in review state, cards whose ids sort
// differently as strings and as numbers, equal review times across cards,
// rows out of order, a single-row card.
function edgeRows() {
  const B = (s) => Date.parse(s); // ISO with explicit offset
  return [
    // card 9: Berlin spring forward (2024-03-31 02:00 -> 03:00 CET->CEST)
    ['9', B('2024-03-30T23:00:00+01:00'), 3, 0],
    ['9', B('2024-03-30T23:10:00+01:00'), 3, 1],
    ['9', B('2024-03-31T03:59:00+02:00'), 3, 2],
    ['9', B('2024-03-31T04:01:00+02:00'), 3, 2],
    ['9', B('2024-04-02T03:30:00+02:00'), 1, 2],
    ['9', B('2024-04-02T03:40:00+02:00'), 3, 3],
    ['9', B('2024-04-02T04:10:00+02:00'), 3, 2],
    ['9', B('2024-04-09T12:00:00+02:00'), 2, 2],
    // card 10: sorts before 9 as a string; shares review times with card 9
    ['10', B('2024-03-30T23:00:00+01:00'), 1, 0],
    ['10', B('2024-03-30T23:01:00+01:00'), 3, 1],
    ['10', B('2024-03-31T04:01:00+02:00'), 4, 2],
    ['10', B('2024-04-09T12:00:00+02:00'), 3, 2],
    // card 100: imported in review state, then reset and relearned
    ['100', B('2024-01-01T10:00:00Z'), 3, 2],
    ['100', B('2024-01-05T10:00:00Z'), 3, 2],
    ['100', B('2024-02-01T10:00:00Z'), 3, 0],
    ['100', B('2024-02-01T10:10:00Z'), 1, 1],
    ['100', B('2024-02-01T10:11:00Z'), 3, 1],
    ['100', B('2024-02-03T10:00:00Z'), 1, 2],
    ['100', B('2024-02-03T10:10:00Z'), 2, 3],
    ['100', B('2024-02-03T10:25:00Z'), 3, 3],
    ['100', B('2024-02-06T03:00:00Z'), 3, 2],
    // card 11: New York fall back (2024-11-03 02:00 EDT -> 01:00 EST), rows out of order
    ['11', B('2024-11-03T01:30:00-05:00'), 3, 2],
    ['11', B('2024-11-02T03:50:00-04:00'), 3, 0],
    ['11', B('2024-11-02T04:05:00-04:00'), 3, 1],
    ['11', B('2024-11-03T01:30:00-04:00'), 3, 2],
    ['11', B('2024-11-04T03:59:59-05:00'), 4, 2],
    // card 12: one row only
    ['12', B('2024-05-01T08:00:00Z'), 3, 0],
    // card 13: only review rows (imported, never reset): no items
    ['13', B('2024-05-01T08:00:00Z'), 3, 2],
    ['13', B('2024-05-09T08:00:00Z'), 3, 2],
    // card 14: two rows at the same instant, then a learning block at the end
    ['14', B('2024-06-01T20:00:00Z'), 3, 0],
    ['14', B('2024-06-01T20:00:00Z'), 3, 1],
    ['14', B('2024-06-05T20:00:00Z'), 1, 2],
    ['14', B('2024-06-05T20:05:00Z'), 3, 3],
    ['14', B('2024-06-20T20:00:00Z'), 3, 0],
    ['14', B('2024-06-20T20:10:00Z'), 3, 1],
    ['14', B('2024-06-23T20:00:00Z'), 3, 2],
    ['14', B('2024-06-24T19:59:00Z'), 3, 2],
    // card 7: half-hour zones (Kolkata +5:30, Lord Howe +10:30/+11)
    ['7', B('2024-04-06T17:20:00Z'), 2, 0],
    ['7', B('2024-04-06T17:40:00Z'), 3, 1],
    ['7', B('2024-04-07T16:20:00Z'), 3, 2],
    ['7', B('2024-04-08T15:50:00Z'), 3, 2],
    ['7', B('2024-04-09T22:29:00Z'), 1, 2],
    ['7', B('2024-04-09T22:31:00Z'), 3, 3],
    ['7', B('2024-04-13T23:00:00Z'), 3, 2],
  ].map(([id, ms, g, st], i) => [id, ms, g, st, 1000 + i]);
}

function edge() {
  const rows = edgeRows();
  const csv = 'card_id,review_time,review_rating,review_state,review_duration\n' +
    rows.map((r) => r.join(',')).join('\n') + '\n';
  const cases = [];
  for (const [dayStart, tz] of [
    [4, 'Europe/Berlin'], [0, 'UTC'], [4, 'America/New_York'], [6, 'Australia/Lord_Howe'],
    [4, 'Asia/Kolkata'], [23, 'Europe/Berlin'], [12, 'Pacific/Kiritimati'],
  ]) {
    cases.push({ day_start_hour: dayStart, time_zone: tz, items: itemText(itemsOf(csv, dayStart, tz)).split('\n').filter(Boolean) });
  }
  writeJSON(join(here, 'reference', 'edge.json'), { csv, cases });
}

edge();
for (const L of LEARNERS) {
  if (process.argv.length > 2 && !process.argv.includes(L.name)) continue;
  await reference(L);
}
writeJSON(join(here, 'reference', 'machine.json'), {
  node: process.version,
  binding: JSON.parse(readFileSync(join(dirname(require.resolve(process.env.BINDING || '@open-spaced-repetition/binding')), '..', 'package.json'))).version,
  cpu: os.cpus()[0]?.model ?? '',
  cpus: os.cpus().length,
  note: 'the machine the timings were taken on; it is shared with other jobs',
});
