import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { Logger } from '../lib/logger.ts';
import { adminCommands, type AdminContext } from '../services/admin-commands.ts';

export const ADMIN_SOCKET = 'admin.sock';

/**
 * PGlite lives inside one process. While the app runs on it, admin CLI tasks reach the database
 * through this Unix socket in the data folder (owner-only), one JSON request per connection.
 */
export async function listenAdminSocket(dataDir: string, ctx: AdminContext, log: Logger): Promise<() => Promise<void>> {
  const file = path.join(dataDir, ADMIN_SOCKET);
  fs.rmSync(file, { force: true });
  const server = net.createServer((socket) => {
    let input = '';
    socket.setEncoding('utf8');
    socket.on('data', async (chunk) => {
      input += chunk;
      if (!input.includes('\n')) return;
      let reply: { ok: boolean; output: string };
      try {
        const { command, args } = JSON.parse(input) as { command: string; args: Record<string, string> };
        const run = adminCommands[command];
        if (!run) throw new Error(`Onbekende opdracht: ${command}`);
        reply = { ok: true, output: await run(ctx, args ?? {}) };
        log.info({ command }, 'admin command run');
      } catch (err) {
        reply = { ok: false, output: (err as Error).message };
      }
      socket.end(JSON.stringify(reply) + '\n');
    });
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(file, resolve));
  fs.chmodSync(file, 0o600);
  return () => new Promise<void>((resolve) => server.close(() => { fs.rmSync(file, { force: true }); resolve(); }));
}

/** Sends a command to a running app; undefined when no app is listening. */
export function sendAdminCommand(dataDir: string, command: string, args: Record<string, string>): Promise<{ ok: boolean; output: string } | undefined> {
  const file = path.join(dataDir, ADMIN_SOCKET);
  if (!fs.existsSync(file)) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const socket = net.createConnection(file);
    let out = '';
    socket.setEncoding('utf8');
    socket.on('connect', () => socket.write(JSON.stringify({ command, args }) + '\n'));
    socket.on('data', (c) => { out += c; });
    socket.on('end', () => {
      try { resolve(JSON.parse(out)); } catch (err) { reject(err); }
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ECONNREFUSED' || err.code === 'ENOENT') resolve(undefined);
      else reject(err);
    });
  });
}
