import crypto from 'node:crypto';
import fs from 'node:fs';
import type { Request, Response, NextFunction, RequestHandler } from 'express';
import multer from 'multer';
import { AppError } from '../../lib/errors.ts';
import { mediaLimits } from '../../services/media/limits.ts';
import type { MediaUpload } from '../../services/media/intake.ts';

/** Form fields for images: `images` (up to four, API) or `image1`…`image4` with `caption1`…`caption4` (form). */
const IMAGE_FIELDS = ['image1', 'image2', 'image3', 'image4'];

const uploadErrors: Record<string, () => AppError> = {
  LIMIT_FILE_SIZE: () => new AppError(413, 'file_too_large', 'Een bestand is te groot. Een opname mag hoogstens 25 MB zijn, een foto 15 MB.',
    { audio: 'Een bestand is te groot. Een opname mag hoogstens 25 MB zijn, een foto 15 MB.' }),
  LIMIT_FILE_COUNT: () => new AppError(422, 'too_many_files', `Je kunt één opname en hoogstens ${mediaLimits.imagesPerStory} foto's sturen.`,
    { images: `Je kunt één opname en hoogstens ${mediaLimits.imagesPerStory} foto's sturen.` }),
  LIMIT_UNEXPECTED_FILE: () => new AppError(422, 'too_many_files', `Je kunt één opname en hoogstens ${mediaLimits.imagesPerStory} foto's sturen.`,
    { images: `Je kunt één opname en hoogstens ${mediaLimits.imagesPerStory} foto's sturen.` }),
};

declare module 'express-serve-static-core' {
  interface Request { uploadError?: AppError }
}

/**
 * Multipart parsing into a temporary folder. Parse problems (too big, too many files, a cut
 * connection) are kept on the request, so the route can answer with the form and the typed story.
 * Temporary files are always removed when the response is done.
 */
export function createUploads(dir: string): RequestHandler {
  fs.mkdirSync(dir, { recursive: true });
  const parse = multer({
    storage: multer.diskStorage({ destination: dir, filename: (_req, _file, cb) => cb(null, crypto.randomUUID()) }),
    limits: { fileSize: mediaLimits.audioMaxBytes, files: 1 + mediaLimits.imagesPerStory, fields: 40, fieldSize: 512 * 1024 },
  }).fields([{ name: 'audio', maxCount: 1 }, { name: 'images', maxCount: mediaLimits.imagesPerStory },
    ...IMAGE_FIELDS.map((name) => ({ name, maxCount: 1 }))]);

  return (req: Request, res: Response, next: NextFunction) => {
    if (!req.is('multipart/form-data')) return next();
    res.on('close', () => {
      for (const f of allFiles(req)) if (f.path) fs.rm(f.path, { force: true }, () => {});
    });
    parse(req, res, (err?: unknown) => {
      if (err) {
        const code = (err as { code?: string }).code ?? '';
        req.uploadError = uploadErrors[code]?.() ?? new AppError(400, 'upload_interrupted',
          'Het versturen van je bestand is niet gelukt. Misschien viel de verbinding weg. Probeer het opnieuw.');
        req.body ??= {};
      }
      next();
    });
  };
}

function allFiles(req: Request): Express.Multer.File[] {
  const files = req.files as Record<string, Express.Multer.File[]> | undefined;
  return files ? Object.values(files).flat() : [];
}

/** The files of this request in the shape the media intake takes; throws a parse problem first. */
export function uploadedMedia(req: Request): MediaUpload {
  if (req.uploadError) throw req.uploadError;
  const files = (req.files ?? {}) as Record<string, Express.Multer.File[]>;
  const body = (req.body ?? {}) as Record<string, unknown>;
  const apiCaptions = ([] as unknown[]).concat(body.captions ?? []).map(String);
  const images = [
    ...(files.images ?? []).map((file, i) => ({ file, caption: apiCaptions[i] })),
    ...IMAGE_FIELDS.flatMap((name, i) => (files[name] ?? []).map((file) => ({ file, caption: body[`caption${i + 1}`] as string | undefined }))),
  ];
  return { audio: files.audio?.[0], images };
}
