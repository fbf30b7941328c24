import fs from 'node:fs/promises';
import path from 'node:path';
import { env, ModelRegistry } from '@huggingface/transformers';

/**
 * The local models folder that transformers.js reads from. Models are never fetched at run
 * time: an operator downloads them with `scripts/models.ts download` on a machine with
 * internet access, or copies a folder in. Layout: <MODELS_DIR>/<owner>/<model>/...
 */
export const DEFAULT_EMBEDDING_MODEL = 'Xenova/multilingual-e5-small';
export const DEFAULT_SPEECH_MODEL = 'Xenova/whisper-small';

export type ModelTask = 'feature-extraction' | 'automatic-speech-recognition';

/** transformers.js lists a tokenizer or processor only when it finds one, so absence must be checked here. */
const REQUIRED_SIDE_FILES: Record<ModelTask, readonly string[]> = {
  'feature-extraction': ['tokenizer.json', 'tokenizer_config.json'],
  'automatic-speech-recognition': ['preprocessor_config.json', 'tokenizer.json', 'tokenizer_config.json'],
};

/** Quantised (q8) files are a quarter of the size and run faster on a CPU. */
export type ModelDtype = 'fp32' | 'q8' | 'fp16' | 'q4';
const DTYPES: readonly ModelDtype[] = ['fp32', 'q8', 'fp16', 'q4'];
const DEFAULT_DOWNLOAD_DTYPE: ModelDtype = 'q8';

export interface ModelSettings {
  modelsDir: string;
  embeddingModel: string;
  speechModel: string;
  /** Which weights `download` fetches; loading picks whatever complete set is present. */
  downloadDtype: ModelDtype;
  /** A hub mirror for `download`; transformers.js's default (huggingface.co) when unset. */
  remoteHost: string | undefined;
}

export function modelSettingsFromEnv(vars: NodeJS.ProcessEnv = process.env): ModelSettings {
  const dataDir = vars.DATA_DIR || './data';
  const dtype = vars.MODEL_DTYPE || DEFAULT_DOWNLOAD_DTYPE;
  if (!isDtype(dtype)) throw new Error(`MODEL_DTYPE moet een van ${DTYPES.join(', ')} zijn, niet "${dtype}"`);
  return {
    modelsDir: path.resolve(vars.MODELS_DIR || path.join(dataDir, 'models')),
    embeddingModel: vars.EMBEDDING_MODEL || DEFAULT_EMBEDDING_MODEL,
    speechModel: vars.SPEECH_MODEL || DEFAULT_SPEECH_MODEL,
    downloadDtype: dtype,
    remoteHost: vars.MODELS_REMOTE_HOST || undefined,
  };
}

function isDtype(value: string): value is ModelDtype {
  return (DTYPES as readonly string[]).includes(value);
}

/**
 * Points transformers.js at the models folder with every network and cache path closed:
 * no remote fetches and no cache writes next to node_modules.
 * The settings are process-wide, as transformers.js keeps them in one global object.
 */
export function useLocalModelsOnly(modelsDir: string): void {
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = path.resolve(modelsDir) + path.sep;
  env.useFSCache = false;
}

/** Opens the network for `download`: files land in <modelsDir>/<model>/ via the file cache. */
export function useModelsDownloadInto(modelsDir: string, remoteHost?: string): void {
  if (remoteHost) env.remoteHost = remoteHost.endsWith('/') ? remoteHost : `${remoteHost}/`;
  env.allowRemoteModels = true;
  env.allowLocalModels = true;
  env.localModelPath = path.resolve(modelsDir) + path.sep;
  env.useFSCache = true;
  env.cacheDir = path.resolve(modelsDir) + path.sep;
}

export type LocalModel =
  | { ok: true; folder: string; dtype: ModelDtype; files: string[] }
  | { ok: false; folder: string; state: 'absent' | 'invalid' | 'incomplete'; reason: string };

/**
 * Finds a complete set of files for `task` in <modelsDir>/<modelName>, preferring `dtype` when
 * given, else the first of fp32, q8, fp16, q4 that is fully present. Reads only local files.
 */
export async function findLocalModel(
  modelsDir: string, modelName: string, task: ModelTask, dtype?: ModelDtype,
): Promise<LocalModel> {
  const folder = path.resolve(modelsDir, modelName);
  if (!isSafeModelName(modelName)) {
    return { ok: false, folder, state: 'invalid', reason: `Ongeldige modelnaam "${modelName}" (verwacht: eigenaar/naam)` };
  }
  if (!(await exists(path.join(folder, 'config.json')))) {
    return { ok: false, folder, state: 'absent', reason: `Model "${modelName}" is niet geïnstalleerd (geen config.json in ${folder})` };
  }
  useLocalModelsOnly(modelsDir);
  let firstMissing: string[] | undefined;
  for (const candidate of dtype ? [dtype] : DTYPES) {
    const listed = await ModelRegistry.get_pipeline_files(task, folder, { dtype: candidate });
    const files = [...new Set([...listed, ...REQUIRED_SIDE_FILES[task]])];
    const missing = await missingFiles(folder, files);
    if (missing.length === 0) return { ok: true, folder, dtype: candidate, files };
    firstMissing ??= missing;
  }
  return {
    ok: false, folder, state: 'incomplete',
    reason: `Model "${modelName}" is onvolledig in ${folder}; ontbrekende bestanden: ${(firstMissing ?? []).join(', ')}`,
  };
}

/** Owner/name as on the Hugging Face hub; no way out of the models folder. */
function isSafeModelName(name: string): boolean {
  return /^[\w.-]+(\/[\w.-]+)?$/.test(name) && !name.split('/').some((part) => part === '..' || part === '.');
}

async function missingFiles(folder: string, files: string[]): Promise<string[]> {
  const present = await Promise.all(files.map((file) => exists(path.join(folder, file))));
  return files.filter((_, i) => !present[i]);
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(() => true, () => false);
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
