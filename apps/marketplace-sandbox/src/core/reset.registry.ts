import { Injectable } from '@nestjs/common';

/** Anything holding sandbox state that `POST /_sandbox/reset` must clear. */
export interface ResettableState {
  reset(): void;
}

/**
 * Stateful services register themselves here when constructed, so the reset
 * endpoint clears every API's state without knowing each service by name
 * (and without a module importing all the others).
 */
@Injectable()
export class ResetRegistry {
  private readonly states: ResettableState[] = [];

  register(state: ResettableState): void {
    this.states.push(state);
  }

  resetAll(): void {
    for (const state of this.states) state.reset();
  }
}
