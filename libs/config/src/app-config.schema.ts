import { z } from 'zod';

const port = z.coerce.number().int().min(1).max(65535);
const url = (protocols: string[]) =>
  z.string().refine((value) => {
    try {
      return protocols.includes(new URL(value).protocol);
    } catch {
      return false;
    }
  }, `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`);

/**
 * Every setting the product reads, with the defaults that work on a developer
 * machine (local PostgreSQL and Redis, the marketplace sandbox standing in for
 * the clouds). Keys are the environment variable names, so an error can name
 * the variable the operator has to fix.
 */
export const appConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  DATABASE_URL: url(['postgresql:', 'postgres:']).default('postgresql://postgres@127.0.0.1:5432/bridge'),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  REDIS_URL: url(['redis:', 'rediss:']).default('redis://127.0.0.1:6379'),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[a-z0-9-]{1,32}$/, 'must be 1-32 lowercase letters, digits or dashes')
    .default('bridge'),
  PORT: port.default(3000),
  SANDBOX_PORT: port.default(4580),
  BOOTSTRAP_ADMIN_API_KEY: z.string().min(24, 'must be at least 24 characters').optional(),
  MARKETPLACE_TARGET: z.enum(['sandbox', 'cloud']).default('sandbox'),
  AWS_REGION: z.string().min(1).default('us-east-1'),
  AWS_ENDPOINT_URL: url(['http:', 'https:']).optional(),
  AWS_ACCESS_KEY_ID: z.string().min(1).default('sandbox'),
  AWS_SECRET_ACCESS_KEY: z.string().min(1).default('sandbox'),
  AZURE_MARKETPLACE_URL: url(['http:', 'https:']).optional(),
  SANDBOX_EVENT_TARGET_URL: url(['http:', 'https:']).optional(),
  INBOX_SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).default(5000),
});

export type AppConfig = Readonly<z.infer<typeof appConfigSchema>> & {
  /** Where the AWS SDK clients point: the real cloud when unset and not using the sandbox. */
  readonly awsEndpoint: string | undefined;
  readonly azureMarketplaceUrl: string;
  readonly sandboxUrl: string;
  readonly sandboxEventTargetUrl: string;
};
