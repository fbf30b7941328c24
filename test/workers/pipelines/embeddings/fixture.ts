import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The tiny generated model (scripts/make-tiny-model.py): proves plumbing, not quality. */
export const FIXTURE_MODELS_DIR = fileURLToPath(new URL('../../../fixtures/models', import.meta.url));
export const FIXTURE_MODEL = 'tiny-bert-nl';

export const DUTCH_SENTENCES = [
  'Ik voel me niet gehoord door de jeugdzorg.',
  'De wachtlijst was heel erg lang, we moesten maanden wachten.',
  'Mijn begeleider wisselde steeds, ik moest mijn verhaal telkens opnieuw vertellen.',
  'Na mijn achttiende stopte de hulp ineens.',
  'Mijn pleegouders luisteren echt naar mij.',
];

export async function fixtureHiddenSize(): Promise<number> {
  const config = JSON.parse(await fs.readFile(path.join(FIXTURE_MODELS_DIR, FIXTURE_MODEL, 'config.json'), 'utf8'));
  return config.hidden_size;
}

/** A scratch models folder holding copies of the fixture model under other names. */
export async function modelsDirWith(names: string[]): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'gehoord-models-'));
  for (const name of names) {
    await fs.cp(path.join(FIXTURE_MODELS_DIR, FIXTURE_MODEL), path.join(dir, name), { recursive: true });
  }
  return dir;
}

export function norm(vector: Float32Array): number {
  return Math.sqrt(vector.reduce((sum, x) => sum + x * x, 0));
}

export function maxAbsDifference(a: Float32Array, b: Float32Array): number {
  return a.reduce((max, x, i) => Math.max(max, Math.abs(x - b[i]!)), 0);
}
