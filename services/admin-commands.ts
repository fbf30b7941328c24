import type { DB } from '../models/db.ts';
import type { NarrativeService } from './narratives.ts';
import { formatImportReport, importProviders } from './provider-import.ts';
import { seedDemo } from './demo.ts';
import { reclusterOnDemand } from '../workers/jobs/recluster-themes.ts';
import { modelSettingsFromEnv } from '../workers/pipelines/embeddings/local-models.ts';

export interface AdminContext { db: DB; narratives: NarrativeService }

/**
 * Admin tasks, each returning the text to print. The CLI runs them in its own process, or, when
 * the app holds the embedded database, asks the running app to run them (see api/admin-socket.ts).
 */
export const adminCommands: Record<string, (ctx: AdminContext, args: Record<string, string>) => Promise<string>> = {
  async 'providers:import'(ctx, args) {
    return formatImportReport(await importProviders(ctx.db, args.csv ?? ''));
  },
  async 'demo:seed'(ctx) {
    const r = await seedDemo(ctx.db, ctx.narratives);
    return [
      `Voorbeelddata klaar: ${r.providers} zorgaanbieders en ${r.stories} verhalen (allemaal verzonnen).`,
      `Probeer de bon-pagina (/bon) met deze code van een voorbeeldverhaal: ${r.receipt}`,
    ].join('\n');
  },
  async 'themes:recluster'(ctx) {
    return reclusterOnDemand(ctx.db, modelSettingsFromEnv());
  },
};
