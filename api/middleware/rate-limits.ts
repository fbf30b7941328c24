import type { Request, Response, NextFunction, RequestHandler } from 'express';
import { rateLimit, ipKeyGenerator } from 'express-rate-limit';
import { errors } from '../../lib/errors.ts';
import { receiptPrefix } from '../../services/receipts/code.ts';

const WINDOW_MS = 15 * 60_000;

declare module 'express-serve-static-core' {
  interface Request { limitedFor?: number }
}

/**
 * The limiters only mark the request (`req.limitedFor` = seconds to wait); each route turns that
 * into its own answer, so a form that is refused can be shown again with the story still in it.
 * Counters live in this process's memory (see README: put one limiter in front with several web processes).
 */
function marking(limit: number, key: (req: Request) => string, onlyFailures: boolean,
  succeeded: (res: Response) => boolean = (res) => res.statusCode !== 404): RequestHandler {
  if (limit === 0) return (_req, _res, next) => next();
  return rateLimit({
    windowMs: WINDOW_MS,
    limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: key,
    // Wrong receipt codes count; a correct one or any other answer does not.
    ...(onlyFailures ? { skipSuccessfulRequests: true, requestWasSuccessful: (_req: Request, res: Response) => succeeded(res) } : {}),
    handler: (req: Request, _res: Response, next: NextFunction) => {
      const reset = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
      req.limitedFor = Math.max(60, Math.ceil(((reset?.getTime() ?? Date.now() + WINDOW_MS) - Date.now()) / 1000));
      next();
    },
  });
}

const ip = (req: Request) => ipKeyGenerator(req.ip ?? 'unknown');
const codeOf = (req: Request): string => String(req.params?.code ?? req.body?.code ?? '');

export function createRateLimits(limits: { submitPer15Min: number; receiptFailuresPer15Min: number; receiptPrefixFailuresPer15Min: number; loginFailuresPer15Min: number }) {
  return {
    submit: marking(limits.submitPer15Min, ip, false),
    receiptByIp: marking(limits.receiptFailuresPer15Min, ip, true),
    receiptByPrefix: marking(limits.receiptPrefixFailuresPer15Min, (req) => `prefix:${receiptPrefix(codeOf(req))}`, true),
    /** wrong staff passwords per IP; each account also locks itself after five (models/staff.ts) */
    loginByIp: marking(limits.loginFailuresPer15Min, ip, true, (res) => res.statusCode < 400),
  };
}
export type RateLimits = ReturnType<typeof createRateLimits>;

export function throwIfLimited(req: Request, kind: 'submit' | 'receipt' | 'login'): void {
  if (req.limitedFor === undefined) return;
  if (kind === 'login') throw errors.tooManyLogins(req.limitedFor);
  throw kind === 'submit' ? errors.tooManySubmissions(req.limitedFor) : errors.receiptLocked(req.limitedFor);
}
