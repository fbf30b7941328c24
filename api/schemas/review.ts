import { z } from 'zod';
import { AGE_BANDS, REVIEW_STATUSES, SHARER_ROLES } from '../../models/schema.ts';
import type { StoryFilter, StorySort } from '../../models/review-stories.ts';

/** The story list's query string (Dutch-free identifiers; the form labels are Dutch). Unknown or bad values are ignored. */
const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const opt = <T extends z.ZodTypeAny>(t: T) => z.preprocess(blank, t.optional()).catch(undefined);
const date = opt(z.string().regex(/^\d{4}-\d{2}-\d{2}$/));

export const storyListQuery = z.object({
  theme: opt(z.string().max(64)),
  topic: opt(z.string().max(64)),
  provider: opt(z.string().uuid()),
  municipality: opt(z.string().regex(/^GM\d{4}$/)),
  region: opt(z.string().regex(/^JZ\d{2}$/)),
  from: date,
  to: date,
  role: opt(z.enum(SHARER_ROLES)),
  age: opt(z.enum(AGE_BANDS)),
  kind: opt(z.enum(['text', 'voice', 'image'])),
  tone: opt(z.enum(['positive', 'negative', 'mixed'])),
  urgent: opt(z.enum(['1'])),
  status: opt(z.enum(REVIEW_STATUSES)),
  q: opt(z.string().trim().max(200)),
  sort: opt(z.enum(['newest', 'oldest', 'relevance'])),
  after: opt(z.string().max(200)),
});
export type StoryListQuery = z.infer<typeof storyListQuery>;

const dayStart = (d: string) => new Date(`${d}T00:00:00+01:00`);

export function toStoryFilter(q: StoryListQuery): StoryFilter {
  const to = q.to ? dayStart(q.to) : undefined;
  if (to) to.setDate(to.getDate() + 1);
  return {
    themeId: q.theme && q.theme !== 'none' ? q.theme : undefined,
    unassigned: q.theme === 'none' || undefined,
    topic: q.topic, providerId: q.provider, municipalityCode: q.municipality, regionCode: q.region,
    from: q.from ? dayStart(q.from) : undefined, to,
    sharerRole: q.role, ageBand: q.age, kind: q.kind, tone: q.tone, urgent: q.urgent === '1' || undefined,
    reviewStatus: q.status, q: q.q,
  };
}

/** Newest first unless asked otherwise, also when searching: reviewers follow what came in. */
export const sortOf = (q: StoryListQuery): StorySort => q.sort ?? 'newest';

/** The filters as a query string without the page cursor (links to the next page add it). */
export function filterQueryString(q: StoryListQuery, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...q, after: undefined, ...extra })) if (v) params.set(k, String(v));
  return params.toString();
}

export const reviewStatusForm = z.object({ status: z.enum(REVIEW_STATUSES) });
export const noteForm = z.object({ text: z.string().trim().min(1, 'Schrijf eerst een notitie.').max(5000) });
export const transcriptForm = z.object({
  text: z.string().transform((s) => s.replace(/\r\n/g, '\n').trim()).pipe(z.string().min(1, 'De tekst is leeg.').max(50_000)),
  baseId: z.preprocess((v) => (v === '' || v === undefined ? null : Number(v)), z.number().int().positive().nullable()),
});
export const moveForm = z.object({ theme: z.string().max(64) });
export const tagForm = z.object({ topic: z.string().max(64), present: z.enum(['0', '1']) });
export const redactionForm = z.object({
  source: z.string().max(80).regex(/^(narrative|(addition|transcript|ocr|caption):[0-9a-f-]{36})$/),
  textHash: z.string().regex(/^[0-9a-f]{16}$/),
  action: z.enum(['unmask', 'add']),
  /** unmask: the mark's place in the original text */
  start: z.coerce.number().int().min(0).optional(),
  end: z.coerce.number().int().min(1).optional(),
  /** add: the words to hide, typed or selected; every place they occur is masked */
  words: z.string().trim().max(200).optional(),
}).refine((v) => (v.action === 'unmask' ? v.start !== undefined && v.end !== undefined && v.end > v.start : !!v.words && v.words.length >= 2),
  'Kies wat je wilt tonen, of typ de woorden die je wilt verbergen.');
