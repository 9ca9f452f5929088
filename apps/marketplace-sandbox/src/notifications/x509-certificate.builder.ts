import { createPrivateKey, randomBytes, sign, type KeyObject } from 'node:crypto';

/**
 * A minimal DER encoder for one self-signed X.509 v3 certificate, because
 * node:crypto can parse and verify certificates but not create them, and the
 * product verifies SNS messages against a certificate (as it must on AWS).
 */
export function buildSelfSignedCertificate(input: {
  commonName: string;
  /** Names a TLS client checks the host against (subjectAltName); an IP host is matched only here. */
  subjectAltNames?: { dns?: string[]; ip?: string[] };
  publicKey: KeyObject;
  privateKey: KeyObject;
  notBefore: Date;
  notAfter: Date;
}): string {
  const sha256WithRsa = seq(oid('1.2.840.113549.1.1.11'), Buffer.from([0x05, 0x00]));
  const name = seq(set(seq(oid('2.5.4.3'), tlv(0x0c, Buffer.from(input.commonName, 'utf8')))));
  const serial = Buffer.concat([Buffer.from([0x01]), randomBytes(15)]);
  const tbs = seq(
    tlv(0xa0, tlv(0x02, Buffer.from([0x02]))),
    tlv(0x02, serial),
    sha256WithRsa,
    name,
    seq(utcTime(input.notBefore), utcTime(input.notAfter)),
    name,
    input.publicKey.export({ type: 'spki', format: 'der' }),
    ...(input.subjectAltNames ? [tlv(0xa3, seq(subjectAltName(input.subjectAltNames)))] : []),
  );
  const signature = sign('sha256', tbs, createPrivateKey(input.privateKey.export({ type: 'pkcs8', format: 'pem' })));
  const der = seq(tbs, sha256WithRsa, tlv(0x03, Buffer.concat([Buffer.from([0x00]), signature])));
  const base64 = der
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .trimEnd();
  return `-----BEGIN CERTIFICATE-----\n${base64}\n-----END CERTIFICATE-----\n`;
}

/** The subjectAltName extension (2.5.29.17): dNSName [2] and iPAddress [7] entries. */
function subjectAltName(names: { dns?: string[]; ip?: string[] }): Buffer {
  const general = [
    ...(names.dns ?? []).map((dns) => tlv(0x82, Buffer.from(dns, 'ascii'))),
    ...(names.ip ?? []).map((ip) => tlv(0x87, Buffer.from(ip.split('.').map(Number)))),
  ];
  return seq(oid('2.5.29.17'), tlv(0x04, seq(...general)));
}

function tlv(tag: number, value: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), length(value.length), value]);
}

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function seq(...parts: Buffer[]): Buffer {
  return tlv(0x30, Buffer.concat(parts));
}

function set(...parts: Buffer[]): Buffer {
  return tlv(0x31, Buffer.concat(parts));
}

function oid(dotted: string): Buffer {
  const [a, b, ...rest] = dotted.split('.').map(Number);
  const bytes = [40 * a + b];
  for (const part of rest) {
    const chunk: number[] = [part & 0x7f];
    for (let v = part >> 7; v > 0; v >>= 7) chunk.unshift((v & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return tlv(0x06, Buffer.from(bytes));
}

function utcTime(date: Date): Buffer {
  const iso = date.toISOString();
  const text = `${iso.slice(2, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
  return tlv(0x17, Buffer.from(text, 'ascii'));
}
