import { Injectable, Logger } from '@nestjs/common';
import { MeteringFinalWindow } from '@bridge/database';
import { agreementEndsMeteredUsage } from '@bridge/domain';
import type { AgreementSnapshot } from '@bridge/marketplace';
import { JobProducer } from '@bridge/queues';

/**
 * An agreement the marketplace confirms has ended (DescribeAgreement, not the
 * event's word) opens its buyer's final-usage window. Run before the credit
 * commits, so a retried job does it again; starting it twice changes nothing.
 */
@Injectable()
export class AgreementEndMetering {
  private readonly logger = new Logger(AgreementEndMetering.name);

  constructor(
    private readonly finalWindow: MeteringFinalWindow,
    private readonly jobs: JobProducer,
  ) {}

  /** An Azure SaaS subscription Microsoft reports unsubscribed: its final usage is sent, then metering stops. */
  async azureSubscriptionEnded(subscriptionId: string, at: Date): Promise<void> {
    const ids = await this.finalWindow.start({ azureResourceId: subscriptionId }, at);
    await this.flush(ids);
    if (ids.length) this.logger.log(`Azure subscription ${subscriptionId} unsubscribed: final usage window opened`);
  }

  async agreementEnded(snapshot: AgreementSnapshot & { productId: string }, at: Date): Promise<void> {
    if (!agreementEndsMeteredUsage(snapshot.status)) return;
    const ids = await this.finalWindow.start(
      { marketplaceAgreementId: snapshot.agreementId, acceptorAccountId: snapshot.acceptorAccountId, productId: snapshot.productId },
      at,
    );
    await this.flush(ids);
    if (ids.length)
      this.logger.log(
        `agreement ${snapshot.agreementId} ${snapshot.status.toLowerCase()}: final usage window of ${ids.length} subscription(s)`,
      );
  }

  private async flush(ids: string[]): Promise<void> {
    for (const subscriptionId of ids) {
      // If the queue is away the metering tick still flushes it: the status is stored.
      await this.jobs.enqueue('metering.flush-subscription', { subscriptionId }).catch((error: Error) => {
        this.logger.warn(`flush of ${subscriptionId} left to the tick: ${error.message}`);
      });
    }
  }
}
