/**
 * The reviewer workspace at scale: seeds a database with many realistic stories (set-based SQL,
 * seconds instead of hours), starts the real server (`server.ts`) on it, signs in as a reviewer
 * through the real form and times real HTTP requests: the story list with filters and Dutch
 * full-text search, a second page through the next-link, the story page and the theme overview.
 *
 *   node --import tsx scripts/bench-review.ts [--count 100000] [--requests 40] [--backend pglite|postgres|both] [--url postgres://…] [--keep]
 *
 * PostgreSQL runs on a fresh database on the server in --url (default TEST_DATABASE_URL), dropped
 * afterwards (kept with --keep, to look at query plans); PGlite runs in a temporary data folder. Prints `NAME: value` lines; times are
 * milliseconds per request as the client on the same machine sees them (so they include, not
 * exclude, the server's own work). Targets: p95 under 200 ms on PostgreSQL, under 500 ms on PGlite.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../lib/config.ts';
import { createLogger } from '../lib/logger.ts';
import { createSystem } from '../system.ts';
import { benchStorage, startBenchServer, type BenchTarget } from './lib/bench-server.ts';
import { seedBenchStories } from './lib/bench-seed.ts';
import { Session, measure, reportTiming } from './lib/bench-session.ts';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '100000' }, requests: { type: 'string', default: '40' },
    backend: { type: 'string' }, url: { type: 'string' }, keep: { type: 'boolean', default: false },
  },
});
const COUNT = Number(values.count);
const REQUESTS = Number(values.requests);
const serverUrl = values.url ?? process.env.TEST_DATABASE_URL;
const backends = (values.backend === 'both' || !values.backend ? (serverUrl ? ['postgres', 'pglite'] : ['pglite']) : [values.backend]) as ('pglite' | 'postgres')[];
if (backends.includes('postgres') && !serverUrl) throw new Error('PostgreSQL: geef --url of zet TEST_DATABASE_URL');

const SECRET_KEY = 'bench-secret-bench-secret-bench-secret-0123';
const EMAIL = 'bench-reviewer@example.nl';
const PASSWORD = 'een lange zin als wachtwoord voor de meting';
const PROVIDERS = 60;

async function bench(backend: 'pglite' | 'postgres') {
  const storage = await benchStorage('review', backend, serverUrl, SECRET_KEY);
  const { prefix, env } = storage;
  let server: BenchTarget | undefined;
  try {
    const config = loadConfig({ ...env, LOG_LEVEL: 'warn' });
    const system = await createSystem(config, createLogger('warn'), 'cli');
    const started = performance.now();
    const { themeIds } = await seedBenchStories(system.database.db, COUNT, PROVIDERS);
    console.log(`${prefix}_SEED: ${((performance.now() - started) / 1000).toFixed(1)} s for ${COUNT} stories`);
    await system.accounts.createUser({ email: EMAIL, role: 'reviewer', password: PASSWORD, scope: { providers: [], regions: [], municipalities: [] } });
    await system.database.close();

    server = await startBenchServer(backend, env);
    const s = new Session(server.url);
    await s.signIn(EMAIL, PASSWORD);
    const first = await (await s.get('/review')).text();
    const ids = [...first.matchAll(/href="\/review\/stories\/([0-9a-f-]{36})"/g)].map((m) => m[1]!);
    const next = /href="(\/review\?[^"]*after[^"]+)"/.exec(first)?.[1]?.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');
    if (ids.length === 0 || !next) {
      fs.writeFileSync(path.join(os.tmpdir(), 'bench-review-list.html'), first);
      throw new Error('the list page has no stories or no next-page link (saved in bench-review-list.html in the temp folder)');
    }
    let k = 0;
    const rotate = <T>(list: T[]) => () => list[k++ % list.length]!;
    const theme = themeIds[1]!;
    const timings = [
      await measure(s, 'LIST', () => '/review', REQUESTS),
      await measure(s, 'LIST_THEME_TONE', rotate(themeIds.slice(0, 8).map((t) => `/review?theme=${t}&tone=negative`)), REQUESTS),
      await measure(s, 'SEARCH_WACHTLIJST', () => '/review?q=wachtlijst', REQUESTS),
      await measure(s, 'SEARCH_RELEVANCE', () => `/review?q=${encodeURIComponent('niet geluisterd begeleider')}&sort=relevance`, REQUESTS),
      await measure(s, 'SEARCH_FILTERED', () => `/review?q=wachtlijst&theme=${theme}&role=parent&sort=relevance`, REQUESTS),
      await measure(s, 'LIST_PAGE2', () => next, REQUESTS),
      await measure(s, 'STORY', rotate(ids.map((id) => `/review/stories/${id}`)), REQUESTS),
      await measure(s, 'THEMES', () => '/review/themes', REQUESTS),
    ];
    for (const t of timings) reportTiming(prefix, t);
  } finally {
    await server?.stop();
    await storage.cleanUp(values.keep);
  }
}

for (const backend of backends) await bench(backend);
