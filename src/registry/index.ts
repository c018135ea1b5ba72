export { RegistryClient, MANIFEST_ACCEPT, registryHost } from './client.js';
export { RegistryError } from './errors.js';
export type { RegistryClientOptions } from './types.js';
export type { PushOptions, PushProgress, PushResult, PushTarget } from './push.js';
export { layoutImage, type PushableImage, type SourceManifest } from './pushable-image.js';
export { credentialsFromDockerConfig, defaultDockerConfigPath, type Credentials } from './credentials.js';
