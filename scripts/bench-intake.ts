/**
 * Story intake under load: autocannon posts stories at 50 connections for 20 s (configurable)
 * against the real server on PGlite and on PostgreSQL, then counts the rows. PGlite runs as
 * `npm start` (web + worker thread); PostgreSQL runs as production does, the web process alone
 * (`npm run web`), with workers elsewhere.
 *   npm run bench:intake [-- --seconds 20 --connections 50 --only pglite|postgres]
 * PostgreSQL is measured when DATABASE_URL or TEST_DATABASE_URL points at a server.
 */
import autocannon from 'autocannon';
import { startBenchServer, freshPostgres } from './lib/bench-server.ts';
import path from 'node:path';
import { openDatabase } from '../models/db.ts';
import { countNarratives } from '../models/narratives.ts';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : fallback;
};
const seconds = Number(arg('seconds', '20'));
const connections = Number(arg('connections', '50'));
const only = arg('only', '');
const serverUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;

const texts = [
  'We stonden maanden op de wachtlijst en niemand belde terug.',
  'Mijn begeleider luistert echt naar mij, dat helpt.',
  'Ik moest mijn verhaal steeds opnieuw vertellen aan nieuwe mensen.',
  'Toen ik 18 werd stopte alle hulp ineens.',
];

async function run(name: 'pglite' | 'postgres') {
  const pgdb = name === 'postgres' ? await freshPostgres(serverUrl!, 'gehoord_bench_intake') : undefined;
  const target = await startBenchServer(name, pgdb ? { DATABASE_URL: pgdb.url } : {}, name === 'postgres' ? ['--web'] : []);
  let n = 0;
  const result = await autocannon({
    url: `${target.url}/api/narratives`,
    connections,
    duration: seconds,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    requests: [{
      setupRequest: (req) => ({
        ...req,
        body: JSON.stringify({
          role: 'parent', ageBand: '12-15', municipality: 'GM0344', consent: 'provider', feeling: 1 + (n % 5),
          text: `${texts[n % texts.length]} (bench ${n++})`,
        }),
      }),
    }],
  });
  await target.stop();
  const database = await openDatabase(pgdb ? { databaseUrl: pgdb.url, migrate: false } : { pgliteDir: path.join(target.dataDir, 'pglite'), migrate: false });
  const rows = await countNarratives(database.db);
  await database.close();
  await pgdb?.drop();
  target.remove();
  const accepted = result['2xx'];
  console.log(`\n== intake on ${name}: ${connections} connections, ${seconds} s ==`);
  console.log(`STORIES_PER_S: ${(accepted / seconds).toFixed(1)}`);
  console.log(`LATENCY_P50_MS: ${result.latency.p50}`);
  console.log(`LATENCY_P95_MS: ${(result.latency as unknown as Record<string, number>).p95 ?? result.latency.p97_5}`);
  console.log(`LATENCY_P99_MS: ${result.latency.p99}`);
  console.log(`ERRORS: ${result.errors + result.timeouts + result.non2xx}`);
  console.log(`ACCEPTED: ${accepted}`);
  console.log(`ROWS_COUNTED: ${rows}`);
  // autocannon stops at the deadline without waiting for requests in flight; the server still
  // commits those, so the rows can exceed the answers seen by at most one request per connection.
  console.log(`IN_FLIGHT_AT_STOP: ${rows - accepted}`);
  console.log(`EVERY_ACCEPTED_STORY_STORED: ${rows >= accepted && rows - accepted <= connections}`);
}

if (!only || only === 'pglite') await run('pglite');
if (!only || only === 'postgres') {
  if (serverUrl) await run('postgres');
  else console.log('\n== intake on postgres: skipped (set TEST_DATABASE_URL or DATABASE_URL) ==');
}
