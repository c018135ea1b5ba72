import type { Health, Router } from '../core/router.js';

/** A worker's router: it has no route and no port, so there is nothing to add, switch or drain. */
export class NoRouter implements Router {
  async addTarget(): Promise<void> {}
  async removeTarget(): Promise<void> {}
  async health(): Promise<Health> {
    return {};
  }
  async switchTo(): Promise<void> {}
  async probe(): Promise<{ status: string; health: Health }> {
    return { status: '', health: {} };
  }
  async persist(): Promise<void> {}
}
