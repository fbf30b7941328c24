/**
 * The curated JSON files shipped with the code: the seed of the topic framework and the
 * sentiment and safety lexicons. Read once, validated, then shared.
 */
import { readFileSync } from 'node:fs';
import type { z } from 'zod';
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
