import { z } from 'zod';
import { parseStoredJson } from '../stored-json';

/**
 * The JSON columns of offer_terms and resale_authorization. Written from the
 * API's validated requests; parsed with these when read, so a reader has the
 * types rather than a cast.
 */

/** A price as stored: the dimension (or Azure plan) key and a decimal string (sub-cent allowed). */
export const storedPriceSchema = z.object({ key: z.string().min(1), price: z.string().regex(/^\d+(\.\d+)?$/) });
export const storedPricesSchema = z.array(storedPriceSchema);
export type StoredPrice = z.infer<typeof storedPriceSchema>;

/** Instalments; the dates are not checked again on reading (a first date may have passed since). */
export const storedPaymentScheduleSchema = z.array(z.object({ chargeDate: z.string(), amount: z.string().regex(/^\d+(\.\d+)?$/) }));
export type StoredPaymentSchedule = z.infer<typeof storedPaymentScheduleSchema>;

/** The EULA an offer or authorization names: the schema requests are checked with and rows are read with. */
export const eulaSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('StandardEula') }).strict(),
  z.object({ type: z.literal('CustomEula'), url: z.url({ protocol: /^https$/, message: 'must be an https URL' }) }).strict(),
]);
export type Eula = z.infer<typeof eulaSchema>;

/** An offer_terms row with its JSON columns parsed: read every row through this. */
export function parsedOfferTerms<T extends { offerId: string; prices: unknown; paymentSchedule: unknown; eula: unknown }>(row: T) {
  const at = (field: string) => ({ table: 'offer_terms', id: row.offerId, field });
  return {
    ...row,
    prices: parseStoredJson(storedPricesSchema, row.prices, at('prices')),
    paymentSchedule: parseStoredJson(storedPaymentScheduleSchema.nullable(), row.paymentSchedule, at('payment_schedule')),
    eula: parseStoredJson(eulaSchema, row.eula, at('eula')),
  };
}

/** A resale_authorization row with its JSON columns parsed: read every row through this. */
export function parsedResaleAuthorization<T extends { id: string; prices: unknown; eula: unknown }>(row: T) {
  const at = (field: string) => ({ table: 'resale_authorization', id: row.id, field });
  return {
    ...row,
    prices: parseStoredJson(storedPricesSchema, row.prices, at('prices')),
    eula: parseStoredJson(eulaSchema, row.eula, at('eula')),
  };
}
