import { Injectable, NotFoundException, ConflictException } from '@nestjs/common';
import { ClockService } from '../../clock/clock.service';
import { randomAlphanumeric } from '../../core/random-id.generator';
import type { SnsSubscription } from '../../notifications/marketplace-sns.messages';
import { SnsNotifier } from '../../notifications/sns-notifier.service';
import { CatalogEntityStore } from '../catalog/catalog-entity.store';
import { LicenseStore, type License } from '../entitlement/license.store';
import { RegistrationTokenStore } from '../metering/registration-token.store';
import { AgreementEventsPublisher } from './agreement-events.publisher';
import { AgreementStore } from './agreement.store';
import { addMonths } from './agreement-dates';
import type { Agreement } from './agreement.types';

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
  freeTrial: boolean;
  durationMonths: number;
  dimensions: { key: string; quantity: number }[];
}

/**
 * Buyer-side actions (accept, amend, cancel) and their consequences: the
 * agreement, its licence, entitlements and registration token, and what the
 * seller is told, in AWS's order:
 * - accept: Purchase Agreement Created, License Updated (licence granted),
 *   subscribe-success, and entitlement-updated for a contract;
 * - accept a replacement offer: Purchase Agreement Created (intent REPLACE,
 *   previousAgreementId), Purchase Agreement Ended of the replaced agreement
 *   (status REPLACED), License Updated: the buyer's licence passes to the new
 *   agreement, so no new subscription and no final-usage hour;
 * - amend: Purchase Agreement Amended, License Updated, entitlement-updated;
 * - cancel: Purchase Agreement Ended, unsubscribe-pending; the final-usage
 *   hour opens;
 * - deprovision (the hour is over, or a test closes it early): License
 *   Deprovisioned, unsubscribe-success; usage is refused from then on.
 */
@Injectable()
export class AgreementService {
  constructor(
    private readonly store: AgreementStore,
    private readonly licenses: LicenseStore,
    private readonly tokens: RegistrationTokenStore,
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
    const replaced = this.replacedBy(command.offerId);
    const entitlements = command.dimensions.map((d) => ({ dimension: d.key, quantity: d.quantity }));
    const license = replaced
      ? this.licenseOf(replaced)
      : this.licenses.create({
          customerAWSAccountId: command.acceptorAccountId,
          productCode,
          productId: command.productId,
          agreementId,
          offerId: command.offerId,
          expiresAt: endTime,
          entitlements,
        });
    if (replaced) this.licenses.handOver(license, { agreementId, offerId: command.offerId, expiresAt: endTime, entitlements });
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
      freeTrial: command.freeTrial,
      agreementValue: command.agreementValue,
      currency: command.currency,
      intent: replaced ? 'REPLACE' : 'NEW',
      previousAgreementId: replaced?.agreementId,
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
    if (replaced) {
      // The buyer stays subscribed: the old agreement ends as REPLACED and the licence carries on under the new one.
      replaced.status = 'REPLACED';
      replaced.endTime = now;
      replaced.lastUpdateTime = now;
      this.events.ended(replaced);
    } else {
      this.tokens.issue(license.licenseArn);
    }
    this.events.licenseUpdated(agreement);
    if (!replaced) this.sns.subscription('subscribe-success', this.subscriptionOf(agreement, license));
    // Contract entitlements were granted: the entitlement topic says so for a new purchase too.
    if (license.entitlements.length > 0) this.sns.entitlementUpdated(license);
    return agreement;
  }

  /** The active agreement a replacement offer renews or upsells, if this offer is one (the catalog keeps it on the offer). */
  private replacedBy(offerId: string): Agreement | undefined {
    const replaces = this.catalog.get(offerId)?.details.ReplacesAgreement;
    const agreement = typeof replaces === 'string' ? this.store.get(replaces) : undefined;
    return agreement?.status === 'ACTIVE' ? agreement : undefined;
  }

  amend(agreementId: string, agreementValue: string): Agreement {
    const agreement = this.active(agreementId);
    agreement.agreementValue = agreementValue;
    agreement.intent = 'AMEND';
    agreement.lastUpdateTime = this.clock.now();
    this.events.amended(agreement);
    this.events.licenseUpdated(agreement);
    this.sns.entitlementUpdated(this.licenseOf(agreement));
    return agreement;
  }

  cancel(agreementId: string): Agreement {
    const agreement = this.active(agreementId);
    const now = this.clock.now();
    agreement.status = 'CANCELLED';
    agreement.endTime = now;
    agreement.lastUpdateTime = now;
    const license = this.licenseOf(agreement);
    this.licenses.end(license, now);
    this.events.ended(agreement);
    this.sns.subscription('unsubscribe-pending', this.subscriptionOf(agreement, license));
    return agreement;
  }

  /** Closes an ended agreement's final-usage hour now, without waiting for the clock. */
  deprovision(agreementId: string): Agreement {
    const agreement = this.find(agreementId);
    const license = this.licenseOf(agreement);
    if (license.status !== 'ENDED') {
      throw new ConflictException(
        `Agreement ${agreementId}'s licence is ${license.status}; only an ended agreement's licence is deprovisioned`,
      );
    }
    this.licenses.deprovision(license);
    this.events.licenseDeprovisioned(agreement);
    this.sns.subscription('unsubscribe-success', this.subscriptionOf(agreement, license));
    return agreement;
  }

  /** Deprovisions every licence whose final-usage hour the sandbox clock has passed. */
  deprovisionDue(): void {
    for (const license of this.licenses.dueForDeprovisioning(this.clock.now())) {
      if (license.agreementId) this.deprovision(license.agreementId);
    }
  }

  private subscriptionOf(agreement: Agreement, license: License): SnsSubscription {
    return {
      customerIdentifier: license.customerIdentifier,
      productCode: license.productCode,
      offerId: agreement.offerId,
      freeTrial: agreement.freeTrial,
    };
  }

  private licenseOf(agreement: Agreement): License {
    const license = this.licenses.byArn(agreement.licenseArn);
    // Agreements and their licences are created and reset together.
    if (!license) throw new Error(`Agreement ${agreement.agreementId} has no licence ${agreement.licenseArn}`);
    return license;
  }

  private find(agreementId: string): Agreement {
    const agreement = this.store.get(agreementId);
    if (!agreement) throw new NotFoundException(`No agreement ${agreementId}`);
    return agreement;
  }

  private active(agreementId: string): Agreement {
    const agreement = this.find(agreementId);
    if (agreement.status !== 'ACTIVE') throw new ConflictException(`Agreement ${agreementId} is ${agreement.status}`);
    return agreement;
  }
}

/** Kept here for the Azure fulfilment, which dates its terms the same way. */
export { addMonths } from './agreement-dates';
