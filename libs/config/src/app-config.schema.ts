import { z } from 'zod';

const port = z.coerce.number().int().min(1).max(65535);
const url = (protocols: string[]) =>
  z.string().refine(
    (value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`,
  );

/**
 * Every setting the product reads, with the defaults that work on a developer
 * machine (local PostgreSQL and Redis, the marketplace sandbox standing in for
 * the clouds). Keys are the environment variable names, so an error can name
 * the variable the operator has to fix.
 */
export const appConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  /** json: one JSON object a line with the correlation id (for log pipelines); text: for a terminal. Default: json in production, text otherwise. */
  LOG_FORMAT: z.enum(['json', 'text']).optional(),
  DATABASE_URL: url(['postgresql:', 'postgres:']).default('postgresql://postgres@127.0.0.1:5432/bridge'),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  REDIS_URL: url(['redis:', 'rediss:']).default('redis://127.0.0.1:6379'),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[a-z0-9-]{1,32}$/, 'must be 1-32 lowercase letters, digits or dashes')
    .default('bridge'),
  PORT: port.default(3000),
  SANDBOX_PORT: port.default(4580),
  /** The sandbox's stand-in for Microsoft Entra ID listens here, on HTTPS (Entra's client library refuses any other scheme). */
  SANDBOX_ENTRA_PORT: port.default(4581),
  /** Address the marketplace sandbox listens on: 127.0.0.1 keeps it to this machine; 0.0.0.0 lets other containers reach it (docker-compose.yml). */
  SANDBOX_HOST: z
    .string()
    .regex(/^[A-Za-z0-9.:-]+$/, 'must be an address or host name such as 127.0.0.1 or 0.0.0.0')
    .default('127.0.0.1'),
  /** The sandbox's base URL as the other apps reach it, also in the URLs it hands out (SNS certificate, Azure operations and tokens). Default: http://127.0.0.1:$SANDBOX_PORT. */
  SANDBOX_URL: url(['http:', 'https:']).optional(),
  BOOTSTRAP_ADMIN_API_KEY: z.string().min(24, 'must be at least 24 characters').optional(),
  MARKETPLACE_TARGET: z.enum(['sandbox', 'cloud']).default('sandbox'),
  AWS_REGION: z.string().min(1).default('us-east-1'),
  AWS_ENDPOINT_URL: url(['http:', 'https:']).optional(),
  AWS_ACCESS_KEY_ID: z.string().min(1).default('sandbox'),
  AWS_SECRET_ACCESS_KEY: z.string().min(1).default('sandbox'),
  AZURE_MARKETPLACE_URL: url(['http:', 'https:']).optional(),
  /** The Product Ingestion API (private offers, offer listings); Microsoft serves it under Graph. */
  AZURE_PRODUCT_INGESTION_URL: url(['http:', 'https:']).optional(),
  SANDBOX_EVENT_TARGET_URL: url(['http:', 'https:']).optional(),
  /** Jobs one attribution process runs at once: revenue batches are CPU and database bound, so a few per core. */
  ATTRIBUTION_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  INBOX_SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).default(5000),
  /** How often each process checks that Redis still holds the repeating jobs it declared (sweeps, ticks), declaring again any it lost. */
  SCHEDULE_CHECK_INTERVAL_MS: z.coerce.number().int().min(100).default(30_000),
  /** USD per unit of other currencies, to place a foreign-currency contract in AWS's USD fee tiers ("EUR=1.08,GBP=1.27"). */
  RECONCILIATION_USD_RATES: z
    .string()
    .regex(/^([A-Z]{3}=\d+(\.\d+)?)(,[A-Z]{3}=\d+(\.\d+)?)*$/, 'must look like EUR=1.08,GBP=1.27')
    .default('EUR=1.08,GBP=1.27,AUD=0.66,CAD=0.72,JPY=0.0067,CHF=1.13'),
  /** Metering: age at which a marketplace refuses usage (AWS documents 6 h, its 2026 model 24 h; Azure 24 h). */
  METERING_WINDOW_HOURS: z.coerce.number().int().min(1).max(24).default(6),
  /** Metering: how often the worker aggregates, freezes, sends and publishes revenue. */
  METERING_TICK_MS: z.coerce.number().int().min(100).default(5000),
  /** Metering: wait this long after an hour ends before freezing it, for stragglers. */
  METERING_SETTLE_SECONDS: z.coerce.number().int().min(0).max(3600).default(120),
  /** Metering: a worker's claim on hours it is sending; a dead worker's claims lapse after this. */
  METERING_CLAIM_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  /** Metering: BatchMeterUsage calls a second for the whole deployment (paced together through Redis), kept under AWS's quota of 10 per seller. */
  METERING_AWS_CALLS_PER_SECOND: z.coerce.number().min(0.1).max(10).default(8),
  /** Metering: warn this many minutes before unsent usage ages out of the window. */
  METERING_AGE_OUT_ALERT_MINUTES: z.coerce.number().int().min(1).default(90),
  /** Metering: "marketplace-sandbox" follows the sandbox's clock (demos and tests that move time). */
  METERING_CLOCK: z.enum(['system', 'marketplace-sandbox']).default('system'),
  /** How often listing-sync imports what changed in the catalogs (incremental). */
  LISTING_SYNC_INTERVAL_MS: z.coerce.number().int().min(1000).default(300_000),
  /** DescribeChangeSet polling, the fallback when a catalog event does not arrive. */
  CHANGE_SET_POLL_INTERVAL_MS: z.coerce.number().int().min(100).default(5000),
  /** AWS Partner Central Selling API endpoint; unset means AWS's own (the sandbox does not serve it). */
  PARTNER_CENTRAL_ENDPOINT_URL: url(['http:', 'https:']).optional(),
  /** Trust the marketplace sandbox's SNS certificate and Azure webhook keys. Default: only when MARKETPLACE_TARGET=sandbox. */
  TRUST_SANDBOX_SIGNERS: z.enum(['true', 'false'], { message: 'must be true or false' }).optional(),
  /** SNS TopicArns the product accepts, comma-separated; `*` matches any run of characters. Default: any on the sandbox, AWS Marketplace's own aws-mp-* topics with cloud. */
  SNS_TOPIC_ARN_ALLOWLIST: z
    .string()
    .regex(/^[^,\s]+(,[^,\s]+)*$/, 'must be comma-separated TopicArn patterns')
    .optional(),
  /**
   * SNS messages signed longer ago than this (by their signed Timestamp) are refused, so a captured
   * message cannot be replayed later. SNS's default HTTP retry policy gives up within a minute; an
   * hour leaves room for a custom retry policy and for clock skew.
   */
  SNS_MAX_MESSAGE_AGE_SECONDS: z.coerce.number().int().min(60).max(86_400).default(3600),
  /** Shared secret an EventBridge API destination sends (connection of type API_KEY); unset: not required. */
  EVENTBRIDGE_WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  /** The header that carries EVENTBRIDGE_WEBHOOK_SECRET (the API_KEY connection's ApiKeyName). */
  EVENTBRIDGE_WEBHOOK_HEADER: z
    .string()
    .regex(/^[A-Za-z0-9-]{1,64}$/, 'must be a header name')
    .default('x-eventbridge-secret'),
  /** Azure SaaS webhook tokens: expected issuer (e.g. https://sts.windows.net/<tenant id>/); default: the sandbox's, when trusted. */
  AZURE_WEBHOOK_ISSUER: z.string().min(1).optional(),
  /** Azure SaaS webhook tokens: expected audience (the publisher's Entra application id). */
  AZURE_WEBHOOK_AUDIENCE: z.string().min(1).optional(),
  /** Azure SaaS webhook tokens: the keys (JWKS) that sign them. Default with cloud: Entra's common discovery keys. */
  AZURE_WEBHOOK_JWKS_URL: url(['http:', 'https:']).optional(),
  /** Azure SaaS webhook tokens: the caller's application id (appid/azp), Microsoft's marketplace app. */
  AZURE_WEBHOOK_APP_ID: z.string().min(1).default('20e940b3-4c77-4b0b-9a53-9e16a1b010a7'),
  /** Azure Marketplace calls: the Entra ID tenant of the publisher's app registration (client credentials). Default: the sandbox's. */
  AZURE_TENANT_ID: z
    .string()
    .regex(/^[A-Za-z0-9.-]{1,128}$/, 'must be a tenant id (GUID) or domain')
    .default('00000000-0000-4000-8000-00000000a2e1'),
  /** Azure Marketplace calls: the publisher's Entra application (client) id, the one named in the offer's technical configuration. */
  AZURE_CLIENT_ID: z.string().min(1).default('sandbox-publisher-app'),
  /** Azure Marketplace calls: that application's client secret. */
  AZURE_CLIENT_SECRET: z.string().min(1).default('sandbox-publisher-secret'),
  /** Azure Marketplace calls: the Entra authority host tokens are requested from (https only). Default: the sandbox's Entra stand-in with the sandbox, https://login.microsoftonline.com with cloud. */
  AZURE_AUTHORITY_HOST: url(['https:']).optional(),
  /** Azure Resource Manager, where Marketplace Ordering (a deployed plan's terms) is called (https only: the SDK sends tokens nowhere else). Default: the sandbox's HTTPS port with the sandbox, https://management.azure.com with cloud. */
  AZURE_RESOURCE_MANAGER_URL: url(['https:']).optional(),
  /** The S3 bucket AWS Marketplace delivers the seller data feeds to; unset with MARKETPLACE_TARGET=cloud: feeds are not read from S3. Default with the sandbox: its own bucket. */
  AWS_DATA_FEED_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name (3-63 lowercase letters, digits, dots or dashes)')
    .optional(),
  /** Key prefix the data feeds are delivered under in that bucket (the folder chosen when data feeds were set up), e.g. "marketplace/". */
  AWS_DATA_FEED_PREFIX: z
    .string()
    .regex(/^([^/\s][^\s]*\/)?$/, 'must be empty or a key prefix ending in "/", such as marketplace/')
    .default(''),
  /** The bucket's region; default AWS_REGION. */
  AWS_DATA_FEED_REGION: z.string().min(1).optional(),
  /** An S3-compatible endpoint instead of AWS's (path-style addressing); default with the sandbox: its bucket at $SANDBOX_URL/s3. */
  AWS_DATA_FEED_ENDPOINT_URL: url(['http:', 'https:']).optional(),
  /** How often the worker looks for appended feed data in the bucket; 0 turns the poller off. */
  AWS_DATA_FEED_POLL_INTERVAL_MS: z.coerce.number().int().min(0).default(60_000),
  /** Bearer token Prometheus sends to scrape /metrics; unset: /metrics refuses every scrape. Required in production. */
  METRICS_TOKEN: z.string().min(24, 'must be at least 24 characters').optional(),
  /** /metrics serves what it collected for this long, so scrapes (however many, from however many Prometheus) cost one collection a window. */
  METRICS_CACHE_SECONDS: z.coerce.number().int().min(0).max(300).default(15),
  /** Requests one API key may make per window; more get 429 with Retry-After. */
  API_RATE_LIMIT_PER_KEY: z.coerce.number().int().min(1).default(1200),
  API_RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  /**
   * How long an API process remembers a key it found live, so a request does
   * not look its key up in PostgreSQL: a key revoked through another API
   * process (or in the database) still works here for at most this long.
   * 0 looks every request's key up.
   */
  API_KEY_CACHE_SECONDS: z.coerce.number().int().min(0).max(60).default(5),
  /** Failed API key attempts (API or dashboard) one client address may make per window; then 429 until the window ends, even for a right key. */
  AUTH_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).default(20),
  AUTH_FAILURE_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(900),
  /** Largest proof-of-execution file a partner may attach to an MDF claim, in bytes (kept in the database). */
  MDF_ATTACHMENT_MAX_BYTES: z.coerce.number().int().min(1024).max(26_214_400).default(5_242_880),
  /** Most files one MDF claim may carry. */
  MDF_ATTACHMENTS_PER_CLAIM: z.coerce.number().int().min(1).max(100).default(10),
  /** Customer success: a dimension whose usage of the last 14 days fell at least this many percent below the 14 days before is a risk signal. */
  CS_USAGE_DROP_PERCENT: z.coerce.number().int().min(1).max(100).default(30),
  /**
   * Which proxies in front of the API to believe about the client's address
   * (X-Forwarded-For), as Express's "trust proxy": a hop count ("1"), or
   * names and CIDRs ("loopback", "10.0.0.0/8,uniquelocal"). Unset: none, the
   * address is the socket's. Set it behind a load balancer, or every client
   * shares the balancer's address and one guesser throttles them all; never
   * set it without a proxy that overwrites the header, or any client can pick
   * its own address and escape the throttle.
   */
  TRUST_PROXY: z
    .string()
    .regex(
      /^(\d{1,2}|(loopback|linklocal|uniquelocal|[0-9a-fA-F.:]+(\/\d{1,3})?)(\s*,\s*(loopback|linklocal|uniquelocal|[0-9a-fA-F.:]+(\/\d{1,3})?))*)$/,
      'must be a hop count such as 1, or addresses, CIDRs or loopback/linklocal/uniquelocal separated by commas',
    )
    .optional(),
  /** How long a dashboard sign-in lasts. */
  DASHBOARD_SESSION_HOURS: z.coerce.number().int().min(1).max(720).default(12),
  /** `npm start` (all-in-one) seeds the demo story into an empty product through its own API and the sandbox; false: start empty. Default: true, false in production (where true is refused). */
  DEMO_SEED: z.enum(['true', 'false'], { message: 'must be true or false' }).optional(),
});

export type AppConfig = Readonly<Omit<z.infer<typeof appConfigSchema>, 'LOG_FORMAT' | 'DEMO_SEED'>> & {
  readonly LOG_FORMAT: 'json' | 'text';
  readonly DEMO_SEED: 'true' | 'false';
  /** Where the seller data feeds are read from (S3); null when no bucket is configured or polling is off. */
  readonly awsDataFeeds: {
    readonly bucket: string;
    readonly prefix: string;
    readonly region: string;
    /** An S3-compatible endpoint (the sandbox's), addressed path-style; undefined: AWS's own. */
    readonly endpoint: string | undefined;
    readonly pollIntervalMs: number;
  } | null;
  /** Where the AWS SDK clients point: the real cloud when unset and not using the sandbox. */
  readonly awsEndpoint: string | undefined;
  readonly azureMarketplaceUrl: string;
  /** Base of the Product Ingestion API (https://graph.microsoft.com/rp/product-ingestion, or the sandbox's). */
  readonly azureProductIngestionUrl: string;
  /** Where Azure Marketplace access tokens come from (Entra ID client credentials). */
  readonly azureCredentials: {
    readonly tenantId: string;
    readonly clientId: string;
    readonly clientSecret: string;
    readonly authorityHost: string;
    /** The sandbox's Entra stand-in presents a certificate of its own, fetched from the sandbox and trusted only for it. */
    readonly sandboxCertificateUrl: string | null;
  };
  /** Where Marketplace Ordering is called (Azure Resource Manager), with Entra tokens for https://management.azure.com. */
  readonly azureResourceManager: {
    readonly url: string;
    /** The sandbox serves it on its HTTPS port with a certificate of its own, trusted for it alone. */
    readonly sandboxCertificateUrl: string | null;
  };
  readonly sandboxUrl: string;
  readonly sandboxEventTargetUrl: string;
  /** Whether the sandbox's SNS certificate and Azure webhook keys are trusted. */
  readonly trustSandboxSigners: boolean;
  /** TopicArn patterns accepted on the SNS webhook (`*` = any run of characters). */
  readonly snsTopicArnPatterns: readonly string[];
  /** How Azure webhook tokens are checked; null: no issuer configured, every call is refused. */
  readonly azureWebhookTokens: {
    readonly issuer: string;
    readonly audience: string;
    readonly jwksUrl: string;
    readonly appId: string;
  } | null;
};
