import type { Logger, Masker } from '../log.js';
import type { RetryPolicy } from './retry.js';

export interface RegistryClientOptions {
  /** From the inputs registry-username / registry-password. */
  credentials?: { username: string; password: string };
  /** Default `$DOCKER_CONFIG/config.json` or `~/.docker/config.json` (auths, credsStore, credHelpers). */
  dockerConfigPath?: string;
  /** Hosts reached over plain HTTP besides localhost/127.0.0.0/8/::1 (input insecure-registries). */
  insecure?: string[];
  logger?: Logger;
  mask?: Masker;
  /** Blobs uploaded at once (default 4). */
  concurrency?: number;
  userAgent?: string;
  retry?: Partial<RetryPolicy>;
}
