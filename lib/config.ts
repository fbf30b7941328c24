import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** Whole numbers from the environment; '' counts as unset so the default applies. */
const int = (fallback: number, min = 0) =>
  z.preprocess((v) => (v === '' || v === undefined ? undefined : Number(v)),
    z.number({ message: 'moet een getal zijn' }).int('moet een heel getal zijn').min(min).default(fallback));

const bool = (fallback: boolean) =>
  z.preprocess((v) => (v === '' || v === undefined ? undefined : v),
    z.enum(['true', 'false', '1', '0'], { message: 'moet true of false zijn' })
      .transform((v) => v === 'true' || v === '1').default(fallback));

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: int(3000, 0),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  MEDIA_DIR: z.string().min(1).optional(),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'moet beginnen met postgres://').optional(),
  SECRET_KEY: z.string().min(32, 'moet minstens 32 tekens lang zijn (maak er een met: openssl rand -base64 48)').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TRUST_PROXY: z.string().default('false'),
  COOKIE_SECURE: bool(false),
  SUBMIT_LIMIT_PER_15_MIN: int(30),
  RECEIPT_FAILURES_PER_15_MIN: int(10),
  RECEIPT_PREFIX_FAILURES_PER_15_MIN: int(20),
  DB_POOL_SIZE: int(10, 1),
  WORKER_POLL_MS: int(1000, 50),
  WORKER_STALE_MS: int(60_000, 1000),
  RECLUSTER_EVERY: int(50),
  PUBLIC_URL: z.string().url('moet een volledige URL zijn, bv. https://gehoord.example.nl').optional(),
  LOGIN_FAILURES_PER_15_MIN: int(20),
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'moet beginnen met smtp:// of smtps://').optional(),
  MAIL_FROM: z.string().min(3).default('Gehoord <noreply@gehoord.local>'),
  CHROMIUM_PATH: z.string().min(1).optional(),
}).superRefine((env, ctx) => {
  if ((env.DATABASE_URL || env.NODE_ENV === 'production') && !env.SECRET_KEY) {
    ctx.addIssue({ code: 'custom', path: ['SECRET_KEY'],
      message: 'is verplicht met DATABASE_URL of NODE_ENV=production; alle processen moeten dezelfde sleutel gebruiken' });
  }
});

export type Config = ReturnType<typeof loadConfig>;

export class ConfigError extends Error {}

/** Reads and validates the environment once, at start-up, with one clear line per mistake. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  - ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Configuratie klopt niet:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  const dataDir = path.resolve(c.DATA_DIR);
  return {
    env: c.NODE_ENV,
    port: c.PORT,
    host: c.HOST,
    dataDir,
    mediaDir: path.resolve(c.MEDIA_DIR ?? path.join(dataDir, 'media')),
    uploadDir: path.join(dataDir, 'tmp', 'uploads'),
    databaseUrl: c.DATABASE_URL,
    secretKey: c.SECRET_KEY,
    logLevel: c.LOG_LEVEL,
    trustProxy: parseTrustProxy(c.TRUST_PROXY),
    cookieSecure: c.COOKIE_SECURE || c.NODE_ENV === 'production',
    limits: {
      submitPer15Min: c.SUBMIT_LIMIT_PER_15_MIN,
      receiptFailuresPer15Min: c.RECEIPT_FAILURES_PER_15_MIN,
      receiptPrefixFailuresPer15Min: c.RECEIPT_PREFIX_FAILURES_PER_15_MIN,
      loginFailuresPer15Min: c.LOGIN_FAILURES_PER_15_MIN,
    },
    /** where people reach the app; used in invite links */
    publicUrl: c.PUBLIC_URL ?? `http://${c.HOST === '0.0.0.0' ? 'localhost' : c.HOST}:${c.PORT}`,
    dbPoolSize: c.DB_POOL_SIZE,
    worker: { pollMs: c.WORKER_POLL_MS, staleMs: c.WORKER_STALE_MS },
    /** a new theme run after this many new stories; 0: only nightly and on demand */
    themes: { reclusterEvery: c.RECLUSTER_EVERY },
    /** e-mail is off without SMTP_URL: notifications stay in the app, families are asked on their receipt page */
    mail: c.SMTP_URL ? { smtpUrl: c.SMTP_URL, from: c.MAIL_FROM } : undefined,
    /** headless Chromium for the report's PDF; without it the page offers the browser's print to PDF */
    chromiumPath: c.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined),
  };
}

function parseTrustProxy(v: string): boolean | number | string {
  if (v === 'true') return true;
  if (v === 'false' || v === '') return false;
  if (/^\d+$/.test(v)) return Number(v);
  return v;
}
