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
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const { status, body } = this.toAnswer(exception);
    if (status >= 500) this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    response.status(status).json(body);
  }

  private toAnswer(exception: unknown): { status: number; body: object } {
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const raw = exception.getResponse();
      const message = typeof raw === 'string' ? raw : ((raw as { message?: unknown }).message ?? exception.message);
      const details = typeof raw === 'object' ? ((raw as { details?: unknown }).details ?? []) : [];
      return {
        status,
        body: { statusCode: status, error: STATUS_CODES[status] ?? 'Error', message: Array.isArray(message) ? message.join('; ') : message, details },
      };
    }
    return { status: 500, body: { statusCode: 500, error: 'Internal Server Error', message: 'internal error', details: [] } };
  }
}
