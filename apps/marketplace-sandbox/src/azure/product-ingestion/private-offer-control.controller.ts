import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { z } from 'zod';
import { ClockService } from '../../clock/clock.service';
import { parseBody } from '../../core/zod-body.pipe';
import { azureError } from '../azure-request.guard';
import { AzureSubscriptionStore } from '../fulfillment/azure-subscription.store';
import { newSaasSubscription } from '../fulfillment/saas-subscription.builder';
import { presentPrivateOffer } from './private-offer.presenter';
import { ProductIngestionStore } from './product-ingestion.store';

const purchaseRequest = z.object({
  /** Which beneficiary buys (its billing account id); the tenant in it is the subscription's. */
  billingAccountId: z.string().min(1),
  planId: z.string().min(1),
  quantity: z.number().int().min(1).optional(),
  beneficiaryEmail: z.email().default('buyer@example.com'),
  name: z.string().min(1).optional(),
});

/** Buyer-side actions on private offers: accept and purchase in the Azure portal. */
@Controller('_sandbox/azure/private-offers')
export class PrivateOfferControlController {
  constructor(
    private readonly store: ProductIngestionStore,
    private readonly saas: AzureSubscriptionStore,
    private readonly clock: ClockService,
  ) {}

  /** Every private offer the publisher has made, as the portal lists them. */
  @Get()
  list() {
    return {
      value: this.store.allOffers().map((offer) => ({ ...presentPrivateOffer(offer), visibleToCustomer: offer.visibleToCustomer })),
    };
  }

  @Get(':id')
  find(@Param('id') id: string) {
    const offer = this.store.offer(`private-offer/${id}`);
    if (!offer) throw azureError(404, 'NotFound', `no private offer ${id}`);
    return { ...presentPrivateOffer(offer), visibleToCustomer: offer.visibleToCustomer };
  }

  /**
   * The customer accepts the private offer and buys one of its plans: a SaaS
   * subscription the publisher resolves and activates like any other (the
   * Fulfillment API does not name the private offer).
   */
  @Post(':id/purchase')
  @HttpCode(201)
  purchase(@Param('id') id: string, @Body() body: unknown) {
    const r = parseBody(purchaseRequest, body);
    const offer = this.store.offer(`private-offer/${id}`);
    if (!offer?.visibleToCustomer) throw azureError(404, 'NotFound', `private offer ${id} is not available to customers`);
    if (!offer.beneficiaries.some((b) => b.id === r.billingAccountId))
      throw azureError(403, 'Forbidden', `billing account ${r.billingAccountId} is not a beneficiary of the offer`);
    if (this.clock.now().toISOString().slice(0, 10) > offer.acceptBy)
      throw azureError(409, 'Conflict', 'the offer can no longer be accepted');
    const price = offer.pricing.find((p) => p.planId === r.planId);
    if (!price) throw azureError(400, 'BadRequest', `plan ${r.planId} is not in the offer`);
    const tenantId = /:([0-9a-f-]{36})_/i.exec(r.billingAccountId)?.[1];
    const offerId = price.offerId;
    const subscription = newSaasSubscription(
      {
        offerId,
        publisherId: this.saas.offer(offerId)?.publisherId ?? 'sandbox-publisher',
        planId: r.planId,
        quantity: r.quantity,
        name: r.name,
        beneficiaryEmail: r.beneficiaryEmail,
        tenantId,
        termUnit: 'P1M',
        isFreeTrial: false,
      },
      this.clock.now().toISOString(),
    );
    this.saas.save(subscription);
    return { subscription, token: this.saas.mintToken(subscription.id) };
  }
}
