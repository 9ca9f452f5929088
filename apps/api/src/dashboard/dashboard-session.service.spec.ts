import type { AppConfig } from '@bridge/config';
import type { KeyAttempts } from '../auth/key-attempts';
import type { DashboardSessionRepository } from './dashboard-session.repository';
import { DashboardSession } from './dashboard-session.service';

const sessionIn = (NODE_ENV: AppConfig['NODE_ENV']) =>
  new DashboardSession({} as DashboardSessionRepository, {} as KeyAttempts, { NODE_ENV, DASHBOARD_SESSION_HOURS: 12 } as AppConfig);

describe('dashboard session cookies', () => {
  it('are always Secure in production, whatever the request says', () => {
    expect(sessionIn('production').secureCookies({ secure: false })).toBe(true);
  });

  it('are Secure elsewhere only when the request itself came over HTTPS (no client header decides it)', () => {
    expect(sessionIn('development').secureCookies({ secure: false })).toBe(false);
    expect(sessionIn('development').secureCookies({ secure: true })).toBe(true);
  });
});
