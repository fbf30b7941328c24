import crypto from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

const root = new URL('../../', import.meta.url).pathname;

export interface BenchTarget {
  name: 'pglite' | 'postgres';
  url: string;
  /** The server's data folder; the embedded database is in `pglite/` inside it. */
  dataDir: string;
  stop(): Promise<void>;
  /** Removes the data folder (after stop). */
  remove(): void;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** A fresh PostgreSQL database for one benchmark run, dropped afterwards. */
export async function freshPostgres(serverUrl: string, name: string): Promise<{ url: string; drop(): Promise<void> }> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/** Starts the real server (`server.ts`) in its own process, as in production, and waits for /healthz. */
export async function startBenchServer(name: 'pglite' | 'postgres', env: Record<string, string>, args: string[] = []): Promise<BenchTarget> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `gehoord-bench-${name}-`));
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server.ts', ...args], {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', NODE_ENV: 'production',
      SECRET_KEY: 'bench-secret-bench-secret-bench-secret-0123', SUBMIT_LIMIT_PER_15_MIN: '0', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch { /* starting */ }
    if (i > 600 || child.exitCode !== null) throw new Error(`${name} server did not start`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    name, url, dataDir,
    async stop() {
      const exited = new Promise((r) => child.on('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
    remove: () => fs.rmSync(dataDir, { recursive: true, force: true }),
  };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export interface BenchStorage {
  /** `PGLITE` or `POSTGRES`: the prefix of every figure the run prints */
  prefix: string;
  /** the environment of the run's system and server: its data folder, key and database */
  env: Record<string, string>;
  /** Removes the data folder and drops the database, or keeps the database (printing where) with `keep`. */
  cleanUp(keep: boolean): Promise<void>;
}

/** A data folder and, on PostgreSQL, a fresh database for one run of benchmark `bench`. */
export async function benchStorage(bench: string, backend: 'pglite' | 'postgres', serverUrl: string | undefined, secretKey: string): Promise<BenchStorage> {
  const prefix = backend.toUpperCase();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `gehoord-bench-${bench}-${backend}-`));
  const scratch = backend === 'postgres' ? await freshPostgres(serverUrl!, `gehoord_bench_${bench}_${crypto.randomBytes(4).toString('hex')}`) : undefined;
  return {
    prefix,
    env: { DATA_DIR: dataDir, SECRET_KEY: secretKey, ...(scratch ? { DATABASE_URL: scratch.url } : {}) },
    async cleanUp(keep) {
      fs.rmSync(dataDir, { recursive: true, force: true });
      if (keep && scratch) console.log(`${prefix}_KEPT: ${scratch.url}`);
      else await scratch?.drop();
    },
  };
}
