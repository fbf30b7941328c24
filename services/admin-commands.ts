import type { DB } from '../models/db.ts';
import type { NarrativeService } from './narratives.ts';
import type { AccountService } from './accounts.ts';
import { STAFF_ROLES, type StaffRole } from '../models/schema.ts';
import { formatImportReport, importProviders } from './provider-import.ts';
import { seedDemo } from './demo.ts';
import { reclusterOnDemand } from '../workers/jobs/recluster-themes.ts';
import { modelSettingsFromEnv } from '../workers/pipelines/embeddings/local-models.ts';

export interface AdminContext { db: DB; narratives: NarrativeService; accounts: AccountService }

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
  async 'user:create'(ctx, args) {
    const role = args.role as StaffRole;
    if (!STAFF_ROLES.includes(role)) throw new Error(`Kies een rol: --role ${STAFF_ROLES.join('|')}`);
    if (!args.email) throw new Error('Geef een e-mailadres: --email naam@organisatie.nl');
    const list = (v: string | undefined) => (v ? v.split(/[,;]/).map((s) => s.trim()).filter(Boolean) : []);
    const result = await ctx.accounts.createUser({
      email: args.email, name: args.name, role, password: args.password || undefined,
      scope: { providers: list(args.provider), regions: list(args.region).map((c) => c.toUpperCase()), municipalities: list(args.municipality).map((c) => c.toUpperCase()) },
    });
    const lines = [`Account aangemaakt: ${args.email.toLowerCase()} (${role}).`];
    if (result.inviteLink) lines.push(`Eenmalige uitnodiging (7 dagen geldig), stuur deze link aan de gebruiker:`, result.inviteLink);
    if (role === 'admin' || role === 'municipality') lines.push('Bij de eerste keer inloggen stelt deze gebruiker een code-app in (tweestapsverificatie).');
    return lines.join('\n');
  },
  async 'themes:recluster'(ctx) {
    return reclusterOnDemand(ctx.db, modelSettingsFromEnv());
  },
};
