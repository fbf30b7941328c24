import { Router, type Request, type RequestHandler } from 'express';
import type { NarrativeService } from '../../services/narratives.ts';
import { errors } from '../../lib/errors.ts';
import { additionInput, consentChange, fieldErrors, narrativeSubmission } from '../schemas/narrative.ts';
import { throwIfLimited, type RateLimits } from '../middleware/rate-limits.ts';
import type { ZodType } from 'zod';
import { prepareMedia } from '../../services/media/intake.ts';
import { uploadedMedia } from '../middleware/uploads.ts';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{16,128}$/;

function parse<T>(schema: ZodType<T>, body: unknown): T {
  if (typeof body !== 'object' || body === null) throw errors.malformed();
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw errors.invalid(fieldErrors(parsed.error));
  return parsed.data;
}

function idempotencyKey(req: Request): string | undefined {
  const key = req.get('Idempotency-Key');
  if (key === undefined) return undefined;
  if (!IDEMPOTENCY_KEY.test(key)) {
    throw errors.invalid({ 'Idempotency-Key': 'Gebruik 16 tot 128 letters, cijfers, - of _ (bijvoorbeeld een UUID).' });
  }
  return key;
}

/** The JSON API for a future app and for integrations: same rules as the forms. */
export function narrativeApiRoutes(deps: { narratives: NarrativeService; limits: RateLimits; uploads: RequestHandler }): Router {
  const { narratives, limits, uploads } = deps;
  const router = Router();
  const receiptGuard: RequestHandler[] = [limits.receiptByIp, limits.receiptByPrefix];

  router.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });

  // JSON, or multipart/form-data with the same fields plus files `audio` (one) and `images` (up to four).
  router.post('/narratives', limits.submit, uploads, async (req, res) => {
    throwIfLimited(req, 'submit');
    const key = idempotencyKey(req);
    const input = parse(narrativeSubmission, req.body);
    const media = await prepareMedia(uploadedMedia(req));
    const result = await narratives.submit(input, { idempotencyKey: key, media });
    res.status(result.replayed ? 200 : 201).json({ id: result.id, receipt: result.receipt, status: result.status });
  });

  router.get('/receipts/:code', ...receiptGuard, async (req, res) => {
    throwIfLimited(req, 'receipt');
    const story = await narratives.open(String(req.params.code));
    res.json({
      id: story.id,
      status: story.status,
      createdAt: story.createdAt,
      role: story.sharerRole,
      ageBand: story.ageBand,
      municipality: story.municipalityName,
      provider: story.providerName,
      careType: story.careTypeLabel,
      text: story.text,
      feeling: story.feeling,
      consent: story.consent,
      contact: story.contactHint,
      urgent: story.urgent,
      additions: story.additions.map((a) => ({ createdAt: a.createdAt, text: a.text })),
      parts: story.parts.map((p) => ({
        id: p.id, kind: p.kind, status: p.status, text: p.text, caption: p.caption, durationSec: p.durationSec, addition: !!p.additionId,
      })),
      events: story.events.map((e) => ({ at: e.at, kind: e.kind })),
    });
  });

  router.post('/receipts/:code/additions', ...receiptGuard, uploads, async (req, res) => {
    throwIfLimited(req, 'receipt');
    const { text } = parse(additionInput, req.body);
    const media = await prepareMedia(uploadedMedia(req));
    await narratives.addAddition(String(req.params.code), text, { media });
    res.status(201).json({ status: 'added' });
  });

  router.patch('/receipts/:code', ...receiptGuard, async (req, res) => {
    throwIfLimited(req, 'receipt');
    const { consent } = parse(consentChange, req.body);
    await narratives.changeConsent(String(req.params.code), consent);
    res.json({ consent });
  });

  router.delete('/receipts/:code', ...receiptGuard, async (req, res) => {
    throwIfLimited(req, 'receipt');
    await narratives.withdraw(String(req.params.code));
    res.json({ status: 'withdrawn', message: 'Je verhaal en alles wat erbij hoort is verwijderd.' });
  });

  return router;
}
