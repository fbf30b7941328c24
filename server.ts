import http from 'node:http';
import { loadConfig, ConfigError } from './lib/config.ts';
import { createLogger } from './lib/logger.ts';
import { DatabaseLockedError } from './models/db.ts';
import { createSystem, pgliteDir, type Role } from './system.ts';
import { listenAdminSocket } from './api/admin-socket.ts';
import { startWorkerThread } from './workers/worker-thread.ts';

/** `npm start` runs web and worker together; `npm run web` / `npm run worker` run one of them (PostgreSQL only). */
const role: Role = process.argv.includes('--web') ? 'web' : process.argv.includes('--worker') ? 'worker' : 'all';

async function main() {
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  if (role !== 'all' && !config.databaseUrl) {
    throw new ConfigError('`npm run web` en `npm run worker` draaien apart van elkaar en hebben daarom PostgreSQL nodig: zet DATABASE_URL. '
      + 'Voor alles in één proces met de ingebouwde database: npm start.');
  }
  // With web and worker in one process, the worker gets its own thread: analysis and models
  // must never hold up the web's event loop.
  const system = await startWithRetry(() => createSystem(config, log, role === 'all' ? 'web' : role, { workerInThread: role === 'all' }), log);
  const stops: (() => Promise<void>)[] = [];

  if (role === 'all') {
    const thread = await startWorkerThread(system.database, log);
    stops.push(() => thread.stop());
  } else if (system.worker) {
    system.worker.start();
    stops.push(() => system.worker!.stop());
  }
  if (system.database.backend === 'pglite') {
    stops.push(await listenAdminSocket(config.dataDir, { db: system.database.db, narratives: system.narratives, accounts: system.accounts }, log));
  }
  if (system.app) {
    const server = http.createServer(system.app);
    server.requestTimeout = 120_000;
    await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
    stops.unshift(() => new Promise((resolve) => server.close(() => resolve())));
    const where = system.database.backend === 'pglite' ? `ingebouwde database in ${pgliteDir(config)}` : system.database.location;
    log.info({ url: `http://localhost:${config.port}`, data: where, role }, 'Gehoord draait');
    process.stdout.write(`\nGehoord draait op http://localhost:${config.port}\nData: ${where}\n\n`);
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stoppen…');
    for (const stop of stops) await stop().catch((err) => log.error({ err: (err as Error).message }, 'stop failed'));
    await system.database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

/** A database that is still starting (e.g. in a container) gets half a minute before we give up. */
async function startWithRetry<T>(start: () => Promise<T>, log: ReturnType<typeof createLogger>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start();
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const retriable = code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === '57P03';
      if (!retriable || attempt >= 15) throw err;
      log.warn({ attempt, code }, 'database niet bereikbaar; opnieuw over 2 seconden');
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
}

main().catch((err) => {
  const known = err instanceof ConfigError || err instanceof DatabaseLockedError;
  process.stderr.write(`\n${known ? '' : 'Gehoord kon niet starten: '}${(err as Error).message}\n`);
  if (!known && process.env.LOG_LEVEL === 'debug') process.stderr.write(`${(err as Error).stack}\n`);
  process.exit(1);
});
