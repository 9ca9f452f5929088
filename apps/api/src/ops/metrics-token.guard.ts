import { HttpStatus, Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@bridge/config';
import type { Request, Response } from 'express';
import { SecretMatcher } from '../auth/secret-matcher';
import { ApiError } from '../http/api-error';

/**
 * /metrics is served on the port that takes public webhooks, so it asks for
 * METRICS_TOKEN as a bearer token (Prometheus' `authorization` scrape
 * setting) before any collection work. API keys do not open it: a scraper
 * needs no power over the API. Without a configured token every scrape is
 * refused (production requires one).
 */
@Injectable()
export class MetricsTokenGuard implements CanActivate {
  private readonly expected: SecretMatcher | null;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.expected = config.METRICS_TOKEN ? new SecretMatcher(config.METRICS_TOKEN) : null;
  }

  canActivate(context: ExecutionContext): boolean {
    const http = context.switchToHttp();
    http.getResponse<Response>().setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
    if (!this.expected) throw refused('metrics are off: set METRICS_TOKEN and scrape with it as the bearer token');
    const presented = /^Bearer\s+(\S+)$/i.exec(http.getRequest<Request>().header('authorization') ?? '')?.[1];
    if (!presented) throw refused('missing: Authorization: Bearer <METRICS_TOKEN>');
    if (!this.expected.matches(presented)) throw refused('does not match METRICS_TOKEN');
    return true;
  }
}

const refused = (reason: string) => ApiError.field(HttpStatus.UNAUTHORIZED, 'Authorization', reason);
