import { z } from 'zod';
import { AGE_BANDS, CONSENT_SCOPES, SHARER_ROLES } from '../../models/schema.ts';
import type { FieldErrors } from '../../lib/errors.ts';
import { isEmailAddress, isPhoneNumber } from '../../services/contact.ts';

export const MAX_STORY_CHARS = 20_000;

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

/** Text may be empty when a voice note or image carries the story; the service checks that. */
export const storyText = z.preprocess((v) => v ?? '', z.string()
  .transform((s) => s.replace(/\r\n/g, '\n').trim())
  .refine((s) => s.length <= MAX_STORY_CHARS,
    `Je verhaal is langer dan ${MAX_STORY_CHARS.toLocaleString('nl-NL')} tekens. Maak het wat korter, of vertel de rest later als aanvulling.`));

export const consentScope = z.preprocess(blankToUndefined, z.enum(CONSENT_SCOPES, { message: 'Kies wie je verhaal mag lezen.' }));

/** A story as the JSON API and the form both deliver it, after parsing. */
export const narrativeSubmission = z.object({
  role: z.preprocess(blankToUndefined, z.enum(SHARER_ROLES, { message: 'Kies wie je bent.' })),
  ageBand: z.preprocess(blankToUndefined, z.enum(AGE_BANDS, { message: 'Kies hoe oud je bent.' })),
  municipality: z.preprocess(blankToUndefined, z.string({ message: 'Kies je gemeente.' }).trim().toUpperCase()
    .regex(/^GM\d{4}$/, 'Kies je gemeente uit de lijst.')),
  provider: z.preprocess(blankToUndefined, z.string().trim().optional())
    .transform((v) => (v === 'unknown' ? undefined : v)),
  careType: z.preprocess(blankToUndefined, z.string().trim().max(10).optional()),
  text: storyText,
  feeling: z.preprocess((v) => (blankToUndefined(v) === undefined ? undefined : Number(v)),
    z.number({ message: 'Kies een van de gezichtjes, of sla deze vraag over.' }).int().min(1).max(5).optional()),
  consent: consentScope,
  contact: z.preprocess(blankToUndefined, z.string().trim().max(200)
    .refine((v) => isPhoneNumber(v) || isEmailAddress(v), 'Vul een telefoonnummer of e-mailadres in, of laat dit leeg.').optional()),
  urgent: z.preprocess((v) => v === true || v === 'true' || v === 'on' || v === '1', z.boolean()),
  childMode: z.preprocess((v) => v === true || v === 'true' || v === 'on' || v === '1', z.boolean()).default(false),
});
export type NarrativeSubmission = z.infer<typeof narrativeSubmission>;

export const additionInput = z.object({ text: storyText });
export const consentChange = z.object({ consent: consentScope });

/** Only field-level messages: the first per field, in the order the form shows them. */
export function fieldErrors(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? 'form');
    out[key] ??= issue.message;
  }
  return out;
}
