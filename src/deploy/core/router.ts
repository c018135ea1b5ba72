import type { Color } from './color.js';

export interface TargetHealth {
  /** Passes the router's active health check. */
  up: boolean;
  /** The router's own words for it (for logs and errors). */
  detail: string;
  /** Requests in flight. */
  sessions: number;
}

export type Health = Partial<Record<Color, TargetHealth>>;

/**
 * Routes one app's public traffic to one of its colors. Every call names the app, so one proxy can
 * carry many apps' backends. Today: HAProxy's runtime API (placements/own-proxy/router.ts, the host proxy's in placements/host-proxy/).
 */
export interface Router {
  /** Puts the color's target in the router's checks without sending it traffic (`address`: where it listens). */
  addTarget(app: string, color: Color, address?: { ip: string; port: number }): Promise<void>;
  /** Takes the color out: no traffic, no checks. Nothing to do when the router is gone. */
  removeTarget(app: string, color: Color): Promise<void>;
  health(app: string): Promise<Health>;
  /** Atomically sends new requests to `to`; `from` drains (finishes what it has, takes nothing new). */
  switchTo(app: string, to: Color, from?: Color): Promise<void>;
  /** GET `path` through the public route: its status line, and the targets' health at that moment. */
  probe(app: string, path: string): Promise<{ status: string; health: Health }>;
  /** Makes the router come back serving `live` after a restart. */
  persist(app: string, live: Color | undefined): Promise<void>;
}
