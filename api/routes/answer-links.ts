import { Router, type Request, type Response } from 'express';
import type { DB } from '../../models/db.ts';
import type { FamilyAnswer } from '../../models/schema.ts';
import { answerLinkByHash, forgetContact, type AnswerLink } from '../../models/mail.ts';
import { ANSWERABLE_STATES, saveFamilyAnswer } from '../../models/story-progress.ts';
import { answerTokenHash, looksLikeAnswerToken } from '../../services/answer-links.ts';
import type { Csrf } from '../middleware/csrf.ts';
import { toAppError } from '../middleware/errors.ts';
import { answerOptions } from '../presenters/story-progress.ts';
import { familyAnswerInput } from '../schemas/family-answer.ts';

interface Deps { db: DB; csrf: Csrf }

const linkAnswer = familyAnswerInput.omit({ followUpId: true });

/**
 * "Is it better for you now?" behind the link in a family's e-mail. The link answers one
 * question about one request; it never opens the story (that needs the bon-code). Its token
 * stays out of logs (lib/logger.ts) and out of referrers (helmet's no-referrer).
 */
export function answerLinkRoutes({ db, csrf }: Deps): Router {
  const router = Router();

  async function linkOf(req: Request): Promise<AnswerLink | undefined> {
    const token = String(req.params.token ?? '');
    return looksLikeAnswerToken(token) ? answerLinkByHash(db, answerTokenHash(token)) : undefined;
  }

  function render(req: Request, res: Response, link: AnswerLink | undefined,
    extra: { status?: number; notice?: string; error?: string; words?: string; answer?: FamilyAnswer; unsubscribed?: boolean } = {}) {
    res.set('Cache-Control', 'no-store');
    if (!link && !extra.unsubscribed) {
      res.status(404).render('family/answer-link', { title: 'Deze link werkt niet meer', gone: true });
      return;
    }
    res.status(extra.status ?? 200).render('family/answer-link', {
      title: 'Is het nu beter voor jou?',
      child: link?.childMode,
      link,
      open: link ? ANSWERABLE_STATES.includes(link.state) : false,
      action: req.baseUrl + req.path.replace(/\/geen-mail$/, ''),
      followUpId: link?.followUpId,
      options: answerOptions(extra.answer ?? link?.answer?.answer),
      words: extra.words ?? link?.answer?.words ?? '',
      answeredAt: link?.answer?.at,
      csrfToken: csrf.token(req, res),
      ...extra,
    });
  }

  router.get('/antwoord/:token', async (req, res) => render(req, res, await linkOf(req)));

  router.post('/antwoord/:token', async (req, res) => {
    const link = await linkOf(req);
    const body = (req.body ?? {}) as Record<string, string>;
    if (!link) return render(req, res, undefined);
    try {
      await csrf.verify(req, res);
    } catch (err) {
      return render(req, res, link, { status: 403, error: toAppError(err).message, words: body.words, answer: linkAnswer.safeParse(body).data?.answer });
    }
    const parsed = linkAnswer.safeParse(body);
    if (!parsed.success) return render(req, res, link, { status: 422, error: parsed.error.issues[0]?.message, words: body.words });
    const saved = await saveFamilyAnswer(db, link.narrativeId, link.followUpId, parsed.data.answer, parsed.data.words);
    if (!saved) return render(req, res, link, { status: 409, error: 'Je kunt nu even niet antwoorden: de zorgaanbieder is er weer mee bezig.', words: body.words });
    render(req, res, await linkOf(req), { notice: 'Dank je wel. We hebben je antwoord opgeslagen.' });
  });

  router.post('/antwoord/:token/geen-mail', async (req, res) => {
    const link = await linkOf(req);
    if (!link) return render(req, res, undefined);
    try {
      await csrf.verify(req, res);
    } catch (err) {
      return render(req, res, link, { status: 403, error: toAppError(err).message });
    }
    await forgetContact(db, link.narrativeId);
    render(req, res, undefined, { unsubscribed: true });
  });

  return router;
}
