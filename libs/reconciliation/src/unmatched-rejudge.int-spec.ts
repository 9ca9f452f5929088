import { queryDatabase, resetDatabase } from '@bridge/testing';
import { awsFeed, invoiced, lumpSum, type AwsFeedLine } from './billing-feed.fixtures';
import { DATABASE_URL, reconciliationHarness } from './reconciliation.int-harness';
import { AgreementItemsRejudgeService } from './agreement-items-rejudge.service';
import { UnmatchedRejudgeService } from './unmatched-rejudge.service';

/** Everything matching writes, as finance reads it: items, their disbursement lines, the lump sums, the totals per status. */
async function outcome() {
  const items = await queryDatabase<Record<string, unknown>>(
    DATABASE_URL,
    `SELECT i.*, i.agreement_id IS NOT NULL AS has_agreement FROM reconciliation_item i ORDER BY cloud, transaction_reference_id`,
  );
  return {
    // The agreement's row id is drawn anew in each run, the import's too, and the time of judging differs by design.
    items: items.map(({ agreement_id: _a, last_import_id: _i, reconciled_at: _r, ...rest }) => rest),
    lines: await queryDatabase(
      DATABASE_URL,
      `SELECT * FROM reconciliation_disbursement_line ORDER BY cloud, disbursement_id, transaction_reference_id`,
    ),
    disbursements: await queryDatabase(DATABASE_URL, `SELECT * FROM reconciliation_disbursement ORDER BY cloud, disbursement_id`),
    totals: await queryDatabase(DATABASE_URL, `SELECT * FROM reconciliation_item_total_live ORDER BY status, currency`),
  };
}

/** An agreement of one buyer and product (the harness's are all of one pair, which would leave a match by buyer ambiguous). */
const agreementOf = (id: string, value: string, buyer: string, product: string) =>
  queryDatabase(
    DATABASE_URL,
    `INSERT INTO agreement (id, cloud, marketplace_agreement_id, marketplace_offer_id, product_id, acceptor_account_id, proposer_account_id,
                            intent, status, value_minor, currency, accepted_at, updated_at)
     VALUES (gen_random_uuid(), 'AWS', $1, 'offer-' || $1, $4, $3, '123456789012', 'NEW', 'ACTIVE', $2, 'USD', now(), now())`,
    [id, value, buyer, product],
  );

const idOf = async (marketplaceAgreementId: string) =>
  (
    await queryDatabase<{ id: string }>(DATABASE_URL, `SELECT id FROM agreement WHERE marketplace_agreement_id = $1`, [
      marketplaceAgreementId,
    ])
  )[0].id;

const reconciledAt = async (ref: string) =>
  (
    await queryDatabase<{ at: Date }>(
      DATABASE_URL,
      `SELECT reconciled_at AS at FROM reconciliation_item WHERE transaction_reference_id = $1`,
      [ref],
    )
  )[0].at;

const pay = (seller: string, fee: string) => ({ seller, fee, disbursement: 'disb-1' });
const ofBuyer = (lines: AwsFeedLine[]) => lines.map((l) => ({ ...l, agreement: '', buyer: '444455556666', product: 'prod-9' }));

