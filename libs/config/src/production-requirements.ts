import type { z } from 'zod';
import type { appConfigSchema } from './app-config.schema';
import { KNOWN_DEMO_KEYS } from './demo-keys';

type Values = z.infer<typeof appConfigSchema>;

/**
 * What a production start (NODE_ENV=production) refuses, each with the
 * setting that fixes it. The defaults are a laptop demo (the sandbox, a
 * well-known admin key, webhooks without secrets); a deployment that kept
 * any of them by omission would be open to anyone who read the README.
 */
export function productionProblems(values: Values): string[] {
  if (values.NODE_ENV !== 'production') return [];
  const problems: string[] = [];
  if (values.MARKETPLACE_TARGET === 'sandbox') {
    problems.push('MARKETPLACE_TARGET: the marketplace sandbox is for development; set MARKETPLACE_TARGET=cloud in production');
  }
  if (values.DEMO_SEED === 'true')
    problems.push('DEMO_SEED: the demo seed is for development; unset it or set DEMO_SEED=false in production');
  if (values.BOOTSTRAP_ADMIN_API_KEY !== undefined && KNOWN_DEMO_KEYS.includes(values.BOOTSTRAP_ADMIN_API_KEY)) {
    problems.push('BOOTSTRAP_ADMIN_API_KEY: this key is published in the repository; set a long random one (e.g. openssl rand -hex 32)');
  }
  if (values.TRUST_SANDBOX_SIGNERS === 'true') {
    problems.push(
      'TRUST_SANDBOX_SIGNERS: the sandbox signs with keys anyone has; unset it or set TRUST_SANDBOX_SIGNERS=false in production',
    );
  }
  if (values.EVENTBRIDGE_WEBHOOK_SECRET === undefined) {
    problems.push(
      "EVENTBRIDGE_WEBHOOK_SECRET: required in production, or anyone can post marketplace events; set the API destination connection's key value (16+ characters)",
    );
  }
  if (values.METRICS_TOKEN === undefined) {
    problems.push(
      'METRICS_TOKEN: required in production so /metrics is not open to anyone; set a random token (24+ characters) and give it to Prometheus as its bearer token',
    );
  }
  return problems;
}
