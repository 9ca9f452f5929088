import { z } from 'zod';

/** An instant as the API writes it (ISO 8601, UTC). */
export const instant = z.iso.datetime();

/** A calendar day, `YYYY-MM-DD`. */
export const calendarDay = z.iso.date();

/** Money as every answer carries it: exact minor units as a string, the decimal people read, and the currency. */
export const moneySchema = z.object({
  amountMinor: z.string().regex(/^-?\d+$/),
  amount: z.string().regex(/^-?\d+(\.\d+)?$/),
  currency: z.string(),
});
export type Money = z.output<typeof moneySchema>;

/** Any JSON value kept as it was stored or received (a marketplace payload, an audit entry's data). */
export const jsonValue = z.unknown().describe('any JSON value, as stored');

/** Where a cursor page ends: pass `nextCursor` as `cursor` for the next page; null on the last. */
export const pageInfoSchema = z.object({ limit: z.number().int(), nextCursor: z.string().nullable() });

/**
 * One page of a list (the shape `Paginated` documents): the rows under
 * `itemsField`, `page`, and any fields the list adds (its totals, its view).
 */
export function pageSchema<Field extends string, Item extends z.ZodType, Extra extends z.ZodRawShape = Record<never, never>>(
  itemsField: Field,
  item: Item,
  extra?: Extra,
) {
  return z.object({ ...(extra ?? ({} as Extra)), [itemsField]: z.array(item), page: pageInfoSchema } as Extra & {
    [K in Field]: z.ZodArray<Item>;
  } & { page: typeof pageInfoSchema });
}

/** What every refused or failed request answers (4xx and 5xx), whichever route refused it. */
export const apiErrorSchema = z
  .looseObject({
    statusCode: z.number().int(),
    error: z.string().describe('the HTTP reason phrase'),
    message: z.string(),
    details: z
      .array(
        z.looseObject({
          field: z.string().describe('the field at fault: a dotted path in the body, a query or path parameter, `(body)`, `(request)`'),
          reason: z.string(),
        }),
      )
      .describe('each field at fault and why (empty when no one field is)'),
  })
  .meta({ title: 'ApiError' });
