import { HttpStatus, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { ApiError } from '../http/api-error';
import { AzureWebhookTokenVerifier } from './azure-webhook-token.verifier';

/** Azure webhook calls carry an Entra bearer token; it is checked before the body is even read. */
@Injectable()
export class AzureWebhookTokenGuard implements CanActivate {
  constructor(private readonly verifier: AzureWebhookTokenVerifier) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request>();
    const match = /^Bearer\s+(\S+)$/i.exec(request.header('authorization') ?? '');
    if (!match) throw ApiError.field(HttpStatus.UNAUTHORIZED, 'Authorization', 'missing or not a Bearer token');
    await this.verifier.verify(match[1]);
    return true;
  }
}
