import { Router } from 'express';
import { z } from 'zod';
import type { DB } from '../../models/db.ts';
import { searchProviders } from '../../models/providers.ts';
import { errors } from '../../lib/errors.ts';
import { fieldErrors } from '../schemas/narrative.ts';

const query = z.object({
  q: z.string().trim().max(100).optional(),
  municipality: z.string().trim().toUpperCase().regex(/^GM\d{4}$/, 'Gebruik een CBS-gemeentecode zoals GM0363.').optional(),
});

export function providerApiRoutes(db: DB): Router {
  const router = Router();
  router.get('/providers', async (req, res) => {
    const parsed = query.safeParse(req.query);
    if (!parsed.success) throw errors.invalid(fieldErrors(parsed.error));
    res.set('Cache-Control', 'public, max-age=60').json(await searchProviders(db, parsed.data));
  });
  return router;
}
