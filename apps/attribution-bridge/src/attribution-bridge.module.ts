import { Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule, type AppConfig } from '@bridge/config';
import { DatabaseModule } from '@bridge/database';
import { MarketplaceModule } from '@bridge/marketplace';
import { attributionRepeatingJobs } from './attribution-bridge.repeating-jobs';
import { QueueName, QueuesModule, QueueWorkersModule } from '@bridge/queues';
import { AgreementCreditRepository } from './agreements/agreement-credit.repository';
import { AgreementCreditService } from './agreements/agreement-credit.service';
import { AgreementEndMetering } from './agreements/agreement-end.metering';
import { AgreementRecreditProcessor } from './agreements/agreement-recredit.processor';
import { AzureOperationAcknowledger } from './azure-operations/azure-operation.acknowledger';
import { AzureOperationAnswerRepository } from './azure-operations/azure-operation-answer.repository';
import { AzureOperationProcessor } from './azure-operations/azure-operation.processor';
import { CommitmentDrawdownWriter } from './commitments/commitment-drawdown.writer';
import { DealExpiryProcessor } from './deals/deal-expiry.processor';
import { AttributionDecisionRecorder } from './decisions/attribution-decision.recorder';
import { MarketplaceEventProcessor } from './marketplace-events/marketplace-event.processor';
import { RevenueContextRepository } from './revenue-events/revenue-context.repository';
import { RevenueCreditService } from './revenue-events/revenue-credit.service';
import { RevenueCreditWriter } from './revenue-events/revenue-credit.writer';
import { ReconciliationModule } from '@bridge/reconciliation';
import { DataFeedPollProcessor } from './reconciliation/data-feed-poll.processor';
import { ReconciliationProcessor } from './reconciliation/reconciliation.processor';
import { UsageRevenueProcessor } from './usage-revenue/usage-revenue.processor';
import { UsageRevenueRepository } from './usage-revenue/usage-revenue.repository';
import { UsageRevenueService } from './usage-revenue/usage-revenue.service';
import { AzureSubscriptionEventReader } from './azure-subscriptions/azure-subscription-event.reader';
import { AzureSubscriptionRepository } from './azure-subscriptions/azure-subscription.repository';

@Module({})
export class AttributionBridgeModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AttributionBridgeModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule,
        QueuesModule,
        MarketplaceModule,
        QueueWorkersModule.forQueues(
          [{ queue: QueueName.Attribution, concurrency: config.ATTRIBUTION_CONCURRENCY }],
          attributionRepeatingJobs(config),
        ),
        ReconciliationModule,
      ],
      // Processors are the worker's controllers: the BullMQ transport finds their @OnJob handlers.
      controllers: [
        DataFeedPollProcessor,
        AgreementRecreditProcessor,
        AzureOperationProcessor,
        DealExpiryProcessor,
        MarketplaceEventProcessor,
        ReconciliationProcessor,
        UsageRevenueProcessor,
      ],
      providers: [
        AgreementCreditRepository,
        AgreementCreditService,
        AgreementEndMetering,
        AttributionDecisionRecorder,
        AzureOperationAcknowledger,
        AzureSubscriptionEventReader,
        AzureSubscriptionRepository,
        AzureOperationAnswerRepository,
        CommitmentDrawdownWriter,
        RevenueContextRepository,
        RevenueCreditService,
        RevenueCreditWriter,
        UsageRevenueRepository,
        UsageRevenueService,
      ],
    };
  }
}
