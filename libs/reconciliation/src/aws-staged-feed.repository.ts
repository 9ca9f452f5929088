import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Injectable } from '@nestjs/common';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import {
  copyIntoStaging,
  createStaging,
  lineTable,
  problemsQuery,
  stagingTable,
  storeRowsSql,
  type HeaderAt,
  type LineMap,
} from './aws-staged-rows.sql';
import type { QuarantinedLine } from './quarantined-line';

export interface StagedProblem extends QuarantinedLine {
  ord: string;
}

/**
 * The SQL of an AWS billing event file's intake, inside the import's one
 * transaction: the file's raw records COPYed into a staging table of its own,
 * checked there set-based, and stored. The staging table is dropped with the
 * transaction's end, whatever the outcome (and a rollback takes it too).
 */
@Injectable()
export class AwsStagedFeedRepository {
  async copyIn(client: pg.PoolClient, importSeq: bigint, width: number, records: AsyncIterable<Buffer>): Promise<void> {
    const table = stagingTable(importSeq);
    await client.query(createStaging(table, width));
    await pipeline(Readable.from(records), client.query(copyFrom(copyIntoStaging(table, width))));
  }

  /** The first `limit` malformed records, in file order, with their file lines. */
  async problems(client: pg.PoolClient, importSeq: bigint, width: number, at: HeaderAt, map: LineMap, limit: number) {
    const table = stagingTable(importSeq);
    if (map.quoted) await client.query(lineTable(table, width, map.firstLine));
    const { rows } = await client.query<StagedProblem>(problemsQuery(table, width, at, map), [limit]);
    return rows;
  }

  /** Stores every staged record but the malformed ones; how many rows that is. */
  async store(client: pg.PoolClient, importSeq: bigint, at: HeaderAt, map: LineMap, malformed: readonly string[]): Promise<number> {
    const table = stagingTable(importSeq);
    const { rowCount } = await client.query(storeRowsSql(table, at, importSeq, map), [malformed]);
    await client.query(`DROP TABLE ${table}`);
    return rowCount ?? 0;
  }
}
