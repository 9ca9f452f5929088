import type { z } from 'zod';
import { Controller, Get, Headers, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { partnerNetRevenue } from '@bridge/domain';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import { ROLES_FOR } from '../auth/role-table';
import { partnerScopeOf, type Principal } from '../auth/principal';
import { ApiError } from '../http/api-error';
import { streamCsv, wantsCsv } from '../http/csv.writer';
import { Paginated } from '../http/paginated.decorator';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { pageOf, type KeyValue } from '@bridge/pagination';
import { presentAmount } from '../partners/credit.presenter';
import { ReconciliationViewRepository, type ItemRow, type UninvoicedRow } from './reconciliation-view.repository';
import {
  cloudParam,
  ITEMS_ORDER,
  UNINVOICED_ORDER,
  formatQuery,
  listQuery,
  pageQuery,
  periodQuery,
  type ListQuery,
  type PageQuery,
  type PeriodQuery,
  disbursedPerPeriodView,
  disbursementView,
  itemDetailView,
  itemsPage,
  partnerRevenueView,
  uninvoicedPage,
} from './reconciliation.schemas';
import { Responds, RespondsJsonOrCsv } from '../http/responds.decorator';

type ItemView = 'items' | 'invoiced-not-collected' | 'collected-not-disbursed';
const ITEM_COLUMNS = [
  'cloud',
  'transactionReferenceId',
  'agreementId',
  'buyerAccountId',
  'productId',
  'invoiceDate',
  'status',
  'amount',
  'varianceAmount',
  'currency',
  'explanation',
];
const cloudPipe = new ZodValidationPipe(cloudParam, 'cloud');

/**
 * What finance reads: every view as JSON (cursor pages: pass `cursor` =
 * the previous page's `page.nextCursor`) or, with `?format=csv` or `Accept: text/csv`,
 * as one CSV file of the whole view.
 */
@ApiTags('reconciliation')
@ApiBearerAuth()
@ApiProduces('application/json', 'text/csv')
@Controller('v1/reconciliation')
@Roles(...ROLES_FOR.reconciliation)
export class ReconciliationViewsController {
  constructor(private readonly views: ReconciliationViewRepository) {}

  @Get('items')
  @Paginated('items', 'cloud, then transaction reference id')
  @RespondsJsonOrCsv(itemsPage, 'A page of every reconciliation item')
  items(@Query(new ZodValidationPipe(listQuery)) query: ListQuery, @Headers('accept') accept: string, @Res() response: Response) {
    return this.itemView('items', query, accept, response);
  }

  @Get('invoiced-not-collected')
  @Paginated('items', 'cloud, then transaction reference id')
  @RespondsJsonOrCsv(itemsPage, 'A page of items invoiced but not collected')
  invoicedNotCollected(
    @Query(new ZodValidationPipe(listQuery)) query: ListQuery,
    @Headers('accept') accept: string,
    @Res() response: Response,
  ) {
    return this.itemView('invoiced-not-collected', query, accept, response);
  }

  @Get('collected-not-disbursed')
  @Paginated('items', 'cloud, then transaction reference id')
  @RespondsJsonOrCsv(itemsPage, 'A page of items collected but not disbursed')
  collectedNotDisbursed(
    @Query(new ZodValidationPipe(listQuery)) query: ListQuery,
    @Headers('accept') accept: string,
    @Res() response: Response,
  ) {
    return this.itemView('collected-not-disbursed', query, accept, response);
  }

  /** Sold but never invoiced: every agreement with a value that no billing feed row has reached yet. */
  @Get('sold-not-invoiced')
  @Paginated('agreements', 'cloud, then marketplace agreement id')
  @RespondsJsonOrCsv(uninvoicedPage, 'A page of agreements sold but not invoiced')
  async soldNotInvoiced(
    @Query(new ZodValidationPipe(pageQuery)) query: PageQuery,
    @Headers('accept') accept: string,
    @Res() response: Response,
  ) {
    if (wantsCsv(query.format, accept)) return streamCsv(response, 'sold-not-invoiced', UNINVOICED_COLUMNS, this.allUninvoiced());
    const rows = await this.views.soldNotInvoiced({ cursor: query.cursor, limit: query.limit + 1 });
    const { rows: agreements, page } = pageOf(UNINVOICED_ORDER.list, UNINVOICED_ORDER.keys, rows, query.limit, uninvoicedKey);
    response.json({ view: 'sold-not-invoiced', agreements: agreements.map(presentUninvoiced), page });
  }

  @Get('items/:cloud/:reference')
  @Responds(200, itemDetailView, 'The item: expected, invoiced, collected, disbursed and the variance')
  async item(
    @Param('cloud', cloudPipe) cloud: 'aws' | 'azure',
    @Param('reference') reference: string,
  ): Promise<z.output<typeof itemDetailView>> {
    const item = await this.views.item(cloud.toUpperCase(), reference);
    if (!item) throw ApiError.notFound(`item ${reference}`);
    const m = (minor: bigint) => presentAmount(minor, item.currency);
    return {
      cloud: item.cloud,
      transactionReferenceId: item.transactionReferenceId,
      agreementId: item.marketplaceAgreementId,
      matchedBy: item.matchedBy,
      status: item.status,
      explanation: item.explanation,
      feeBps: item.feeBps,
      feeReason: item.feeReason,
      expectedGross: m(item.expectedGrossMinor),
      expectedNet: m(item.expectedNetMinor),
      invoicedGross: m(item.invoicedGrossMinor),
      fee: m(item.feeMinor),
      refunds: m(item.refundsMinor),
      tax: m(item.taxMinor),
      uncollected: m(item.uncollectedMinor),
      collectedNet: m(item.collectedNetMinor),
      disbursed: m(item.disbursedMinor),
      variance: m(item.varianceMinor),
      rows: item.rowCount,
      supersededRows: item.supersededRows,
    };
  }

  @Get('disbursements')
  @RespondsJsonOrCsv(disbursedPerPeriodView, 'Disbursed per period and cloud')
  async perPeriod(
    @Query(new ZodValidationPipe(periodQuery)) query: PeriodQuery,
    @Headers('accept') accept: string,
    @Res() response: Response,
  ) {
    const rows = await this.views.disbursedPerPeriod(
      query.period,
      query.from ? new Date(query.from) : null,
      query.to ? new Date(query.to) : null,
    );
    const flat = rows.map((r) => ({
      period: r.period.toISOString().slice(0, query.period === 'month' ? 7 : 10),
      cloud: r.cloud,
      disbursements: r.disbursements,
      amount: presentAmount(r.stated_minor, r.currency).amount,
      itemsAmount: presentAmount(r.items_minor, r.currency).amount,
      currency: r.currency,
    }));
    if (wantsCsv(query.format, accept))
      return streamCsv(
        response,
        `disbursed-per-${query.period}`,
        Object.keys(flat[0] ?? { period: 0, cloud: 0, disbursements: 0, amount: 0, itemsAmount: 0, currency: 0 }),
        once(flat),
      );
    response.json({
      period: query.period,
      periods: rows.map((r, i) => ({
        ...flat[i],
        amount: presentAmount(r.stated_minor, r.currency),
        itemsAmount: presentAmount(r.items_minor, r.currency),
      })),
    });
  }

  /** A lump sum broken into the items it pays; its stated amount beside the sum of the items. */
  @Get('disbursements/:cloud/:id')
  @RespondsJsonOrCsv(disbursementView, 'The disbursement and the items it pays')
  async disbursement(
    @Param('cloud', cloudPipe) cloud: 'aws' | 'azure',
    @Param('id') id: string,
    @Query(new ZodValidationPipe(formatQuery)) query: { format?: 'json' | 'csv' },
    @Headers('accept') accept: string,
    @Res() response: Response,
  ) {
    const found = await this.views.disbursement(cloud.toUpperCase(), id);
    if (!found) throw ApiError.notFound(`disbursement ${id}`);
    const { lump, lines } = found;
    const items = lines.map((l) => ({
      transactionReferenceId: l.transaction_reference_id,
      agreementId: l.marketplace_agreement_id,
      status: l.status,
      net: presentAmount(l.net_minor, l.currency),
      gross: presentAmount(l.gross_minor, l.currency),
      fee: presentAmount(l.fee_minor, l.currency),
      explanation: l.explanation,
    }));
    if (wantsCsv(query.format, accept)) {
      const flat = items.map((i) => ({ ...i, net: i.net.amount, gross: i.gross.amount, fee: i.fee.amount, currency: lump.currency }));
      return streamCsv(
        response,
        `disbursement-${id}`,
        ['transactionReferenceId', 'agreementId', 'status', 'gross', 'fee', 'net', 'currency', 'explanation'],
        once(flat),
      );
    }
    const stated = lump.statedMinor ?? lump.itemsMinor;
    response.json({
      disbursementId: lump.disbursementId,
      cloud: lump.cloud,
      disbursedOn: lump.disbursedOn?.toISOString().slice(0, 10) ?? null,
      bankTraceId: lump.bankTraceId,
      amount: presentAmount(stated, lump.currency),
      itemsTotal: presentAmount(lump.itemsMinor, lump.currency),
      unexplained: presentAmount(stated - lump.itemsMinor, lump.currency),
      items,
    });
  }

  /**
   * Net revenue per partner: each credit scaled to what the marketplace
   * actually paid out for its agreement (disbursed gross / expected gross),
   * rounded half-even per agreement.
   */
  @Get('partner-revenue')
  @RespondsJsonOrCsv(partnerRevenueView, 'Credited and received revenue per partner')
  async partnerRevenue(
    @CurrentPrincipal() principal: Principal,
    @Query(new ZodValidationPipe(formatQuery)) query: { format?: 'json' | 'csv' },
    @Headers('accept') accept: string,
    @Res() response: Response,
  ) {
    const rows = await this.views.partnerCredits(partnerScopeOf(principal));
    const partners = partnerNetRevenue(
      rows.map((r) => ({
        partnerId: r.partner_id,
        partnerName: r.partner_name,
        currency: r.currency,
        creditedMinor: r.credited_minor,
        expectedGrossMinor: r.expected_gross_minor,
        disbursedGrossMinor: r.disbursed_gross_minor,
      })),
    ).map((p) => ({
      partnerId: p.partnerId,
      partnerName: p.partnerName,
      currency: p.currency,
      credited: p.creditedMinor,
      received: p.receivedMinor,
    }));
    if (wantsCsv(query.format, accept)) {
      const flat = partners.map((p) => ({
        ...p,
        credited: presentAmount(p.credited, p.currency).amount,
        received: presentAmount(p.received, p.currency).amount,
        difference: presentAmount(p.received - p.credited, p.currency).amount,
      }));
      return streamCsv(
        response,
        'partner-revenue',
        ['partnerId', 'partnerName', 'credited', 'received', 'difference', 'currency'],
        once(flat),
      );
    }
    response.json({
      partners: partners.map((p) => ({
        partnerId: p.partnerId,
        partnerName: p.partnerName,
        credited: presentAmount(p.credited, p.currency),
        received: presentAmount(p.received, p.currency),
        difference: presentAmount(p.received - p.credited, p.currency),
      })),
    });
  }

  private async itemView(view: ItemView, query: ListQuery, accept: string | undefined, response: Response) {
    if (wantsCsv(query.format, accept)) return streamCsv(response, view, ITEM_COLUMNS, this.allPages(view, query));
    const rows = await this.views.items(view, { status: query.status, cursor: query.cursor, limit: query.limit + 1 });
    const { rows: items, page } = pageOf(ITEMS_ORDER.list, ITEMS_ORDER.keys, rows, query.limit, itemKey);
    response.json({ view, items: items.map(presentItem), page });
  }

  private allUninvoiced() {
    return keysetPages(
      (cursor) => this.views.soldNotInvoiced({ cursor, limit: 5000 }),
      uninvoicedKey,
      (r) => {
        const p = presentUninvoiced(r);
        return { ...p, value: p.value.amount, currency: r.currency };
      },
    );
  }

  private allPages(view: ItemView, query: ListQuery) {
    return keysetPages((cursor) => this.views.items(view, { status: query.status, cursor, limit: 5000 }), itemKey, flatItem);
  }
}

const itemKey = (r: ItemRow) => [r.cloud, r.transaction_reference_id];
const uninvoicedKey = (r: UninvoicedRow) => [r.cloud, r.marketplace_agreement_id];

/** Every page of a keyset-paginated list, flattened for CSV: `fetch(after)` until a page comes back empty. */
async function* keysetPages<Row>(
  fetch: (after: KeyValue[] | null) => Promise<Row[]>,
  keyOf: (row: Row) => KeyValue[],
  flat: (row: Row) => Record<string, unknown>,
) {
  let after: KeyValue[] | null = null;
  for (;;) {
    const rows = await fetch(after);
    if (rows.length === 0) return;
    yield rows.map(flat);
    after = keyOf(rows[rows.length - 1]);
  }
}

async function* once(rows: Record<string, unknown>[]) {
  yield rows;
}

const UNINVOICED_COLUMNS = ['cloud', 'agreementId', 'buyerAccountId', 'productId', 'agreementStatus', 'acceptedOn', 'value', 'currency'];

function presentUninvoiced(r: UninvoicedRow) {
  return {
    cloud: r.cloud,
    agreementId: r.marketplace_agreement_id,
    buyerAccountId: r.acceptor_account_id,
    productId: r.product_id,
    agreementStatus: r.status,
    acceptedOn: r.accepted_at.toISOString().slice(0, 10),
    value: presentAmount(r.value_minor, r.currency),
  };
}

function presentItem(r: ItemRow) {
  return {
    cloud: r.cloud,
    transactionReferenceId: r.transaction_reference_id,
    agreementId: r.marketplace_agreement_id,
    buyerAccountId: r.end_user_account_id,
    productId: r.product_id,
    invoiceDate: r.first_invoice_date?.toISOString().slice(0, 10) ?? null,
    status: r.status,
    amount: presentAmount(r.amount_minor, r.currency),
    variance: presentAmount(r.variance_minor, r.currency),
    explanation: r.explanation,
  };
}

function flatItem(r: ItemRow): Record<string, unknown> {
  const p = presentItem(r);
  return { ...p, amount: p.amount.amount, varianceAmount: p.variance.amount, currency: r.currency };
}
