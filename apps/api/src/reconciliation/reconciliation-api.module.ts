import { Module } from '@nestjs/common';
import { ReconciliationModule } from '@bridge/reconciliation';
import { FeedObjectRepository } from './feed-object.repository';
import { FeedObjectsController } from './feed-objects.controller';
import { ReconciliationImportsController } from './reconciliation-imports.controller';
import { ReconciliationViewRepository } from './reconciliation-view.repository';
import { ReconciliationViewsController } from './reconciliation-views.controller';
import { VarianceNoteRepository } from './variance-note.repository';
import { VarianceNotesController } from './variance-notes.controller';

/**
 * Finance reconciliation over HTTP. Uploads run the engine's intake here, in
 * the API process, so the request body streams straight into PostgreSQL;
 * matching is queued for the attribution worker.
 */
@Module({
  imports: [ReconciliationModule],
  controllers: [ReconciliationImportsController, FeedObjectsController, ReconciliationViewsController, VarianceNotesController],
  providers: [FeedObjectRepository, ReconciliationViewRepository, VarianceNoteRepository],
})
export class ReconciliationApiModule {}