describe('UNMATCHED items judged again once their agreement is recorded (real PostgreSQL)', () => {
  const { app, agreement, importFeed, items } = reconciliationHarness();
  const rejudge = () => app().get(UnmatchedRejudgeService);
  const itemsOf = async (marketplaceAgreementId: string) =>
    app()
      .get(AgreementItemsRejudgeService)
      .judgeItemsOf(await idOf(marketplaceAgreementId));
  const schedule = ['2026-01-15', '2026-07-15', '2999-01-15'].map((chargeDate) => ({ chargeDate, amount: '30000.00' }));

  const feed = awsFeed([
    // Named by its agreement id: $10,000.00 less 3% = $9,700.00, paid.
    ...invoiced('agmt-late', '10000.00', '-300.00', pay('10000.00', '-300.00')),
    // No agreement id: found by its buyer and product, $5,000.00 less 3% = $4,850.00, paid.
    ...ofBuyer(invoiced('ref-buyer', '5000.00', '-150.00', pay('5000.00', '-150.00'))),
    // Paid by instalments: the two due so far, $60,000.00 less 3% = $58,200.00.
    ...invoiced('agmt-sched', '60000.00', '-1800.00', pay('60000.00', '-1800.00')),
    // Rows in two currencies: UNMATCHED for that whatever agreement it has.
    ...invoiced('agmt-two', '100.00', '-3.00'),
    { id: 'agmt-two-eur', ref: 'agmt-two', type: 'SELLER_REV_SHARE', amount: '1.00', currency: 'EUR' },
    // No agreement will ever have it.
    ...invoiced('agmt-nobody', '100.00', '-3.00', pay('100.00', '-3.00')),
    lumpSum('disb-1', '72847.00'),
  ]);

  it('gives, once the agreements come after the feed, exactly what matching gives when they came before it', async () => {
    await agreement('agmt-late', '1000000');
    await agreementOf('agmt-by-buyer', '500000', '444455556666', 'prod-9');
    await agreement('agmt-sched', '9000000', { schedule });
    await agreement('agmt-two', '10000');
    await importFeed(feed);
    const before = await outcome();
    expect(before.items.map((i) => [i.transaction_reference_id, i.status])).toEqual([
      ['agmt-late', 'MATCHED'],
      ['agmt-nobody', 'UNMATCHED'],
      ['agmt-sched', 'MATCHED'],
      ['agmt-two', 'UNMATCHED'],
      ['ref-buyer', 'MATCHED'],
    ]);

    await resetDatabase(DATABASE_URL);
    await importFeed(feed);
    const unmatched = await items();
    expect([...unmatched.values()].map((i) => i.status)).toEqual(Array(5).fill('UNMATCHED'));
    expect(unmatched.get('agmt-late')?.explanation).toMatch(
      /^the billing feed has agmt-late but no agreement has the agreement_id its rows name/,
    );

    // Each agreement recorded, then its job run, as the purchase events come in. The first is, for a while, the one
    // agreement of buyer 777788889999 and prod-1: the items naming no recorded agreement match it by buyer and product,
    // as a match would; the next agreement of the pair leaves that ambiguous, and agmt-sched's own takes its place.
    const late: [() => Promise<unknown>, string, number][] = [
      [() => agreement('agmt-late', '1000000'), 'agmt-late', 4],
      [() => agreementOf('agmt-by-buyer', '500000', '444455556666', 'prod-9'), 'agmt-by-buyer', 1],
      [() => agreement('agmt-sched', '9000000', { schedule }), 'agmt-sched', 3],
      [() => agreement('agmt-two', '10000'), 'agmt-two', 1],
    ];
    for (const [record, id, judged] of late) {
      await record();
      expect([id, await rejudge().judgeForAgreement(await idOf(id))]).toEqual([id, judged]);
    }
    const after = await outcome();
    // Column by column: verdicts, amounts, explanations, fee, next charge date; the lines and lump sums; the totals per status.
    expect(after).toEqual(before);

    // Every job again (a retry, a repeat), then the sweep: the items they judge again come out the same. The sweep looks
    // once at agmt-nobody, judged before agmt-two was written, and finds nothing to change; then at nothing.
    const again = [];
    for (const [, id] of late) again.push(await rejudge().judgeForAgreement(await idOf(id)));
    // The agreement's own items matched by buyer and product are judged again, and agmt-two stays UNMATCHED for its two currencies.
    expect(again).toEqual([0, 1, 0, 1]);
    const lookedAt = await reconciledAt('agmt-nobody');
    expect(await rejudge().judgeSinceLastAgreement()).toBe(0);
    expect(await reconciledAt('agmt-nobody')).not.toEqual(lookedAt);
    expect(await outcome()).toEqual(before);
  });

  it('shows a late agreement that expected more as SHORT_PAID, not MATCHED, with the same words a match would give', async () => {
    const shortFeed = awsFeed([...invoiced('agmt-short', '10000.00', '-300.00', pay('10000.00', '-300.00')), lumpSum('disb-1', '9700.00')]);
    await agreement('agmt-short', '1200000'); // $12,000.00: $11,640.00 expected net, $9,700.00 disbursed
    await importFeed(shortFeed);
    const matchedFirst = await outcome();
    await resetDatabase(DATABASE_URL);
    await importFeed(shortFeed);
    expect((await items()).get('agmt-short')?.status).toBe('UNMATCHED');

    await agreement('agmt-short', '1200000');
    expect(await rejudge().judgeForAgreement(await idOf('agmt-short'))).toBe(1);
    const item = (await items()).get('agmt-short');
    expect([item?.status, item?.expected_net_minor, item?.variance_minor]).toEqual(['SHORT_PAID', '1164000', '-194000']);
    expect(item?.explanation).toMatch(/; short by 1940.00 USD$/);
    expect(await outcome()).toEqual(matchedFirst);
  });

  it('finds, in the sweep, an agreement whose job was lost, and looks at an item still without one once per agreement written', async () => {
    // agmt-nobody names no agreement, and its buyer has none: it stays UNMATCHED.
    const stray = invoiced('agmt-nobody', '100.00', '-3.00').map((l) => ({ ...l, buyer: '999900001111' }));
    await importFeed(
      awsFeed([...invoiced('agmt-late', '10000.00', '-300.00', pay('10000.00', '-300.00')), ...stray, lumpSum('disb-1', '9700.00')]),
    );
    expect(await rejudge().judgeSinceLastAgreement()).toBe(0); // no agreement written since they were judged
    // Recorded with no job queued (the process stopped between the two, say), a moment after the match.
    await queryDatabase(DATABASE_URL, `UPDATE reconciliation_item SET reconciled_at = now() - interval '1 minute'`);
    await agreement('agmt-late', '1000000');

    // Both looked at: one matches now and is judged again, the other stays as it was (and is not looked at again).
    expect(await rejudge().judgeSinceLastAgreement()).toBe(1);
    const byRef = await items();
    expect([byRef.get('agmt-late')?.status, byRef.get('agmt-nobody')?.status]).toEqual(['MATCHED', 'UNMATCHED']);
    expect(await rejudge().judgeSinceLastAgreement()).toBe(0);
  });

  it('judges again the items matched to an agreement once it is amended, as a match after the amendment would', async () => {
    const paid = awsFeed([...invoiced('agmt-late', '10000.00', '-300.00', pay('10000.00', '-300.00')), lumpSum('disb-1', '9700.00')]);
    await agreement('agmt-late', '1200000'); // amended to $12,000.00: $11,640.00 expected net, $9,700.00 disbursed
    await importFeed(paid);
    const amendedFirst = await outcome();
    expect(amendedFirst.items[0]?.status).toBe('SHORT_PAID');

    await resetDatabase(DATABASE_URL);
    await agreement('agmt-late', '1000000');
    await importFeed(paid);
    expect((await items()).get('agmt-late')?.status).toBe('MATCHED');
    await queryDatabase(
      DATABASE_URL,
      `UPDATE agreement SET value_minor = 1200000, updated_at = now() WHERE marketplace_agreement_id = 'agmt-late'`,
    );
    // Matched by the id its rows name: no UNMATCHED item is the amendment's to change, but the matched one is judged again.
    expect(await rejudge().judgeForAgreement(await idOf('agmt-late'))).toBe(0);
    expect(await itemsOf('agmt-late')).toBe(1);
    expect(await outcome()).toEqual(amendedFirst);
    expect(await itemsOf('agmt-late')).toBe(1); // again: the same verdict
    expect(await outcome()).toEqual(amendedFirst);
  });

  it("judges again an item by its offer's payment schedule once the offer is linked after the feed came in", async () => {
    const scheduled = awsFeed([
      ...invoiced('agmt-sched', '60000.00', '-1800.00', pay('60000.00', '-1800.00')),
      lumpSum('disb-1', '58200.00'),
    ]);
    await agreement('agmt-sched', '9000000', { schedule });
    await importFeed(scheduled);
    const linkedFirst = await outcome();
    expect(linkedFirst.items[0]?.status).toBe('MATCHED'); // the two instalments due so far

    await resetDatabase(DATABASE_URL);
    await agreement('agmt-sched', '9000000', { schedule });
    const [{ offer }] = await queryDatabase<{ offer: string }>(
      DATABASE_URL,
      `UPDATE agreement a SET offer_id = NULL FROM agreement b WHERE a.id = b.id AND a.marketplace_agreement_id = 'agmt-sched' RETURNING b.offer_id AS offer`,
    );
    await importFeed(scheduled);
    // Without its offer's terms the whole $90,000.00 is expected.
    expect((await items()).get('agmt-sched')?.status).toBe('SHORT_PAID');
    await queryDatabase(
      DATABASE_URL,
      `UPDATE agreement SET offer_id = $1::uuid, updated_at = now() WHERE marketplace_agreement_id = 'agmt-sched'`,
      [offer],
    );
    expect(await itemsOf('agmt-sched')).toBe(1);
    expect(await outcome()).toEqual(linkedFirst);
  });

  it('judges again an item UNMATCHED by its agreement once that agreement is corrected', async () => {
    await agreement('agmt-eur', '1000000', { currency: 'EUR' });
    await importFeed(awsFeed(invoiced('agmt-eur', '10000.00', '-300.00', pay('10000.00', '-300.00'))));
    expect((await items()).get('agmt-eur')?.explanation).toMatch(/but agreement agmt-eur is in EUR, the feed in USD;/);
    await queryDatabase(
      DATABASE_URL,
      `UPDATE agreement SET currency = 'USD', updated_at = now() WHERE marketplace_agreement_id = 'agmt-eur'`,
    );
    expect(await rejudge().judgeForAgreement(await idOf('agmt-eur'))).toBe(1);
    expect((await items()).get('agmt-eur')?.status).toBe('MATCHED');
  });
});
