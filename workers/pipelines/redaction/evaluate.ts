import { PII_KINDS, type PiiKind, type Span } from './types.ts';

/** One annotated sentence of the evaluation fixture. */
export interface GoldSentence {
  id: string;
  text: string;
  spans: Span[];
}

export function parseGoldJsonl(jsonl: string): GoldSentence[] {
  return jsonl.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as GoldSentence);
}

export interface Score {
  gold: number;
  detected: number;
  /** Detected spans that overlap a gold span of the same kind. */
  correctDetected: number;
  /** Gold spans overlapped by a detected span of the same kind. */
  foundGold: number;
  /** Detected spans with exactly the gold start, end and kind. */
  exact: number;
  precision: number;
  recall: number;
  exactPrecision: number;
  exactRecall: number;
}

export interface Evaluation {
  perKind: Record<PiiKind, Score>;
  overall: Score;
}

const overlaps = (a: Span, b: Span) => a.kind === b.kind && a.start < b.end && b.start < a.end;
const exactly = (a: Span, b: Span) => a.kind === b.kind && a.start === b.start && a.end === b.end;
/** An empty set is perfectly precise and perfectly recalled. */
const ratio = (n: number, d: number) => (d === 0 ? 1 : n / d);

function score(pairs: readonly { gold: Span[]; detected: Span[] }[], kind?: PiiKind): Score {
  let gold = 0, detected = 0, correctDetected = 0, foundGold = 0, exact = 0;
  for (const pair of pairs) {
    const g = kind ? pair.gold.filter((s) => s.kind === kind) : pair.gold;
    const d = kind ? pair.detected.filter((s) => s.kind === kind) : pair.detected;
    gold += g.length;
    detected += d.length;
    correctDetected += d.filter((s) => g.some((t) => overlaps(s, t))).length;
    foundGold += g.filter((t) => d.some((s) => overlaps(s, t))).length;
    exact += d.filter((s) => g.some((t) => exactly(s, t))).length;
  }
  return {
    gold, detected, correctDetected, foundGold, exact,
    precision: ratio(correctDetected, detected),
    recall: ratio(foundGold, gold),
    exactPrecision: ratio(exact, detected),
    exactRecall: ratio(exact, gold),
  };
}

/** Scores detections against gold spans per kind and overall; a match needs the same kind and an overlap. */
export function evaluate(pairs: readonly { gold: Span[]; detected: Span[] }[]): Evaluation {
  const perKind = Object.fromEntries(PII_KINDS.map((k) => [k, score(pairs, k)])) as Record<PiiKind, Score>;
  return { perKind, overall: score(pairs) };
}
