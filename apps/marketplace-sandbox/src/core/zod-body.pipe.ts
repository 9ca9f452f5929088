import { BadRequestException } from '@nestjs/common';
import type { z } from 'zod';

/** Validates a control-API body; the 400 names each bad field so a test author sees the mistake at once. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const parsed = schema.safeParse(body ?? {});
  if (!parsed.success) {
    throw new BadRequestException({
      message: 'Invalid sandbox control request',
      issues: parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`),
    });
  }
  return parsed.data;
}
