import { loadConfig, ConfigError } from '../../lib/config.ts';
import { createLogger } from '../../lib/logger.ts';
import { sendAdminCommand } from '../../api/admin-socket.ts';
import { adminCommands } from '../../services/admin-commands.ts';
import { createSystem } from '../../system.ts';

/**
 * Runs an admin command wherever the data is: through the running app when it holds the
 * embedded database, otherwise in this process (PostgreSQL, or PGlite while the app is stopped).
 */
export async function runAdminCommand(command: string, args: Record<string, string>): Promise<void> {
  try {
    const config = loadConfig();
    const log = createLogger(process.env.LOG_LEVEL ?? 'warn');
    const remote = config.databaseUrl ? undefined : await sendAdminCommand(config.dataDir, command, args);
    let result = remote;
    if (!result) {
      const system = await createSystem(config, log, 'cli');
      try {
        result = { ok: true, output: await adminCommands[command]!({ db: system.database.db, narratives: system.narratives, accounts: system.accounts }, args) };
      } catch (err) {
        result = { ok: false, output: (err as Error).message };
      } finally {
        await system.database.close();
      }
    }
    (result.ok ? process.stdout : process.stderr).write(result.output + '\n');
    process.exitCode = result.ok ? 0 : 1;
  } catch (err) {
    process.stderr.write(`${err instanceof ConfigError ? '' : 'Fout: '}${(err as Error).message}\n`);
    process.exitCode = 1;
  }
}
