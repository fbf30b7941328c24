import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Logs never carry personal data: no bodies, no cookies, no receipt codes.
 * Receipt codes can appear in API paths, so paths are reduced to their route shape.
 */
export function createLogger(level: string): Logger {
  return pino({
    level,
    redact: { paths: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'], remove: true },
  });
}

export function safePath(url: string): string {
  const pathOnly = url.split('?')[0] ?? url;
  // Receipt codes, invite and answer-link tokens are keys: never in a log.
  return pathOnly.replace(/^(\/api\/receipts\/)[^/]+/, '$1:code').replace(/^(\/(?:uitnodiging|antwoord)\/)[^/]+/, '$1:token');
}
