import { Controller, HttpCode, Post } from '@nestjs/common';
import { ResetRegistry } from '../core/reset.registry';

@Controller('_sandbox')
export class ResetController {
  constructor(private readonly registry: ResetRegistry) {}

  /** Clears every API's state, armed faults, the clock and event history: tests call it in beforeEach. */
  @Post('reset')
  @HttpCode(204)
  reset(): void {
    this.registry.resetAll();
  }
}
