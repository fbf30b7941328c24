import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { createWorker, OEM, PSM, type WorkerOptions } from 'tesseract.js';
import { imageRejection } from '../../../services/media/images.ts';
import { mediaLimits } from '../../../services/media/limits.ts';

export interface OcrResult {
  text: string;
  /** Tesseract's mean word confidence, scaled to 0..1. */
  confidence: number;
}

export interface Ocr {
  recognize(image: Buffer): Promise<OcrResult>;
  terminate(): Promise<void>;
}

export interface OcrConfig {
  /** Folder tesseract may use for its cache; defaults to one under the OS temp folder. Never the current directory. */
  cacheDir?: string;
}

const require = createRequire(import.meta.url);
const tesseractRequire = createRequire(require.resolve('tesseract.js'));

/**
 * Every path tesseract.js could fetch from, pointed at files inside node_modules. Without these it
 * downloads language data from a CDN; stories must never leave the machine, and neither may requests.
 */
export function ocrWorkerOptions(config: OcrConfig = {}): Partial<WorkerOptions> {
  const nld = path.dirname(require.resolve('@tesseract.js-data/nld/package.json'));
  return {
    // The LSTM-only model (3 MB) matches the LSTM-only engine; the 4.0.0 folder adds legacy data we do not use.
    langPath: path.join(nld, '4.0.0_best_int'),
    gzip: true,
    // In Node the worker loads the core with require(); corePath is set so no default URL is ever in play.
    corePath: path.dirname(tesseractRequire.resolve('tesseract.js-core/package.json')),
    workerPath: require.resolve('tesseract.js/src/worker-script/node/index.js'),
    cachePath: config.cacheDir ?? path.join(os.tmpdir(), 'gehoord-tesseract'),
    // 'none': read the packaged data every start (about 0.1 s) instead of writing an unpacked copy somewhere.
    cacheMethod: 'none',
  };
}

/** Longest side handed to tesseract: enough for letter-sized text in a phone photo, without wasting time. */
const OCR_MAX_SIDE = 2000;

/** Upright, greyscale, sensible size. Only what OCR sees; the stored picture is not changed. */
export async function prepareForOcr(image: Buffer): Promise<Buffer> {
  try {
    return await sharp(image, { limitInputPixels: mediaLimits.imageMaxPixels })
      .autoOrient()
      .greyscale()
      .resize(OCR_MAX_SIDE, OCR_MAX_SIDE, { fit: 'inside', withoutEnlargement: true })
      .png({ compressionLevel: 1 })
      .toBuffer();
  } catch (err) {
    throw imageRejection(err);
  }
}

/** One tesseract worker for Dutch; reuse it for many images and terminate it when done. */
export async function createOcr(config: OcrConfig = {}): Promise<Ocr> {
  const worker = await createWorker('nld', OEM.LSTM_ONLY, ocrWorkerOptions(config));
  await worker.setParameters({
    tessedit_pageseg_mode: PSM.AUTO,
    // Sauvola thresholds locally: phone photos are lit unevenly and a global threshold loses the darker corners.
    thresholding_method: '2',
    user_defined_dpi: '300',
    // Tesseract's own diagnostics ("Detected 12 diacritics") would otherwise go straight to stderr, past our logger.
    debug_file: '/dev/null',
  });
  return {
    async recognize(image) {
      const { data } = await worker.recognize(await prepareForOcr(image));
      return { text: data.text.trim(), confidence: data.confidence / 100 };
    },
    async terminate() {
      await worker.terminate();
    },
  };
}
