import crypto from 'node:crypto';
import type { Request, Response, NextFunction } from 'express';
import { doubleCsrf } from 'csrf-csrf';
import { errors } from '../../lib/errors.ts';

const VISITOR_COOKIE = 'gh_visitor';

/**
 * Double-submit CSRF tokens for every HTML form. Families have no account, so the token is
 * bound to a random visitor cookie instead of a session.
 */
export function createCsrf(secret: string, secure: boolean) {
  const { generateCsrfToken, doubleCsrfProtection } = doubleCsrf({
    getSecret: () => secret,
    getSessionIdentifier: (req) => req.cookies?.[VISITOR_COOKIE] ?? '',
    cookieName: secure ? '__Host-gh_csrf' : 'gh_csrf',
    cookieOptions: { sameSite: 'lax', secure, path: '/', httpOnly: true },
    getCsrfTokenFromRequest: (req) => req.body?._csrf,
  });

  /** Gives every browser a visitor id before a token is made for it. */
  function visitor(req: Request, res: Response, next: NextFunction) {
    if (!req.cookies?.[VISITOR_COOKIE]) {
      const id = crypto.randomBytes(16).toString('base64url');
      req.cookies = { ...req.cookies, [VISITOR_COOKIE]: id };
      res.cookie(VISITOR_COOKIE, id, { httpOnly: true, sameSite: 'lax', secure, path: '/' });
    }
    next();
  }

  return {
    visitor,
    token: (req: Request, res: Response) => generateCsrfToken(req, res, { overwrite: false, validateOnReuse: false }),
    /** Resolves when the posted token is valid; rejects with the Dutch "form expired" error. */
    verify: (req: Request, res: Response) =>
      new Promise<void>((resolve, reject) => doubleCsrfProtection(req, res, (err?: unknown) => (err ? reject(errors.csrf()) : resolve()))),
  };
}
export type Csrf = ReturnType<typeof createCsrf>;
