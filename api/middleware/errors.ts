import type { Request, Response, NextFunction } from 'express';
import { AppError, errors } from '../../lib/errors.ts';
import { safePath, type Logger } from '../../lib/logger.ts';

// Network errors and PostgreSQL's "cannot connect / shutting down / not accepting connections" codes.
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '08006', '08001', '08003', '08004', '55000']);

/** Turns anything thrown into the one AppError shape; unknown errors become a calm 500. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const e = err as { type?: string; code?: string; message?: string; status?: number };
  if (e?.type === 'entity.parse.failed') return errors.malformed();
  if (e?.type === 'entity.too.large') return errors.tooLarge();
  if (e?.code === 'ENOSPC') {
    return new AppError(507, 'storage_full',
      'We kunnen je bestand nu niet bewaren: onze opslag is vol. Je verhaal is niet verstuurd. Probeer het later opnieuw; wij zijn gewaarschuwd.');
  }
  if ((e?.code && CONNECTION_CODES.has(e.code)) || /Connection terminated|connect ECONNREFUSED|PGlite is closed/i.test(e?.message ?? '')) {
    return errors.unavailable();
  }
  return new AppError(500, 'internal_error',
    'Er ging bij ons iets mis. Je verhaal is niet verloren als je een bon-code kreeg; anders: probeer het over een paar minuten opnieuw.');
}

export function wantsJson(req: Request): boolean {
  return req.path.startsWith('/api/') || req.path === '/healthz' || !!req.get('accept')?.startsWith('application/json');
}

export function sendError(req: Request, res: Response, err: AppError): void {
  if (err.retryAfterSeconds) res.set('Retry-After', String(err.retryAfterSeconds));
  res.status(err.status);
  if (wantsJson(req)) {
    res.json({ error: { code: err.code, message: err.message, ...(err.fields ? { fields: err.fields } : {}) } });
  } else {
    res.render('error', { title: 'Er ging iets mis', message: err.message, status: err.status });
  }
}

export function errorHandler(log: Logger) {
  return (err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    const appError = toAppError(err);
    if (appError.status >= 500) {
      log.error({ path: safePath(req.originalUrl), code: (err as { code?: string })?.code, err: (err as Error)?.message?.slice(0, 300) },
        'request failed');
    }
    sendError(req, res, appError);
  };
}
