/**
 * The municipality dashboard at scale: seeds 100,000 stories about 300 providers (the shared bench
 * seeding), marks most urgent stories as opened by staff some hours to days later, starts the real
 * server (`server.ts`), signs in as municipality officers through the real form (password and
 * authenticator code) and times GET /municipality:
 *
 * - REGION: an officer of the youth-care region with the most stories;
 * - REGION_MUNICIPALITY: the same officer narrowed to one municipality (?municipality=);
 * - ALL: an officer of all 42 regions, the widest scope a municipality account can have;
 * - REPORT_REGION, REPORT_ALL: the printable region report (last 12 months) for both officers;
 * - REPORT_PDF_REGION: the same report as a PDF made on the server (headless Chromium).
 *
 *   node --import tsx scripts/bench-dashboard.ts [--count 100000] [--providers 300] [--requests 40] [--backend pglite|postgres|both] [--url postgres://…] [--keep]
 *
 * Prints `NAME: value` lines; times are milliseconds per request as a client on the same machine
 * sees them (they include the server's own work). Target: p95 ≤ 300 ms on PostgreSQL.
 * 2,000 follow-up requests are seeded over the providers and municipalities that have stories, in
 * every state, a fifth of them past their due date, each with up to five stories as evidence.
 */
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { loadConfig } from '../lib/config.ts';
import { createLogger } from '../lib/logger.ts';
import { createSystem } from '../system.ts';
import { benchStorage, startBenchServer, type BenchTarget } from './lib/bench-server.ts';
import { seedBenchStories } from './lib/bench-seed.ts';
import { Session, measure, reportTiming } from './lib/bench-session.ts';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '100000' }, providers: { type: 'string', default: '300' }, requests: { type: 'string', default: '40' },
    'follow-ups': { type: 'string', default: '2000' },
    backend: { type: 'string' }, url: { type: 'string' }, keep: { type: 'boolean', default: false },
  },
});
const COUNT = Number(values.count);
const PROVIDERS = Number(values.providers);
const REQUESTS = Number(values.requests);
const serverUrl = values.url ?? process.env.TEST_DATABASE_URL;
const backends = (values.backend === 'both' || !values.backend ? (serverUrl ? ['postgres', 'pglite'] : ['pglite']) : [values.backend]) as ('pglite' | 'postgres')[];
if (backends.includes('postgres') && !serverUrl) throw new Error('PostgreSQL: geef --url of zet TEST_DATABASE_URL');

const SECRET_KEY = 'bench-secret-bench-secret-bench-secret-0123';
const PASSWORD = 'een lange zin als wachtwoord voor de meting';

/** Requests from (provider, municipality) pairs that have stories, owned by one officer; states and due dates spread out. */
async function seedFollowUps(db: Parameters<typeof seedBenchStories>[0], count: number, ownerEmail: string) {
  await sql`insert into follow_ups (owner_id, municipality_code, provider_id, title, ask, state, due_date, created_at, source_kind)
    select u.id, pairs.municipality_code, pairs.provider_id, 'Verzoek ' || g, 'Wat gaat u doen aan wat families vertellen?',
      (array['sent','acknowledged','plan_proposed','in_progress','done','confirmed','reopened'])[1 + g % 7],
      current_date + (g % 100) - 20, now() - make_interval(days => g % 200), 'stories'
    from generate_series(1, ${count}) g
    join (select row_number() over () as i, municipality_code, provider_id
          from (select distinct municipality_code, provider_id from narratives where provider_id is not null) d) pairs
      on pairs.i = 1 + g % (select count(*) from (select distinct municipality_code, provider_id from narratives where provider_id is not null) c)
    cross join (select id from staff_users where email = ${ownerEmail}) u`.execute(db);
  await sql`insert into follow_up_stories (follow_up_id, narrative_id)
    select f.id, s.id from follow_ups f cross join lateral (
      select n.id from narratives n where n.provider_id = f.provider_id and n.municipality_code = f.municipality_code limit 5) s`.execute(db);
  await sql`analyze follow_ups`.execute(db);
}

