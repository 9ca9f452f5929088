import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { withCorrelation } from '@bridge/config';

const HEADER = 'x-correlation-id';

/**
 * Gives every request a correlation id (the caller's, when it sends a sane
 * one) and runs the request inside it: log lines and the jobs it enqueues
 * carry it, and the answer returns it.
 */
export function correlationIdMiddleware(request: Request, response: Response, next: NextFunction): void {
  const offered = request.header(HEADER);
  const correlationId = offered && /^[\w.:-]{1,128}$/.test(offered) ? offered : randomUUID();
  response.setHeader(HEADER, correlationId);
  withCorrelation(correlationId, next);
}
