import { z } from 'zod';
import { cloudAccount } from '../partners/partner.schemas';

const reason = z.string().trim().min(1).max(1000);

export const listCustomersQuery = z
  .object({
    /** Part of the name (any case), or a cloud account id exactly. */
    q: z.string().trim().min(1).max(200).optional(),
    strategic: z.enum(['true', 'false']).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    /** The id of the last customer of the previous page (by name, then id). */
    after: z.string().uuid().optional(),
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
