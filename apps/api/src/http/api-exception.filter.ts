import { STATUS_CODES } from 'node:http';
import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';

/**
 * Every error leaves as `{ statusCode, error, message, details }`. Unknown
 * errors are logged and answered with a bare 500: no stack trace, SQL or
 * driver message ever reaches a client.
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    answerError(exception, host.switchToHttp().getResponse<Response>());
  }
}

const logger = new Logger('HTTP');

/** Answers an error in the API's shape: the filter's answer, for code that runs before Nest routes a request (middleware). */
export function answerError(exception: unknown, response: Response): void {
  const { status, body } = toAnswer(exception);
  if (status >= 500 && exception instanceof HttpException) logger.warn(`${status}: ${(body as { message: string }).message}`);
  else if (status >= 500) logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
  response.status(status).json(body);
}

function toAnswer(exception: unknown): { status: number; body: object } {
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const raw = exception.getResponse();
    const message = typeof raw === 'string' ? raw : ((raw as { message?: unknown }).message ?? exception.message);
    const text = Array.isArray(message) ? message.join('; ') : String(message);
    const given = typeof raw === 'object' ? ((raw as { details?: unknown }).details ?? []) : [];
    // Errors raised by the framework itself (a path that is not valid percent-encoding, ...) carry
    // no details: a request refused as malformed still says what and why.
    const details =
      Array.isArray(given) && given.length === 0 && REQUEST_FAULTS.has(status) ? [{ field: fieldOf(text), reason: text }] : given;
    return {
      status,
      body: { statusCode: status, error: STATUS_CODES[status] ?? 'Error', message: text, details },
    };
  }
  return { status: 500, body: { statusCode: 500, error: 'Internal Server Error', message: 'internal error', details: [] } };
}

/** Statuses that mean "this request is malformed", which must name the part at fault. */
const REQUEST_FAULTS = new Set([400, 411, 413, 414, 415, 422, 431]);

function fieldOf(message: string): string {
  const param = /^Failed to decode param '(.*)'$/.exec(message);
  return param ? '(path)' : '(request)';
}
