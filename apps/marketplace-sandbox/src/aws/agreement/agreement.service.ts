import { Injectable, NotFoundException, ConflictException } from '@nestjs/common';
import { ClockService } from '../../clock/clock.service';
import { randomAlphanumeric } from '../../core/random-id.generator';
import { SnsNotifier } from '../../notifications/sns-notifier.service';
import { CatalogEntityStore } from '../catalog/catalog-entity.store';
import { LicenseStore } from '../entitlement/license.store';
import { AgreementEventsPublisher } from './agreement-events.publisher';
import { AgreementStore } from './agreement.store';
import type { Agreement, AgreementIntent } from './agreement.types';

export interface AcceptOfferCommand {
  offerId: string;
  acceptorAccountId: string;
  proposerAccountId: string;
  manufacturerAccountId?: string;
  productId: string;
  productCode?: string;
  productTitle?: string;
  resaleAuthorizationId?: string;
  agreementValue: string;
  currency: string;
  intent: AgreementIntent;
  durationMonths: number;
  dimensions: { key: string; quantity: number }[];
}

/**
 * Buyer-side actions (accept, amend, cancel) and their consequences: the
 * agreement, its licence and entitlements, and the EventBridge and SNS
 * notifications the seller receives.
 */
@Injectable()
export class AgreementService {
  constructor(
    private readonly store: AgreementStore,
    private readonly licenses: LicenseStore,
    private readonly catalog: CatalogEntityStore,
    private readonly events: AgreementEventsPublisher,
    private readonly sns: SnsNotifier,
    private readonly clock: ClockService,
  ) {}

  accept(command: AcceptOfferCommand): Agreement {
    const product = this.catalog.get(command.productId);
    const productCode = command.productCode ?? (product?.details.ProductCode as string | undefined) ?? command.productId;
    const productTitle = command.productTitle ?? (product?.details.ProductTitle as string | undefined) ?? productCode;
    const now = this.clock.now();
    const endTime = addMonths(now, command.durationMonths);
    const agreementId = `agmt-${randomAlphanumeric(25)}`;
    const license = this.licenses.create({
      customerAWSAccountId: command.acceptorAccountId,
      productCode,
      productId: command.productId,
      agreementId,
      offerId: command.offerId,
      expiresAt: endTime,
      entitlements: command.dimensions.map((d) => ({ dimension: d.key, quantity: d.quantity })),
    });
    const agreement: Agreement = {
      agreementId,
      acceptorAccountId: command.acceptorAccountId,
      proposerAccountId: command.proposerAccountId,
      manufacturerAccountId: command.manufacturerAccountId ?? product?.ownerAccountId ?? command.proposerAccountId,
      offerId: command.offerId,
      productId: command.productId,
      productCode,
      productTitle,
      resaleAuthorizationId: command.resaleAuthorizationId,
      agreementValue: command.agreementValue,
      currency: command.currency,
      intent: command.intent,
      status: 'ACTIVE',
      acceptanceTime: now,
      startTime: now,
      endTime,
      durationMonths: command.durationMonths,
      dimensions: command.dimensions,
      licenseArn: license.licenseArn,
      lastUpdateTime: now,
    };
    this.store.save(agreement);
    this.events.created(agreement);
    this.sns.subscription('subscribe-success', { ...license, offerId: command.offerId });
    return agreement;
  }

  amend(agreementId: string, agreementValue: string): Agreement {
    const agreement = this.active(agreementId);
    agreement.agreementValue = agreementValue;
    agreement.intent = 'AMEND';
    agreement.lastUpdateTime = this.clock.now();
    this.events.amended(agreement);
    const license = this.licenses.byArn(agreement.licenseArn);
    if (license) this.sns.entitlementUpdated(license);
    return agreement;
  }

  cancel(agreementId: string): Agreement {
    const agreement = this.active(agreementId);
    const now = this.clock.now();
    agreement.status = 'CANCELLED';
    agreement.endTime = now;
    agreement.lastUpdateTime = now;
    const license = this.licenses.byArn(agreement.licenseArn);
    if (license) {
      this.licenses.end(license, now);
      this.sns.subscription('unsubscribe-pending', { ...license, offerId: agreement.offerId });
      this.sns.subscription('unsubscribe-success', { ...license, offerId: agreement.offerId });
    }
    this.events.ended(agreement);
    return agreement;
  }

  private active(agreementId: string): Agreement {
    const agreement = this.store.get(agreementId);
    if (!agreement) throw new NotFoundException(`No agreement ${agreementId}`);
    if (agreement.status !== 'ACTIVE') throw new ConflictException(`Agreement ${agreementId} is ${agreement.status}`);
    return agreement;
  }
}

/** Calendar months, clamped to the month's last day (Jan 31 + 1 month = Feb 28/29). */
export function addMonths(date: Date, months: number): Date {
  const d = new Date(date.getTime());
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, lastDay));
  return d;
}
