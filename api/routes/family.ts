import crypto from 'node:crypto';
import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { DB } from '../../models/db.ts';
import { listFamilyCareKinds, listMunicipalities } from '../../models/reference.ts';
import { listAllProviders } from '../../models/providers.ts';
import { getPart } from '../../models/media.ts';
import type { NarrativeService, ReceiptView } from '../../services/narratives.ts';
import { AppError, errors } from '../../lib/errors.ts';
import { additionInput, consentChange, fieldErrors, narrativeSubmission } from '../schemas/narrative.ts';
import { childModeFor, consentLabel, consentOptions, feelingLabel, presentStoryForm, type FormValues } from '../presenters/story-form.ts';
import { throwIfLimited, type RateLimits } from '../middleware/rate-limits.ts';
import { toAppError } from '../middleware/errors.ts';
import type { Csrf } from '../middleware/csrf.ts';
import { uploadedMedia } from '../middleware/uploads.ts';
import { prepareMedia } from '../../services/media/intake.ts';
import type { MediaStore } from '../../services/media/store.ts';
import { mediaLink, verifyMediaLink } from '../../services/media/links.ts';
import { presentParts } from '../presenters/parts.ts';
import { sendMedia } from '../media-response.ts';
import { progressOf, saveFamilyAnswer } from '../../models/story-progress.ts';
import { presentProgress } from '../presenters/story-progress.ts';
import { familyAnswerInput } from '../schemas/family-answer.ts';

interface Deps {
  db: DB; narratives: NarrativeService; csrf: Csrf; limits: RateLimits;
  uploads: RequestHandler; store: MediaStore; mediaLinkKey: Buffer;
}

const noStore = (res: Response) => res.set('Cache-Control', 'no-store');
const body = (req: Request): FormValues => (req.body ?? {}) as FormValues;
const newKey = () => crypto.randomUUID();

