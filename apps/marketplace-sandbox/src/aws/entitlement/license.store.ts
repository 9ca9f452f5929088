import { Injectable } from '@nestjs/common';
import { ResetRegistry, type ResettableState } from '../../core/reset.registry';
import { randomAlphanumeric, randomHex } from '../../core/random-id.generator';

/** Time a seller has after a subscription ends to send its final usage. */
export const FINAL_USAGE_GRACE_MS = 60 * 60 * 1000;

export interface License {
  readonly licenseArn: string;
  readonly customerAWSAccountId: string;
  /** The legacy per-product customer id, kept as an alias of account + licence. */
  readonly customerIdentifier: string;
  readonly productCode: string;
  readonly productId: string | undefined;
  /** The agreement (and its offer) the licence is held under: a replacing agreement takes it over. */
  agreementId: string | undefined;
  offerId: string | undefined;
  /**
   * ACTIVE until the agreement ends; ENDED during the final-usage hour, when
   * usage from before the end is still accepted; DEPROVISIONED once that hour
   * is over (License Deprovisioned, unsubscribe-success).
   */
  status: 'ACTIVE' | 'ENDED' | 'DEPROVISIONED';
  endedAt?: Date;
  expiresAt?: Date;
  /** Contract quantities per dimension, what GetEntitlements reports. */
  entitlements: { dimension: string; quantity: number }[];
}

/**
 * Who is subscribed to what: one licence per agreement (or per customer the
 * control API registers). Metering, entitlements and ResolveCustomer read it.
 */
@Injectable()
export class LicenseStore implements ResettableState {
  private licenses = new Map<string, License>();

  constructor(registry: ResetRegistry) {
    registry.register(this);
  }

  create(input: {
    customerAWSAccountId: string;
    productCode: string;
    productId?: string;
    agreementId?: string;
    offerId?: string;
    licenseArn?: string;
    expiresAt?: Date;
    entitlements?: { dimension: string; quantity: number }[];
  }): License {
    const existingAlias = [...this.licenses.values()].find(
      (l) => l.customerAWSAccountId === input.customerAWSAccountId && l.productCode === input.productCode,
    );
    const license: License = {
      licenseArn: input.licenseArn ?? `arn:aws:license-manager::294406891311:license:l-${randomHex(32)}`,
      customerAWSAccountId: input.customerAWSAccountId,
      // AWS keeps one legacy identifier per customer and product.
      customerIdentifier:
        existingAlias?.customerIdentifier ?? randomAlphanumeric(11, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'),
      productCode: input.productCode,
      productId: input.productId,
      agreementId: input.agreementId,
      offerId: input.offerId,
      status: 'ACTIVE',
      expiresAt: input.expiresAt,
      entitlements: input.entitlements ?? [],
    };
    this.licenses.set(license.licenseArn, license);
    return license;
  }

  byArn(licenseArn: string): License | undefined {
    return this.licenses.get(licenseArn);
  }

  byCustomerIdentifier(customerIdentifier: string, productCode: string): License | undefined {
    const matches = [...this.licenses.values()].filter((l) => l.customerIdentifier === customerIdentifier && l.productCode === productCode);
    return matches.find((l) => l.status === 'ACTIVE') ?? matches.at(-1);
  }

  byProductCode(productCode: string): License[] {
    return [...this.licenses.values()].filter((l) => l.productCode === productCode);
  }

  knowsProductCode(productCode: string): boolean {
    return [...this.licenses.values()].some((l) => l.productCode === productCode);
  }

  /**
   * A replacement (renewal or upsell) keeps the buyer's licence: the new
   * agreement holds it from now on, with its own end and entitlements.
   */
  handOver(
    license: License,
    to: { agreementId: string; offerId: string; expiresAt: Date; entitlements: { dimension: string; quantity: number }[] },
  ): void {
    license.agreementId = to.agreementId;
    license.offerId = to.offerId;
    license.expiresAt = to.expiresAt;
    license.entitlements = to.entitlements;
  }

  end(license: License, at: Date): void {
    license.status = 'ENDED';
    license.endedAt = at;
  }

  deprovision(license: License): void {
    license.status = 'DEPROVISIONED';
  }

  /** Ended licences whose final-usage hour is over at `now` but that are not yet deprovisioned. */
  dueForDeprovisioning(now: Date): License[] {
    return [...this.licenses.values()].filter(
      (l) => l.status === 'ENDED' && l.endedAt !== undefined && now.getTime() >= l.endedAt.getTime() + FINAL_USAGE_GRACE_MS,
    );
  }

  /**
   * Usage counts while the licence is active; after it ends, usage from before
   * the end is still accepted for an hour, the time AWS leaves after
   * unsubscribe-pending for the final records, and none once deprovisioned.
   */
  acceptsUsage(license: License, usageTime: Date, now: Date): boolean {
    if (license.status === 'ACTIVE') return true;
    if (license.status === 'DEPROVISIONED') return false;
    const endedAt = license.endedAt ?? now;
    return usageTime.getTime() <= endedAt.getTime() && now.getTime() < endedAt.getTime() + FINAL_USAGE_GRACE_MS;
  }

  reset(): void {
    this.licenses = new Map();
  }
}
