import { SANDBOX_DATA_FEED_BUCKET } from '@bridge/config';
import { queryDatabase, reconciliationTotalMismatches } from '@bridge/testing';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** How often the attribution bridges poll the sandbox's bucket during the run (the product's default is a minute). */
export const FEED_POLL_INTERVAL_MS = 2000;

export interface FeedCheck {
  invoiced: number;
  ticks: { ran: number; nothingRecorded: number; databaseErrors: number };
  /** Billing events in the bucket's objects (their lines after the header). */
  eventsDelivered: number;
  /** Billing event rows the product stored, and how many distinct events they are. */
  rowsStored: number;
  eventsStored: number;
  /** Items of the invoiced agreements not judged MATCHED (each paid in full), described. */
  notMatched: string[];
  /** Status and currency keys where the reconciliation totals the dashboard reads disagree with the items. */
  totalMismatches: string[];
}

/**
 * Money coming back from the marketplace while the product is broken: the
 * sandbox invoices agreements the product has recorded and pays them out in
 * full, appending billing events to its data-feed bucket, which the
 * attribution bridges poll (and are killed in the middle of). Afterwards every
 * delivered event must be stored exactly once, every paid item MATCHED, and
 * the reconciliation totals equal to the items' own sums.
 */
export class FeedWorkload {
  private running = true;
  private readonly invoiced = new Set<string>();
  private readonly bucketUrl: string;
  /** What the ticks found, for the log: how many ran, found nothing recorded yet, or could not ask PostgreSQL. */
  readonly ticks = { ran: 0, nothingRecorded: 0, databaseErrors: 0 };

  constructor(
    private readonly sandboxUrl: string,
    private readonly databaseUrl: string,
  ) {
    this.bucketUrl = `${sandboxUrl}/s3/${SANDBOX_DATA_FEED_BUCKET}`;
  }

  static environment(): Record<string, string> {
    return { AWS_DATA_FEED_POLL_INTERVAL_MS: String(FEED_POLL_INTERVAL_MS) };
  }

  stop(): void {
    this.running = false;
  }

  /** Every `everyMs`, invoices up to `batch` agreements the product has recorded and not yet invoiced, then pays them out. */
  async run(agreementIds: () => Iterable<string>, everyMs: number, batch: number): Promise<void> {
    while (this.running) {
      await sleep(everyMs);
      this.ticks.ran += 1;
      const candidates = [...agreementIds()].filter((id) => !this.invoiced.has(id));
      const recorded = await queryDatabase<{ id: string }>(
        this.databaseUrl,
        `SELECT marketplace_agreement_id AS id FROM agreement WHERE marketplace_agreement_id = ANY($1::text[]) LIMIT $2`,
        [candidates, batch],
      ).catch(() => {
        this.ticks.databaseErrors += 1; // PostgreSQL may be restarting: try again next tick.
        return [] as { id: string }[];
      });
      if (recorded.length === 0) {
        this.ticks.nothingRecorded += 1;
        continue;
      }
      for (const { id } of recorded) {
        await this.control('invoices', { agreementId: id });
        this.invoiced.add(id);
      }
      await this.control('disbursements', {});
    }
  }

  /** Null once every object in the bucket has been imported to its end with no problem set aside, else what is still waiting. */
  async pending(): Promise<string | null> {
    const objects = await this.objects();
    const stored = await queryDatabase<{ key: string; offset: string; problem: string | null }>(
      this.databaseUrl,
      `SELECT key, "offset"::text AS offset, problem FROM delivered_feed_object WHERE bucket = $1`,
      [SANDBOX_DATA_FEED_BUCKET],
    );
    for (const object of objects) {
      const row = stored.find((s) => s.key === object.key);
      if (row?.problem) return `${object.key} set aside: ${row.problem}`;
      if (!row || Number(row.offset) !== object.size) return `${object.key} imported to byte ${row?.offset ?? 0} of ${object.size}`;
    }
    return null;
  }

  async check(): Promise<FeedCheck> {
    let eventsDelivered = 0;
    for (const { key } of await this.objects()) {
      const body = await (await fetch(`${this.bucketUrl}/${key}`)).text();
      // The sandbox writes no quoted line breaks: every line after the header is one billing event.
      eventsDelivered += body.split('\n').filter((line) => line.length > 0).length - 1;
    }
    const [rows] = await queryDatabase<{ rows: string; events: string }>(
      this.databaseUrl,
      `SELECT count(*)::text AS rows, count(DISTINCT billing_event_id)::text AS events FROM billing_feed_row WHERE cloud = 'AWS'`,
    );
    const notMatched = await queryDatabase<{ what: string }>(
      this.databaseUrl,
      `SELECT marketplace_agreement_id || ' ' || status || ': ' || explanation AS what
         FROM reconciliation_item WHERE marketplace_agreement_id = ANY($1::text[]) AND status <> 'MATCHED'
       UNION ALL
       SELECT id || ' invoiced, no item' FROM unnest($1::text[]) AS id
        WHERE NOT EXISTS (SELECT 1 FROM reconciliation_item WHERE marketplace_agreement_id = id)`,
      [[...this.invoiced]],
    );
    return {
      invoiced: this.invoiced.size,
      ticks: { ...this.ticks },
      eventsDelivered,
      rowsStored: Number(rows.rows),
      eventsStored: Number(rows.events),
      notMatched: notMatched.map((r) => r.what),
      totalMismatches: await reconciliationTotalMismatches(this.databaseUrl),
    };
  }

  private async objects(): Promise<{ key: string; size: number }[]> {
    const xml = await (await fetch(`${this.bucketUrl}?list-type=2`)).text();
    return [...xml.matchAll(/<Key>([^<]+)<\/Key>[\s\S]*?<Size>(\d+)<\/Size>/g)].map((m) => ({ key: m[1], size: Number(m[2]) }));
  }

  /** The sandbox's billing control: retried through its restarts and storms, as the marketplace's own billing would carry on. */
  private async control(path: 'invoices' | 'disbursements', body: unknown): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const response = await fetch(`${this.sandboxUrl}/_sandbox/aws/billing/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).catch(() => null);
      if (response?.status === 201) return;
      if (response && response.status < 500) throw new Error(`billing ${path} refused: ${response.status} ${await response.text()}`);
      await sleep(Math.min(2000, 100 * 2 ** attempt));
    }
  }
}

export const feedExact = (check: FeedCheck) =>
  check.invoiced > 0 &&
  check.rowsStored === check.eventsDelivered &&
  check.eventsStored === check.eventsDelivered &&
  check.notMatched.length === 0 &&
  check.totalMismatches.length === 0;

export function describeFeedCheck(check: FeedCheck): string {
  const examples = [...check.notMatched, ...check.totalMismatches].slice(0, 5);
  return (
    `${check.invoiced} agreements invoiced and paid out in ${check.ticks.ran} ticks (${check.ticks.nothingRecorded} found none recorded, ` +
    `${check.ticks.databaseErrors} could not ask PostgreSQL); ${check.eventsDelivered} billing events delivered, ` +
    `${check.rowsStored} rows stored (${check.eventsStored} distinct); ${check.notMatched.length} paid items not MATCHED; ` +
    `${check.totalMismatches.length} reconciliation total keys disagree with the items` +
    (examples.length ? ` (e.g. ${examples.join('; ')})` : '')
  );
}
