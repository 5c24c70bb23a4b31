// timing.mjs times the reference package's computeParameters on the items of
// a log in logs/ (default large-a), so that it can be run side by side with
// `go test -bench Fit100k` on a busy machine:
//
//   BINDING=/tmp/ref/node_modules/@open-spaced-repetition/binding node timing.mjs [name] [runs]
//
// It prints the seconds of each run and the median.

import { createRequire } from 'node:module';
import { gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const { computeParameters, convertCsvToFsrsItems } = require(process.env.BINDING || '@open-spaced-repetition/binding');

const name = process.argv[2] || 'large-a';
const runs = Number(process.argv[3] || 5);
const ref = JSON.parse(readFileSync(join(here, 'reference', `${name}.json`)));
const csv = gunzipSync(readFileSync(join(here, ref.log)));

const dtf = new Intl.DateTimeFormat('en-US', {
  timeZone: ref.time_zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
  hour: 'numeric', minute: 'numeric', second: 'numeric',
});
function offsetMinutes(ms) {
  const sec = Math.floor(ms / 1000) * 1000;
  const p = Object.fromEntries(dtf.formatToParts(new Date(sec)).map((x) => [x.type, x.value]));
  return Math.round((Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second) - sec) / 60000);
}
const items = convertCsvToFsrsItems(csv, ref.day_start_hour, ref.time_zone, offsetMinutes);
const times = [];
for (let i = 0; i < runs; i++) {
  const t0 = process.hrtime.bigint();
  await computeParameters(items, { enableShortTerm: true, numRelearningSteps: 1, timeout: 1 });
  times.push(Number(process.hrtime.bigint() - t0) / 1e9);
}
times.sort((a, b) => a - b);
console.log(name, items.length, 'items', 'runs', times.map((t) => t.toFixed(3)).join(' '), 'median', times[Math.floor(times.length / 2)].toFixed(3));
