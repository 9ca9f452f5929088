import { Readable } from 'node:stream';
import { queryDatabase } from '@bridge/testing';
import { billingEventExample, billingEventFeedCsv } from '../../../test/fixtures/aws/data-feeds/billing-event-feed';
import { awsFeed, invoiced, lumpSum, type AwsFeedLine } from './billing-feed.fixtures';
import { FeedIntakeService } from './feed-intake.service';
import { InstalmentRejudgeService } from './instalment-rejudge.service';
import { ItemMatchService } from './item-match.service';
import { DATABASE_URL, reconciliationHarness, type ItemRow } from './reconciliation.int-harness';

describe('reconciling billing feeds against agreements (real PostgreSQL)', () => {
  const { app, imports, agreement, importFeed, items, count } = reconciliationHarness();

  it('gives every variance kind its status, amount and words (worked out by hand, 3% private offers under $1M)', async () => {
    await agreement('agmt-match', '1000000'); // $10,000.00: fee $300.00, net $9,700.00
    await agreement('agmt-short', '200000'); // $2,000.00: fee $60.00, net $1,940.00
    await agreement('agmt-over', '100000'); // $1,000.00: fee $30.00, net $970.00
    await agreement('agmt-fee', '400000'); // $4,000.00: fee $120.00 expected, $140.00 (3.5%) taken
    await agreement('agmt-refund', '600000'); // $6,000.00: fee $180.00, half refunded
    await agreement('agmt-cppo', '2000000', { resale: 'ra-1' }); // $20,000.00 channel: 3% + 0.5% = $700.00
    await agreement('agmt-renew', '5000000', { intent: 'RENEW' }); // $50,000.00 renewal: 1.5% = $750.00
    const pay = (seller: string, fee: string) => ({ seller, fee, disbursement: 'disb-1' });
    const result = await importFeed(
      awsFeed([
        ...invoiced('agmt-match', '10000.00', '-300.00', pay('10000.00', '-300.00')),
        ...invoiced('agmt-short', '2000.00', '-60.00', pay('1900.00', '-60.00')),
        ...invoiced('agmt-over', '1000.00', '-30.00', pay('1010.00', '-30.00')),
        ...invoiced('agmt-fee', '4000.00', '-140.00', pay('4000.00', '-140.00')),
        ...invoiced('agmt-refund', '6000.00', '-180.00', pay('6000.00', '-180.00')),
        { id: 'agmt-refund-rs', ref: 'agmt-refund', type: 'SELLER_REV_SHARE_REFUND', amount: '-3000.00' },
        { id: 'agmt-refund-rf', ref: 'agmt-refund', type: 'AWS_REV_SHARE_REFUND', amount: '90.00' },
        {
          id: 'agmt-refund-drs',
          ref: 'agmt-refund',
          action: 'DISBURSED',
          type: 'SELLER_REV_SHARE_REFUND',
          amount: '3000.00',
          parent: 'agmt-refund-rs',
          disbursement: 'disb-1',
        },
        {
          id: 'agmt-refund-drf',
          ref: 'agmt-refund',
          action: 'DISBURSED',
          type: 'AWS_REV_SHARE_REFUND',
          amount: '-90.00',
          parent: 'agmt-refund-rf',
          disbursement: 'disb-1',
        },
        ...invoiced('agmt-ghost', '500.00', '-15.00', pay('500.00', '-15.00')),
        ...invoiced('agmt-cppo', '20000.00', '-700.00', pay('20000.00', '-700.00')),
        ...invoiced('agmt-renew', '50000.00', '-750.00', pay('50000.00', '-750.00')),
        // 9,700 + 1,840 + 980 + 3,860 + 2,910 + 485 + 19,300 + 49,250 = 88,325.00 paid out
        lumpSum('disb-1', '88325.00'),
      ]),
    );
    expect(result).toMatchObject({ status: 'COMPLETED', items: 8, superseded: 0 });

    const byRef = await items();
    const verdict = (ref: string) => {
      const i = byRef.get(ref) as ItemRow;
      return [i.status, i.variance_minor, i.fee_bps];
    };
    expect(verdict('agmt-match')).toEqual(['MATCHED', '0', 300]);
    expect(verdict('agmt-short')).toEqual(['SHORT_PAID', '-10000', 300]); // 1,840.00 paid of 1,940.00
    expect(verdict('agmt-over')).toEqual(['OVER_PAID', '1000', 300]); // 980.00 paid of 970.00
    expect(verdict('agmt-fee')).toEqual(['FEE_MISMATCH', '-2000', 300]); // 3,860.00 paid of 3,880.00
    expect(verdict('agmt-refund')).toEqual(['REFUND', '-291000', 300]); // 2,910.00 paid of 5,820.00
    expect(verdict('agmt-ghost')).toEqual(['UNMATCHED', '48500', 0]); // nothing expected, 485.00 paid
    expect(verdict('agmt-cppo')).toEqual(['MATCHED', '0', 350]);
    expect(verdict('agmt-renew')).toEqual(['MATCHED', '0', 150]);

    expect(byRef.get('agmt-short')?.explanation).toBe(
      'agreement agmt-short (private offer under $1M: 3%, matched by agreement_id): expected 2000.00 USD gross less 60.00 USD fee (3%) = ' +
        '1940.00 USD; feed: invoiced 2000.00 USD, fee -60.00 USD, refunds 0.00 USD, disbursed 1840.00 USD; ' +
        '100.00 USD of the invoiced net is not disbursed yet; short by 100.00 USD',
    );
    expect(byRef.get('agmt-fee')?.explanation).toMatch(
      /the fee charged, 140.00 USD, is not 3% of the 4000.00 USD invoiced \(120.00 USD\): 20.00 USD too much/,
    );
    expect(byRef.get('agmt-refund')?.explanation).toMatch(/a refund of 2910.00 USD reduces what is paid out/);
    expect(byRef.get('agmt-ghost')?.explanation).toMatch(
      /^the billing feed has agmt-ghost but no agreement has the agreement_id its rows name/,
    );
    expect(byRef.get('agmt-cppo')?.explanation).toMatch(/private offer under \$1M: 3%, plus 0.5% for a channel offer/);

    const [lump] = await queryDatabase<{ stated_minor: string; items_minor: string; item_count: number }>(
      DATABASE_URL,
      'SELECT * FROM reconciliation_disbursement',
    );
    expect(lump).toMatchObject({ stated_minor: '8832500', items_minor: '8832500', item_count: 8 });
  });

  it("reconciles the documentation's own manufacturer example: a channel sale invoiced, then paid 72.65 in one lump sum", async () => {
    // The manufacturer's feed (test/fixtures/aws/data-feeds/billing-event.manufacturer.json): the reseller is invoiced 73.50 for the
    // manufacturer's share with 6.50 of tax, less a 7.35 listing fee (10%: the page predates today's fees); then all of it is paid.
    const example = billingEventExample('manufacturer').message;
    const unshown = { agreementId: 'agmt-doc-cppo', transactionReferenceId: 'txn-doc-cppo', currency: 'USD' };
    // The reseller's price, 77.175 at a 5% markup over the manufacturer's 73.50, is what the agreement is worth.
    await agreement('agmt-doc-cppo', '7718', { resale: 'ra-doc' });
    await queryDatabase(
      DATABASE_URL,
      `WITH listing AS (
         INSERT INTO listing (id, cloud, product_id, title, updated_at) VALUES (gen_random_uuid(), 'AWS', 'prod-1', 'Product one', now())
         ON CONFLICT (cloud, product_id) DO UPDATE SET title = excluded.title RETURNING id
       )
       INSERT INTO offer (id, cloud, kind, state, listing_id, marketplace_offer_id, buyer_accounts, contract_value_minor, currency, updated_at)
       SELECT gen_random_uuid(), 'AWS', 'CHANNEL', 'PUBLISHED', listing.id, 'offer-doc-cppo', ARRAY['777788889999'], 7718, 'USD', now() FROM listing`,
    );
    await queryDatabase(
      DATABASE_URL,
      `INSERT INTO offer_terms (offer_id, name, pricing_model, prices, duration_months, eula, created_by, markup_percent)
       SELECT id, 'Channel', 'Contract', '[]', 12, '{"type":"StandardEula"}', 'test', 5.0 FROM offer WHERE marketplace_offer_id = 'offer-doc-cppo'`,
    );
    await queryDatabase(
      DATABASE_URL,
      `UPDATE agreement SET offer_id = (SELECT id FROM offer WHERE marketplace_offer_id = 'offer-doc-cppo')`,
    );

    await importFeed(billingEventFeedCsv(example.atInvoicing, unshown));
    const invoicedOnly = (await items()).get('txn-doc-cppo') as ItemRow & Record<string, string>;
    // Owed, nothing paid yet: 73.50 less 7.35 is the seller's balance; the tax is kept apart.
    expect([invoicedOnly.invoiced_gross_minor, invoicedOnly.fee_minor, invoicedOnly.tax_minor, invoicedOnly.collected_net_minor]).toEqual([
      '7350',
      '-735',
      '650',
      '6615',
    ]);
    expect(invoicedOnly.disbursed_minor).toBe('0');

    // The month's file the next day: the same three events, then the payment.
    await importFeed(billingEventFeedCsv([...example.atInvoicing, ...example.afterPayment], unshown));
    const paid = (await items()).get('txn-doc-cppo') as ItemRow & Record<string, string>;
    expect([paid.disbursed_minor, paid.disbursed_gross_minor, paid.collected_net_minor]).toEqual(['6615', '7350', '6615']);
    // Matched by the feed's agreement_id, expected at the manufacturer's share, and the fee is not today's 3.5% of it.
    expect(paid.status).toBe('FEE_MISMATCH');
    expect(paid.explanation).toMatch(
      /^agreement agmt-doc-cppo \(.*a channel sale: the manufacturer's share of 77.18 USD less the reseller's 5(\.0+)?% markup, matched by agreement_id\)/,
    );
    expect(paid.explanation).toMatch(/expected 73.50 USD gross/);
    const [lump] = await queryDatabase<{ disbursement_id: string; stated_minor: string; items_minor: string }>(
      DATABASE_URL,
      'SELECT disbursement_id, stated_minor::text, items_minor::text FROM reconciliation_disbursement',
    );
    // The lump sum as the feed states it, and what its rows paid (the seller's tax share included): both 72.65.
    expect(lump).toEqual({ disbursement_id: 'be-manufacturer-i33', stated_minor: '7265', items_minor: '7265' });
  });

  it('counts what a failed disbursement paid as not disbursed, once, whether its failure comes with the items or on its own', async () => {
    await agreement('agmt-f1', '100000'); // $1,000.00: fee $30.00, net $970.00
    await agreement('agmt-f2', '100000');
    const failure = (id: string): AwsFeedLine => ({
      id,
      action: 'DISBURSED',
      type: 'DISBURSEMENT_FAILURE',
      amount: '-970.00',
      parent: 'disb-f2',
    });
    const paid = (ref: string, disbursement: string) =>
      invoiced(ref, '1000.00', '-30.00', { seller: '1000.00', fee: '-30.00', disbursement });
    // Each paid by a lump sum of its own.
    await importFeed(
      awsFeed([...paid('agmt-f1', 'disb-f1'), lumpSum('disb-f1', '970.00'), ...paid('agmt-f2', 'disb-f2'), lumpSum('disb-f2', '970.00')]),
    );
    expect([...(await items()).values()].map((i) => i.status)).toEqual(['MATCHED', 'MATCHED']);

    // Next month's file says disb-f2 failed: agmt-f2, which that file does not mention, is judged again with nothing disbursed.
    const nextMonth = [failure('fail-f2')];
    await importFeed(awsFeed(nextMonth));
    let byRef = await items();
    expect([byRef.get('agmt-f2')?.status, byRef.get('agmt-f2')?.disbursed_minor, byRef.get('agmt-f2')?.variance_minor]).toEqual([
      'SHORT_PAID',
      '0',
      '-97000',
    ]);
    expect(byRef.get('agmt-f1')?.status).toBe('MATCHED');
    const lumps = await queryDatabase<{ disbursement_id: string; failed_by: string | null }>(
      DATABASE_URL,
      'SELECT disbursement_id, failed_by FROM reconciliation_disbursement ORDER BY 1',
    );
    expect(lumps).toEqual([
      { disbursement_id: 'disb-f1', failed_by: null },
      { disbursement_id: 'disb-f2', failed_by: 'fail-f2' },
    ]);

    // That file again, longer: the failure is the same event, not a second one; and the month's first file again, with it.
    await importFeed(awsFeed([...nextMonth, ...invoiced('agmt-other', '5.00', '-0.15')]));
    await importFeed(
      awsFeed([
        ...paid('agmt-f1', 'disb-f1'),
        lumpSum('disb-f1', '970.00'),
        ...paid('agmt-f2', 'disb-f2'),
        lumpSum('disb-f2', '970.00'),
        failure('fail-f2'),
      ]),
    );
    byRef = await items();
    expect([byRef.get('agmt-f2')?.status, byRef.get('agmt-f2')?.disbursed_minor]).toEqual(['SHORT_PAID', '0']);
    expect([byRef.get('agmt-f1')?.status, byRef.get('agmt-f1')?.disbursed_minor]).toEqual(['MATCHED', '97000']);
  });

  it('refuses a feed whose lump sum is negative, as our old reading of the feed wrote it, and keeps nothing', async () => {
    const result = await importFeed(awsFeed([...invoiced('agmt-1', '100.00', '-3.00'), lumpSum('disb-1', '-97.00')]));
    expect(result).toMatchObject({ status: 'REFUSED', line: 4, column: 'amount' });
    expect(await count('billing_feed_row')).toBe(0);
  });

  it('totals an item whose events are far apart in the file (a part payment, and the rest 2,000 lines later)', async () => {
    await agreement('agmt-far', '200000'); // $2,000.00: fee $60.00, net $1,940.00
    // A part payment first (a disbursed row negates all or part of the row it pays); 2,000 other lines (some 300 KB) later, the rest.
    const filler = Array.from({ length: 1000 }, (_, i) => invoiced(`filler-${i}`, '10.00', '-0.30')).flat();
    const csv = awsFeed([
      ...invoiced('agmt-far', '2000.00', '-60.00', { seller: '1900.00', fee: '-60.00', disbursement: 'disb-1' }),
      ...filler,
      {
        id: 'agmt-far-ds2',
        ref: 'agmt-far',
        action: 'DISBURSED',
        type: 'SELLER_REV_SHARE',
        amount: '-100.00',
        parent: 'agmt-far-s',
        disbursement: 'disb-2',
      },
    ]);
    expect(csv.length).toBeGreaterThan(200_000);
    expect(await importFeed(csv)).toMatchObject({ status: 'COMPLETED', items: 1001, superseded: 0 });
    const item = (await items()).get('agmt-far') as ItemRow;
    expect([item.status, item.disbursed_minor, item.superseded_rows]).toEqual(['MATCHED', '194000', 0]);
  });

  it('tells apart two billing events far apart in the file whose ids hash alike (be-381511 and be-1001320)', async () => {
    await agreement('agmt-twins', '200000'); // $2,000.00: fee $60.00, net $1,940.00
    const filler = Array.from({ length: 1000 }, (_, i) => invoiced(`filler-${i}`, '10.00', '-0.30')).flat();
    const csv = awsFeed([
      { id: 'be-381511', ref: 'agmt-twins', type: 'SELLER_REV_SHARE', amount: '2000.00' },
      ...filler,
      { id: 'be-1001320', ref: 'agmt-twins', type: 'AWS_REV_SHARE', amount: '-60.00' },
      {
        id: 'agmt-twins-d',
        ref: 'agmt-twins',
        action: 'DISBURSED',
        type: 'SELLER_REV_SHARE',
        amount: '-1940.00',
        parent: 'be-381511',
        disbursement: 'disb-1',
      },
    ]);
    expect(await importFeed(csv)).toMatchObject({ status: 'COMPLETED', superseded: 0 });
    const item = (await items()).get('agmt-twins') as ItemRow;
    expect([item.status, item.superseded_rows, item.explanation]).toEqual([
      'MATCHED',
      0,
      expect.stringContaining('feed: invoiced 2000.00 USD, fee -60.00 USD'),
    ]);
  });

  it('matches the same whether the rows were totalled as they were read or are read back from the database', async () => {
    await agreement('agmt-match', '1000000');
    await agreement('agmt-short', '200000');
    const csv = awsFeed([
      ...invoiced('agmt-match', '10000.00', '-300.00', { seller: '10000.00', fee: '-300.00', disbursement: 'disb-1' }),
      ...invoiced('agmt-short', '2000.00', '-60.00', { seller: '1900.00', fee: '-60.00', disbursement: 'disb-1' }),
      {
        id: 'agmt-short-ds2',
        ref: 'agmt-short',
        action: 'DISBURSED',
        type: 'SELLER_REV_SHARE',
        amount: '-50.00',
        parent: 'agmt-short-s',
        disbursement: 'disb-1',
      },
      ...invoiced('agmt-orphan', '50.00', '-1.50'),
      lumpSum('disb-1', '11590.00'),
    ]);
    const outcome = (table: string) => queryDatabase(DATABASE_URL, `SELECT * FROM ${table} ORDER BY 1, 2, 3`);
    const strip = (rows: Record<string, unknown>[]) =>
      rows.map(({ reconciled_at: _at, last_import_id: _import, updated_at: _updated, ...rest }) => rest);
    await importFeed(csv);
    const inline = await Promise.all(
      ['reconciliation_item', 'reconciliation_disbursement_line', 'reconciliation_disbursement'].map(outcome),
    );

    await queryDatabase(
      DATABASE_URL,
      'TRUNCATE reconciliation_item, reconciliation_disbursement_line, reconciliation_disbursement, billing_feed_row, billing_feed_item, reconciliation_import CASCADE',
    );
    // As a worker matches an uploaded import: the rows are stored first, and matching reads them back.
    const record = await imports().begin({
      feed: 'AWS_BILLING_EVENTS',
      fileName: 'test.csv',
      origin: 'path',
      onMalformed: 'REFUSE',
      actor: 'test',
    });
    expect(
      await app()
        .get(FeedIntakeService)
        .intake(record.id, Readable.from([Buffer.from(csv)])),
    ).toMatchObject({ status: 'MATCHING' });
    expect(await app().get(ItemMatchService).match(record.id)).toEqual({ items: 3, superseded: 0 });
    const readBack = await Promise.all(
      ['reconciliation_item', 'reconciliation_disbursement_line', 'reconciliation_disbursement'].map(outcome),
    );
    expect(readBack.map(strip)).toEqual(inline.map(strip));
    expect(inline[0]).toHaveLength(3);
  });

  it('reconciles a EUR contract in EUR, its fee tier placed by its USD value (EUR 950,000 at 1.08 = $1,026,000: 2%)', async () => {
    await agreement('agmt-eur', '95000000', { currency: 'EUR' });
    await importFeed(
      awsFeed(
        invoiced('agmt-eur', '950000.00', '-19000.00', { seller: '950000.00', fee: '-19000.00', disbursement: 'd' }).map((l) => ({
          ...l,
          currency: 'EUR',
        })),
      ),
    );
    const item = (await items()).get('agmt-eur') as ItemRow;
    expect([item.status, item.fee_bps, item.expected_net_minor]).toEqual(['MATCHED', 200, '93100000']);
    expect(item.explanation).toMatch(/2% \(contract value taken as 1026000 USD at 1.08 USD per EUR\).*931000.00 EUR/);
  });

  it('expects of a contract paid by instalments only the instalments due so far (3% of a $90,000 three-instalment contract)', async () => {
    // $30,000.00 on each date; the last one far in the future, so two are due whatever day the test runs.
    const schedule = ['2026-01-15', '2026-07-15', '2999-01-15'].map((chargeDate) => ({ chargeDate, amount: '30000.00' }));
    await agreement('agmt-sched', '9000000', { schedule });
    await agreement('agmt-sched-short', '9000000', { schedule });
    await agreement('agmt-sched-bad', '9000000', { schedule: [{ chargeDate: '2026-01-15', amount: '90000.005' }] });
    // Its value not known yet (0): the schedule's $1.5M total places it in the 2% tier, on the $1M due.
    const big = ['2026-01-15', '2026-07-15', '2999-01-15'].map((chargeDate) => ({ chargeDate, amount: '500000.00' }));
    await agreement('agmt-sched-big', '0', { schedule: big });
    const pay = (seller: string, fee: string) => ({ seller, fee, disbursement: 'disb-s' });
    await importFeed(
      awsFeed([
        // Both due instalments invoiced and paid out: $60,000.00 less the 3% fee, $1,800.00 = $58,200.00 expected and disbursed.
        ...invoiced('agmt-sched', '60000.00', '-1800.00', pay('60000.00', '-1800.00')),
        // Only the first: $29,100.00 disbursed against the $58,200.00 due.
        ...invoiced('agmt-sched-short', '30000.00', '-900.00', pay('30000.00', '-900.00')),
        ...invoiced('agmt-sched-bad', '30000.00', '-900.00'),
        ...invoiced('agmt-sched-big', '1000000.00', '-20000.00', pay('1000000.00', '-20000.00')),
      ]),
    );
    const byRef = await items();
    const verdict = (ref: string) => {
      const i = byRef.get(ref) as ItemRow;
      return [i.status, i.expected_net_minor, i.variance_minor];
    };
    expect(verdict('agmt-sched')).toEqual(['MATCHED', '5820000', '0']);
    expect(verdict('agmt-sched-short')).toEqual(['SHORT_PAID', '5820000', '-2910000']);
    expect([...verdict('agmt-sched-big'), byRef.get('agmt-sched-big')?.fee_bps]).toEqual(['MATCHED', '98000000', '0', 200]);
    expect(byRef.get('agmt-sched')?.explanation).toMatch(
      /^agreement agmt-sched \(private offer under \$1M: 3%; paid by instalments: 2 of 3 due by \d{4}-\d{2}-\d{2}, 60000.00 USD of 90000.00 USD; next on 2999-01-15, /,
    );
    expect(byRef.get('agmt-sched-short')?.explanation).toMatch(
      /the buyer was invoiced -30000.00 USD against what was expected; short by 29100.00 USD$/,
    );
    // The last instalment comes due and nothing invoices it: the sweep judges the item again from what it stores, and it is short.
    const judgedAgain = app().get(InstalmentRejudgeService);
    expect(await judgedAgain.judgeDueItems('2998-12-31')).toBe(0); // nothing due yet
    expect(await judgedAgain.judgeDueItems('2999-02-01')).toBe(3);
    const later = await items();
    const [next] = await queryDatabase<{ next_charge_date: string | null }>(
      DATABASE_URL,
      `SELECT next_charge_date::text FROM reconciliation_item WHERE transaction_reference_id = 'agmt-sched'`,
    );
    // All $90,000.00 due less the 3% fee = $87,300.00 expected; $58,200.00 disbursed.
    expect([
      later.get('agmt-sched')?.status,
      later.get('agmt-sched')?.expected_net_minor,
      later.get('agmt-sched')?.variance_minor,
      next.next_charge_date,
    ]).toEqual(['SHORT_PAID', '8730000', '-2910000', null]);
    expect(later.get('agmt-sched')?.explanation).toMatch(/paid by instalments: 3 of 3 due by 2999-02-01, 90000.00 USD of 90000.00 USD, /);
    expect(await judgedAgain.judgeDueItems('2999-02-01')).toBe(0); // judged once: its next date has moved on

    // A schedule that cannot be read expects nothing rather than a guess, and says why.
    expect(verdict('agmt-sched-bad')[0]).toBe('UNMATCHED');
    expect(byRef.get('agmt-sched-bad')?.explanation).toMatch(
      /but the payment schedule of agreement agmt-sched-bad cannot be read: instalment 1: "90000.005" has 3 decimals but USD has 2;/,
    );
  });
});
