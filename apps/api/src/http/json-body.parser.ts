import { STATUS_CODES } from 'node:http';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { json, type NextFunction, type Request, type Response } from 'express';

interface BodyParserError {
  type?: string;
  status?: number;
  message?: string;
}

/**
 * Parses JSON bodies and answers a body that cannot be read in the API's own
 * error shape, naming the problem, before any route runs.
 */
export function useJsonBodyParser(app: NestExpressApplication, limit: string): void {
  app.use(json({ limit }));
  app.use((error: BodyParserError, _request: Request, response: Response, next: NextFunction) => {
    if (!error?.type?.startsWith('entity.') && !error?.type?.startsWith('encoding.') && error?.type !== 'charset.unsupported') {
      next(error);
      return;
    }
    const status = error.status ?? 400;
    const reason =
      error.type === 'entity.parse.failed'
        ? `body is not valid JSON: ${error.message}`
        : error.type === 'entity.too.large'
          ? `body is larger than the ${limit} this API accepts`
          : (error.message ?? 'unreadable body');
    response.status(status).json({ statusCode: status, error: STATUS_CODES[status], message: reason, details: [{ field: '(body)', reason }] });
  });
}
