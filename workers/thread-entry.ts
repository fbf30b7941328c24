import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { loadConfig } from '../lib/config.ts';
import { createLogger } from '../lib/logger.ts';
import { openBridgedDatabase } from '../models/db-bridge.ts';
import { createSystem } from '../system.ts';

/**
 * The worker in its own thread (`npm start`): jobs, analysis and models run here, the web keeps
 * its event loop. With the embedded database the queries go through the main thread's bridge.
 */
const { dbPort } = workerData as { dbPort?: MessagePort };
const config = loadConfig();
const log = createLogger(config.logLevel).child({ thread: 'worker' });
const database = dbPort ? openBridgedDatabase(dbPort) : undefined;
const system = await createSystem(config, log, 'worker', { database });
system.worker!.start();
parentPort!.postMessage({ type: 'ready' });
parentPort!.on('message', async (msg: { type: string; graceMs?: number }) => {
  if (msg.type !== 'stop') return;
  await system.worker!.stop(msg.graceMs);
  await system.database.close();
  parentPort!.postMessage({ type: 'stopped' });
});
