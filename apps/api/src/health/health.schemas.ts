import { z } from 'zod';

/** Readiness: ok only when PostgreSQL and Redis both answer (503 with the same body otherwise). */
export const readinessView = z.object({
  status: z.enum(['ok', 'unavailable']),
  checks: z.object({ database: z.enum(['up', 'down']), redis: z.enum(['up', 'down']) }),
});
export const livenessView = z.object({ status: z.literal('ok') });
