import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { AgreementService } from './agreement.service';

/** Often enough that a test advancing the clock by an hour sees the deprovisioning at once. */
const CHECK_INTERVAL_MS = 200;

/**
 * AWS deprovisions a cancelled licence one hour after the agreement ends,
 * when the final-usage window closes. The sandbox clock can jump, so the
 * watcher looks at it regularly rather than setting a timer for the hour.
 */
@Injectable()
export class FinalUsageHourWatcher implements OnModuleInit, OnModuleDestroy {
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly agreements: AgreementService) {}

  onModuleInit(): void {
    this.timer = setInterval(() => this.agreements.deprovisionDue(), CHECK_INTERVAL_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }
}
