import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { AgreementRecreditOutbox } from '@bridge/database';
import { OnJob, type JobData } from '@bridge/queues';
import { AgreementCreditService } from './agreement-credit.service';

/**
 * Credits an agreement again for a settled conflict, then marks the request
 * done. Crediting converges on what is stored, so a crash before the mark
 * only means the sweep runs it once more, to no effect.
 */
@Controller()
export class AgreementRecreditProcessor {
  constructor(
    private readonly credit: AgreementCreditService,
    private readonly outbox: AgreementRecreditOutbox,
  ) {}

  @OnJob('agreement.recredit')
  async recredit(@Payload() data: JobData<'agreement.recredit'>): Promise<void> {
    await this.credit.recredit(data.agreementId);
    // A job from before the outbox has no request: crediting converged, nothing to mark.
    if (data.recreditId) await this.outbox.complete(data.recreditId, new Date());
  }
}
