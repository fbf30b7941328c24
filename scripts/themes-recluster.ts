import { runAdminCommand } from './lib/admin.ts';

/** npm run themes:recluster — groups all stories into themes again, now (see workers/jobs/recluster-themes.ts). */
await runAdminCommand('themes:recluster', {});
