import type { ApiRole } from '@bridge/database';
import type { Principal } from './principal';

/**
 * Who may see each kind of data, besides ADMIN (always allowed). The API's
 * @Roles and the dashboard's pages and CSV downloads both read this table,
 * so a page never shows a role what the API would refuse it.
 */
export const ROLES_FOR = {
  /** Reconciliation results and imports: what each marketplace owes, collected and paid out. */
  reconciliation: ['FINANCE'],
  /** Customers' cloud commitments and their burn-down. */
  commitments: ['ALLIANCE', 'FINANCE', 'READ_ONLY'],
  /** Metered usage and its alerts. */
  usage: ['ALLIANCE', 'FINANCE', 'READ_ONLY'],
  /** Market development funds of every partner: budgets, requests, claims and their ROI (a partner sees its own requests besides). */
  mdf: ['ALLIANCE', 'FINANCE', 'READ_ONLY'],
  /** Every partner-led account's adoption, risk signals and renewals (a partner sees its own book besides). */
  customerSuccess: ['ALLIANCE', 'FINANCE', 'READ_ONLY'],
  /** Marketplace messages parked as received, with their raw content. */
  parkedMessages: [],
} as const satisfies Record<string, readonly Exclude<ApiRole, 'ADMIN'>[]>;

export type Domain = keyof typeof ROLES_FOR;

/** Whether a caller's role may see a domain: ADMIN always; the table for the rest. */
export function mayAccess(principal: Principal, domain: Domain): boolean {
  return principal.role === 'ADMIN' || (ROLES_FOR[domain] as readonly ApiRole[]).includes(principal.role);
}
