import { Controller } from '@nestjs/common';
import { OnJob } from '@bridge/queues';
import { MeteringTickService } from './hours/metering-tick.service';

/** Thin: jobs in, the tick out. */
@Controller()
export class MeteringProcessor {
  constructor(private readonly ticks: MeteringTickService) {}

  @OnJob('metering.tick')
  async tick(): Promise<void> {
    await this.ticks.tick();
  }

  /** The subscription is already marked unsubscribe-pending; a tick that sees it freezes and sends all of it. */
  @OnJob('metering.flush-subscription')
  async flush(): Promise<void> {
    await this.ticks.tick(true);
  }
}
