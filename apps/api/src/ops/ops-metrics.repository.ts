import { Injectable } from '@nestjs/common';
import { PrismaService } from '@bridge/database';

/** What the database says for /metrics: the same for every API process, whichever worker did the work. */
@Injectable()
export class OpsMetricsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Metered hours by outcome: what BatchMeterUsage / the Azure usage API answered for each. */
  meteredHours() {
    return this.prisma.$queryRaw<{ status: string; hours: bigint; attempts: bigint }[]>`
      SELECT status::text AS status, count(*)::bigint AS hours, COALESCE(sum(send_attempts), 0)::bigint AS attempts FROM usage_hour GROUP BY status`;
  }

  /** Credit ledger lines written, by source and currency, with their sum: from the all-time rollup, not the ledger. */
  creditsWritten() {
    return this.prisma.$queryRaw<{ source: string; currency: string; lines: bigint; amount_minor: bigint }[]>`
      SELECT source::text AS source, currency, sum(lines)::bigint AS lines, COALESCE(sum(amount_minor), 0)::bigint AS amount_minor
        FROM partner_credit_total_live GROUP BY source, currency`;
  }
}
