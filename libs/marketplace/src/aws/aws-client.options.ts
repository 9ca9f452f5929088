import type { AppConfig } from '@bridge/config';

/**
 * Options shared by every AWS SDK client: the sandbox endpoint unless the
 * product is pointed at the real clouds (MARKETPLACE_TARGET=cloud), in which
 * case the SDK's own regional endpoints and credential chain apply.
 */
export function awsClientOptions(config: AppConfig) {
  const onSandbox = config.awsEndpoint !== undefined;
  return {
    region: config.AWS_REGION,
    endpoint: config.awsEndpoint,
    credentials: onSandbox ? { accessKeyId: config.AWS_ACCESS_KEY_ID, secretAccessKey: config.AWS_SECRET_ACCESS_KEY } : undefined,
    // The SDK's standard retry (3 attempts) covers blips; the queue's
    // backoff covers longer outages.
    maxAttempts: 3,
  };
}
