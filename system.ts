import path from 'node:path';
import type { Config } from './lib/config.ts';
import type { Logger } from './lib/logger.ts';
import { openDatabase, type DatabaseHandle } from './models/db.ts';
import { syncReferenceData } from './models/reference.ts';
import { liveWorkers, queueStats } from './models/jobs.ts';
import { deriveSecrets, loadOrCreateLocalSecret, type Secrets } from './services/secrets.ts';
import { createNarrativeService, type NarrativeService } from './services/narratives.ts';
import { createApp } from './api/app.ts';
import { createAccountService, type AccountService } from './services/accounts.ts';
import { createStaffStories } from './services/staff-stories.ts';
import { createWorker, type Worker } from './workers/runner.ts';
import { maintenanceJob, scheduleMaintenance } from './workers/jobs/maintenance.ts';
import { transcribeAudioJob } from './workers/jobs/transcribe-audio.ts';
import { ocrImageJob } from './workers/jobs/ocr-image.ts';
import { themeJobs } from './workers/jobs/theme-jobs.ts';
import { redactNarrativeJob } from './workers/jobs/redact-narrative.ts';
import { mailNotificationJob } from './workers/jobs/mail-notification.ts';
import { askFamilyJob } from './workers/jobs/ask-family.ts';
import { createMailer } from './services/mailer.ts';
import { modelTranscriberSource, type TranscriberSource } from './workers/transcriber-source.ts';
import { findLocalModel, modelSettingsFromEnv } from './workers/pipelines/embeddings/local-models.ts';
import { LocalMediaStore, type MediaStore } from './services/media/store.ts';
import type { HealthReport } from './api/routes/health.ts';

/** all: web + worker in one process; cli: database and services only, for admin tasks. */
export type Role = 'all' | 'web' | 'worker' | 'cli';

export interface System {
  config: Config;
  database: DatabaseHandle;
  secrets: Secrets;
  narratives: NarrativeService;
  accounts: AccountService;
  store: MediaStore;
  app?: ReturnType<typeof createApp>;
  worker?: Worker;
  log: Logger;
}

export function resolveSecrets(config: Config, log: Logger): Secrets {
  if (config.secretKey) return deriveSecrets(config.secretKey);
  const local = loadOrCreateLocalSecret(config.dataDir);
  if (local.created) log.info({ file: local.file }, 'nieuwe geheime sleutel aangemaakt; bewaar hem bij de data (zonder sleutel zijn bon-codes en contactgegevens onbruikbaar)');
  return deriveSecrets(local.secret);
}

export function pgliteDir(config: Config): string {
  return path.join(config.dataDir, 'pglite');
}

/** The one place that composes the system: config → database → services → web and/or worker. */
export interface SystemOptions {
  database?: DatabaseHandle;
  /** Tests inject a speech recogniser test double here; by default Whisper from MODELS_DIR. */
  transcribers?: TranscriberSource;
  /** The web's worker runs in a thread of this process (`npm start`), not in another process. */
  workerInThread?: boolean;
}

export async function createSystem(config: Config, log: Logger, role: Role, opts: SystemOptions = {}): Promise<System> {
  const database = opts.database ?? await openDatabase({ databaseUrl: config.databaseUrl, pgliteDir: pgliteDir(config), poolSize: config.dbPoolSize });
  const db = database.db;
  await syncReferenceData(db);
  const secrets = resolveSecrets(config, log);
  const store = new LocalMediaStore(config.mediaDir);
  const narratives = createNarrativeService({ db, secrets, store });
  const accounts = createAccountService({ db, totpKey: secrets.totpKey, publicUrl: config.publicUrl });
  const models = modelSettingsFromEnv({ ...process.env, DATA_DIR: config.dataDir });
  const transcribers = opts.transcribers ?? modelTranscriberSource(models);

  const mailer = createMailer(config.mail);
  const mail = { db, mailer, publicUrl: config.publicUrl };
  const handlers = [
    maintenanceJob({ db, transcribers, uploadDir: config.uploadDir }),
    transcribeAudioJob({ db, store, transcribers }),
    ocrImageJob({ db, store, cacheDir: path.join(config.dataDir, 'tmp', 'ocr') }),
    ...themeJobs({ db, reclusterEvery: config.themes.reclusterEvery, models }),
    redactNarrativeJob({ db }),
    mailNotificationJob(mail),
    askFamilyJob({ ...mail, contactKey: secrets.contactKey }),
  ];
  const worker = role === 'web' || role === 'cli' ? undefined
    : createWorker({ db, log: log.child({ component: 'worker' }), handlers, pollMs: config.worker.pollMs, staleMs: config.worker.staleMs });
  if (worker) await scheduleMaintenance(db);

  const modelState = async () => {
    const [embedding, speech] = await Promise.all([
      findLocalModel(models.modelsDir, models.embeddingModel, 'feature-extraction'),
      findLocalModel(models.modelsDir, models.speechModel, 'automatic-speech-recognition'),
    ]);
    const describe = (name: string, m: typeof embedding, without: string) =>
      (m.ok ? { name, active: true } : { name, active: false, reason: m.reason, meanwhile: without });
    return {
      embedding: describe(models.embeddingModel, embedding, 'thema\'s met de Nederlandse tekstpijplijn (LSA)'),
      speech: describe(models.speechModel, speech, 'spraakberichten wachten op een handmatige transcriptie'),
    };
  };

  const health = async (): Promise<HealthReport> => {
    const ok = await database.ping();
    const [workers, stats] = ok ? await Promise.all([liveWorkers(db, 30_000), queueStats(db)]) : [[], []];
    const queue: Record<string, Record<string, number>> = {};
    for (const s of stats) (queue[s.kind] ??= {})[s.status] = s.count;
    return {
      status: ok && workers.length > 0 ? 'ok' : 'degraded',
      database: { backend: database.backend, ok },
      worker: {
        mode: worker || opts.workerInThread ? 'embedded' : 'separate',
        running: worker?.running ?? workers.length > 0,
        liveWorkers: workers.length,
        queue,
      },
      models: await modelState(),
    };
  };

  const app = role === 'worker' || role === 'cli' ? undefined
    : createApp({ config, db, log, secrets, narratives, store, health, accounts, staffStories: createStaffStories(db), mailer });
  return { config, database, secrets, narratives, accounts, store, app, worker, log };
}
