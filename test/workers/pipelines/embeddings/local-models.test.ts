import { expect } from 'chai';
import path from 'node:path';
import {
  DEFAULT_EMBEDDING_MODEL, DEFAULT_SPEECH_MODEL, findLocalModel, modelSettingsFromEnv,
} from '../../../../workers/pipelines/embeddings/local-models.ts';
import { FIXTURE_MODEL, FIXTURE_MODELS_DIR } from './fixture.ts';

describe('local models folder', () => {
  it('defaults MODELS_DIR to <DATA_DIR>/models and falls back to the default models', () => {
    const settings = modelSettingsFromEnv({ DATA_DIR: '/srv/gehoord' });
    expect(settings.modelsDir).to.equal(path.resolve('/srv/gehoord/models'));
    expect(settings.embeddingModel).to.equal(DEFAULT_EMBEDDING_MODEL);
    expect(settings.speechModel).to.equal(DEFAULT_SPEECH_MODEL);
    expect(modelSettingsFromEnv({}).modelsDir).to.equal(path.resolve('data/models'));
  });

  it('lets the environment override the folder, the models, the dtype and the download host', () => {
    const settings = modelSettingsFromEnv({
      MODELS_DIR: '/m', EMBEDDING_MODEL: 'a/b', SPEECH_MODEL: 'c/d', MODEL_DTYPE: 'fp32', MODELS_REMOTE_HOST: 'https://mirror.example/',
    });
    expect(settings).to.deep.equal({
      modelsDir: path.resolve('/m'), embeddingModel: 'a/b', speechModel: 'c/d', downloadDtype: 'fp32', remoteHost: 'https://mirror.example/',
    });
  });

  it('rejects an unknown MODEL_DTYPE with the allowed values', () => {
    expect(() => modelSettingsFromEnv({ MODEL_DTYPE: 'int3' })).to.throw(/fp32, q8/);
  });

  it('finds the complete fp32 file set of the fixture model', async () => {
    const found = await findLocalModel(FIXTURE_MODELS_DIR, FIXTURE_MODEL, 'feature-extraction');
    expect(found).to.deep.include({ ok: true, dtype: 'fp32' });
    if (found.ok) expect(found.files).to.include.members(['config.json', 'onnx/model.onnx', 'tokenizer.json']);
  });

  it('reports the missing weights when a requested dtype is not installed', async () => {
    const found = await findLocalModel(FIXTURE_MODELS_DIR, FIXTURE_MODEL, 'feature-extraction', 'q8');
    expect(found.ok).to.equal(false);
    if (!found.ok) expect(found.reason).to.include('onnx/model_quantized.onnx');
  });

  it('refuses model names that would leave the models folder', async () => {
    for (const name of ['../secrets', 'a/../../b', '/etc/passwd']) {
      const found = await findLocalModel(FIXTURE_MODELS_DIR, name, 'feature-extraction');
      expect(found.ok, name).to.equal(false);
      if (!found.ok) expect(found.reason, name).to.match(/Ongeldige modelnaam/);
    }
  });
});
