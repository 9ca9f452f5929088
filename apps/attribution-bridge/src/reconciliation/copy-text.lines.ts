import { Transform, type TransformCallback } from 'node:stream';

const ESCAPES: Record<string, string> = { '\\': '\\', t: '\t', n: '\n', r: '\r', b: '\b', f: '\f', v: '\v' };
const unescape = (value: string) => (value.includes('\\') ? value.replace(/\\(.)/g, (_, c: string) => ESCAPES[c] ?? c) : value);

/**
 * PostgreSQL COPY text output (bytes) in; out, per chunk read, the batch of
 * rows it completed, each an array of fields (null for \N). Batches, not
 * rows, so that a stage downstream handles thousands of rows per call.
 */
export class CopyTextLines extends Transform {
  private rest = '';

  constructor() {
    super({ readableObjectMode: true });
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    const text = this.rest + chunk.toString('utf8');
    const last = text.lastIndexOf('\n');
    this.rest = text.slice(last + 1);
    if (last >= 0) this.push(text.slice(0, last).split('\n').map(fieldsOf));
    done();
  }

  override _flush(done: TransformCallback): void {
    if (this.rest) this.push([fieldsOf(this.rest)]);
    done();
  }
}

function fieldsOf(line: string): (string | null)[] {
  return line.split('\t').map((v) => (v === '\\N' ? null : unescape(v)));
}

/** A value for COPY text input. */
export function copyValue(value: string | bigint | number | boolean | null): string {
  if (value === null) return '\\N';
  const text = String(value);
  return /[\\\t\n\r]/.test(text) ? text.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : text;
}
