import type { z, ZodError } from 'zod';
import { appConfigSchema, type AppConfig } from './app-config.schema';
import { productionProblems } from './production-requirements';

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
  const refused = productionProblems(values);
  if (refused.length > 0) throw new ConfigError(refused);
  // Paths are appended to it, so a trailing slash would double up.
  const sandboxUrl = values.SANDBOX_URL?.replace(/\/+$/, '') ?? `http://127.0.0.1:${values.SANDBOX_PORT}`;
  // Unless told otherwise the product talks to the marketplace sandbox, so a
  // fresh install runs end to end with no cloud account. With
  // MARKETPLACE_TARGET=cloud the AWS SDK uses its own regional endpoints.
  const onSandbox = values.MARKETPLACE_TARGET === 'sandbox';
  return Object.freeze({
    ...values,
    LOG_FORMAT: values.LOG_FORMAT ?? (values.NODE_ENV === 'production' ? 'json' : 'text'),
    DEMO_SEED: values.DEMO_SEED ?? (values.NODE_ENV === 'production' ? 'false' : 'true'),
    awsEndpoint: values.AWS_ENDPOINT_URL ?? (onSandbox ? sandboxUrl : undefined),
    azureMarketplaceUrl: values.AZURE_MARKETPLACE_URL ?? (onSandbox ? sandboxUrl : 'https://marketplaceapi.microsoft.com'),
    azureProductIngestionUrl: (
      values.AZURE_PRODUCT_INGESTION_URL ??
      (onSandbox ? `${sandboxUrl}/rp/product-ingestion` : 'https://graph.microsoft.com/rp/product-ingestion')
    ).replace(/\/+$/, ''),
    azureCredentials: azureCredentials(values, sandboxUrl, onSandbox),
    azureResourceManager: azureResourceManager(values, sandboxUrl, onSandbox),
    awsDataFeeds: awsDataFeeds(values, sandboxUrl, onSandbox),
    sandboxUrl,
    sandboxEventTargetUrl: values.SANDBOX_EVENT_TARGET_URL ?? `http://127.0.0.1:${values.PORT}`,
    ...webhookTrust(values, sandboxUrl),
  });
}

/** The sandbox's own data-feed bucket, which it serves at $SANDBOX_URL/s3 (docs/wire-contracts.md). */
export const SANDBOX_DATA_FEED_BUCKET = 'sandbox-seller-data-feeds';

/**
 * Where the seller data feeds arrive. With the sandbox, its bucket, so
 * `npm start` reads the feeds the sandbox writes; with the cloud, only a
 * bucket the operator names (there is no default bucket on AWS).
 */
function awsDataFeeds(values: z.infer<typeof appConfigSchema>, sandboxUrl: string, onSandbox: boolean): AppConfig['awsDataFeeds'] {
  const bucket = values.AWS_DATA_FEED_BUCKET ?? (onSandbox ? SANDBOX_DATA_FEED_BUCKET : undefined);
  if (bucket === undefined || values.AWS_DATA_FEED_POLL_INTERVAL_MS === 0) return null;
  return {
    bucket,
    prefix: values.AWS_DATA_FEED_PREFIX,
    region: values.AWS_DATA_FEED_REGION ?? values.AWS_REGION,
    endpoint: values.AWS_DATA_FEED_ENDPOINT_URL ?? (onSandbox ? `${sandboxUrl}/s3` : undefined),
    pollIntervalMs: values.AWS_DATA_FEED_POLL_INTERVAL_MS,
  };
}

/**
 * Entra ID client credentials for the Azure Marketplace APIs. With the
 * sandbox, its Entra stand-in (HTTPS on SANDBOX_ENTRA_PORT, on the sandbox's
 * host) issues the tokens, and its certificate is trusted for that host only.
 */
