import { HttpStatus } from '@nestjs/common';
import type { Request } from 'express';
import { ApiError } from './api-error';

/**
 * Reads a raw request body (a file upload) into memory, keeping no more than
 * `maxBytes` of it: a declared Content-Length over the limit is refused (413)
 * unread; a body that turns out larger is discarded as it arrives and refused
 * once it has ended, so the refusal reaches a client still sending.
 */
export function readBoundedBody(request: Request, maxBytes: number, field = '(body)'): Promise<Buffer> {
  const tooLarge = () => ApiError.field(HttpStatus.PAYLOAD_TOO_LARGE, field, `is larger than the ${maxBytes} bytes this endpoint accepts`);
  const declared = Number(request.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    request.resume();
    return Promise.reject(tooLarge());
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
    });
    request.once('end', () => (size > maxBytes ? reject(tooLarge()) : resolve(Buffer.concat(chunks, size))));
    request.once('error', reject);
  });
}
