import { HttpStatus, Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@bridge/config';
import type { Request } from 'express';
import { SecretMatcher } from '../auth/secret-matcher';
import { ApiError } from '../http/api-error';

/**
 * An EventBridge API destination authenticates with a connection of type
 * API_KEY: it sends EVENTBRIDGE_WEBHOOK_SECRET in the header named by
 * EVENTBRIDGE_WEBHOOK_HEADER (default `x-eventbridge-secret`). When no secret
 * is configured the check is off (the sandbox cannot send one). Runs before
 * the body is validated, so an unauthenticated caller learns nothing.
 */
@Injectable()
export class EventBridgeSecretGuard implements CanActivate {
  private readonly expected: SecretMatcher | null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.expected = config.EVENTBRIDGE_WEBHOOK_SECRET ? new SecretMatcher(config.EVENTBRIDGE_WEBHOOK_SECRET) : null;
  }

  canActivate(context: ExecutionContext): boolean {
    if (!this.expected) return true;
    const header = this.config.EVENTBRIDGE_WEBHOOK_HEADER;
    const presented = context.switchToHttp().getRequest<Request>().header(header);
    if (!presented)
      throw ApiError.field(HttpStatus.UNAUTHORIZED, header, 'missing: this endpoint requires the configured EventBridge secret');
    if (!this.expected.matches(presented)) throw ApiError.field(HttpStatus.UNAUTHORIZED, header, 'does not match the configured secret');
    return true;
  }
}
