import { STATUS_CODES } from 'node:http';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { json, text, type NextFunction, type Request, type Response } from 'express';

interface BodyParserError {
  type?: string;
  status?: number;
  message?: string;
  limit?: number;
}

/** A route prefix that gets a body limit (and possibly a parser) of its own. */
export interface RouteBodyLimit {
  path: string;
  limit: string;
  /** Read the body as text (SNS posts JSON as text/plain); the route parses it. */
  asText?: boolean;
}

/**
 * Parses JSON bodies and answers a body that cannot be read in the API's own
 * error shape, naming the problem, before any route runs. Routes listed in
 * `routes` are parsed first, with their own (smaller) limit; the first parser
 * that reads a body wins, so the general limit never applies to them.
 */
export function useJsonBodyParser(app: NestExpressApplication, limit: string, routes: RouteBodyLimit[] = []): void {
  for (const route of routes) {
    app.use(
      route.path,
      route.asText ? text({ type: ['text/plain', 'application/json'], limit: route.limit }) : json({ limit: route.limit }),
    );
  }
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
          ? `body is larger than the ${error.limit ? formatBytes(error.limit) : limit} this endpoint accepts`
          : (error.message ?? 'unreadable body');
    response
      .status(status)
      .json({ statusCode: status, error: STATUS_CODES[status], message: reason, details: [{ field: '(body)', reason }] });
  });
}

const formatBytes = (bytes: number) => (bytes >= 1_048_576 ? `${bytes / 1_048_576}mb` : `${Math.round(bytes / 1024)}kb`);
