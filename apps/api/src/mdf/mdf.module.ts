import { Module } from '@nestjs/common';
import { MdfAttachmentService } from './mdf-attachment.service';
import { MdfBudgetService } from './mdf-budget.service';
import { MdfBudgetsController } from './mdf-budgets.controller';
import { MdfRepository } from './mdf.repository';
import { MdfRequestService } from './mdf-request.service';
import { MdfRequestsController } from './mdf-requests.controller';
import { MdfRoiRepository } from './mdf-roi.repository';
import { MdfRoiService } from './mdf-roi.service';

@Module({
  controllers: [MdfBudgetsController, MdfRequestsController],
  providers: [MdfRepository, MdfBudgetService, MdfRequestService, MdfAttachmentService, MdfRoiRepository, MdfRoiService],
  exports: [MdfRepository, MdfBudgetService, MdfRoiService, MdfRequestService, MdfAttachmentService],
})
export class MdfModule {}
