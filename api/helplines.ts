import fs from 'node:fs';

export interface Helpline { name: string; phone: string; tel: string; for: string; hours?: string; verified: boolean }

/** Help lines from the shipped reference data; unverified entries carry a visible note. */
export function loadHelplines(): Helpline[] {
  const file = new URL('../reference/helplines-nl.json', import.meta.url);
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { helplines: Helpline[] }).helplines;
}
