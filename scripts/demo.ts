import { runAdminCommand } from './lib/admin.ts';

await runAdminCommand('demo:seed', {});
