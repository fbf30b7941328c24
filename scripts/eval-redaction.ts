/**
 * Measures personal-data detection on an annotated fixture and prints one figure per line
 * (`NAME: value`): precision and recall per kind and overall (overlap and exact match), lexicon
 * load time and memory, and speed.
 *
 *   node --expose-gc --import tsx scripts/eval-redaction.ts [file.jsonl] [--verbose]
 *
 * --verbose also lists every miss and false alarm on stderr.
 */
import fs from 'node:fs';
import { detectPersonalData } from '../workers/pipelines/redaction/detect.ts';
import { evaluate, parseGoldJsonl, type Score } from '../workers/pipelines/redaction/evaluate.ts';
import { loadNameLexicon } from '../workers/pipelines/redaction/lexicon.ts';
import { PII_KINDS, type Span } from '../workers/pipelines/redaction/types.ts';

const args = process.argv.slice(2);
const verbose = args.includes('--verbose');
const file = args.find((a) => !a.startsWith('--')) ?? new URL('../test/fixtures/redaction/pii-sentences.jsonl', import.meta.url).pathname;
const sentences = parseGoldJsonl(fs.readFileSync(file, 'utf8'));

// With --expose-gc the heap figure is what the lexicon keeps; without it, it includes garbage from loading.
const collect = (globalThis as { gc?: () => void }).gc ?? (() => {});
collect();
const heapBefore = process.memoryUsage().heapUsed;
const loadStart = performance.now();
const lexicon = await loadNameLexicon();
const loadMs = performance.now() - loadStart;
collect();
const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1e6;

const pairs = sentences.map((s) => ({ gold: s.spans, detected: detectPersonalData(s.text, lexicon) }));
const result = evaluate(pairs);

const line = (name: string, value: number | string) => console.log(`${name}: ${typeof value === 'number' ? value.toFixed(3) : value}`);
const print = (suffix: string, s: Score) => {
  line(`PRECISION_${suffix}`, s.precision);
  line(`RECALL_${suffix}`, s.recall);
  line(`EXACT_PRECISION_${suffix}`, s.exactPrecision);
  line(`EXACT_RECALL_${suffix}`, s.exactRecall);
  line(`GOLD_${suffix}`, String(s.gold));
  line(`DETECTED_${suffix}`, String(s.detected));
};
line('SENTENCES', String(sentences.length));
for (const kind of PII_KINDS) print(kind.toUpperCase(), result.perKind[kind]);
print('OVERALL', result.overall);

// Speed: repeat detection over the fixture for at least two seconds.
const chars = sentences.reduce((n, s) => n + s.text.length, 0);
let rounds = 0;
const speedStart = performance.now();
while (performance.now() - speedStart < 2000) {
  for (const s of sentences) detectPersonalData(s.text, lexicon);
  rounds++;
}
const seconds = (performance.now() - speedStart) / 1000;
line('LEXICON_LOAD_MS', loadMs);
line('LEXICON_HEAP_MB', heapMb);
line('SENTENCES_PER_SECOND', (rounds * sentences.length) / seconds);
line('CHARS_PER_SECOND', (rounds * chars) / seconds);

if (verbose) {
  const show = (text: string, s: Span) => `${s.kind} «${text.slice(s.start, s.end)}»`;
  const sameKindOverlap = (a: Span, b: Span) => a.kind === b.kind && a.start < b.end && b.start < a.end;
  sentences.forEach((s, i) => {
    const detected = pairs[i]!.detected;
    const misses = s.spans.filter((g) => !detected.some((d) => sameKindOverlap(d, g)));
    const alarms = detected.filter((d) => !s.spans.some((g) => sameKindOverlap(d, g)));
    if (misses.length || alarms.length) {
      console.error(`${s.id} ${s.text}`);
      for (const m of misses) console.error(`   MISS  ${show(s.text, m)}`);
      for (const a of alarms) console.error(`   FALSE ${show(s.text, a)}`);
    }
  });
}
