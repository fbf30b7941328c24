import { expect } from 'chai';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { backendNames, openTestDatabase } from '../../helpers/backends.ts';
import type { DatabaseHandle } from '../../../models/db.ts';
import { currentThemeModelInfo, listThemes, membershipsOf, vectorsOf } from '../../../models/themes.ts';
import { analyzeNarrative } from '../../../workers/jobs/analyze-narrative.ts';
import { reclusterThemes } from '../../../workers/jobs/recluster-themes.ts';
import { createThemeEngine, type ThemeEngine } from '../../../workers/jobs/theme-engine.ts';
import { modelSettingsFromEnv } from '../../../workers/pipelines/embeddings/local-models.ts';
import { EVAL_STORIES, insertStories, prepareReferenceData } from '../../models/theme-fixtures.ts';

const MODELS_DIR = fileURLToPath(new URL('../../fixtures/models', import.meta.url));
const TINY_MODEL = 'tiny-bert-nl';
const hiddenSize = (JSON.parse(fs.readFileSync(`${MODELS_DIR}/${TINY_MODEL}/config.json`, 'utf8')) as { hidden_size: number }).hidden_size;

for (const backend of backendNames()) {
  describe(`Theme jobs with a sentence-embedding model [${backend}]`, function () {
    this.timeout(120_000);
    let handle: DatabaseHandle;
    let engine: ThemeEngine;
    before(async () => {
      handle = await openTestDatabase(backend);
      // As an operator configures it: MODELS_DIR and EMBEDDING_MODEL.
      const settings = modelSettingsFromEnv({ MODELS_DIR, EMBEDDING_MODEL: TINY_MODEL });
      engine = createThemeEngine({ models: { modelsDir: settings.modelsDir, embeddingModel: settings.embeddingModel } });
    });
    after(async () => {
      await engine?.close();
      await handle?.close();
    });

    it('uses the installed model for the run and for new stories (the tiny model proves the plumbing, not quality)', async () => {
      expect(await engine.backend()).to.deep.equal({ backend: `neural:${TINY_MODEL}`, reason: null });
      const providers = await prepareReferenceData(handle.db);
      const placed = await insertStories(handle.db, EVAL_STORIES.slice(0, 60), providers);
      const result = await reclusterThemes({ db: handle.db, engine }, 'test');
      if (result.kind !== 'done') throw new Error(result.reason);
      expect(result.stats).to.include({ backend: `neural:${TINY_MODEL}`, stories: 60 });

      const model = (await currentThemeModelInfo(handle.db))!;
      expect(model).to.include({ backend: `neural:${TINY_MODEL}`, dimensions: hiddenSize });
      const vectors = await vectorsOf(handle.db, placed.map((p) => p.narrativeId));
      expect(vectors.size).to.equal(60);
      for (const v of vectors.values()) {
        expect(v.vector).to.have.length(hiddenSize);
        expect(Math.hypot(...v.vector)).to.be.closeTo(1, 1e-4);
      }
      const themes = await listThemes(handle.db);
      expect(themes.length).to.be.greaterThan(0);
      expect(themes.every((t) => t.keywords.length > 0)).to.equal(true);

      const [later] = await insertStories(handle.db, [EVAL_STORIES[100]!], providers, 60);
      const outcome = await analyzeNarrative({ db: handle.db, engine }, later!.narrativeId);
      expect(outcome).to.include({ kind: 'analyzed', modelVersion: model.version });
      expect((await vectorsOf(handle.db, [later!.narrativeId])).get(later!.narrativeId)!.vector).to.have.length(hiddenSize);
      const membership = (await membershipsOf(handle.db, [later!.narrativeId])).get(later!.narrativeId);
      if (membership) expect(themes.map((t) => t.id)).to.include(membership.themeId);
    });

    it('falls back to the Dutch lexical pipeline, and says why, when the model is not installed', async () => {
      const absent = createThemeEngine({ models: { modelsDir: MODELS_DIR, embeddingModel: 'Xenova/multilingual-e5-small' } });
      const state = await absent.backend();
      expect(state.backend).to.equal('lsa');
      expect(state.reason).to.match(/niet geïnstalleerd/);
      await absent.close();
    });
  });
}
