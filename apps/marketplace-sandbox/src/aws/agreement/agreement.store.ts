import { Injectable } from '@nestjs/common';
import { ResetRegistry, type ResettableState } from '../../core/reset.registry';
import type { Agreement } from './agreement.types';

@Injectable()
export class AgreementStore implements ResettableState {
  private agreements = new Map<string, Agreement>();

  constructor(registry: ResetRegistry) {
    registry.register(this);
  }

  save(agreement: Agreement): void {
    this.agreements.set(agreement.agreementId, agreement);
  }

  get(agreementId: string): Agreement | undefined {
    return this.agreements.get(agreementId);
  }

  /** In acceptance order, the order SearchAgreements pages through when no sort is given. */
  all(): Agreement[] {
    return [...this.agreements.values()];
  }

  reset(): void {
    this.agreements = new Map();
  }
}
