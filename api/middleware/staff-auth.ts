import type { Request, Response, NextFunction, RequestHandler } from 'express';
import type { AccountService } from '../../services/accounts.ts';
import type { StaffRole } from '../../models/schema.ts';
import type { Viewer } from '../../models/staff.ts';
import { recordAudit } from '../../models/audit.ts';
import type { DB } from '../../models/db.ts';
import { errors } from '../../lib/errors.ts';
import { wantsJson } from './errors.ts';
import type { Csrf } from './csrf.ts';

declare module 'express-serve-static-core' {
  interface Request { staff?: { viewer: Viewer; token: string; secondFactorDone: boolean } }
}

export const staffCookieName = (secure: boolean) => (secure ? '__Host-gh_staff' : 'gh_staff');

/** Where each role starts after signing in. */
export const HOME_OF: Record<StaffRole, string> = {
  admin: '/admin', reviewer: '/review', municipality: '/municipality', provider: '/provider',
};

/** Reads the staff session cookie (if any) on every staff page; never refuses by itself. */
export function loadStaffSession(accounts: AccountService, secure: boolean): RequestHandler {
  const cookie = staffCookieName(secure);
  return async (req, res, next) => {
    const token = req.cookies?.[cookie] as string | undefined;
    const session = await accounts.session(token);
    if (session && token) {
      req.staff = { viewer: session.viewer, token, secondFactorDone: session.secondFactorDone };
      res.locals.staff = { email: session.viewer.email, role: session.viewer.role, home: HOME_OF[session.viewer.role] };
    }
    next();
  };
}

export function setStaffCookie(res: Response, secure: boolean, token: string): void {
  res.cookie(staffCookieName(secure), token, { httpOnly: true, sameSite: 'lax', secure, path: '/' });
}

export function clearStaffCookie(res: Response, secure: boolean): void {
  res.clearCookie(staffCookieName(secure), { httpOnly: true, sameSite: 'lax', secure, path: '/' });
}

/**
 * Lets only signed-in staff of these roles through. A page asked for without a session goes to
 * the sign-in page and comes back; a form posted after the session ended is handed to the
 * sign-in page so the typed work can be sent again (see staff-auth routes).
 */
export function requireStaff(deps: { db: DB; csrf: Csrf }, ...roles: StaffRole[]): RequestHandler {
  const { db, csrf } = deps;
  return async (req: Request, res: Response, next: NextFunction) => {
    const staff = req.staff;
    if (!staff || !staff.secondFactorDone) {
      if (wantsJson(req) || req.path.endsWith('.json')) throw errors.signInRequired();
      res.set('Cache-Control', 'no-store');
      if (req.method === 'GET') return res.redirect(303, `/login?terug=${encodeURIComponent(req.originalUrl)}`);
      return res.status(401).render('staff/login', {
        title: 'Opnieuw inloggen', staffPage: true,
        expired: true, resumeAction: req.originalUrl, resumeFields: resumable(req.body),
        csrfToken: csrf.token(req, res),
      });
    }
    if (!roles.includes(staff.viewer.role)) {
      await recordAudit(db, { actor: staff.viewer, action: 'story_denied', targetKind: 'page', targetId: req.originalUrl.slice(0, 200), ip: req.ip ?? null });
      throw errors.notFound();
    }
    res.set('Cache-Control', 'no-store');
    next();
  };
}

/** The posted text fields to carry through a new sign-in (never the CSRF token or passwords). */
function resumable(body: unknown): { name: string; value: string }[] {
  if (!body || typeof body !== 'object') return [];
  return Object.entries(body as Record<string, unknown>)
    .filter(([k, v]) => typeof v === 'string' && !['_csrf', 'password', 'email', 'code'].includes(k))
    .map(([name, value]) => ({ name, value: value as string }));
}
