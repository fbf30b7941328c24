/**
 * Shapes of the curated signal data: the topic framework (seeded from framework-topics.json,
 * later edited by admins in the database), the sentiment lexicon and the safety lexicon.
 * Validated on load so an edited framework with a typo fails loudly instead of tagging nothing.
 */
import { z } from 'zod';

const term = z.string().trim().min(1);

export const lexiconEntrySchema = z.object({
  term,
  /** how strongly this entry alone indicates the topic, 0..1 (scores combine as a noisy-or) */
  weight: z.number().gt(0).lte(1),
  /** "block": a negated occurrence does not count ("niet geholpen" is no sign of help that worked) */
  negation: z.enum(['any', 'block']).default('any'),
});

export const frameworkTopicSchema = z.object({
  key: z.string().regex(/^[a-z][a-z0-9_]*$/),
  label: z.string().min(1),
  description: z.string().min(1),
  lexicon: z.array(lexiconEntrySchema).min(1),
  /** overrides the framework threshold for this topic (a topic whose words are often used loosely needs more evidence) */
  threshold: z.number().gt(0).lt(1).optional(),
  /**
   * the story tones in which this topic can apply: "what helped" needs some praise in the story,
   * so a helping word in a story without any positive tone ("ze hielpen nooit echt") does not count
   */
  tones: z.array(z.enum(['positive', 'negative', 'mixed'])).min(1).optional(),
});

export const frameworkSchema = z.object({
  version: z.number().int(),
  /** a topic is tagged when its lexicon score reaches this */
  threshold: z.number().gt(0).lt(1),
  topics: z.array(frameworkTopicSchema).min(1),
});

export const sentimentLexiconSchema = z.object({
  version: z.number().int(),
  /** multiply the sentiment term right after them ("heel fijn") */
  intensifiers: z.record(z.string(), z.number().positive()),
  /** soften the sentiment term right after them ("beetje jammer") */
  dampers: z.record(z.string(), z.number().positive()),
  /** after these, the rest of the sentence weighs more ("het was goed, maar ...") */
  contrast: z.array(term),
  terms: z.array(z.object({ term, polarity: z.number().int().min(-3).max(3).refine((p) => p !== 0) })),
});

/**
 * A safety term is a plain string (counts also when negated: "nooit aan zelfmoord gedacht" is
 * still worth a look) or an object with `negation: "block"` for the mild, everyday cues whose
 * negation is reassurance ("niemand schreeuwt hier", "ik ben niet bang meer").
 */
export const safetyTermSchema = z.union([term, z.object({ term, negation: z.enum(['any', 'block']) })]);

export const safetyLexiconSchema = z.object({
  version: z.number().int(),
  categories: z
    .array(z.object({ key: z.string().min(1), reason: z.string().min(1), terms: z.array(safetyTermSchema).min(1) }))
    .min(1),
  /**
   * Cue combinations: danger is told in many word orders ("doet zichzelf iets aan met een schaar",
   * "mn benen zitten vol met lijnen"), so a combination fires when every group has a match in the
   * same sentence, in any order. Each group lists words or short phrases of one cue class.
   */
  combinations: z
    .array(
      z.object({
        category: z.string().min(1),
        groups: z.array(z.array(term).min(1)).min(2),
        negation: z.enum(['any', 'block']).default('any'),
      }),
    )
    .default([]),
  /** harmless fixed expressions ("ik schrok me dood"); a signal inside one is dropped */
  falseFriends: z.array(term),
}).refine(
  (lexicon) => lexicon.combinations.every((combination) => lexicon.categories.some((category) => category.key === combination.category)),
  { message: 'every combination names a category of the lexicon' },
);

export type LexiconEntry = z.infer<typeof lexiconEntrySchema>;
export type FrameworkTopic = z.infer<typeof frameworkTopicSchema>;
export type Framework = z.infer<typeof frameworkSchema>;
export type SentimentLexicon = z.infer<typeof sentimentLexiconSchema>;
export type SafetyLexicon = z.infer<typeof safetyLexiconSchema>;
export type SafetyTerm = z.infer<typeof safetyTermSchema>;
