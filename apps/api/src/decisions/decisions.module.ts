import { Module } from '@nestjs/common';
import { AttributionDecisionRepository } from './attribution-decision.repository';
import { AttributionDecisionsController } from './attribution-decisions.controller';

@Module({ controllers: [AttributionDecisionsController], providers: [AttributionDecisionRepository] })
export class DecisionsModule {}
