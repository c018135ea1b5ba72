import type { RegistryClient } from './client.js';

export interface PushProgress {
  digest: string;
  size: number;
  bytesSent: number;
}

export interface PushOptions {
  /** Tags to point at the index (the caller includes the fingerprint tag `fp-…`). */
  tags: string[];
  /** Repositories on the same registry that may hold blobs (e.g. the base's); `host/repo` on another registry is ignored. */
  mountFrom?: string[];
  onProgress?: (progress: PushProgress) => void;
}

export interface PushResult {
  /** Digest of the pushed image index. */
  digest: string;
  mediaType: string;
  manifests: { platform: string; digest: string }[];
  tags: string[];
  blobs: { pushed: number; mounted: number; skipped: number; bytesSent: number };
}

export async function pushLayout(client: RegistryClient, _layoutDir: string, _repository: string, _opts: PushOptions): Promise<PushResult> {
  throw new Error(`pushLayout to ${client.registry} is not implemented yet`);
}
