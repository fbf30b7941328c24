/**
 * The project's hand-labelled stories (`labelled/*.jsonl`, all fictional): what the seed tag
 * classifier learns from, next to reviewers' corrections, and what the measuring scripts run on.
 * The held-out set is not here: it lives with the tests and nothing ever learns from it.
 * labelled/README.md says who wrote each set and how it was used.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';

export const labelledStorySchema = z.object({
  id: z.string(),
  text: z.string().min(1),
  /** the main topic; always tags[0] */
  theme: z.string(),
  tags: z.array(z.string()).min(1),
  tone: z.enum(['positive', 'negative', 'mixed']),
  urgent: z.boolean(),
  role: z.string(),
});
export type LabelledStory = z.infer<typeof labelledStorySchema>;

export const LABELLED_SETS = ['eval', 'dev', 'dev2', 'blind-a', 'blind-b'] as const;
export type LabelledSet = (typeof LABELLED_SETS)[number];

/** Reads a labelled JSONL file (one story per line); a bad line names its line number. */
export function readLabelledFile(path: string | URL): LabelledStory[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((line, i) => ({ line, number: i + 1 }))
    .filter(({ line }) => line.trim() !== '')
    .map(({ line, number }) => {
      const parsed = labelledStorySchema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${String(path)}:${number}: ${parsed.error.issues[0]?.message}`);
      return parsed.data;
    });
}

const cache = new Map<LabelledSet, LabelledStory[]>();

export function labelledSet(name: LabelledSet): LabelledStory[] {
  let stories = cache.get(name);
  if (!stories) {
    stories = readLabelledFile(new URL(`./labelled/${name}-stories.jsonl`, import.meta.url));
    cache.set(name, stories);
  }
  return stories;
}

export function allLabelledStories(): LabelledStory[] {
  return LABELLED_SETS.flatMap(labelledSet);
}
