import { Migrator, type Kysely, type Migration } from 'kysely';
import * as m001 from './001_foundation.ts';
import * as m002 from './002_media.ts';
import * as m003 from './003_themes.ts';
import * as m004 from './004_accounts.ts';
import * as m005 from './005_redaction.ts';
import * as m006 from './006_review_indexes.ts';
import * as m007 from './007_follow_ups.ts';
import * as m008 from './008_dashboard.ts';
import * as m009 from './009_family_answers.ts';
import * as m010 from './010_mail.ts';

/** Versioned migrations, applied in order at start-up. Never edit one that has shipped: add the next. */
const migrations: Record<string, Migration> = {
  '001_foundation': m001,
  '002_media': m002,
  '003_themes': m003,
  '004_accounts': m004,
  '005_redaction': m005,
  '006_review_indexes': m006,
  '007_follow_ups': m007,
  '008_dashboard': m008,
  '009_family_answers': m009,
  '010_mail': m010,
};

export async function migrateToLatest(db: Kysely<any>): Promise<void> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`Databasemigratie ${failed?.migrationName ?? ''} mislukt: ${(error as Error)?.message ?? error}`);
  }
}
