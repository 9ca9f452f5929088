import { z } from 'zod';
import { listOrder, pageQueryFields } from '@bridge/pagination';
import { instant, pageSchema } from '../http/response.schemas';
import { cloudAccount } from '../partners/partner.schemas';

const reason = z.string().trim().min(1).max(1000);

/** By name, then id. */
export const CUSTOMERS_ORDER = listOrder('customers', [
  { field: 'name', direction: 'asc', type: 'string' },
  { field: 'id', direction: 'asc', type: 'uuid' },
]);

export const listCustomersQuery = z
  .object({
    ...pageQueryFields(CUSTOMERS_ORDER),
    /** Part of the name (any case), or a cloud account id exactly. */
    q: z.string().trim().min(1).max(200).optional(),
    strategic: z.enum(['true', 'false']).optional(),
  })
  .strict();

export const editCustomerSchema = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    /** Named strategic accounts stay with direct sales under the rules of engagement. */
    strategic: z.boolean().optional(),
    addCloudAccounts: z.array(cloudAccount).max(50).default([]),
    removeCloudAccounts: z.array(cloudAccount).max(50).default([]),
    reason,
  })
  .strict()
  .refine((b) => b.name !== undefined || b.strategic !== undefined || b.addCloudAccounts.length || b.removeCloudAccounts.length, {
    path: ['(body)'],
    message: 'change at least one of name, strategic, addCloudAccounts, removeCloudAccounts',
  });

export type ListCustomersQuery = z.infer<typeof listCustomersQuery>;
export type EditCustomerInput = z.infer<typeof editCustomerSchema>;

/** A customer as the API answers it. */
export const customerView = z.object({
  id: z.uuid(),
  name: z.string(),
  strategic: z.boolean(),
  cloudAccounts: z.array(z.object({ cloud: z.enum(['AWS', 'AZURE', 'GCP']), accountId: z.string() })),
  createdByPartnerId: z.uuid().nullable(),
  createdAt: instant,
});
export type CustomerView = z.output<typeof customerView>;
export const customersPage = pageSchema('customers', customerView, {
  /** A partner's search for an exact account id it does not yet work with: the customer's id, no more. */
  knownAccount: z.object({ customerId: z.uuid(), accountId: z.string().optional() }).optional(),
});
