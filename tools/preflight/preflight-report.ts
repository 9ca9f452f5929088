import type { ProbeResult } from './dependency-probes';

/** How each service is had on Debian/Ubuntu and from docker-compose.dev.yml (the development databases). */
const GETTING = {
  PostgreSQL: { aptPackage: 'postgresql', aptService: 'postgresql', composeService: 'postgres' },
  Redis: { aptPackage: 'redis-server', aptService: 'redis-server', composeService: 'redis' },
} as const;

/**
 * One screen for a person who ran `npm start` or `npm test` on a machine
 * without PostgreSQL or Redis: what is missing, and the one command that gets
 * it (Debian/Ubuntu packages, or the compose file's services). A service that
 * answered but refused us needs its credentials fixed, not installing.
 * null when nothing is wrong.
 */
export function preflightReport(results: readonly ProbeResult[]): string | null {
  const failed = results.filter((r) => r.problem !== null);
  if (failed.length === 0) return null;
  const where = (r: ProbeResult) => `${r.address} (${r.variable})`;
  const serviceWidth = Math.max(...results.map((r) => r.service.length));
  const whereWidth = Math.max(...results.map((r) => where(r).length));
  const lines = [
    `✗ ${failed.map((r) => r.service).join(' and ')} ${failed.length > 1 ? 'are' : 'is'} needed, and not ready:`,
    '',
    ...results.map((r) => `  ${r.service.padEnd(serviceWidth)}  ${where(r).padEnd(whereWidth)}  ${r.problem ?? 'ok'}`),
  ];
  const absent = failed.filter((r) => !r.answered).map((r) => GETTING[r.service]);
  if (absent.length) {
    lines.push(
      '',
      'Get it running with one of these, then run the command again:',
      '',
      `  Debian/Ubuntu:   sudo apt-get install -y ${absent.map((g) => g.aptPackage).join(' ')}${absent.map((g) => ` && sudo service ${g.aptService} start`).join('')}`,
      `  Docker:          docker compose -f docker-compose.dev.yml up -d ${absent.map((g) => g.composeService).join(' ')}`,
    );
  }
  if (failed.some((r) => r.answered && r.service === 'PostgreSQL')) {
    lines.push(
      '',
      'PostgreSQL answered but refused the connection. The defaults connect as user postgres',
      'without a password: allow that for 127.0.0.1 in pg_hba.conf ("host all all 127.0.0.1/32 trust",',
      'then sudo service postgresql reload), or give DATABASE_URL a user and password that work.',
    );
  }
  if (failed.some((r) => r.answered && r.service === 'Redis')) {
    lines.push('', 'Redis answered but refused the connection: give REDIS_URL the password it asks for (redis://:PASSWORD@HOST:6379).');
  }
  lines.push('', 'PostgreSQL or Redis somewhere else? Set DATABASE_URL or REDIS_URL (README, Configuration).');
  return lines.join('\n');
}
