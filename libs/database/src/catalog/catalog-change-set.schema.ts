import { z } from 'zod';
import { parseStoredJson } from '../stored-json';
import { eulaSchema, storedPricesSchema } from '../offers/offer-terms.schema';

/**
 * The JSON columns of catalog_change_set. The API and listing sync record a
 * set; the private-offers worker sends it, follows it and records its end.
 */

/** One change as the Catalog API takes it (and Azure's configure resources, in Details). */
export const catalogChangeSchema = z.object({
  ChangeType: z.string().min(1),
  Entity: z.object({ Type: z.string().min(1), Identifier: z.string().optional() }),
  ChangeName: z.string().optional(),
  Details: z.union([z.record(z.string(), z.json()), z.array(z.record(z.string(), z.json()))]),
});
export const catalogChangesSchema = z.array(catalogChangeSchema).min(1);
export type StoredCatalogChange = z.infer<typeof catalogChangeSchema>;

/**
 * The changes as the column will hold them (JSON: members left undefined by a
 * builder dropped), checked, so the worker that sends them reads back exactly this.
 */
export function storedChanges(changes: readonly object[]): StoredCatalogChange[] {
  return catalogChangesSchema.parse(JSON.parse(JSON.stringify(changes)));
}

/** One refused change, told the way a partner reads it. */
export const changeProblemSchema = z.object({
  changeType: z.string(),
  /** The draft field the change came from, so a form can point at it. */
  field: z.string(),
  code: z.string(),
  message: z.string(),
});
export const changeProblemsSchema = z.array(changeProblemSchema);
export type ChangeProblem = z.infer<typeof changeProblemSchema>;

/**
 * What an offer update applies to the offer once the marketplace has taken
 * it. Stored as JSON (dates as ISO strings, money as a decimal string of
 * minor units); read back as the values Prisma writes.
 */
export const offerUpdateOnSuccessSchema = z.object({
  offer: z
    .object({
      buyerAccounts: z.array(z.string()).optional(),
      expiresAt: z.iso
        .datetime()
        .transform((at) => new Date(at))
        .optional(),
      contractValueMinor: z
        .string()
        .regex(/^-?\d+$/)
        .transform((minor) => BigInt(minor))
        .optional(),
    })
    .strict(),
  terms: z.object({ name: z.string().optional(), prices: storedPricesSchema.optional(), eula: eulaSchema.optional() }).strict(),
});
/** As written (z.input): strings where the read value is a Date or a bigint. */
export type OfferUpdateOnSuccess = z.input<typeof offerUpdateOnSuccessSchema>;

/** A catalog_change_set row with `changes` and `errors` parsed; `onSuccess` is parsed by the purpose that reads it. */
export function parsedChangeSet<T extends { id: string; changes: unknown; errors: unknown }>(row: T) {
  const changes = parseStoredJson(catalogChangesSchema, row.changes, { table: 'catalog_change_set', id: row.id, field: 'changes' });
  return { ...row, changes, errors: changeProblemsOf(row) };
}

/** A set's per-change errors: none until it has failed. */
export function changeProblemsOf(row: { id: string; errors: unknown }): ChangeProblem[] {
  return parseStoredJson(changeProblemsSchema.nullable(), row.errors, { table: 'catalog_change_set', id: row.id, field: 'errors' }) ?? [];
}

/** The offer update a succeeded OFFER_UPDATE set applies. */
export function offerUpdateOnSuccessOf(row: { id: string; onSuccess: unknown }) {
  return parseStoredJson(offerUpdateOnSuccessSchema, row.onSuccess, { table: 'catalog_change_set', id: row.id, field: 'on_success' });
}