function azureCredentials(values: z.infer<typeof appConfigSchema>, sandboxUrl: string, onSandbox: boolean): AppConfig['azureCredentials'] {
  const sandboxAuthority = sandboxHttpsUrl(values, sandboxUrl);
  const authorityHost = (values.AZURE_AUTHORITY_HOST ?? (onSandbox ? sandboxAuthority : 'https://login.microsoftonline.com')).replace(
    /\/+$/,
    '',
  );
  return {
    tenantId: values.AZURE_TENANT_ID,
    clientId: values.AZURE_CLIENT_ID,
    clientSecret: values.AZURE_CLIENT_SECRET,
    authorityHost,
    sandboxCertificateUrl: authorityHost === sandboxAuthority ? `${sandboxUrl}/_sandbox/azure/entra/certificate` : null,
  };
}

/** The sandbox's HTTPS port (Entra's stand-in, Resource Manager's), on the sandbox's host. */
function sandboxHttpsUrl(values: z.infer<typeof appConfigSchema>, sandboxUrl: string): string {
  return `https://${new URL(sandboxUrl).hostname}:${values.SANDBOX_ENTRA_PORT}`;
}

/** Azure Resource Manager (Marketplace Ordering): the sandbox's HTTPS port with the sandbox, its certificate trusted for it only. */
function azureResourceManager(
  values: z.infer<typeof appConfigSchema>,
  sandboxUrl: string,
  onSandbox: boolean,
): AppConfig['azureResourceManager'] {
  const sandbox = sandboxHttpsUrl(values, sandboxUrl);
  const url = (values.AZURE_RESOURCE_MANAGER_URL ?? (onSandbox ? sandbox : 'https://management.azure.com')).replace(/\/+$/, '');
  return { url, sandboxCertificateUrl: url === sandbox ? `${sandboxUrl}/_sandbox/azure/entra/certificate` : null };
}

/**
 * Who may call the marketplace webhooks. The sandbox signs with keys of its
 * own; they are trusted only when configured to be (by default only when the
 * product talks to the sandbox), so a cloud deployment never accepts them.
 */
function webhookTrust(values: z.infer<typeof appConfigSchema>, sandboxUrl: string) {
  const onSandbox = values.MARKETPLACE_TARGET === 'sandbox';
  const trustSandboxSigners = values.TRUST_SANDBOX_SIGNERS === undefined ? onSandbox : values.TRUST_SANDBOX_SIGNERS === 'true';
  const snsTopicArnPatterns =
    values.SNS_TOPIC_ARN_ALLOWLIST?.split(',') ?? (trustSandboxSigners && onSandbox ? ['*'] : [AWS_MARKETPLACE_TOPICS]);
  const sandboxIssuer = `${sandboxUrl}/_sandbox/azure`;
  const issuer = values.AZURE_WEBHOOK_ISSUER ?? (trustSandboxSigners ? sandboxIssuer : undefined);
  const audience =
    values.AZURE_WEBHOOK_AUDIENCE ?? (trustSandboxSigners && !values.AZURE_WEBHOOK_ISSUER ? SANDBOX_AZURE_AUDIENCE : undefined);
  const jwksUrl =
    values.AZURE_WEBHOOK_JWKS_URL ??
    (issuer === sandboxIssuer ? `${sandboxIssuer}/jwks` : 'https://login.microsoftonline.com/common/discovery/v2.0/keys');
  return {
    trustSandboxSigners,
    snsTopicArnPatterns,
    azureWebhookTokens: issuer && audience ? { issuer, audience, jwksUrl, appId: values.AZURE_WEBHOOK_APP_ID } : null,
  };
}

/** AWS Marketplace's own account publishes the seller SNS topics (aws-mp-subscription-notification-<code>, ...). */
const AWS_MARKETPLACE_TOPICS = 'arn:aws:sns:*:287250355862:aws-mp-*';
/** The audience the sandbox puts in its Azure webhook tokens, standing in for the publisher's Entra app id. */
const SANDBOX_AZURE_AUDIENCE = 'marketplace-sandbox-publisher';

function describe(error: ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.join('.') || '(environment)'}: ${issue.message}`);
}
