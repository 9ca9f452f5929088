import { Controller, Logger } from '@nestjs/common';
import { DealRegistrationRepository } from '@bridge/database';
import { OnJob } from '@bridge/queues';

/**
 * Registrations lapse at their expiry; this keeps their status true for the
 * people reading lists. Credit never depends on it: the rules compare the
 * expiry with the purchase time themselves.
 */
@Controller()
export class DealExpiryProcessor {
  private readonly logger = new Logger(DealExpiryProcessor.name);

  constructor(private readonly deals: DealRegistrationRepository) {}

  @OnJob('deal-registration.expire-due')
  async expireDue(): Promise<void> {
    const { count } = await this.deals.expireDue(new Date());
    if (count) this.logger.log(`${count} deal registrations expired`);
  }
}
