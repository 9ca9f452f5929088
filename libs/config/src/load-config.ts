import { ZodError } from 'zod';
import { appConfigSchema, type AppConfig } from './app-config.schema';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Reads the environment once and validates it. Each bad variable is named with
 * its reason, all at once, so an operator fixes them in one pass.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const raw = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = appConfigSchema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(describe(parsed.error));
  const values = parsed.data;
  const sandboxUrl = `http://127.0.0.1:${values.SANDBOX_PORT}`;
  // Unless told otherwise the product talks to the marketplace sandbox, so a
  // fresh install runs end to end with no cloud account. With
  // MARKETPLACE_TARGET=cloud the AWS SDK uses its own regional endpoints.
  const onSandbox = values.MARKETPLACE_TARGET === 'sandbox';
  return Object.freeze({
    ...values,
    awsEndpoint: values.AWS_ENDPOINT_URL ?? (onSandbox ? sandboxUrl : undefined),
    azureMarketplaceUrl: values.AZURE_MARKETPLACE_URL ?? (onSandbox ? sandboxUrl : 'https://marketplaceapi.microsoft.com'),
    sandboxUrl,
    sandboxEventTargetUrl: values.SANDBOX_EVENT_TARGET_URL ?? `http://127.0.0.1:${values.PORT}`,
  });
}

function describe(error: ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.join('.') || '(environment)'}: ${issue.message}`);
}
