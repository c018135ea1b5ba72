/** The pull surface the build needs: a registry client or an OCI layout on disk (LayoutReader). */
export interface ImageSource {
  /** Tag or digest; raw bytes, their sha256 digest and the media type (index or manifest, OCI or Docker v2). */
  getManifest(repository: string, reference: string): Promise<{ digest: string; mediaType: string; body: Buffer }>;
  /** The blob's bytes; the caller verifies the digest while writing them into the cache. */
  fetchBlob(repository: string, digest: string): Promise<NodeJS.ReadableStream>;
}
