import { ConfigError, loadConfig } from './load-config';

describe('configuration', () => {
  it('works on a developer machine with nothing set: local PostgreSQL and Redis, API on 3000, the sandbox as the clouds', () => {
    const config = loadConfig({});
    expect(config.DATABASE_URL).toBe('postgresql://postgres@127.0.0.1:5432/bridge');
    expect(config.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(config.PORT).toBe(3000);
    expect(config.awsEndpoint).toBe('http://127.0.0.1:4580');
    expect(config.azureMarketplaceUrl).toBe('http://127.0.0.1:4580');
    expect(config.BOOTSTRAP_ADMIN_API_KEY).toBeUndefined();
  });

  it('uses the SDK’s real endpoints when pointed at the clouds', () => {
    const config = loadConfig({ MARKETPLACE_TARGET: 'cloud' });
    expect(config.awsEndpoint).toBeUndefined();
    expect(config.azureMarketplaceUrl).toBe('https://marketplaceapi.microsoft.com');
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

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ PORT: '' }).PORT).toBe(3000);
  });
});
