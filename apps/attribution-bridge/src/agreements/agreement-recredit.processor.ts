import { Injectable } from '@nestjs/common';
import { OnJob, type JobData } from '@bridge/queues';
import { AgreementCreditService } from './agreement-credit.service';

@Injectable()
export class AgreementRecreditProcessor {
  constructor(private readonly credit: AgreementCreditService) {}

  @OnJob('agreement.recredit')
  async recredit(data: JobData<'agreement.recredit'>): Promise<void> {
    await this.credit.recredit(data.agreementId);
  }
}
