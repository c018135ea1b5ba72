import { actionsLogger } from '../github/logger.js';
import type { Settings } from '../settings/index.js';
import { RegistryClient } from '../registry/index.js';
import { keepSecret } from '../github/masking.js';

const clients = new Map<string, RegistryClient>();

/**
 * One client per registry host for the whole run, so tokens are reused. The `registry-username` /
 * `registry-password` inputs belong to the image's registry; any other (a base elsewhere) uses the
 * runner's docker config, else anonymous.
 */
export function registryClient(settings: Settings, registry: string): RegistryClient {
  let client = clients.get(registry);
  if (!client) {
    const own = registry === settings.build.image.registry && settings.registry.username && settings.registry.password;
    client = new RegistryClient(registry, {
      ...(own && { credentials: { username: settings.registry.username!, password: settings.registry.password! } }),
      insecure: settings.registry.insecure,
      logger: actionsLogger,
      mask: (secret) => keepSecret(settings.secrets, secret),
    });
    clients.set(registry, client);
  }
  return client;
}
