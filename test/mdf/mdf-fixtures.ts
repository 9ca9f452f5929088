import type { ProductStack } from '@bridge/testing';
import { call } from '../http-client';
import { ADMIN_KEY } from '../attribution/attribution-fixtures';

export const DAY_MS = 86_400_000;
export const daysFromNow = (days: number) => new Date(Date.now() + days * DAY_MS).toISOString();
/** The quarter of today, as MDF budgets name it. */
export const thisQuarter = () => `${new Date().getUTCFullYear()}-Q${Math.floor(new Date().getUTCMonth() / 3) + 1}`;

export interface MdfRequestView {
  id: string;
  partnerId: string;
  status: string;
  requested: { amountMinor: string };
  approved: { amountMinor: string } | null;
  held: { amountMinor: string };
  claimDeadline: string | null;
  claim: null | {
    status: string;
    approved: { amountMinor: string } | null;
    paymentReference: string | null;
    attachments: { id: string; fileName: string; sizeBytes: number; sha256: string }[];
  };
}

export async function issueKey(stack: ProductStack, role: string, partnerId?: string): Promise<string> {
  const issued = await call<{ key: string }>('POST', `${stack.apiUrl}/v1/api-keys`, {
    key: ADMIN_KEY,
    body: { name: `mdf ${role} ${partnerId ?? ''}`.trim(), role, ...(partnerId ? { partnerId } : {}) },
  });
  if (issued.status !== 201) throw new Error(`key not issued: ${JSON.stringify(issued.body)}`);
  return issued.body.key;
}

export async function createBudget(stack: ProductStack, body: Record<string, unknown>): Promise<string> {
  const created = await call<{ id: string }>('POST', `${stack.apiUrl}/v1/mdf/budgets`, { key: ADMIN_KEY, body });
  if (created.status !== 201) throw new Error(`budget not created: ${JSON.stringify(created.body)}`);
  return created.body.id;
}

/** A request for an activity that started `startedDaysAgo` days ago and ran for a day. */
export async function requestFunds(
  stack: ProductStack,
  key: string,
  input: { amount: string; targetCustomerIds?: string[]; partnerId?: string; startedDaysAgo?: number; title?: string },
): Promise<MdfRequestView> {
  const started = input.startedDaysAgo ?? 1;
  const created = await call<MdfRequestView>('POST', `${stack.apiUrl}/v1/mdf/requests`, {
    key,
    body: {
      ...(input.partnerId ? { partnerId: input.partnerId } : {}),
      kind: 'EVENT',
      title: input.title ?? 'Retail analytics roadshow',
      plan: 'Two city events for retail data leaders, with a hands-on lab',
      targetCustomerIds: input.targetCustomerIds ?? [],
      ...(input.targetCustomerIds?.length ? {} : { targetSegment: 'retail' }),
      amount: input.amount,
      startsAt: new Date(Date.now() - started * DAY_MS).toISOString(),
      endsAt: new Date(Date.now() - (started - 1) * DAY_MS).toISOString(),
    },
  });
  if (created.status !== 201) throw new Error(`request not created: ${JSON.stringify(created.body)}`);
  return created.body;
}
