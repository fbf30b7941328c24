/**
 * The curated JSON files shipped with the code: the seed of the topic framework, the sentiment
 * and safety lexicons, and the seed urgency model. Read once, validated, then shared.
 */
import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { parseClassifier, type Classifier } from './classifier.ts';
import {
  frameworkSchema,
  safetyLexiconSchema,
  sentimentLexiconSchema,
  type Framework,
  type SafetyLexicon,
  type SentimentLexicon,
} from './schemas.ts';

function loader<T>(file: string, schema: z.ZodType<T>): () => T {
  let value: T | undefined;
  return () => {
    value ??= schema.parse(JSON.parse(readFileSync(new URL(file, import.meta.url), 'utf8')));
    return value;
  };
}

export const frameworkSeed: () => Framework = loader('./framework-topics.json', frameworkSchema);
export const sentimentSeed: () => SentimentLexicon = loader('./sentiment-nl.json', sentimentLexiconSchema);
export const safetySeed: () => SafetyLexicon = loader('./safety-nl.json', safetyLexiconSchema);

/**
 * The urgency model learnt from the project's hand-labelled story sets (dev, eval and dev2 in
 * test/fixtures/themes; never the held-out set), so danger told without alarm words can reach a
 * human from the first day, before reviewers have flagged anything: pass it to `readSignals` as
 * `urgencyModel`, or nudge it with reviewers' flags (`learnUrgency(flags, { model })`). Regenerate with
 * `npm run eval:signals -- <set> --train <sets> --save-urgency-model workers/pipelines/signals/urgency-seed.json`.
 */
export const urgencySeed: () => Classifier = (() => {
  let value: Classifier | undefined;
  return () => {
    value ??= parseClassifier(readFileSync(new URL('./urgency-seed.json', import.meta.url), 'utf8'));
    return value;
  };
})();
