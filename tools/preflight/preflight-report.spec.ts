import type { ProbeResult } from './dependency-probes';
import { preflightReport } from './preflight-report';

const postgres = (changes: Partial<ProbeResult> = {}): ProbeResult => ({
  service: 'PostgreSQL',
  variable: 'DATABASE_URL',
  address: '127.0.0.1:5432',
  answered: true,
  problem: null,
  ...changes,
});
const redis = (changes: Partial<ProbeResult> = {}): ProbeResult => ({
  service: 'Redis',
  variable: 'REDIS_URL',
  address: '127.0.0.1:6379',
  answered: true,
  problem: null,
  ...changes,
});
const absent = { answered: false, problem: 'nothing listens there' };

describe('the preflight report', () => {
  it('says nothing when both answer', () => {
    expect(preflightReport([postgres(), redis()])).toBeNull();
  });

  it('names each missing service with where it was looked for, and one command for both on Debian and with Docker', () => {
    const report = preflightReport([postgres(absent), redis(absent)])!;
    expect(report).toMatch(/^✗ PostgreSQL and Redis are needed, and not ready:/);
    expect(report).toMatch(/^ {2}PostgreSQL {2}127\.0\.0\.1:5432 \(DATABASE_URL\) {2}nothing listens there$/m);
    expect(report).toMatch(/^ {2}Redis {7}127\.0\.0\.1:6379 \(REDIS_URL\) {5}nothing listens there$/m);
    expect(report).toContain(
      'sudo apt-get install -y postgresql redis-server && sudo service postgresql start && sudo service redis-server start',
    );
    expect(report).toContain('docker compose -f docker-compose.dev.yml up -d postgres redis');
    expect(report.split('\n').length).toBeLessThan(24);
  });

  it('asks only for what is missing', () => {
    const report = preflightReport([postgres(), redis(absent)])!;
    expect(report).toMatch(/^✗ Redis is needed, and not ready:/);
    expect(report).toMatch(/PostgreSQL .* ok$/m);
    expect(report).toContain('sudo apt-get install -y redis-server && sudo service redis-server start');
    expect(report).toContain('docker compose -f docker-compose.dev.yml up -d redis');
    expect(report).not.toMatch(/install -y postgresql|up -d postgres/);
  });

  it('tells a PostgreSQL that answered but refused us apart from a missing one: credentials, not an install', () => {
    const report = preflightReport([postgres({ problem: 'password authentication failed for user "postgres"' }), redis()])!;
    expect(report).toMatch(/password authentication failed/);
    expect(report).not.toMatch(/apt-get|docker compose/);
    expect(report).toMatch(/host all all 127\.0\.0\.1\/32 trust/);
    expect(report).toMatch(/give DATABASE_URL a user and password/);
  });
});
