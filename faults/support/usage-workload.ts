import { hourStart, meteringWindowCheck } from '@bridge/domain';
import { SANDBOX_CLOCK_TTL_MS } from '@bridge/marketplace';
import { queryDatabase } from '@bridge/testing';

const CUSTOMERS = 20;
/** The metering window the product runs with here; the check judges every unbilled unit by it. */
const WINDOW_HOURS = 6;
const DIMENSIONS = ['api_calls', 'storage_gb'];
const PRODUCT = 'prodcode-faults';
const HOUR_MS = 3_600_000;
const customerAccount = (i: number) => `8300000${String(i).padStart(5, '0')}`;
const licenseArn = (i: number) => `arn:aws:license-manager::294406891311:license:l-faults${i}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface LedgerEntry {
  product: string;
  customer: { customerAWSAccountId: string; licenseArn: string };
  dimension: string;
  hour: string;
  quantity: number;
  timesRecorded: number;
  conflictingResends: number;
}

/** What the workload sent under one idempotency key, and what the product answered. */
interface SentRecord {
  series: string;
  hour: number;
  quantity: number;
  /** Whether the record's own timestamp was inside the metering window on the sandbox clock when it was sent. */
  insideWindow: boolean;
  /** ACCEPTED or DUPLICATE at least once: the product holds it. */
  accepted: boolean;
  refused: boolean;
}

/** One customer (account and licence) and dimension: the sandbox ledger's key, without the hour. */
const seriesOf = (account: string, license: string, dimension: string) => `${account}|${license}|${dimension}`;

/**
 * Usage sent while the fault suite breaks things. The sandbox clock runs
 * and jumps an hour ahead every few seconds, so hours keep ending, being
 * frozen and billed while workers are killed. Afterwards every unit sent
 * must be in the sandbox's ledger exactly once, judged per customer,
 * dimension and hour from what the workload itself sent; a unit may go
 * unbilled only when its record's own timestamp was already outside the
 * metering window when it was sent.
 */
export class UsageWorkload {
  recordsSent = 0;
  private readonly sent = new Map<string, SentRecord>();
  private stopped = false;

  constructor(
    private readonly apiUrl: string,
    private readonly sandboxUrl: string,
    private readonly adminKey: string,
  ) {}

  /** Metering follows the sandbox clock, ticks often and reclaims a dead worker's calls quickly. */
  static environment(): Record<string, string> {
    return {
      METERING_CLOCK: 'marketplace-sandbox',
      METERING_TICK_MS: '300',
      METERING_SETTLE_SECONDS: '0',
      METERING_CLAIM_SECONDS: '3',
      METERING_WINDOW_HOURS: String(WINDOW_HOURS),
    };
  }

  private async call(
    base: string,
    method: string,
    route: string,
    body?: unknown,
    retry = true,
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    for (let attempt = 0; ; attempt++) {
      try {
        const response = await fetch(`${base}${route}`, {
          method,
          headers: { 'content-type': 'application/json', authorization: `Bearer ${this.adminKey}` },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        const text = await response.text();
        if (response.status < 500 || !retry)
          return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
      } catch {
        if (!retry) throw new Error(`${route} unreachable`);
      }
      await sleep(Math.min(2000, 100 * 2 ** attempt));
    }
  }

  async prepare(databaseUrl: string): Promise<void> {
    const start = new Date(Math.floor(Date.now() / HOUR_MS) * HOUR_MS + 5 * 60_000);
    await this.call(this.sandboxUrl, 'POST', '/_sandbox/clock', { now: start.toISOString(), running: true });
    const [{ id }] = await queryDatabase<{ id: string }>(
      databaseUrl,
      `INSERT INTO listing (id, cloud, product_id, product_code, title, updated_at) VALUES (gen_random_uuid(), 'AWS', $1, $1, 'Faults metered', now()) RETURNING id`,
      [PRODUCT],
    );
    for (const dimension of DIMENSIONS) {
      await queryDatabase(
        databaseUrl,
        `INSERT INTO listing_dimension (id, listing_id, key, name, unit, unit_price, currency) VALUES (gen_random_uuid(), $1, $2, $2, 'unit', '0.01', 'USD')`,
        [id, dimension],
      );
    }
    for (let i = 0; i < CUSTOMERS; i++) {
      await this.call(this.sandboxUrl, 'POST', '/_sandbox/aws/customers', {
        customerAWSAccountId: customerAccount(i),
        productCode: PRODUCT,
        licenseArn: licenseArn(i),
      });
      const registered = await this.call(this.apiUrl, 'POST', '/v1/usage/subscriptions', {
        cloud: 'AWS',
        customerAwsAccountId: customerAccount(i),
        licenseArn: licenseArn(i),
        productCode: PRODUCT,
        startedAt: new Date(start.getTime() - 24 * HOUR_MS).toISOString(),
      });
      if (registered.status !== 201) throw new Error(`metering subscription refused: ${JSON.stringify(registered.body)}`);
    }
  }

  /** A batch of 200 records every `everyMs` at the sandbox's "now"; every fifth batch again; the clock jumps an hour every 12 s. */
  async run(everyMs: number): Promise<void> {
    let lastJump = Date.now();
    for (let batch = 0; !this.stopped; batch++) {
      if (Date.now() - lastJump > 12_000) {
        await this.call(this.sandboxUrl, 'POST', '/_sandbox/clock', { advanceSeconds: 3600 });
        lastJump = Date.now();
        // The product reuses a reading of the sandbox clock this long: sent sooner, usage of the
        // new hour would be refused as in the future by a clock that has not jumped yet.
        await sleep(SANDBOX_CLOCK_TTL_MS + 50);
      }
      const clock = await this.call(this.sandboxUrl, 'GET', '/_sandbox/clock');
      const now = new Date(String(clock.body.now));
      const at = new Date(now.getTime() - 1000);
      const records = Array.from({ length: 200 }, (_, i) => {
        const n = batch * 200 + i;
        return {
          idempotencyKey: `fault-usage-${n}`,
          customerAwsAccountId: customerAccount(n % CUSTOMERS),
          licenseArn: licenseArn(n % CUSTOMERS),
          dimension: DIMENSIONS[n % DIMENSIONS.length],
          quantity: 1 + ((n * 7) % 100),
          timestamp: at.toISOString(),
        };
      });
      const insideWindow = meteringWindowCheck(at, now, WINDOW_HOURS).inside;
      for (const record of records) {
        this.sent.set(record.idempotencyKey, {
          series: seriesOf(record.customerAwsAccountId, record.licenseArn, record.dimension),
          hour: hourStart(at).getTime(),
          quantity: record.quantity,
          insideWindow,
          accepted: false,
          refused: false,
        });
      }
      for (let copy = 0; copy < (batch % 5 === 0 ? 2 : 1); copy++) {
        const answer = await this.call(this.apiUrl, 'POST', '/v1/usage', { records });
        if (answer.status !== 200) throw new Error(`usage refused: ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
        const statuses = answer.body.statuses as string[];
        statuses.forEach((status, i) => {
          const record = this.sent.get(records[i].idempotencyKey) as SentRecord;
          if (status === 'ACCEPTED' || status === 'DUPLICATE') record.accepted = true;
          else record.refused = true;
        });
      }
      this.recordsSent += records.length;
      await sleep(everyMs);
    }
  }

  stop(): void {
    this.stopped = true;
  }

  /** Moves the clock past the last hour, then reports what is still unsettled (null when all is billed). */
  async pending(databaseUrl: string): Promise<string | null> {
    const [row] = await queryDatabase<{ open: string; last: Date | null }>(
      databaseUrl,
      `SELECT count(*) FILTER (WHERE status IN ('PENDING', 'SENDING') AND (received_quantity + carried_in) > 0) AS open, max(hour) AS last FROM usage_hour`,
    );
    if (row.open === '0') return null;
    const clock = await this.call(this.sandboxUrl, 'GET', '/_sandbox/clock');
    if (row.last && new Date(String(clock.body.now)).getTime() < new Date(row.last).getTime() + HOUR_MS) {
      await this.call(this.sandboxUrl, 'POST', '/_sandbox/clock', { advanceSeconds: 3600 });
    }
    return `${row.open} usage hours not yet billed`;
  }

  /**
   * Judges the product by what was sent, not by its own bookkeeping:
   * - every record the product accepted is stored under its key with its quantity;
   * - a record refused, or units written off as unbillable, are justified
   *   only by the record's timestamp lying outside the window when sent;
   * - per customer, dimension and hour, the sandbox's ledger holds what was
   *   sent for that hour, or less with the rest in a later hour (late usage
   *   is carried forward, never back): walking the hours in order, what is
   *   billed never runs ahead of what was sent, and the totals are equal.
   */
  async check(databaseUrl: string) {
    const stored = new Map(
      (
        await queryDatabase<{ key: string; quantity: string }>(
          databaseUrl,
          `SELECT idempotency_key AS key, quantity::text FROM usage_record`,
        )
      ).map((r) => [r.key, Number(r.quantity)]),
    );
    const [{ unbillable }] = await queryDatabase<{ unbillable: string }>(
      databaseUrl,
      `SELECT coalesce(sum(unbillable_quantity), 0)::text AS unbillable FROM usage_hour`,
    );
    const ledger = (
      (await (await fetch(`${this.sandboxUrl}/_sandbox/ledger?cloud=aws`)).json()) as { entries: LedgerEntry[] }
    ).entries.filter((e) => e.product === PRODUCT);

    // series -> hour -> [units sent that must be billed, units in the ledger]
    const hours = new Map<string, Map<number, [number, number]>>();
    const cell = (series: string, hour: number) => {
      const byHour = hours.get(series) ?? new Map<number, [number, number]>();
      hours.set(series, byHour);
      const found = byHour.get(hour) ?? [0, 0];
      byHour.set(hour, found);
      return found;
    };
    let accepted = 0;
    let missingRecords = 0;
    let unjustifiedRefusals = 0;
    let justifiedUnits = 0;
    for (const [key, record] of this.sent) {
      if (record.accepted) {
        accepted += 1;
        if (stored.get(key) !== record.quantity) missingRecords += 1;
      } else if (record.refused && record.insideWindow) {
        unjustifiedRefusals += 1;
      }
      if (!record.insideWindow) justifiedUnits += record.quantity;
      else if (record.accepted) cell(record.series, record.hour)[0] += record.quantity;
    }
    let billedTwice = 0;
    for (const entry of ledger) {
      cell(seriesOf(entry.customer.customerAWSAccountId, entry.customer.licenseArn, entry.dimension), new Date(entry.hour).getTime())[1] +=
        entry.quantity;
      if (entry.timesRecorded > 1 || entry.conflictingResends > 0) billedTwice += 1;
    }

    let exactHours = 0;
    let carriedHours = 0;
    let billedAhead = 0;
    let seriesShort = 0;
    let seriesOver = 0;
    let unitsSent = 0;
    let unitsBilled = 0;
    for (const byHour of hours.values()) {
      let sentSoFar = 0;
      let billedSoFar = 0;
      for (const hour of [...byHour.keys()].sort((a, b) => a - b)) {
        const [sentUnits, billedUnits] = byHour.get(hour) as [number, number];
        sentSoFar += sentUnits;
        billedSoFar += billedUnits;
        if (sentUnits === billedUnits) exactHours += 1;
        else carriedHours += 1;
        if (billedSoFar > sentSoFar) billedAhead += 1;
      }
      if (billedSoFar < sentSoFar) seriesShort += 1;
      if (billedSoFar > sentSoFar) seriesOver += 1;
      unitsSent += sentSoFar;
      unitsBilled += billedSoFar;
    }
    const writtenOff = Number(unbillable);
    const unjustifiedWriteOff = writtenOff > justifiedUnits ? writtenOff - justifiedUnits : 0;
    const lost = missingRecords + unjustifiedRefusals + seriesShort + (unjustifiedWriteOff > 0 ? 1 : 0);
    const duplicated = billedTwice + billedAhead + seriesOver;
    return {
      lost,
      duplicated,
      describe:
        `${this.sent.size} records sent, ${accepted} accepted, ${missingRecords} not stored as sent, ${unjustifiedRefusals} refused inside the window; ` +
        `${unitsSent} units owed over ${hours.size} customer-dimensions, ${unitsBilled} in the sandbox ledger (${ledger.length} hours): ` +
        `${exactHours} key-hours exact, ${carriedHours} carried to a later hour, ${billedAhead} billed ahead of use, ` +
        `${seriesShort} short, ${seriesOver} over, ${billedTwice} billed twice; ` +
        `${writtenOff} units written off as unbillable, ${justifiedUnits} sent outside the window (${unjustifiedWriteOff} written off without cause)`,
    };
  }
}
