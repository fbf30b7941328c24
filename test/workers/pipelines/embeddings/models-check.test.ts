import { expect } from 'chai';
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { FIXTURE_MODEL, FIXTURE_MODELS_DIR } from './fixture.ts';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const run = promisify(execFile);

/** Runs `scripts/models.ts check` as the operator would; the result carries the exit code. */
async function modelsCheck(vars: Record<string, string>) {
  const env = { ...process.env, ...vars };
  try {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'scripts/models.ts', 'check'], { cwd: ROOT, env });
    return { code: 0, stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return { code: failed.code, stdout: failed.stdout };
  }
}

describe('models check (scripts/models.ts)', () => {
  it('reports the tiny fixture model as active and the absent speech model as not active', async () => {
    const { code, stdout } = await modelsCheck({
      MODELS_DIR: FIXTURE_MODELS_DIR, EMBEDDING_MODEL: FIXTURE_MODEL, SPEECH_MODEL: 'Xenova/whisper-small',
    });
    expect(code).to.equal(0);
    expect(stdout).to.match(new RegExp(`✓ embeddings: ${FIXTURE_MODEL} actief \\(fp32, \\d+ dimensies\\)`));
    expect(stdout).to.match(/- spraak: niet actief.*Xenova\/whisper-small/);
  });

  it('fails when a configured model folder is there but incomplete', async () => {
    const modelsDir = await fs.mkdtemp(path.join(os.tmpdir(), 'gehoord-models-'));
    try {
      await fs.mkdir(path.join(modelsDir, 'owner/half'), { recursive: true });
      await fs.copyFile(path.join(FIXTURE_MODELS_DIR, FIXTURE_MODEL, 'config.json'), path.join(modelsDir, 'owner/half/config.json'));
      const { code, stdout } = await modelsCheck({ MODELS_DIR: modelsDir, EMBEDDING_MODEL: 'owner/half' });
      expect(code).to.equal(1);
      expect(stdout).to.match(/✗ embeddings: owner\/half werkt niet.*onnx\/model\.onnx/);
    } finally {
      await fs.rm(modelsDir, { recursive: true, force: true });
    }
  });

  it('reports nothing active in an empty models folder without failing', async () => {
    const { code, stdout } = await modelsCheck({ MODELS_DIR: path.join(os.tmpdir(), 'gehoord-no-models-here') });
    expect(code).to.equal(0);
    expect(stdout).to.not.include('✓');
    expect(stdout.match(/niet actief/g)).to.have.length(2);
  });
});
