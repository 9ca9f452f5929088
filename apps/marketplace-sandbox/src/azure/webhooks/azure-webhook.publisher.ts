import { Inject, Injectable } from '@nestjs/common';
import { randomUUID, sign } from 'node:crypto';
import { SANDBOX_OPTIONS, type SandboxOptions } from '../../core/sandbox-options';
import { EventDeliveryService } from '../../events/event-delivery.service';
import { SigningKeysService } from '../../notifications/signing-keys.service';
import type { SaasOperation, SaasSubscription } from '../fulfillment/azure-subscription.types';

export const AZURE_WEBHOOK_PATH = '/webhooks/azure';
/** Audience of the webhook token: stands in for the publisher's Entra application id. */
export const AZURE_WEBHOOK_AUDIENCE = 'marketplace-sandbox-publisher';
/** The application id Microsoft's marketplace webhook tokens carry. */
const MARKETPLACE_APP_ID = '20e940b3-4c77-4b0b-9a53-9e16a1b010a7';

/**
 * Posts the SaaS webhook as Microsoft does, with a bearer JWT (RS256) the
 * product verifies against `GET /_sandbox/azure/jwks`. Token times use real
 * time, because the product checks them against its own clock.
 */
@Injectable()
export class AzureWebhookPublisher {
  constructor(
    private readonly delivery: EventDeliveryService,
    private readonly keys: SigningKeysService,
    @Inject(SANDBOX_OPTIONS) private readonly options: SandboxOptions,
  ) {}

  publish(operation: SaasOperation, subscription: SaasSubscription): void {
    // A copy as it stands now (a later action must not change a queued body); the webhook page's term carries chargeDuration, null for these plans.
    const body = {
      ...operation,
      subscription: { ...subscription, term: { ...subscription.term, chargeDuration: null } },
      purchaseToken: null,
    };
    this.delivery.enqueue({
      id: operation.id,
      channel: 'azure-webhook',
      path: AZURE_WEBHOOK_PATH,
      kind: operation.action,
      body,
      headers: { authorization: `Bearer ${this.token()}` },
    });
  }

  /**
   * Delivers a body as given (a documented example, an action Microsoft may
   * add), with a genuine token, so the product's handling of messages the
   * sandbox would not make itself can be tested on the wire.
   */
  deliver(body: Record<string, unknown>): string {
    const id = typeof body.id === 'string' ? body.id : `raw-${randomUUID()}`;
    this.delivery.enqueue({
      id,
      channel: 'azure-webhook',
      path: AZURE_WEBHOOK_PATH,
      kind: typeof body.action === 'string' ? body.action : 'unknown',
      body,
      headers: { authorization: `Bearer ${this.token()}` },
    });
    return id;
  }

  issuer(): string {
    return `${this.options.publicUrl}/_sandbox/azure`;
  }

  private token(): string {
    const now = Math.floor(Date.now() / 1000);
    const header = { alg: 'RS256', typ: 'JWT', kid: this.keys.azureKeyId };
    const payload = {
      iss: this.issuer(),
      aud: AZURE_WEBHOOK_AUDIENCE,
      appid: MARKETPLACE_APP_ID,
      azp: MARKETPLACE_APP_ID,
      tid: '11111111-2222-4333-8444-555555555555',
      iat: now,
      nbf: now,
      exp: now + 3600,
    };
    const signingInput = `${b64url(header)}.${b64url(payload)}`;
    const signature = sign('sha256', Buffer.from(signingInput), this.keys.azurePrivateKey).toString('base64url');
    return `${signingInput}.${signature}`;
  }
}

function b64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
