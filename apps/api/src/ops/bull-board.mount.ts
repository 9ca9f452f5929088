import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { JobProducer, QueueName } from '@bridge/queues';
import { DashboardSession } from '../dashboard/dashboard-session.service';

export const BULL_BOARD_PATH = '/admin/queues';

/**
 * Bull Board at /admin/queues, for ADMIN keys only (Bearer, or the
 * dashboard's session cookie). Its page asks Google for a web font: the
 * Content-Security-Policy keeps the browser from fetching anything that is
 * not served from here.
 */
export function mountBullBoard(app: NestExpressApplication): void {
  const producer = app.get(JobProducer, { strict: false });
  const session = app.get(DashboardSession, { strict: false });
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(BULL_BOARD_PATH);
  createBullBoard({
    queues: Object.values(QueueName).map((name) => new BullMQAdapter(producer.queue(name))),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Partner Bridge queues' } },
  });
  const adminOnly = (req: Request, res: Response, next: NextFunction) => {
    session.principalOf(req).then(
      (principal) => {
        if (!principal) return res.redirect(303, '/dashboard/sign-in');
        if (principal.role !== 'ADMIN') return res.status(403).type('text/plain').send('the queues are for ADMIN keys only\n');
        res.setHeader(
          'Content-Security-Policy',
          "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; font-src 'self' data:; img-src 'self' data:; connect-src 'self'",
        );
        next();
      },
      (error: Error) => next(error),
    );
  };
  app.use(BULL_BOARD_PATH, adminOnly, serverAdapter.getRouter() as (req: Request, res: Response, next: NextFunction) => void);
}
