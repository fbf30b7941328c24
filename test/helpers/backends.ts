import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase, type DatabaseHandle } from '../../models/db.ts';
import { loadConfig, type Config } from '../../lib/config.ts';
import { createLogger } from '../../lib/logger.ts';
import { createSystem, type System } from '../../system.ts';

export type BackendName = 'pglite' | 'postgres';
const serverUrl = process.env.TEST_DATABASE_URL;
let warned = false;

/** PGlite always; the PostgreSQL server when TEST_DATABASE_URL is set (each suite gets its own fresh database). */
export function backendNames(): BackendName[] {
  if (!serverUrl && !warned) {
    warned = true;
    console.log('  (PostgreSQL-tests overgeslagen: TEST_DATABASE_URL is niet gezet, bv. postgres://postgres@127.0.0.1:5432/test)');
  }
  return serverUrl ? ['pglite', 'postgres'] : ['pglite'];
}

/** A fresh database; `url` is set for PostgreSQL so other processes can join it. */
export async function openTestDatabase(backend: BackendName): Promise<DatabaseHandle & { url?: string }> {
  if (backend === 'pglite') return openDatabase({ pgliteDir: 'memory://' });
  const name = `gehoord_test_${crypto.randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl!);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ databaseUrl: url.toString(), poolSize: 10 });
  return {
    ...handle,
    url: url.toString(),
    close: async () => {
      await handle.close();
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export function tempDir(prefix = 'gehoord-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: tempDir(),
    SECRET_KEY: 'test-secret-test-secret-test-secret-0123456789',
    LOG_LEVEL: 'silent',
    ...overrides,
  });
}

/** A whole system (web + worker, not started) on a fresh database of the given backend. */
export async function testSystem(backend: BackendName, overrides: Record<string, string> = {}): Promise<System> {
  const config = testConfig(overrides);
  return createSystem(config, createLogger('silent'), 'all', { database: await openTestDatabase(backend) });
}
