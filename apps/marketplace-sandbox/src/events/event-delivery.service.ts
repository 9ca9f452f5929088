import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { ClockService } from '../clock/clock.service';
import { ResetRegistry, type ResettableState } from '../core/reset.registry';
import { SANDBOX_OPTIONS, type SandboxOptions } from '../core/sandbox-options';
import { FaultInjector } from '../faults/fault-injector.service';
import type { DeliveryConfig, OutboundChannel, OutboundEvent } from './outbound-event.types';

const DELIVERY_TIMEOUT_MS = 5000;

/**
 * Posts events to the product like the clouds do: asynchronously, retried
 * with exponential backoff while the receiver fails, and recorded so a test
 * can see what was sent, how often and with what outcome.
 */
@Injectable()
export class EventDeliveryService implements ResettableState, OnModuleDestroy {
  private readonly logger = new Logger('EventDelivery');
  private events: OutboundEvent[] = [];
  private timers = new Set<NodeJS.Timeout>();
  /** Bumped on reset so an attempt in flight for a cleared event records nothing. */
  private generation = 0;
  private config: DeliveryConfig;

  constructor(
    registry: ResetRegistry,
    @Inject(SANDBOX_OPTIONS) private readonly options: SandboxOptions,
    private readonly clock: ClockService,
    private readonly faults: FaultInjector,
  ) {
    registry.register(this);
    this.config = this.defaultConfig();
  }

  enqueue(input: {
    id: string;
    channel: OutboundChannel;
    path: string;
    kind: string;
    body: unknown;
    headers?: Record<string, string>;
  }): OutboundEvent {
    const event: OutboundEvent = {
      ...input,
      headers: { 'content-type': 'application/json', ...input.headers },
      createdAt: this.clock.now().toISOString(),
      status: 'pending',
      deliveries: 0,
      attempts: [],
    };
    this.events.push(event);
    if (this.faults.take(event.kind, ['drop-event'])) event.status = 'dropped';
    else if (!this.config.enabled) event.status = 'held';
    else this.attemptInBackground(event, 1, this.generation);
    return event;
  }

  list(filter: { status?: string; channel?: string; kind?: string } = {}): OutboundEvent[] {
    return this.events.filter(
      (e) =>
        (!filter.status || e.status === filter.status) &&
        (!filter.channel || e.channel === filter.channel) &&
        (!filter.kind || e.kind === filter.kind),
    );
  }

  find(id: string): OutboundEvent | undefined {
    return this.events.find((e) => e.id === id);
  }

  /** Sends one event again, whatever its status, and waits for that first attempt. */
  async redeliver(event: OutboundEvent): Promise<OutboundEvent> {
    await this.attempt(event, 1, this.generation);
    return event;
  }

  getConfig(): DeliveryConfig {
    return { ...this.config };
  }

  configure(patch: Partial<DeliveryConfig>): DeliveryConfig {
    this.config = { ...this.config, ...patch };
    return this.getConfig();
  }

  reset(): void {
    this.generation += 1;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.events = [];
    this.config = this.defaultConfig();
  }

  onModuleDestroy(): void {
    this.reset();
  }

  private defaultConfig(): DeliveryConfig {
    return { enabled: true, targetUrl: this.options.eventTargetUrl, maxAttempts: 5, baseDelayMs: 200 };
  }

  /**
   * Fire-and-forget: the caller answers (or the timer returns) without waiting
   * for the delivery. attempt() records its own network failures on the event;
   * anything else it throws is logged here rather than left as an unhandled
   * rejection that would end the process.
   */
  private attemptInBackground(event: OutboundEvent, attemptNo: number, generation: number): void {
    void this.attempt(event, attemptNo, generation).catch((e: unknown) => {
      this.logger.error(
        `Delivering ${event.kind} ${event.id} (attempt ${attemptNo}) failed: ${e instanceof Error ? e.message : String(e)}`,
      );
    });
  }

  private async attempt(event: OutboundEvent, attemptNo: number, generation: number): Promise<void> {
    const url = `${this.config.targetUrl.replace(/\/$/, '')}${event.path}`;
    let ok = false;
    let httpStatus: number | undefined;
    let error: string | undefined;
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: event.headers,
        body: JSON.stringify(event.body),
        signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
      });
      httpStatus = response.status;
      ok = response.ok;
      await response.arrayBuffer().catch(() => undefined);
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
    if (generation !== this.generation) return;
    event.attempts.push({ at: new Date().toISOString(), ok, httpStatus, error });
    if (ok) {
      event.status = 'delivered';
      event.deliveries += 1;
      return;
    }
    if (attemptNo >= this.config.maxAttempts) {
      event.status = 'failed';
      this.logger.warn(`Giving up on ${event.kind} ${event.id} after ${attemptNo} attempts`);
      return;
    }
    event.status = event.deliveries > 0 ? 'delivered' : 'pending';
    const delay = this.config.baseDelayMs * 2 ** (attemptNo - 1);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.attemptInBackground(event, attemptNo + 1, generation);
    }, delay);
    this.timers.add(timer);
  }
}
