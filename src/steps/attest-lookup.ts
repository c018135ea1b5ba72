import * as core from '../github/commands.js';
import { KIND_ANNOTATION, PACKAGES_ANNOTATION, PLATFORM_ANNOTATION } from '../attest/artifact.js';
import type { Settings } from '../settings/index.js';
import type { RecordWriter } from '../record/record.js';
import type { AttestationEntry, AttestationsSection } from '../record/schema.js';
import { listReferrers, type ReferrersMode } from '../registry/referrers.js';
import { recordAttestations as recordAttestationsSection } from './record-sections.js';
import type { Published } from './push.js';
import { registryClient } from './registries.js';

// The attestations' lookup on a fingerprint hit, apart from their generation (attest.ts), so a hit loads none of it.

/** What the outputs `sbom` (platform → SBOM artifact digest) and `provenance` carry. */
export interface AttestationDigests {
  sbom: Record<string, string>;
  provenance?: string;
}

export const wanted = (s: Settings) => s.attest.sbom || s.attest.provenance;

export interface Entries {
  sbom: Record<string, AttestationEntry>;
  provenance?: AttestationEntry;
}

export function recordAttestations(record: RecordWriter, mode: string, pushed: number, entries: Entries): Promise<void> {
  const section: AttestationsSection = { mode, pushed, ...(Object.keys(entries.sbom).length > 0 && { sbom: entries.sbom }), ...(entries.provenance && { provenance: entries.provenance }) };
  return recordAttestationsSection(record, section);
}

/**
 * On the no-change short-circuit: the attestations this run wants, if the registry already lists them
 * as referrers of the image (SBOMs of each platform manifest, provenance of the index); undefined when
 * any is missing, so the caller builds the image again to attach them.
 */
export async function findAttestations(settings: Settings, published: Pick<Published, 'digest'> & { manifests: { platform: string; digest: string }[] }, record: RecordWriter): Promise<AttestationDigests | undefined> {
  if (!wanted(settings)) return { sbom: {} };
  const { image } = settings.build;
  const client = registryClient(settings, image.registry);
  const mine = (list: Awaited<ReturnType<typeof listReferrers>>, kind: string) => list.manifests.filter((m) => m.annotations?.[KIND_ANNOTATION] === kind).pop();
  let mode: ReferrersMode = 'tag-schema';
  const entries: Entries = { sbom: {} };
  const lookups: Promise<boolean>[] = [];
  if (settings.attest.provenance) {
    lookups.push(
      listReferrers(client, image.repository, published.digest).then((list) => {
        if (list.api) mode = 'referrers-api';
        const found = mine(list, 'provenance');
        if (found) entries.provenance = { digest: found.digest, subject: published.digest };
        return !!found;
      }),
    );
  }
  if (settings.attest.sbom) {
    for (const m of published.manifests) {
      lookups.push(
        listReferrers(client, image.repository, m.digest).then((list) => {
          const found = list.manifests.filter((d) => d.annotations?.[KIND_ANNOTATION] === 'sbom' && d.annotations?.[PLATFORM_ANNOTATION] === m.platform).pop();
          const packages = Number(found?.annotations?.[PACKAGES_ANNOTATION]);
          if (found) entries.sbom[m.platform] = { digest: found.digest, subject: m.digest, ...(Number.isInteger(packages) && { packages }) };
          return !!found;
        }),
      );
    }
  }
  const complete = (await record.time('attest_lookup', () => Promise.all(lookups))).every(Boolean);
  if (!complete) {
    core.info(`${image.registry}/${image.repository}@${published.digest} lacks some of the wanted attestations: building it again to attach them`);
    return undefined;
  }
  const inOrder = Object.fromEntries(published.manifests.filter((m) => entries.sbom[m.platform]).map((m) => [m.platform, entries.sbom[m.platform]]));
  entries.sbom = inOrder;
  await recordAttestations(record, mode, 0, entries);
  core.info('The attestations are attached already: nothing to push');
  return { sbom: Object.fromEntries(Object.entries(entries.sbom).map(([p, e]) => [p, e.digest])), ...(entries.provenance && { provenance: entries.provenance.digest }) };
}
