import { Injectable } from '@nestjs/common';
import { formatMinor, shownOfferState } from '@bridge/domain';
import { partnerScopeOf, type Principal } from '../auth/principal';
import { toCsv, type CsvCell } from '../http/csv.writer';
import { PartnerRepository } from '../partners/partner.repository';
import { DashboardRepository } from './dashboard.repository';
import { DashboardViews } from './dashboard-view.service';

/** An export too large to hold: its rows come in batches as they are read. */
export interface StreamedCsvFile {
  nameParts: string[];
  header: string[];
  batches: AsyncIterable<CsvCell[][]>;
}

export interface CsvFile {
  /** What the file name is made of; csvFileName makes it safe. */
  nameParts: string[];
  body: string;
}

const amount = (minor: bigint | null | undefined, currency: string) => formatMinor(minor ?? 0n, currency);
const iso = (d: Date | null | undefined) => d?.toISOString() ?? '';
const today = () => new Date().toISOString().slice(0, 10);

/**
 * The dashboard's exports, from the same views the pages show (so a partner
 * exports only its own rows). Amounts are exact decimals with their currency
 * in a column of its own, ready for a spreadsheet (csv.writer keeps
 * negative amounts numbers while defusing formulas).
 */
@Injectable()
export class DashboardCsv {
  constructor(
    private readonly views: DashboardViews,
    private readonly partners: PartnerRepository,
    private readonly dashboard: DashboardRepository,
  ) {}

  /** A partner's whole ledger, oldest first, streamed a thousand lines at a time. */
  async credits(principal: Principal, partnerId: string): Promise<StreamedCsvFile | null> {
    const scope = partnerScopeOf(principal);
    const partner = await this.partners.findPartner(scope, partnerId);
    if (!partner) return null;
    return {
      nameParts: ['credits', partner.name, today()],
      header: ['occurred_at', 'source', 'engagement', 'cloud', 'agreement_id', 'share_bps', 'amount', 'currency', 'reason', 'credit_id'],
      batches: mapRows(this.partners.allCredits(scope, partnerId), (e) => [
        iso(e.occurredAt),
        e.source,
        e.engagement,
        e.agreement?.cloud ?? '',
        e.agreement?.marketplaceAgreementId ?? '',
        e.shareBps,
        amount(e.amountMinor, e.currency),
        e.currency,
        e.reason,
        e.id,
      ]),
    };
  }

  async burndown(principal: Principal, commitmentId: string, asOf: Date): Promise<CsvFile | null> {
    const view = await this.views.commitment(principal, commitmentId, asOf);
    if (!view) return null;
    const cur = view.commitment.currency;
    const rows = view.burndown.points.map((p) => [
      p.monthStart.toISOString().slice(0, 7),
      amount(p.drawnMinor, cur),
      amount(p.cumulativeMinor, cur),
      amount(p.partnerDrivenCumulativeMinor, cur),
      amount(p.remainingMinor, cur),
      cur,
    ]);
    return {
      nameParts: ['burndown', view.customerName, view.commitment.kind, asOf.toISOString().slice(0, 10)],
      body: toCsv(['month', 'retired', 'cumulative', 'partner_driven_cumulative', 'remaining', 'currency'], rows),
    };
  }

  /** Every partner's PAR and PIR from the credit rollup, biggest first, streamed. */
  leaderboard(principal: Principal): StreamedCsvFile {
    return {
      nameParts: ['partner-leaderboard', today()],
      header: ['partner', 'persona', 'par', 'pir', 'currency', 'partner_id'],
      batches: mapRows(this.dashboard.allLeaderboardRows(partnerScopeOf(principal)), (r) => [
        r.name,
        r.persona,
        amount(r.par_minor, r.currency),
        amount(r.pir_minor, r.currency),
        r.currency,
        r.partner_id,
      ]),
    };
  }

  async offers(principal: Principal): Promise<CsvFile> {
    const now = new Date();
    const rows = (await this.views.offers(principal)).map((o) => [
      o.id,
      o.cloud,
      o.kind,
      shownOfferState(o.state, o.expiresAt, now),
      o.partner?.name ?? '',
      o.listing.title,
      o.marketplaceOfferId ?? '',
      o.buyerAccounts.join(' '),
      amount(o.contractValueMinor, o.currency),
      o.currency,
      iso(o.expiresAt),
      iso(o.createdAt),
    ]);
    return {
      nameParts: ['offer-pipeline', today()],
      body: toCsv(
        [
          'offer_id',
          'cloud',
          'kind',
          'state',
          'partner',
          'listing',
          'marketplace_offer_id',
          'buyer_accounts',
          'contract_value',
          'currency',
          'expires_at',
          'created_at',
        ],
        rows,
      ),
    };
  }

  /** Every unmatched item, streamed batch by batch. */
  variances(principal: Principal): StreamedCsvFile | null {
    const batches = this.views.variances(principal);
    if (!batches) return null;
    return {
      nameParts: ['reconciliation-variances', today()],
      header: [
        'cloud',
        'transaction_reference_id',
        'status',
        'agreement_id',
        'buyer_account',
        'product_id',
        'expected_gross',
        'fee_bps',
        'expected_net',
        'collected_net',
        'disbursed',
        'variance',
        'currency',
        'explanation',
      ],
      batches: mapRows(batches, (i) => [
        i.cloud,
        i.transactionReferenceId,
        i.status,
        i.marketplaceAgreementId ?? '',
        i.endUserAccountId ?? '',
        i.productId ?? '',
        amount(i.expectedGrossMinor, i.currency),
        i.feeBps,
        amount(i.expectedNetMinor, i.currency),
        amount(i.collectedNetMinor, i.currency),
        amount(i.disbursedMinor, i.currency),
        amount(i.varianceMinor, i.currency),
        i.currency,
        i.explanation,
      ]),
    };
  }
}

async function* mapRows<T>(batches: AsyncIterable<T[]>, row: (item: T) => CsvCell[]): AsyncIterable<CsvCell[][]> {
  for await (const batch of batches) yield batch.map(row);
}