async function bench(backend: 'pglite' | 'postgres') {
  const storage = await benchStorage('dashboard', backend, serverUrl, SECRET_KEY);
  const { prefix, env } = storage;
  let server: BenchTarget | undefined;
  try {
    const config = loadConfig({ ...env, LOG_LEVEL: 'warn' });
    const system = await createSystem(config, createLogger('warn'), 'cli');
    const db = system.database.db;
    const started = performance.now();
    await seedBenchStories(db, COUNT, PROVIDERS);
    // Staff opened about 70% of the urgent stories, between an hour and three days after they came in.
    await sql`insert into audit_events (at, actor_email, actor_role, action, target_kind, target_id)
      select n.created_at + make_interval(secs => 3600 + random() * 3 * 86400), 'bench-reviewer@example.nl', 'reviewer', 'story_viewed', 'narrative', n.id::text
      from narratives n left join narrative_signals s on s.narrative_id = n.id
      where (n.urgent or s.safety_flag) and random() < 0.7`.execute(db);
    await sql`analyze audit_events`.execute(db);
    console.log(`${prefix}_SEED: ${((performance.now() - started) / 1000).toFixed(1)} s for ${COUNT} stories, ${PROVIDERS} providers`);
    const biggest = await db.selectFrom('narratives as n').innerJoin('municipalities as m', 'm.code', 'n.municipality_code')
      .select(['m.region_code', sql<number>`count(*)::int`.as('count')]).groupBy('m.region_code').orderBy('count', 'desc').limit(1).executeTakeFirstOrThrow();
    const municipality = await db.selectFrom('municipalities').select('code').where('region_code', '=', biggest.region_code).orderBy('code').limit(1).executeTakeFirstOrThrow();
    const allRegions = (await db.selectFrom('regions').select('code').execute()).map((r) => r.code);
    const region = { email: 'bench-region@example.nl', regions: [biggest.region_code] };
    const all = { email: 'bench-all@example.nl', regions: allRegions };
    for (const o of [region, all]) {
      await system.accounts.createUser({ email: o.email, role: 'municipality', password: PASSWORD, scope: { providers: [], regions: o.regions, municipalities: [] } });
    }
    await seedFollowUps(db, Number(values['follow-ups']), region.email);
    console.log(`${prefix}_FOLLOW_UPS: ${Number(values['follow-ups'])}`);
    console.log(`${prefix}_REGION_STORIES: ${biggest.count} (${biggest.region_code}, all time)`);
    await system.database.close();

    server = await startBenchServer(backend, env);
    const regionSession = new Session(server.url);
    await regionSession.signIn(region.email, PASSWORD);
    const allSession = new Session(server.url);
    await allSession.signIn(all.email, PASSWORD);
    const timings = [
      await measure(regionSession, 'DASHBOARD_REGION', () => '/municipality', REQUESTS),
      await measure(regionSession, 'DASHBOARD_REGION_MUNICIPALITY', () => `/municipality?municipality=${municipality.code}`, REQUESTS),
      await measure(allSession, 'DASHBOARD_ALL', () => '/municipality', REQUESTS),
      await measure(regionSession, 'REPORT_REGION', () => '/municipality/report', REQUESTS),
      await measure(allSession, 'REPORT_ALL', () => '/municipality/report', REQUESTS),
      // The PDF starts a headless Chromium per request (503 without one): a few are enough.
      await measure(regionSession, 'REPORT_PDF_REGION', () => '/municipality/report.pdf', 5),
    ];
    for (const t of timings) reportTiming(prefix, t, { firstVisit: true });
  } finally {
    await server?.stop();
    await storage.cleanUp(values.keep);
  }
}

for (const backend of backends) await bench(backend);
