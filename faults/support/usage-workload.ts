import { queryDatabase } from '@bridge/testing';

const CUSTOMERS = 20;
const DIMENSIONS = ['api_calls', 'storage_gb'];
const PRODUCT = 'prodcode-faults';
const HOUR_MS = 3_600_000;
const customerAccount = (i: number) => `8300000${String(i).padStart(5, '0')}`;
const licenseArn = (i: number) => `arn:aws:license-manager::294406891311:license:l-faults${i}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface LedgerEntry {
  quantity: number;
  timesRecorded: number;
  conflictingResends: number;
}

/**
 * Usage sent while the fault suite breaks things. The sandbox clock runs
 * and jumps an hour ahead every few seconds, so hours keep ending, being
 * frozen and billed while workers are killed. Afterwards every unit the
 * product accepted must be in the sandbox's ledger exactly once.
 */
export class UsageWorkload {
  recordsSent = 0;
  private readonly acceptedKeys = new Set<string>();
  private stopped = false;

  constructor(
    private readonly apiUrl: string,
    private readonly sandboxUrl: string,
    private readonly adminKey: string,
  ) {}

  /** Metering follows the sandbox clock, ticks often and reclaims a dead worker's calls quickly. */
  static environment(): Record<string, string> {
    return { METERING_CLOCK: 'marketplace-sandbox', METERING_TICK_MS: '300', METERING_SETTLE_SECONDS: '0', METERING_CLAIM_SECONDS: '3' };
  }

  private async call(base: string, method: string, route: string, body?: unknown, retry = true): Promise<{ status: number; body: Record<string, unknown> }> {
    for (let attempt = 0; ; attempt++) {
      try {
        const response = await fetch(`${base}${route}`, {
          method,
          headers: { 'content-type': 'application/json', authorization: `Bearer ${this.adminKey}` },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        const text = await response.text();
        if (response.status < 500 || !retry) return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
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
      await queryDatabase(databaseUrl, `INSERT INTO listing_dimension (id, listing_id, key, name, unit, unit_price, currency) VALUES (gen_random_uuid(), $1, $2, $2, 'unit', '0.01', 'USD')`, [id, dimension]);
    }
    for (let i = 0; i < CUSTOMERS; i++) {
      await this.call(this.sandboxUrl, 'POST', '/_sandbox/aws/customers', { customerAWSAccountId: customerAccount(i), productCode: PRODUCT, licenseArn: licenseArn(i) });
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
      }
      const clock = await this.call(this.sandboxUrl, 'GET', '/_sandbox/clock');
      const at = new Date(new Date(String(clock.body.now)).getTime() - 1000).toISOString();
      const records = Array.from({ length: 200 }, (_, i) => {
        const n = batch * 200 + i;
        return {
          idempotencyKey: `fault-usage-${n}`,
          customerAwsAccountId: customerAccount(n % CUSTOMERS),
          licenseArn: licenseArn(n % CUSTOMERS),
          dimension: DIMENSIONS[n % DIMENSIONS.length],
          quantity: 1 + ((n * 7) % 100),
          timestamp: at,
        };
      });
      for (let copy = 0; copy < (batch % 5 === 0 ? 2 : 1); copy++) {
        const answer = await this.call(this.apiUrl, 'POST', '/v1/usage', { records });
        if (answer.status !== 200) throw new Error(`usage refused: ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
        const statuses = answer.body.statuses as string[];
        statuses.forEach((status, i) => (status === 'ACCEPTED' || status === 'DUPLICATE') && this.acceptedKeys.add(records[i].idempotencyKey));
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

  async check(databaseUrl: string) {
    const [stored] = await queryDatabase<{ records: string; quantity: string; unbillable: string; rejected: string }>(
      databaseUrl,
      `SELECT (SELECT count(*) FROM usage_record) AS records, (SELECT coalesce(sum(quantity), 0) FROM usage_record) AS quantity,
              (SELECT coalesce(sum(unbillable_quantity), 0) FROM usage_hour) AS unbillable,
              (SELECT count(*) FROM usage_hour WHERE status NOT IN ('ACCEPTED', 'PENDING')) AS rejected`,
    );
    const ledger = ((await (await fetch(`${this.sandboxUrl}/_sandbox/ledger?cloud=aws`)).json()) as { entries: LedgerEntry[] }).entries;
    const billed = ledger.reduce((sum, e) => sum + BigInt(e.quantity), 0n);
    const quantity = BigInt(stored.quantity) - BigInt(stored.unbillable);
    const missingRecords = Math.max(0, this.acceptedKeys.size - Number(stored.records));
    const billedTwice = ledger.filter((e) => e.timesRecorded > 1 || e.conflictingResends > 0).length;
    const lost = missingRecords + (billed < quantity ? 1 : 0) + Number(stored.rejected);
    const duplicated = billedTwice + (billed > quantity ? 1 : 0);
    return {
      lost,
      duplicated,
      describe:
        `${this.acceptedKeys.size} records accepted, ${stored.records} stored, ${quantity} units billable, ` +
        `${billed} units in the sandbox ledger over ${ledger.length} hours, ${billedTwice} hours billed twice, ${stored.rejected} hours not accepted`,
    };
  }
}
