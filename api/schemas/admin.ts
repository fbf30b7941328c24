import { z } from 'zod';
import { STAFF_ROLES } from '../../models/schema.ts';
import type { Scope } from '../../models/staff.ts';
import type { TopicEdit } from '../../models/framework.ts';
import { AppError } from '../../lib/errors.ts';

/** Forms and queries of the admin pages. Unknown or bad query values are ignored; bad form values get a Dutch message. */
const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const opt = <T extends z.ZodTypeAny>(t: T) => z.preprocess(blank, t.optional()).catch(undefined);
/** A multi-select arrives as one string or a list of strings. */
const list = z.preprocess((v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]), z.array(z.string().max(64)).max(100));

export const scopeFields = z.object({
  provider: z.preprocess(blank, z.string().max(64).optional()),
  regions: list,
  /** typed codes: "GM0344, GM0363" or one per line */
  municipalities: z.string().max(2000).default(''),
});

export const inviteForm = scopeFields.extend({
  email: z.string().trim().max(200),
  name: z.string().trim().max(200).default(''),
  role: z.enum(STAFF_ROLES, { message: 'Kies een rol.' }),
});

export const roleScopeForm = scopeFields.extend({ role: z.enum(STAFF_ROLES, { message: 'Kies een rol.' }) });
export const activeForm = z.object({ active: z.enum(['0', '1']) });

export function toScope(f: z.infer<typeof scopeFields>): Scope {
  const municipalities = [...new Set(f.municipalities.split(/[\s,;]+/).map((c) => c.trim().toUpperCase()).filter(Boolean))];
  return { providers: f.provider ? [f.provider] : [], regions: [...new Set(f.regions)], municipalities };
}

export const providerQuery = z.object({ q: opt(z.string().trim().max(200)) });
export const providerForm = z.object({
  name: z.string().trim().min(2, 'Vul een naam in van minstens 2 tekens.').max(200, 'Deze naam is te lang (hoogstens 200 tekens).'),
});

export const topicForm = z.object({
  label: z.string().trim().max(200),
  description: z.string().trim().max(2000),
  lexicon: z.string().max(20_000),
  active: z.enum(['1']).optional(),
});

/**
 * The lexicon as the admin types it: one term per line, "term | gewicht", and optionally
 * "| niet bij ontkenning" for terms whose negation must not count.
 */
export function parseLexicon(text: string): NonNullable<TopicEdit['lexicon']> {
  const entries: NonNullable<TopicEdit['lexicon']> = [];
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  for (const [i, line] of lines.entries()) {
    if (!line.trim()) continue;
    const [term = '', weightText = '', negationText = ''] = line.split('|').map((s) => s.trim());
    const weight = weightText ? Number(weightText.replace(',', '.')) : 0.5;
    if (!term || !(weight > 0 && weight <= 1)) {
      throw new AppError(422, 'invalid_input', `Regel ${i + 1} klopt niet: schrijf "woord | gewicht", met een gewicht tussen 0 en 1 (bijvoorbeeld 0,6).`,
        { lexicon: `Regel ${i + 1} klopt niet.` });
    }
    entries.push({ term, weight, negation: /ontkenning|block/i.test(negationText) ? 'block' : 'any' });
  }
  if (entries.length === 0) throw new AppError(422, 'invalid_input', 'Een onderwerp heeft minstens één woord nodig.', { lexicon: 'Vul minstens één woord in.' });
  return entries;
}

export function formatLexicon(lexicon: { term: string; weight: number; negation: 'any' | 'block' }[]): string {
  return lexicon.map((e) => `${e.term} | ${String(e.weight).replace('.', ',')}${e.negation === 'block' ? ' | niet bij ontkenning' : ''}`).join('\n');
}

export const auditQuery = z.object({
  action: opt(z.string().regex(/^[a-z_]{1,40}$/)),
  actor: opt(z.string().trim().max(200)),
  story: opt(z.string().trim().max(64)),
  before: opt(z.coerce.number().int().positive()),
});
export type AuditQuery = z.infer<typeof auditQuery>;

export const jobIdParam = z.coerce.number().int().positive();
