import { Injectable } from '@nestjs/common';
import { PrismaService, type Cloud, type Prisma, type VarianceNoteState } from '@bridge/database';

export interface VarianceRow {
  cloud: Cloud;
  transaction_reference_id: string;
  status: string;
  currency: string;
  variance_minor: bigint;
  explanation: string;
  state: VarianceNoteState;
  note: string | null;
  noted_by: string | null;
  noted_at: Date | null;
}

/**
 * Finance's notes on reconciliation variances, kept beside the items (keyed
 * by cloud and transaction reference) and never written into them: the
 * reconciliation engine rewrites items as feeds arrive, a note stays.
 */
@Injectable()
export class VarianceNoteRepository {
  constructor(private readonly prisma: PrismaService) {}

  item(cloud: Cloud, reference: string) {
    return this.prisma.reconciliationItem.findUnique({
      where: { cloud_transactionReferenceId: { cloud, transactionReferenceId: reference } },
      select: { status: true },
    });
  }

  add(data: Prisma.ReconciliationVarianceNoteUncheckedCreateInput, tx: Prisma.TransactionClient) {
    return tx.reconciliationVarianceNote.create({ data });
  }

  history(cloud: Cloud, reference: string) {
    return this.prisma.reconciliationVarianceNote.findMany({
      where: { cloud, transactionReferenceId: reference },
      orderBy: [{ at: 'asc' }, { id: 'asc' }],
    });
  }

  transaction<T>(body: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
    return this.prisma.$transaction(body);
  }

  /** Items with a variance (any status but MATCHED) and their latest note's state (OPEN without one), by cloud then reference. */
  variances(filter: { state?: VarianceNoteState; limit: number; after?: { cloud: Cloud; reference: string } }) {
    return this.prisma.$queryRaw<VarianceRow[]>`
      SELECT i.cloud, i.transaction_reference_id, i.status::text AS status, i.currency, i.variance_minor, i.explanation,
             COALESCE(n.state, 'OPEN') AS state, n.note, n.actor AS noted_by, n.at AS noted_at
        FROM reconciliation_item i
        LEFT JOIN LATERAL (
          SELECT state, note, actor, at FROM reconciliation_variance_note v
           WHERE v.cloud = i.cloud AND v.transaction_reference_id = i.transaction_reference_id
           ORDER BY v.at DESC, v.id DESC LIMIT 1
        ) n ON true
       WHERE i.status <> 'MATCHED'
         AND (${filter.state ?? null}::text IS NULL OR COALESCE(n.state, 'OPEN')::text = ${filter.state ?? null}::text)
         AND (${filter.after?.cloud ?? null}::text IS NULL
              OR (i.cloud::text, i.transaction_reference_id) > (${filter.after?.cloud ?? null}::text, ${filter.after?.reference ?? null}::text))
       ORDER BY i.cloud::text, i.transaction_reference_id
       LIMIT ${filter.limit}`;
  }
}
