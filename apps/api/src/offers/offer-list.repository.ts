import { Injectable } from '@nestjs/common';
import { Prisma, type Cloud } from '@bridge/database';
import { LIVE_OFFER_STATES } from '@bridge/domain';
import { keysetSql, orderBySql, pageOf, type ListOrder, type PageRequest } from '@bridge/pagination';
import { PgPool } from '@bridge/postgres';
import type { PresentableOffer } from './offer.presenter';
import { OFFERS_ORDER } from './offer.repository';
import { storedEula, storedPaymentSchedule } from './stored-terms.reader';

export interface OfferListFilter {
  state?: string;
  cloud?: Cloud;
  partnerId?: string;
}

/**
 * The offers list: one page in one SQL statement on the pg pool (the offer,
 * its terms, listing and dimensions, and the agreement it replaces, joined),
 * reading only the columns the list shows. The offer's (created_at, id) index
 * (or (partner_id, created_at, id) for one partner) is read backwards from the
 * cursor, so a page costs a seek and its rows however many offers there are.
 * The terms' JSON columns are not parsed again: they were written from the
 * API's validated requests, and are only put back in the order of their fields.
 */
@Injectable()
export class OfferListRepository {
  constructor(private readonly pg: PgPool) {}

  /**
   * A page of private and channel offers a caller of this scope (a partner id, or null for staff) may see.
   * The state filter is the state as shown: EXPIRED includes live offers past their expiry, PUBLISHED excludes them.
   */
  async page(scope: string | null, filter: OfferListFilter, request: PageRequest, now = new Date(), order: ListOrder = OFFERS_ORDER) {
    const keys = order.keys.map((key) => ({ ...key, field: OFFER_COLUMNS[key.field]! }));
    const partnerId = scope ?? filter.partnerId ?? null;
    const statement = Prisma.sql`
      SELECT o.id, o.kind::text AS kind, o.state::text AS state, o.cloud::text AS cloud, o.partner_id, o.marketplace_offer_id,
             o.resale_authorization_id, o.buyer_accounts, o.contract_value_minor, o.currency,
             o.expires_at AT TIME ZONE 'UTC' AS expires_at, o.created_at AT TIME ZONE 'UTC' AS created_at,
             o.updated_at AT TIME ZONE 'UTC' AS updated_at,
             l.id AS listing_id, l.product_id, l.title,
             (SELECT COALESCE(json_agg(json_build_object('key', d.key, 'unit', d.unit)), '[]')
                FROM listing_dimension d WHERE d.listing_id = l.id) AS dimensions,
             r.id AS replaces_id, r.marketplace_agreement_id AS replaces_marketplace_agreement_id,
             t.offer_id AS terms_offer_id, t.name, t.pricing_model, t.prices, t.duration_months, t.payment_schedule, t.eula,
             trim_scale(t.markup_percent)::text AS markup_percent, t.resale_grant_id,
             t.agreement_end_date::timestamp AT TIME ZONE 'UTC' AS agreement_end_date, t.opportunity_id
        FROM offer o
        JOIN listing l ON l.id = o.listing_id
        LEFT JOIN offer_terms t ON t.offer_id = o.id
        LEFT JOIN agreement r ON r.id = o.replaces_agreement_id
       WHERE o.kind <> 'PUBLIC'
         AND ${partnerId ? Prisma.sql`o.partner_id = ${partnerId}::uuid` : Prisma.sql`TRUE`}
         AND ${filter.cloud ? Prisma.sql`o.cloud::text = ${filter.cloud}` : Prisma.sql`TRUE`}
         AND ${shownStateSql(filter.state, now)}
         AND ${keysetSql(keys, request.cursor)}
       ${orderBySql(keys)} LIMIT ${request.limit + 1}`;
    // Its text holds only the filters asked for: each connection prepares each shape once and keeps its plan.
    const rows = await this.pg.prepared<OfferListRow>(order.list, statement);
    return pageOf(order.list, order.keys, rows.map(toOffer), request.limit, (o) => [o.createdAt, o.id]);
  }
}

/** The offer's columns for the order keys (named as the Prisma fields). */
const OFFER_COLUMNS: Record<string, string> = { createdAt: 'o.created_at', id: 'o.id' };

/** The state as shown, read from the clock as well (see shownOfferState); `now` bound as UTC text, as the columns hold it. */
function shownStateSql(state: string | undefined, now: Date): Prisma.Sql {
  if (!state) return Prisma.sql`TRUE`;
  const at = now.toISOString();
  const live = Prisma.join([...LIVE_OFFER_STATES].map((s) => Prisma.sql`${s}`));
  if (state === 'EXPIRED') return Prisma.sql`(o.state = 'EXPIRED' OR (o.state::text IN (${live}) AND o.expires_at <= ${at}::timestamp))`;
  if (!(LIVE_OFFER_STATES as readonly string[]).includes(state)) return Prisma.sql`o.state::text = ${state}`;
  return Prisma.sql`(o.state::text = ${state} AND (o.expires_at IS NULL OR o.expires_at > ${at}::timestamp))`;
}

/** A row as the list's SQL reads it (PgPool's read types: bigint as bigint, JSON parsed, timestamps as instants). */
interface OfferListRow {
  id: string;
  kind: PresentableOffer['kind'];
  state: PresentableOffer['state'];
  cloud: PresentableOffer['cloud'];
  partner_id: string | null;
  marketplace_offer_id: string | null;
  resale_authorization_id: string | null;
  buyer_accounts: string[];
  contract_value_minor: bigint;
  currency: string;
  expires_at: Date | null;
  created_at: Date;
  updated_at: Date;
  listing_id: string;
  product_id: string;
  title: string;
  dimensions: { key: string; unit: string }[];
  replaces_id: string | null;
  replaces_marketplace_agreement_id: string | null;
  terms_offer_id: string | null;
  name: string;
  pricing_model: string;
  prices: { key: string; price: string }[];
  duration_months: number;
  payment_schedule: unknown;
  eula: unknown;
  markup_percent: string | null;
  resale_grant_id: string | null;
  agreement_end_date: Date | null;
  opportunity_id: string | null;
}

function toOffer(row: OfferListRow): PresentableOffer & { createdAt: Date; id: string } {
  return {
    id: row.id,
    kind: row.kind,
    state: row.state,
    cloud: row.cloud,
    partnerId: row.partner_id,
    listing: { id: row.listing_id, productId: row.product_id, title: row.title, dimensions: row.dimensions },
    marketplaceOfferId: row.marketplace_offer_id,
    resaleAuthorizationId: row.resale_authorization_id,
    replacesAgreement:
      row.replaces_id !== null ? { id: row.replaces_id, marketplaceAgreementId: row.replaces_marketplace_agreement_id! } : null,
    buyerAccounts: row.buyer_accounts,
    contractValueMinor: row.contract_value_minor,
    currency: row.currency,
    expiresAt: row.expires_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    terms:
      row.terms_offer_id === null
        ? null
        : {
            name: row.name,
            pricingModel: row.pricing_model,
            prices: row.prices,
            durationMonths: row.duration_months,
            paymentSchedule: storedPaymentSchedule(row.payment_schedule),
            eula: storedEula(row.eula),
            markupPercent: row.markup_percent,
            resaleGrantId: row.resale_grant_id,
            agreementEndDate: row.agreement_end_date,
            opportunityId: row.opportunity_id,
          },
  };
}
