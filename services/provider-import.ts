import { parse } from 'csv-parse/sync';
import type { DB } from '../models/db.ts';
import { existingCodes } from '../models/reference.ts';
import { upsertProvider, type ProviderInput } from '../models/providers.ts';

export interface ImportReport {
  created: number;
  updated: number;
  rejected: { line: number; name: string; reasons: string[] }[];
}

const HEADER = ['name', 'municipalities', 'regions', 'care_types'];
const split = (v: string | undefined) => (v ?? '').split(';').map((s) => s.trim().toUpperCase()).filter(Boolean);

/**
 * Imports providers from CSV (`name,municipalities,regions,care_types`, codes separated by `;`).
 * Every row is checked against the reference data; bad rows are reported and skipped, good rows
 * are created or updated by name, so running the same file twice changes nothing.
 */
export async function importProviders(db: DB, csv: string): Promise<ImportReport> {
  let records: string[][];
  try {
    records = parse(csv, { skip_empty_lines: true, trim: true, relax_column_count: true, bom: true });
  } catch (err) {
    throw new Error(`Het CSV-bestand is niet leesbaar: ${(err as Error).message}`);
  }
  const header = (records.shift() ?? []).map((h) => h.toLowerCase());
  if (HEADER.some((h, i) => header[i] !== h)) {
    throw new Error(`De eerste regel moet zijn: ${HEADER.join(',')} (gevonden: ${header.join(',') || 'niets'})`);
  }
  const all = (i: number) => records.flatMap((r) => split(r[i]));
  const [municipalities, regions, careTypes] = await Promise.all([
    existingCodes(db, 'municipalities', all(1)),
    existingCodes(db, 'regions', all(2)),
    existingCodes(db, 'care_types', all(3).map((c) => c.replace(/^JZ020[-:]?/, ''))),
  ]);

  const report: ImportReport = { created: 0, updated: 0, rejected: [] };
  const seen = new Set<string>();
  for (const [index, row] of records.entries()) {
    const line = index + 2;
    const name = (row[0] ?? '').replace(/\s+/g, ' ').trim();
    const input: ProviderInput = {
      name,
      municipalities: split(row[1]),
      regions: split(row[2]),
      careTypes: split(row[3]).map((c) => c.replace(/^JZ020[-:]?/, '')),
    };
    const reasons: string[] = [];
    if (row.length > HEADER.length) reasons.push(`te veel kolommen (${row.length}); staat er een komma in de naam? Zet de naam dan tussen aanhalingstekens`);
    if (!name) reasons.push('naam ontbreekt');
    else if (name.length > 200) reasons.push('naam is langer dan 200 tekens');
    if (seen.has(name.toLowerCase())) reasons.push('deze naam staat al eerder in het bestand');
    const unknown = (codes: string[], known: Set<string>, what: string) => {
      const bad = codes.filter((c) => !known.has(c));
      if (bad.length) reasons.push(`onbekende ${what}: ${bad.join(', ')}`);
    };
    unknown(input.municipalities, municipalities, 'gemeentecode(s)');
    unknown(input.regions, regions, 'regiocode(s)');
    unknown(input.careTypes, careTypes, 'zorgsoortcode(s)');
    if (reasons.length) {
      report.rejected.push({ line, name, reasons });
      continue;
    }
    seen.add(name.toLowerCase());
    const { created } = await upsertProvider(db, input);
    if (created) report.created++;
    else report.updated++;
  }
  return report;
}

export function formatImportReport(r: ImportReport): string {
  const lines = [`Aangemaakt: ${r.created}`, `Bijgewerkt: ${r.updated}`, `Afgewezen: ${r.rejected.length}`];
  for (const x of r.rejected) lines.push(`  regel ${x.line} (${x.name || 'zonder naam'}): ${x.reasons.join('; ')}`);
  return lines.join('\n');
}
