import { z } from 'zod';

/** The curation forms on a theme page. Messages are Dutch: they are shown on the page. */
const themeId = z.string().trim().min(1).max(64);

export const renameThemeForm = z.object({ name: z.string().max(200) });
export const lockThemeForm = z.object({ locked: z.enum(['0', '1']) });
export const mergeThemeForm = z.object({ other: themeId });
export const splitThemeForm = z.object({
  /** one checkbox arrives as a string, several as a list */
  stories: z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(z.string().uuid()).max(2000)),
  name: z.string().max(200).optional(),
});

export const FORM_MESSAGES = {
  merge: 'Kies het thema waarmee je dit thema wilt samenvoegen.',
  split: 'Kies de verhalen die een eigen thema worden.',
  fallback: 'Dit formulier klopt niet. Vernieuw de pagina en probeer het opnieuw.',
} as const;

export const urgentQuery = z.object({ after: z.string().max(200).optional().catch(undefined) });
