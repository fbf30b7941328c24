import { expect } from 'chai';
import path from 'node:path';
import request from 'supertest';
import { spawn } from 'node:child_process';
import { backendNames, openTestDatabase, testConfig } from '../helpers/backends.ts';
import { story } from '../helpers/fixtures.ts';
import { root } from '../helpers/process.ts';
import { createSystem, type System } from '../../system.ts';
import { createLogger } from '../../lib/logger.ts';
import { liveWorkers } from '../../models/jobs.ts';

const fixture = (name: string) => path.join(root, 'test/fixtures/media', name);

describe('Standalone workers on PostgreSQL (`npm run worker`)', function () {
  this.timeout(180_000);
  let system: System;
  let url: string;

  before(async function () {
    if (!backendNames().includes('postgres')) {
      console.log('  (overgeslagen: aparte workers draaien alleen met PostgreSQL; zet TEST_DATABASE_URL)');
      this.skip();
    }
    const database = await openTestDatabase('postgres');
    url = database.url!;
    system = await createSystem(testConfig(), createLogger('silent'), 'web', { database });
  });
  after(async () => system?.database.close());

  function startWorker() {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server.ts', '--worker'], {
      cwd: root, stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, DATABASE_URL: url, DATA_DIR: system.config.dataDir, SECRET_KEY: 'test-secret-test-secret-test-secret-0123456789',
        LOG_LEVEL: 'warn', WORKER_POLL_MS: '100', WORKER_STALE_MS: '2000' },
    });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    return { child, output: () => out, exited: new Promise<void>((r) => child.on('exit', () => r())) };
  }

  async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 90_000): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      const v = await probe();
      if (v !== undefined) return v;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('a worker killed mid-job: the job is taken over and completes once', async () => {
    const res = await request(system.app!).post('/api/narratives')
      .field(Object.fromEntries(Object.entries(story()).map(([k, v]) => [k, String(v)])))
      .attach('images', fixture('letter-serif.png')).expect(201);
    const db = system.database.db;
    const ocrJob = () => db.selectFrom('jobs').select(['id', 'status', 'attempts', 'locked_by']).where('kind', '=', 'media.ocr').executeTakeFirstOrThrow();

    const first = startWorker();
    await until('the first worker to claim the OCR job', async () => ((await ocrJob()).status === 'running' ? true : undefined));
    first.child.kill('SIGKILL');
    await first.exited;
    const orphaned = await ocrJob();
    expect(orphaned.status).to.equal('running');

    const second = startWorker();
    try {
      const done = await until('the second worker to finish it', async () => {
        const j = await ocrJob();
        return j.status === 'done' ? j : undefined;
      });
      expect(done.attempts).to.equal(2);
      const part = await db.selectFrom('narrative_parts').select(['status', 'ocr_text']).where('narrative_id', '=', res.body.id).executeTakeFirstOrThrow();
      expect(part.status).to.equal('done');
      expect(part.ocr_text).to.include('wachten');
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
    // The killed worker no longer counts as live for /healthz.
    const live = await liveWorkers(db, 2000);
    expect(live.map((w) => w.workerId)).to.not.include(orphaned.locked_by);
  });
});
