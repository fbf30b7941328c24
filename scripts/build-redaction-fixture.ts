// Builds the redaction fixtures (test/fixtures/redaction/<name>.jsonl) from their hand-marked
// source files (<name>.src.txt), so span offsets are computed rather than counted by hand. Usage:
//   node --import tsx scripts/build-redaction-fixture.ts          (write every JSONL)
//   node --import tsx scripts/build-redaction-fixture.ts --check  (exit 1 if a JSONL is stale)
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PII_KINDS = [
  'phone',
  'email',
  'bsn',
  'iban',
  'postcode_address',
  'street_address',
  'date_of_birth',
  'url',
  'name',
] as const;
export type PiiKind = (typeof PII_KINDS)[number];

/** start/end are JavaScript string offsets (UTF-16 code units), end exclusive. */
export interface PiiSpan {
  start: number;
  end: number;
  kind: PiiKind;
}

export interface PiiSentence {
  id: string;
  text: string;
  spans: PiiSpan[];
}

const MARKER = /\[\[([a-z_]+):(.+?)\]\]/g;

function isPiiKind(kind: string): kind is PiiKind {
  return (PII_KINDS as readonly string[]).includes(kind);
}

/** Strips `[[kind:text]]` markers from one line and returns the plain text with its spans. */
export function parseMarkedLine(line: string): { text: string; spans: PiiSpan[] } {
  const spans: PiiSpan[] = [];
  let text = '';
  let consumed = 0;
  for (const match of line.matchAll(MARKER)) {
    const [whole, kind, value] = match;
    if (!isPiiKind(kind)) throw new Error(`unknown kind "${kind}" in: ${line}`);
    if (value.trim() !== value) throw new Error(`span has surrounding spaces in: ${line}`);
    text += line.slice(consumed, match.index);
    spans.push({ start: text.length, end: text.length + value.length, kind });
    text += value;
    consumed = match.index + whole.length;
  }
  text += line.slice(consumed);
  // A leftover bracket pair means a marker was mistyped and would silently become plain text.
  if (text.includes('[[') || text.includes(']]')) throw new Error(`malformed marker in: ${line}`);
  return { text, spans };
}

/** Every non-blank line that does not start with '#' is one sentence; ids follow line order. */
export function parseMarkedSource(source: string, idPrefix = 'r'): PiiSentence[] {
  return source
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line, index) => ({ id: `${idPrefix}${String(index + 1).padStart(3, '0')}`, ...parseMarkedLine(line) }));
}

export function toJsonl(sentences: PiiSentence[]): string {
  return sentences.map((sentence) => JSON.stringify(sentence)).join('\n') + '\n';
}

const fixtureDir = fileURLToPath(new URL('../test/fixtures/redaction/', import.meta.url));
export const SOURCE_PATH = resolve(fixtureDir, 'pii-sentences.src.txt');
export const JSONL_PATH = resolve(fixtureDir, 'pii-sentences.jsonl');

export interface FixtureFiles {
  name: string;
  idPrefix: string;
  sourcePath: string;
  jsonlPath: string;
}

const fixture = (name: string, idPrefix: string): FixtureFiles => ({
  name,
  idPrefix,
  sourcePath: resolve(fixtureDir, `${name}.src.txt`),
  jsonlPath: resolve(fixtureDir, `${name}.jsonl`),
});

/**
 * pii-sentences was written alongside the detectors; dev-sentences is for tuning them;
 * heldout-sentences is only ever measured, never tuned on.
 */
export const FIXTURES: FixtureFiles[] = [
  fixture('pii-sentences', 'r'),
  fixture('dev-sentences', 'd'),
  fixture('heldout-sentences', 'h'),
];

export function buildFixture(files: FixtureFiles): PiiSentence[] {
  return parseMarkedSource(readFileSync(files.sourcePath, 'utf8'), files.idPrefix);
}

function main(args: string[]): void {
  let stale = false;
  for (const files of FIXTURES) {
    const jsonl = toJsonl(buildFixture(files));
    if (args.includes('--check')) {
      if (readFileSync(files.jsonlPath, 'utf8') !== jsonl) {
        console.error(`${files.jsonlPath} is out of date; run scripts/build-redaction-fixture.ts`);
        stale = true;
      }
      continue;
    }
    writeFileSync(files.jsonlPath, jsonl);
    console.log(`wrote ${jsonl.split('\n').length - 1} sentences to ${files.jsonlPath}`);
  }
  if (stale) process.exit(1);
  if (args.includes('--check')) console.log('redaction fixtures are up to date');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2));
}
