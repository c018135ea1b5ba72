import * as net from 'node:net';
import { parseReference } from './oci/reference.js';

// The validators of values read back from the deploy host (labels, state files, the engine's answers)
// before they are used: each must be what shipshape wrote there. Pure, and no input parser: the deploy
// core imports them (test/unit/architecture.test.ts allows this file), while the input validators live
// with the settings (src/settings/values.ts). Not in src/deploy/core/ because the Engine adapter uses
// ipAddress, whose node:net the core may not import.

const shown = (text: string) => JSON.stringify(text);

/** A value read back from the deploy host that is about to be used: it must be what shipshape wrote there. */
export class HostValueError extends Error {
  constructor(where: string, what: string, value: unknown) {
    super(`${where} holds ${shown(String(value)).slice(0, 200)} as ${what}, which shipshape never writes; check or remove it on the host`);
    this.name = 'HostValueError';
  }
}

export function ipAddress(where: string, text: string): string {
  if (net.isIP(text) === 0) throw new HostValueError(where, 'an IP address', text);
  return text;
}

export function oneOf<T extends string>(where: string, what: string, allowed: readonly T[], value: unknown): T {
  if (typeof value !== 'string' || !allowed.includes(value as T)) throw new HostValueError(where, what, value);
  return value as T;
}

/** `repo@sha256:…`: the only form of image shipshape labels containers with. */
export function digestReference(where: string, text: string): string {
  let ok = false;
  try {
    ok = !!parseReference(text).digest && !/\s/.test(text);
  } catch {
    ok = false;
  }
  if (!ok) throw new HostValueError(where, 'an image by digest', text);
  return text;
}
