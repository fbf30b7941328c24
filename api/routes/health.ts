import { Router } from 'express';

export interface HealthReport {
  status: 'ok' | 'degraded';
  database: { backend: string; ok: boolean };
  worker: { mode: 'embedded' | 'separate' | 'off'; running: boolean; liveWorkers: number; queue: Record<string, Record<string, number>> };
  /** Which optional models are active, and what the product does without them. */
  models: Record<'embedding' | 'speech', { name: string; active: boolean; reason?: string; meanwhile?: string }>;
}
export type HealthProbe = () => Promise<HealthReport>;

/** Database and worker state as JSON for operators and load balancers; 503 when the database is down. */
export function healthRoutes(probe: HealthProbe): Router {
  const router = Router();
  router.get('/healthz', async (_req, res) => {
    const report = await probe();
    res.set('Cache-Control', 'no-store').status(report.database.ok ? 200 : 503).json(report);
  });
  return router;
}
