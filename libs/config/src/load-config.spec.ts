import { ConfigError, loadConfig } from './load-config';

describe('configuration', () => {
  it('works on a developer machine with nothing set: local PostgreSQL and Redis, API on 3000, the sandbox as the clouds', () => {
    const config = loadConfig({});
    expect(config.DATABASE_URL).toBe('postgresql://postgres@127.0.0.1:5432/bridge');
    expect(config.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(config.PORT).toBe(3000);
    expect(config.awsEndpoint).toBe('http://127.0.0.1:4580');
    expect(config.azureMarketplaceUrl).toBe('http://127.0.0.1:4580');
    // Marketplace Ordering: the sandbox's HTTPS port, its certificate trusted for it alone.
    expect(config.azureResourceManager).toEqual({
      url: 'https://127.0.0.1:4581',
      sandboxCertificateUrl: 'http://127.0.0.1:4580/_sandbox/azure/entra/certificate',
    });
    expect(config.BOOTSTRAP_ADMIN_API_KEY).toBeUndefined();
  });

  it('uses the SDK’s real endpoints when pointed at the clouds', () => {
    const config = loadConfig({ MARKETPLACE_TARGET: 'cloud' });
    expect(config.awsEndpoint).toBeUndefined();
    expect(config.azureMarketplaceUrl).toBe('https://marketplaceapi.microsoft.com');
    expect(config.azureResourceManager).toEqual({ url: 'https://management.azure.com', sandboxCertificateUrl: null });
    // Resource Manager is reached over HTTPS only: the SDK sends its bearer tokens nowhere else.
    expect(() => loadConfig({ AZURE_RESOURCE_MANAGER_URL: 'http://arm.example' })).toThrow(/AZURE_RESOURCE_MANAGER_URL/);
  });

  it('names every bad variable with its reason, all at once', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', BOOTSTRAP_ADMIN_API_KEY: 'short' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/^PORT: /m);
    expect(problems).toMatch(/^DATABASE_URL: must be a URL starting with postgresql:\/\//m);
    expect(problems).toMatch(/^BOOTSTRAP_ADMIN_API_KEY: must be at least 24 characters/m);
    expect((error as ConfigError).problems).toHaveLength(3);
  });

  it('trusts the sandbox’s webhook signers on the sandbox only, unless told otherwise', () => {
    const onSandbox = loadConfig({});
    expect(onSandbox.trustSandboxSigners).toBe(true);
    expect(onSandbox.snsTopicArnPatterns).toEqual(['*']);
    expect(onSandbox.azureWebhookTokens).toMatchObject({
      issuer: 'http://127.0.0.1:4580/_sandbox/azure',
      audience: 'marketplace-sandbox-publisher',
      jwksUrl: 'http://127.0.0.1:4580/_sandbox/azure/jwks',
    });
    const onCloud = loadConfig({ MARKETPLACE_TARGET: 'cloud' });
    expect(onCloud.trustSandboxSigners).toBe(false);
    expect(onCloud.snsTopicArnPatterns).toEqual(['arn:aws:sns:*:287250355862:aws-mp-*']);
    expect(onCloud.azureWebhookTokens).toBeNull();
    expect(loadConfig({ TRUST_SANDBOX_SIGNERS: 'false' }).azureWebhookTokens).toBeNull();
    expect(
      loadConfig({ MARKETPLACE_TARGET: 'cloud', AZURE_WEBHOOK_ISSUER: 'https://sts.windows.net/t/', AZURE_WEBHOOK_AUDIENCE: 'app' })
        .azureWebhookTokens,
    ).toEqual({
      issuer: 'https://sts.windows.net/t/',
      audience: 'app',
      jwksUrl: 'https://login.microsoftonline.com/common/discovery/v2.0/keys',
      appId: '20e940b3-4c77-4b0b-9a53-9e16a1b010a7',
    });
  });

  it('lets the other apps reach the sandbox by another name, as in docker compose, everywhere they use it', () => {
    const config = loadConfig({ SANDBOX_URL: 'http://marketplace-sandbox:4580/', SANDBOX_HOST: '0.0.0.0' });
    expect(config.SANDBOX_HOST).toBe('0.0.0.0');
    expect(config.sandboxUrl).toBe('http://marketplace-sandbox:4580');
    expect(config.awsEndpoint).toBe('http://marketplace-sandbox:4580');
    expect(config.azureMarketplaceUrl).toBe('http://marketplace-sandbox:4580');
    expect(config.azureWebhookTokens?.issuer).toBe('http://marketplace-sandbox:4580/_sandbox/azure');
    expect(loadConfig({}).SANDBOX_HOST).toBe('127.0.0.1');
    expect(() => loadConfig({ SANDBOX_HOST: 'any host' })).toThrow(/SANDBOX_HOST: must be an address/);
  });

  it('reads the seller data feeds from the sandbox bucket by default, from a named bucket on AWS, or not at all', () => {
    expect(loadConfig({}).awsDataFeeds).toEqual({
      bucket: 'sandbox-seller-data-feeds',
      prefix: '',
      region: 'us-east-1',
      endpoint: 'http://127.0.0.1:4580/s3',
      pollIntervalMs: 60_000,
    });
    // AWS has no default bucket: the seller names the one the feeds are delivered to.
    expect(loadConfig({ MARKETPLACE_TARGET: 'cloud' }).awsDataFeeds).toBeNull();
    expect(
      loadConfig({
        MARKETPLACE_TARGET: 'cloud',
        AWS_DATA_FEED_BUCKET: 'acme-feeds',
        AWS_DATA_FEED_PREFIX: 'marketplace/',
        AWS_DATA_FEED_REGION: 'eu-west-1',
      }).awsDataFeeds,
    ).toEqual({ bucket: 'acme-feeds', prefix: 'marketplace/', region: 'eu-west-1', endpoint: undefined, pollIntervalMs: 60_000 });
    expect(loadConfig({ AWS_DATA_FEED_POLL_INTERVAL_MS: '0' }).awsDataFeeds).toBeNull();
    expect(() => loadConfig({ AWS_DATA_FEED_BUCKET: 'Not_A_Bucket' })).toThrow(/AWS_DATA_FEED_BUCKET/);
    expect(() => loadConfig({ AWS_DATA_FEED_PREFIX: 'no-slash' })).toThrow(/AWS_DATA_FEED_PREFIX/);
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ PORT: '' }).PORT).toBe(3000);
  });

  describe('in production (NODE_ENV=production)', () => {
    const deployable = {
      NODE_ENV: 'production',
      MARKETPLACE_TARGET: 'cloud',
      EVENTBRIDGE_WEBHOOK_SECRET: 'a-long-eventbridge-secret',
      METRICS_TOKEN: 'a-metrics-token-0123456789abcdef',
    };
    const problemsOf = (env: Record<string, string>): string[] => {
      try {
        loadConfig(env);
        return [];
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        return error.problems;
      }
    };

    it('starts when pointed at the clouds with an EventBridge secret, without the demo seed', () => {
      const config = loadConfig(deployable);
      expect(config.DEMO_SEED).toBe('false');
      expect(config.trustSandboxSigners).toBe(false);
    });

    it('refuses the image’s old defaults (the sandbox, no EventBridge secret), saying what to set', () => {
      const problems = problemsOf({ NODE_ENV: 'production' });
      expect(problems).toEqual([
        expect.stringMatching(/^MARKETPLACE_TARGET: .*set MARKETPLACE_TARGET=cloud/),
        expect.stringMatching(/^EVENTBRIDGE_WEBHOOK_SECRET: required in production/),
        expect.stringMatching(/^METRICS_TOKEN: required in production/),
      ]);
    });

    it('refuses the demo seed, sandbox signers and every admin key published in the repository', () => {
      expect(problemsOf({ ...deployable, DEMO_SEED: 'true' })).toEqual([expect.stringMatching(/^DEMO_SEED: .*DEMO_SEED=false/)]);
      expect(problemsOf({ ...deployable, TRUST_SANDBOX_SIGNERS: 'true' })).toEqual([expect.stringMatching(/^TRUST_SANDBOX_SIGNERS: /)]);
      for (const key of [
        'demo-admin-key-change-me-0123456789',
        'change-me-to-a-long-random-admin-key',
        'dev-admin-key-change-me-0123456789',
      ]) {
        expect(problemsOf({ ...deployable, BOOTSTRAP_ADMIN_API_KEY: key })).toEqual([
          expect.stringMatching(/^BOOTSTRAP_ADMIN_API_KEY: .*published.*random/),
        ]);
      }
      expect(problemsOf({ ...deployable, BOOTSTRAP_ADMIN_API_KEY: 'a-key-of-our-own-0123456789abcdef' })).toEqual([]);
    });

    it('leaves the laptop demo as it was outside production', () => {
      expect(loadConfig({}).DEMO_SEED).toBe('true');
      expect(loadConfig({ BOOTSTRAP_ADMIN_API_KEY: 'demo-admin-key-change-me-0123456789' }).MARKETPLACE_TARGET).toBe('sandbox');
    });
  });
});
