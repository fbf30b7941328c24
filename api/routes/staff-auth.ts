import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { AccountService } from '../../services/accounts.ts';
import { AppError } from '../../lib/errors.ts';
import type { Csrf } from '../middleware/csrf.ts';
import { throwIfLimited, type RateLimits } from '../middleware/rate-limits.ts';
import { toAppError } from '../middleware/errors.ts';
import { HOME_OF, clearStaffCookie, setStaffCookie } from '../middleware/staff-auth.ts';

interface Deps { accounts: AccountService; csrf: Csrf; limits: RateLimits; secure: boolean }

const signInForm = z.object({ email: z.string().trim().max(200), password: z.string().max(500) });
const codeForm = z.object({ code: z.string().trim().regex(/^\d{3}\s?\d{3}$/) });
const passwordForm = z.object({ password: z.string().max(500), repeat: z.string().max(500) });

/** A local path to return to after signing in; anything else goes to the role's home. */
function returnPath(v: unknown): string | undefined {
  return typeof v === 'string' && /^\/(review|admin|municipality|provider)(\/|\?|$)/.test(v) ? v : undefined;
}

const RESUME_PREFIX = 'resume.';

/** Sign-in with password and (admin, municipality) an authenticator code; invites; sign-out. */
export function staffAuthRoutes({ accounts, csrf, limits, secure }: Deps): Router {
  const router = Router();
  const ipOf = (req: Request) => req.ip ?? null;

  /** Fields of a form that was posted after the session ended, sent along with the sign-in. */
  const resumeFieldsOf = (body: Record<string, unknown>) => Object.entries(body)
    .filter(([k, v]) => k.startsWith(RESUME_PREFIX) && typeof v === 'string')
    .map(([k, v]) => ({ name: k.slice(RESUME_PREFIX.length), value: v as string }));

  function renderLogin(req: Request, res: Response, opts: { status?: number; error?: AppError; email?: string } = {}) {
    const body = (req.body ?? {}) as Record<string, unknown>;
    res.set('Cache-Control', 'no-store').status(opts.status ?? 200).render('staff/login', {
      title: 'Inloggen', staffPage: true, csrfToken: csrf.token(req, res),
      email: opts.email, error: opts.error?.message,
      back: returnPath(req.query.terug) ?? returnPath(body.terug),
      resumeAction: returnPath(body.resumeAction), resumeFields: resumeFieldsOf(body), expired: !!returnPath(body.resumeAction),
    });
  }

  /** After a complete sign-in: back to the page, or (a form was cut off) a page to send it again. */
  function afterSignIn(req: Request, res: Response, home: string) {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const resumeAction = returnPath(body.resumeAction);
    if (resumeAction) {
      return res.set('Cache-Control', 'no-store').render('staff/resume', {
        title: 'Je wijziging versturen', staffPage: true, csrfToken: csrf.token(req, res),
        action: resumeAction, fields: resumeFieldsOf(body),
      });
    }
    return res.redirect(303, returnPath(body.terug) ?? home);
  }

  router.get('/login', (req, res) => {
    if (req.staff?.secondFactorDone) return res.redirect(303, returnPath(req.query.terug) ?? HOME_OF[req.staff.viewer.role]);
    renderLogin(req, res);
  });

  router.post('/login', limits.loginByIp, async (req, res) => {
    const parsed = signInForm.safeParse(req.body ?? {});
    const email = parsed.success ? parsed.data.email : '';
    try {
      await csrf.verify(req, res);
      throwIfLimited(req, 'login');
      if (!parsed.success || !email || !parsed.data.password) {
        throw new AppError(422, 'invalid_input', 'Vul je e-mailadres en wachtwoord in.');
      }
      const result = await accounts.signIn(email, parsed.data.password, { ip: ipOf(req), userAgent: req.get('user-agent') ?? null });
      setStaffCookie(res, secure, result.token);
      if (result.needsSecondFactor || result.needsSecondFactorSetup) {
        req.staff = { viewer: result.viewer, token: result.token, secondFactorDone: false };
        return renderCode(req, res, result.needsSecondFactorSetup);
      }
      afterSignIn(req, res, HOME_OF[result.viewer.role]);
    } catch (err) {
      const e = toAppError(err);
      if (e.retryAfterSeconds) res.set('Retry-After', String(e.retryAfterSeconds));
      renderLogin(req, res, { status: e.status, error: e, email });
    }
  });

  async function renderCode(req: Request, res: Response, setup: boolean, error?: AppError) {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const totp = setup && req.staff ? await accounts.startTotpSetup(req.staff.viewer) : undefined;
    res.set('Cache-Control', 'no-store').status(error?.status ?? 200).render('staff/second-factor', {
      title: 'Code uit je app', staffPage: true, csrfToken: csrf.token(req, res), setup, totp, error: error?.message,
      terug: returnPath(body.terug), resumeAction: returnPath(body.resumeAction), resumeFields: resumeFieldsOf(body),
    });
  }

  router.post('/login/code', limits.loginByIp, async (req, res) => {
    if (!req.staff) return res.redirect(303, '/login');
    try {
      await csrf.verify(req, res);
      throwIfLimited(req, 'login');
      const parsed = codeForm.safeParse(req.body ?? {});
      if (!parsed.success) throw new AppError(422, 'invalid_input', 'Vul de 6 cijfers uit je app in.');
      await accounts.verifySecondFactor(req.staff.token, parsed.data.code, ipOf(req));
      afterSignIn(req, res, HOME_OF[req.staff.viewer.role]);
    } catch (err) {
      // Keep the same secret on screen while setting up: a new one would not match the app.
      res.set('Cache-Control', 'no-store').status(toAppError(err).status).render('staff/second-factor', {
        title: 'Code uit je app', staffPage: true, csrfToken: csrf.token(req, res), setup: false,
        error: toAppError(err).message,
        terug: returnPath((req.body as Record<string, unknown>)?.terug),
      });
    }
  });

  router.post('/logout', async (req, res) => {
    await csrf.verify(req, res);
    await accounts.signOut(req.staff?.token, req.staff?.viewer, ipOf(req));
    clearStaffCookie(res, secure);
    res.redirect(303, '/login?uit=1');
  });

  router.post('/logout/overal', async (req, res) => {
    await csrf.verify(req, res);
    if (req.staff) await accounts.signOutEverywhere(req.staff.viewer, ipOf(req));
    clearStaffCookie(res, secure);
    res.redirect(303, '/login?uit=1');
  });

  router.get('/uitnodiging/:token', async (req, res) => {
    const user = await accounts.inviteFor(req.params.token);
    res.set('Cache-Control', 'no-store').status(user ? 200 : 404).render('staff/invite', {
      title: 'Wachtwoord kiezen', staffPage: true, csrfToken: csrf.token(req, res), user, token: req.params.token,
    });
  });

  router.post('/uitnodiging/:token', async (req, res) => {
    try {
      await csrf.verify(req, res);
      const parsed = passwordForm.safeParse(req.body ?? {});
      if (!parsed.success || parsed.data.password !== parsed.data.repeat) {
        throw new AppError(422, 'invalid_input', 'De twee wachtwoorden zijn niet hetzelfde.');
      }
      await accounts.acceptInvite(req.params.token, parsed.data.password, ipOf(req));
      res.redirect(303, '/login?welkom=1');
    } catch (err) {
      const e = toAppError(err);
      const user = await accounts.inviteFor(req.params.token);
      res.set('Cache-Control', 'no-store').status(e.status).render('staff/invite', {
        title: 'Wachtwoord kiezen', staffPage: true, csrfToken: csrf.token(req, res), user, token: req.params.token, error: e.message,
      });
    }
  });

  return router;
}
