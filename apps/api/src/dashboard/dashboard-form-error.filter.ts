import { ArgumentsHost, Catch, HttpException, HttpStatus, Logger, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { sendHtml } from './dashboard-responses';
import { html } from './views/html.template';
import { page } from './views/layout.view';

/**
 * A dashboard form whose upload was refused before its handler ran (a file
 * over MDF_ATTACHMENT_MAX_BYTES, too many files or fields): the browser gets a
 * page saying so, not the API's JSON. Nothing was stored.
 */
@Catch()
export class DashboardFormErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(DashboardFormErrorFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const known = exception instanceof HttpException && exception.getStatus() < 500;
    if (!known) this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    const status = known ? exception.getStatus() : HttpStatus.INTERNAL_SERVER_ERROR;
    const reason = known ? exception.message : 'something went wrong on our side';
    sendHtml(
      res,
      status,
      page(
        'Not done',
        html`<p role="alert" data-testid="form-problem">Nothing changed: ${reason}.</p>
        <p><a href="/dashboard/mdf">Back to market development funds</a></p>`,
        null,
      ),
    );
  }
}
