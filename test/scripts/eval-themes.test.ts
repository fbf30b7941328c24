import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { FIXTURE_MODEL, FIXTURE_MODELS_DIR } from '../workers/pipelines/embeddings/fixture.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);
const FIGURES = ['BACKEND', 'NMI', 'ARI', 'THEMES', 'UNASSIGNED', 'SHUFFLE_ARI', 'SEED_ARI'];

/** Runs `npm run eval:themes -- …` as a person would; returns the exit code and the `NAME: value` lines. */
async function evalThemes(args: string[]): Promise<{ code: number; figures: Map<string, string>; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'scripts/eval-themes.ts', ...args], { cwd: ROOT });
    const figures = new Map([...stdout.matchAll(/^([A-Z_]+): (.+)$/gm)].map((m) => [m[1]!, m[2]!]));
    return { code: 0, figures, stderr };
  } catch (error) {
    const failed = error as { code: number; stderr: string };
    return { code: failed.code, figures: new Map(), stderr: failed.stderr };
  }
}

describe('eval:themes (scripts/eval-themes.ts)', function () {
  this.timeout(120_000);

  it('measures the lexical pipeline on a labelled set, one figure per line, without being told the number of themes', async () => {
    const { code, figures } = await evalThemes(['dev']);
    expect(code).to.equal(0);
    expect([...figures.keys()]).to.include.members(FIGURES);
    expect(figures.get('BACKEND')).to.equal('lsa');
    expect(Number(figures.get('NMI'))).to.be.above(0.4);
    expect(Number(figures.get('UNASSIGNED'))).to.be.at.most(0.1);
    expect(figures.get('SHUFFLE_ARI')).to.equal('1.00');
  });

  it('measures the neural path with a model from a models folder (the tiny fixture proves the path, not quality)', async () => {
    const { code, figures } = await evalThemes(['dev', '--models', FIXTURE_MODELS_DIR, '--model', FIXTURE_MODEL]);
    expect(code).to.equal(0);
    expect(figures.get('BACKEND')).to.equal(`neural:${FIXTURE_MODEL}`);
    expect([...figures.keys()]).to.include.members(FIGURES);
    expect(figures.get('SHUFFLE_ARI')).to.equal('1.00');
  });

  it('says why when the model is not there, and fails', async () => {
    const { code, stderr } = await evalThemes(['dev', '--models', FIXTURE_MODELS_DIR, '--model', 'owner/absent']);
    expect(code).to.equal(2);
    expect(stderr).to.match(/no embedding model: .+/);
  });
});
