import { z } from 'zod';

/** Where each part of the API starts, for a client that knows only the host. */
export const signpostsView = z.object({
  name: z.string(),
  docs: z.string(),
  openapi: z.string(),
  health: z.string(),
  dashboard: z.string(),
});
