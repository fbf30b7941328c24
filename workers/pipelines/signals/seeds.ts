/**
 * The curated JSON files shipped with the code: the seed of the topic framework, the sentiment
 * and safety lexicons, and the seed tag and urgency models. Read once, validated, then shared.
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

function loader<T>(file: string, parse: (json: string) => T): () => T {
  let value: T | undefined;
  return () => {
    value ??= parse(readFileSync(new URL(file, import.meta.url), 'utf8'));
    return value;
  };
}

const validated = <T>(schema: z.ZodType<T>) => (json: string): T => schema.parse(JSON.parse(json));

export const frameworkSeed: () => Framework = loader('./framework-topics.json', validated(frameworkSchema));
export const sentimentSeed: () => SentimentLexicon = loader('./sentiment-nl.json', validated(sentimentLexiconSchema));
export const safetySeed: () => SafetyLexicon = loader('./safety-nl.json', validated(safetyLexiconSchema));

/**
 * The urgency model learnt from the project's hand-labelled story sets (dev, eval and dev2 in
 * labelled/; never the held-out set), so danger told without alarm words can reach a
 * human from the first day, before reviewers have flagged anything: pass it to `readSignals` as
 * `urgencyModel`, or nudge it with reviewers' flags (`learnUrgency(flags, { model })`). Regenerate with
 * `npm run eval:signals -- <set> --train <sets> --save-urgency-model workers/pipelines/signals/urgency-seed.json`.
 */
export const urgencySeed: () => Classifier = loader('./urgency-seed.json', parseClassifier);

/**
 * The tag classifier learnt from the labelled stories (labelled.ts) with the seed framework, so
 * tagging uses what 928 labelled stories teach beyond the lexicons before any reviewer corrected a
 * tag: `learnWithLabelledStories([], seed framework)`, stored so no worker spends seconds learning
 * it. Regenerate with `npm run build:tag-seed` after changing the labelled stories or the lexicons.
 */
export const tagSeed: () => Classifier = loader('./tag-seed.json', parseClassifier);
