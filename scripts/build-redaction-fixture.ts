// Builds test/fixtures/redaction/pii-sentences.jsonl from the hand-marked source file, so span
// offsets are computed rather than counted by hand. Usage:
//   node --import tsx scripts/build-redaction-fixture.ts          (write the JSONL)
//   node --import tsx scripts/build-redaction-fixture.ts --check  (exit 1 if the JSONL is stale)
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
export function parseMarkedSource(source: string): PiiSentence[] {
  return source
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line, index) => ({ id: `r${String(index + 1).padStart(3, '0')}`, ...parseMarkedLine(line) }));
}

export function toJsonl(sentences: PiiSentence[]): string {
  return sentences.map((sentence) => JSON.stringify(sentence)).join('\n') + '\n';
}

const fixtureDir = fileURLToPath(new URL('../test/fixtures/redaction/', import.meta.url));
export const SOURCE_PATH = resolve(fixtureDir, 'pii-sentences.src.txt');
export const JSONL_PATH = resolve(fixtureDir, 'pii-sentences.jsonl');

function main(args: string[]): void {
  const jsonl = toJsonl(parseMarkedSource(readFileSync(SOURCE_PATH, 'utf8')));
  if (args.includes('--check')) {
    const current = readFileSync(JSONL_PATH, 'utf8');
    if (current !== jsonl) {
      console.error(`${JSONL_PATH} is out of date; run scripts/build-redaction-fixture.ts`);
      process.exit(1);
    }
    console.log('redaction fixture is up to date');
    return;
  }
  writeFileSync(JSONL_PATH, jsonl);
  console.log(`wrote ${jsonl.split('\n').length - 1} sentences to ${JSONL_PATH}`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2));
}