/** The family side: the story form, the help page and the receipt page. Works without JavaScript. */
export function familyRoutes({ db, narratives, csrf, limits, uploads, store, mediaLinkKey }: Deps): Router {
  const router = Router();

  async function renderForm(req: Request, res: Response, values: FormValues,
    opts: { status?: number; error?: AppError; child?: boolean; filesLost?: boolean } = {}) {
    const [municipalities, providers, careKinds] = await Promise.all([listMunicipalities(db), listAllProviders(db), listFamilyCareKinds(db)]);
    const e = opts.error;
    const data = presentStoryForm({
      values,
      errors: e?.fields ?? {},
      generalError: e && !e.fields ? e.message : undefined,
      filesLost: opts.filesLost ?? false,
      childMode: childModeFor(values, opts.child ?? false),
      municipalities, providers, careKinds,
      csrfToken: csrf.token(req, res),
      submissionKey: values.submissionKey && /^[0-9a-f-]{36}$/.test(values.submissionKey) ? values.submissionKey : newKey(),
    });
    noStore(res).status(opts.status ?? 200).render('family/story-form', data);
  }

  router.get('/', (req, res) => {
    res.render('family/home', { title: 'Gehoord', csrfToken: csrf.token(req, res) });
  });

  router.get('/vertel', async (req, res) => {
    const urgent = req.query.hulp === '1';
    await renderForm(req, res, { urgent: urgent ? 'on' : undefined }, { child: req.query.kind === '1' });
  });

  router.post('/vertel', limits.submit, uploads, async (req, res) => {
    const values = body(req);
    try {
      await csrf.verify(req, res);
      throwIfLimited(req, 'submit');
      const parsed = narrativeSubmission.safeParse(values);
      if (!parsed.success) throw errors.invalid(fieldErrors(parsed.error));
      const media = await prepareMedia(uploadedMedia(req));
      const result = await narratives.submit(parsed.data,
        { idempotencyKey: `form-${values.submissionKey ?? newKey()}`, media });
      noStore(res).status(result.replayed ? 200 : 201).render('family/receipt-issued', {
        title: 'Je verhaal is ontvangen',
        child: parsed.data.childMode || childModeFor(values, false),
        receipt: result.receipt,
        receiptWords: result.receipt.split(' '),
        urgent: parsed.data.urgent,
      });
    } catch (err) {
      const e = toAppError(err);
      if (e.status >= 500) {
        // The form itself needs the database; show the typed story so nothing is lost.
        return noStore(res).status(e.status).render('family/not-sent', { title: 'Niet verstuurd', message: e.message, text: values.text });
      }
      if (e.retryAfterSeconds) res.set('Retry-After', String(e.retryAfterSeconds));
      const hadFiles = !!req.files && Object.keys(req.files).length > 0;
      await renderForm(req, res, values, { status: e.status, error: e, filesLost: hadFiles });
    }
  });

  router.get('/hulp', (req, res) => {
    res.render('family/help', { title: 'Ik loop vast of voel me niet veilig', csrfToken: csrf.token(req, res) });
  });

  // Receipt page. The code travels only in POST bodies, never in a URL, so it stays out of
  // browser history and server logs.
  const receiptGuard: RequestHandler[] = [limits.receiptByIp, limits.receiptByPrefix];

  function renderLookup(req: Request, res: Response, error?: AppError) {
    if (error?.retryAfterSeconds) res.set('Retry-After', String(error.retryAfterSeconds));
    noStore(res).status(error?.status ?? 200).render('family/receipt-lookup', {
      title: 'Mijn verhaal bekijken', csrfToken: csrf.token(req, res), error: error?.message,
    });
  }

  async function renderStory(req: Request, res: Response, code: string, story: ReceiptView,
    extra: { notice?: string; additionError?: string; additionText?: string; answerError?: string; status?: number } = {}) {
    const progress = await progressOf(db, story.id);
    noStore(res).status(extra.status ?? 200).render('family/receipt-story', {
      title: 'Jouw verhaal',
      child: story.childMode,
      code,
      story,
      feeling: feelingLabel(story.feeling),
      consentText: consentLabel(story.consent, story.childMode),
      consentOptions: consentOptions(story.consent, story.childMode),
      parts: presentParts(story, (partId, variant) => mediaLink(mediaLinkKey, partId, variant)),
      progress: progress && presentProgress(progress, story.childMode, { urgent: story.urgent }),
      csrfToken: csrf.token(req, res),
      additionKey: newKey(),
      ...extra,
    });
  }

  /** Runs one receipt action; a wrong code or a lockout shows the lookup page with the reason. */
  async function withReceipt(req: Request, res: Response, action: (code: string) => Promise<void>) {
    const code = String(body(req).code ?? '');
    try {
      await csrf.verify(req, res);
      throwIfLimited(req, 'receipt');
      await action(code);
    } catch (err) {
      const e = toAppError(err);
      if (e.status >= 500) throw err;
      if (e.fields && code) {
        const story = await narratives.open(code);
        return await renderStory(req, res, code, story, {
          status: e.status, additionError: Object.values(e.fields)[0] ?? e.message, additionText: body(req).text,
        });
      }
      renderLookup(req, res, e);
    }
  }

  router.get('/bon', (req, res) => renderLookup(req, res));

  router.post('/bon', ...receiptGuard, (req, res) => withReceipt(req, res, async (code) => {
    await renderStory(req, res, code, await narratives.open(code));
  }));

  router.post('/bon/aanvulling', ...receiptGuard, uploads, (req, res) => withReceipt(req, res, async (code) => {
    const parsed = additionInput.safeParse(body(req));
    if (!parsed.success) throw errors.invalid(fieldErrors(parsed.error));
    const media = await prepareMedia(uploadedMedia(req));
    await narratives.addAddition(code, parsed.data.text, { clientKey: body(req).additionKey, media });
    await renderStory(req, res, code, await narratives.open(code), { notice: 'Je aanvulling is toegevoegd.' });
  }));

  router.post('/bon/toestemming', ...receiptGuard, (req, res) => withReceipt(req, res, async (code) => {
    const parsed = consentChange.safeParse(body(req));
    if (!parsed.success) throw errors.invalid(fieldErrors(parsed.error));
    await narratives.changeConsent(code, parsed.data.consent);
    await renderStory(req, res, code, await narratives.open(code), { notice: 'We hebben je keuze opgeslagen.' });
  }));

  // "Is it better for you now?": only for a request this receipt's story is part of, once done.
  router.post('/bon/antwoord', ...receiptGuard, (req, res) => withReceipt(req, res, async (code) => {
    const story = await narratives.open(code);
    const parsed = familyAnswerInput.safeParse(body(req));
    if (!parsed.success) {
      return renderStory(req, res, code, story, { status: 422, answerError: parsed.error.issues[0]?.message });
    }
    const { followUpId, answer, words } = parsed.data;
    const saved = await saveFamilyAnswer(db, story.id, followUpId, answer, words);
    if (!saved) return renderStory(req, res, code, story, { status: 422, answerError: 'Over dit verzoek kun je (nu) geen antwoord geven.' });
    await renderStory(req, res, code, story, { notice: 'Dank je wel. We hebben je antwoord opgeslagen.' });
  }));

  router.post('/bon/intrekken', ...receiptGuard, (req, res) => withReceipt(req, res, async (code) => {
    if (body(req).confirm !== 'ja') {
      const story = await narratives.open(code);
      noStore(res).render('family/withdraw-confirm', { title: 'Verhaal verwijderen', child: story.childMode, code, csrfToken: csrf.token(req, res) });
      return;
    }
    await narratives.withdraw(code);
    noStore(res).render('family/withdrawn', { title: 'Je verhaal is verwijderd' });
  }));

  // The sharer's own voice notes and photos, through the short-lived signed links on the receipt page.
  router.get('/bon/media/:partId/:variant', async (req, res) => {
    const { partId, variant } = req.params;
    const ok = verifyMediaLink(mediaLinkKey, partId, variant, String(req.query.exp ?? ''), String(req.query.sig ?? ''));
    const part = ok ? await getPart(db, partId) : undefined;
    if (!part) throw errors.notFound();
    const key = variant === 'thumb' ? part.thumbKey : variant === 'display' ? part.displayKey : part.mediaKey;
    if (!key || (variant === 'audio') !== (part.kind === 'audio')) throw errors.notFound();
    await sendMedia(req, res, store, key, part.mime);
  });

  return router;
}
