import { Global, Module, type DynamicModule } from '@nestjs/common';
import { ClockService } from '../clock/clock.service';
import { EventBridgePublisher } from '../events/eventbridge-publisher.service';
import { EventDeliveryService } from '../events/event-delivery.service';
import { FaultInjector } from '../faults/fault-injector.service';
import { UsageLedgerService } from '../ledger/usage-ledger.service';
import { SigningKeysService } from '../notifications/signing-keys.service';
import { SnsNotifier } from '../notifications/sns-notifier.service';
import { ResetRegistry } from './reset.registry';
import { SANDBOX_OPTIONS, type SandboxOptions } from './sandbox-options';
import { StatsService } from './stats.service';

const shared = [
  ResetRegistry,
  StatsService,
  ClockService,
  FaultInjector,
  EventDeliveryService,
  EventBridgePublisher,
  SigningKeysService,
  SnsNotifier,
  UsageLedgerService,
];

/** Services every API uses: the clock, faults, stats, outbound events and the usage ledger. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(options: SandboxOptions): DynamicModule {
    return {
      module: CoreModule,
      providers: [{ provide: SANDBOX_OPTIONS, useValue: options }, ...shared],
      exports: [SANDBOX_OPTIONS, ...shared],
    };
  }
}
