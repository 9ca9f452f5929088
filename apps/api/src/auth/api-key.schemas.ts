import { z } from 'zod';
import { API_ROLES } from './auth.decorators';
import { instant, pageSchema } from '../http/response.schemas';

/** A key as the API shows it: its prefix identifies it, the key itself is never shown again. */
export const apiKeyView = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string(),
  role: z.enum(API_ROLES),
  partnerId: z.uuid().nullable(),
  createdAt: instant,
  lastUsedAt: instant.nullable(),
  revokedAt: instant.nullable(),
});
export type ApiKeyView = z.output<typeof apiKeyView>;
export const apiKeysPage = pageSchema('keys', apiKeyView);

/** A key just issued: the only answer that ever holds the key itself. */
export const issuedKeyView = z.object({
  id: z.uuid(),
  name: z.string(),
  role: z.enum(API_ROLES),
  partnerId: z.uuid().nullable(),
  key: z.string(),
});
