import { Body, Controller, Get, HttpCode, NotFoundException, Param, Post } from '@nestjs/common';
import { stableUuid } from '../../core/random-id.generator';
import { z } from 'zod';
import { ClockService } from '../../clock/clock.service';
import { parseBody } from '../../core/zod-body.pipe';
import { AzureSubscriptionStore } from './azure-subscription.store';
import { newSaasSubscription } from './saas-subscription.builder';
import { AzureWebhookPublisher } from '../webhooks/azure-webhook.publisher';
import { FulfillmentService } from './fulfillment.service';

const offerRequest = z.object({
  offerId: z.string().min(1),
  publisherId: z.string().min(1).default('sandbox-publisher'),
  title: z.string().min(1).optional(),
  plans: z
    .array(
      z.object({
        planId: z.string().min(1),
        displayName: z.string().optional(),
        isPricePerSeat: z.boolean().default(false),
        dimensions: z.array(z.string().min(1)).default([]),
        price: z
          .string()
          .regex(/^\d+(\.\d{1,2})?$/)
          .optional(),
        term: z.enum(['P1M', 'P1Y']).optional(),
      }),
    )
    .min(1),
});

const subscribeRequest = z.object({
  offerId: z.string().min(1),
  planId: z.string().min(1),
  quantity: z.number().int().min(1).optional(),
  publisherId: z.string().min(1).optional(),
  name: z.string().min(1).optional(),
  beneficiaryEmail: z.email().default('buyer@example.com'),
  tenantId: z.uuid().optional(),
  termUnit: z.enum(['P1M', 'P1Y']).default('P1M'),
  isFreeTrial: z.boolean().default(false),
});

const actionRequest = z.object({
  action: z.enum(['ChangePlan', 'ChangeQuantity', 'Unsubscribe', 'Suspend', 'Reinstate', 'Renew']),
  planId: z.string().min(1).optional(),
  quantity: z.number().int().min(1).optional(),
});

/** Buyer-side actions in Azure: seed an offer, subscribe, and act in the portal (webhooks follow). */
@Controller('_sandbox/azure')
export class AzureControlController {
  constructor(
    private readonly store: AzureSubscriptionStore,
    private readonly fulfillment: FulfillmentService,
    private readonly clock: ClockService,
    private readonly webhooks: AzureWebhookPublisher,
  ) {}

  @Post('offers')
  @HttpCode(201)
  seedOffer(@Body() body: unknown) {
    const r = parseBody(offerRequest, body);
    // Durable ids never change: the same offer and plan ids get the same ones, seeded again or after a reset,
    // as a publisher's process that remembers them expects.
    const productGuid = stableUuid(`azure-product:${r.offerId}`);
    const offer = {
      ...r,
      durableId: `product/${productGuid}`,
      plans: r.plans.map((p) => ({
        ...p,
        displayName: p.displayName ?? p.planId,
        durableId: `plan/${productGuid}/${stableUuid(`azure-plan:${r.offerId}/${p.planId}`)}`,
      })),
    };
    this.store.putOffer(offer);
    return offer;
  }

  /** The offer as seeded, with the durable ids Partner Center gave its product and plans. */
  @Get('offers/:offerId')
  findOffer(@Param('offerId') offerId: string) {
    const offer = this.store.offer(offerId);
    if (!offer) throw new NotFoundException(`no offer ${offerId}`);
    return offer;
  }

  /** The publisher changes a plan's public price in Partner Center (and publishes it). */
  @Post('offers/:offerId/plans/:planId/price')
  @HttpCode(200)
  reprice(@Param('offerId') offerId: string, @Param('planId') planId: string, @Body() body: unknown) {
    const { price } = parseBody(z.object({ price: z.string().regex(/^\d+(\.\d{1,2})?$/) }), body);
    const plan = this.store.offer(offerId)?.plans.find((p) => p.planId === planId);
    if (!plan) throw new NotFoundException(`no plan ${planId} of offer ${offerId}`);
    plan.price = price;
    return plan;
  }

  /** The buyer buys on Azure: the subscription waits for activation, and the landing page gets a token. */
  @Post('subscriptions')
  @HttpCode(201)
  subscribe(@Body() body: unknown) {
    const r = parseBody(subscribeRequest, body);
    const subscription = newSaasSubscription(
      { ...r, publisherId: r.publisherId ?? this.store.offer(r.offerId)?.publisherId ?? 'sandbox-publisher' },
      this.clock.now().toISOString(),
    );
    this.store.save(subscription);
    return { subscription, token: this.store.mintToken(subscription.id) };
  }

  /** The subscription as the sandbox holds it (no token needed: a test's view of Microsoft's side). */
  @Get('subscriptions/:id')
  subscription(@Param('id') id: string) {
    return this.fulfillment.find(id);
  }

  @Post('subscriptions/:id/actions')
  @HttpCode(200)
  act(@Param('id') id: string, @Body() body: unknown) {
    const r = parseBody(actionRequest, body);
    return this.fulfillment.buyerAction(id, r.action, r.planId, r.quantity);
  }

  /** Delivers any JSON object to the product's webhook as Microsoft would (a genuine token): documented examples the sandbox does not make itself. */
  @Post('webhook-deliveries')
  @HttpCode(202)
  deliverRaw(@Body() body: unknown) {
    const r = parseBody(z.record(z.string(), z.unknown()), body);
    return { deliveryId: this.webhooks.deliver(r) };
  }

  @Post('subscriptions/:id/unsubscribe')
  @HttpCode(200)
  unsubscribe(@Param('id') id: string) {
    return this.fulfillment.buyerAction(id, 'Unsubscribe');
  }
}
