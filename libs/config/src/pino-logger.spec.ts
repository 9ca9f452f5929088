import { Writable } from 'node:stream';
import { withCorrelation } from './correlation-context';
import { REDACTED } from './log-redaction';
import { createPinoLogger } from './pino-logger';

/** Captures the JSON lines the logger writes. pino keeps one root logger per process, so one logger serves this file. */
const lines: Record<string, unknown>[] = [];
const capture = new Writable({
  write(chunk: Buffer, _encoding, done) {
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
    done();
  },
});
const logger = createPinoLogger({ LOG_LEVEL: 'info' }, capture);
const lastLine = () => lines[lines.length - 1];

beforeEach(() => (lines.length = 0));

describe('JSON logs on pino', () => {
  it('writes one JSON line per entry with level, ISO time, context and message', () => {
    logger.log('agreement credited', 'AgreementCreditService');
    expect(lastLine()).toMatchObject({ level: 'info', context: 'AgreementCreditService', message: 'agreement credited' });
    expect(new Date(String(lastLine().time)).toISOString()).toBe(lastLine().time);
  });

  it('stamps the correlation id of the work in hand, and none outside it', () => {
    withCorrelation('trace-4711', () => logger.warn('retrying', 'MeteringPublisher'));
    expect(lastLine()).toMatchObject({ level: 'warn', correlationId: 'trace-4711' });
    logger.warn('idle', 'MeteringPublisher');
    expect(lastLine()).not.toHaveProperty('correlationId');
  });

  it('redacts credentials in messages and in logged objects', () => {
    logger.log('sign-in with Bearer mpb_AbC-123 failed', 'Auth');
    expect(lastLine().message).toBe(`sign-in with Bearer ${REDACTED} failed`);
    logger.log({ msg: 'call', headers: { authorization: 'Bearer x', 'x-request-id': 'r1' }, apiKey: 'mpb_k' }, 'Http');
    expect(lastLine()).toMatchObject({ headers: { authorization: REDACTED, 'x-request-id': 'r1' }, apiKey: REDACTED });
    expect(JSON.stringify(lines)).not.toContain('mpb_AbC');
  });

  it('writes an error with its stack, as Nest exception handlers pass it', () => {
    const error = new Error('database unreachable');
    logger.error('job failed', error.stack, 'BullMqServer');
    expect(lastLine()).toMatchObject({ level: 'error', context: 'BullMqServer' });
    expect(JSON.stringify(lastLine())).toContain('database unreachable');
  });

  it('drops entries below LOG_LEVEL', () => {
    logger.debug?.('noisy detail', 'Anything');
    logger.verbose?.('noisier', 'Anything');
    expect(lines).toHaveLength(0);
  });
});
