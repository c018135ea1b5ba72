import * as core from './github/commands.js';
import * as os from 'node:os';
import * as path from 'node:path';
import { errorMessage } from './github/logger.js';
import { maskSecret } from './github/masking.js';
import { logOptionSecrets, scrubText } from './secret-forms.js';
import { envInputReader, rawSecrets, readSettings, type Settings } from './settings/index.js';
import { repositoryName } from './oci/reference.js';
import { writeAttestationOutputs, writeDeployOutputs, writeFingerprintOutput, writeImageOutputs, writeRecordOutputs } from './github/outputs.js';
import { RecordWriter, type RecordKind } from './record/record.js';
import { saveMainState } from './github/main-state.js';
import { findAttestations, wanted, type AttestationDigests } from './steps/attest-lookup.js';
import { recordBuilt, recordFingerprint, recordPublished } from './steps/record-sections.js';
import { fingerprintStep } from './steps/fingerprint.js';
import { findFingerprint, localImage, pushableImage, pushStep, reuseExisting, type Published } from './steps/push.js';
import { publishRecord } from './steps/record.js';

/** Where records are written: under RUNNER_TEMP, so the post step and later steps of the job find them. */
const recordsDir = (env: NodeJS.ProcessEnv = process.env) => path.join(env.RUNNER_TEMP || os.tmpdir(), 'shipshape', 'records');

function recordKind(settings: Settings): RecordKind {
  if (settings.deploy?.rollback) return 'rollback';
  if (settings.deploy?.renew) return 'renew';
  return settings.deploy ? 'deploy' : 'build';
}

/** A run whose inputs were refused still gets its record (failed, with the input error): nothing lost on failure. */
async function recordForBadInputs(): Promise<RecordWriter> {
  const get = envInputReader();
  const rollback = /^(true|yes|1|on)$/i.test(get('rollback')) || get('command').toLowerCase() === 'rollback';
  const kind: RecordKind = rollback ? 'rollback' : get('deploy-host') ? 'deploy' : 'build';
  const record = await RecordWriter.start(recordsDir(), kind, process.env, rawSecrets(get));
  saveMainState({ recordPath: record.path });
  writeRecordOutputs(record);
  return record;
}

export async function run(): Promise<void> {
  let record: RecordWriter | undefined;
  let settings: Settings | undefined;
  try {
    settings = readSettings();
    if (settings.deploy) settings.secrets.push(...logOptionSecrets(settings.deploy.service.log.options));
    for (const secret of settings.secrets) maskSecret(secret);
    for (const w of settings.warnings) core.warning(w);
    for (const n of settings.notes) core.info(n);
    const s = settings;
    record = await RecordWriter.start(recordsDir(), recordKind(s), process.env, s.secrets);
    const rec = record;
    saveMainState({ recordPath: rec.path });
    onCancel(rec);
    onCrash(rec, s.secrets);
    writeRecordOutputs(rec);

    let image: Published | undefined;
    if (s.entry === 'build' && !s.deploy?.rollback && !s.deploy?.remove && !s.deploy?.renew) {
      // 1. fingerprint, 2. build, 3. push — unless the registry already holds this fingerprint
      const fp = await core.group('Fingerprint', () => fingerprintStep(s, rec));
      writeFingerprintOutput(fp.fingerprint);
      await recordFingerprint(rec, s, fp);
      // a fingerprint hit whose SBOM or provenance is missing is built again (same digest) to attach them
      let attested: AttestationDigests | undefined;
      if (s.build.push) {
        await core.group('Look for this fingerprint (and its SBOM and provenance) in the registry', async () => {
          const found = await rec.time('push', () => findFingerprint(s, fp));
          // the platform manifests, the tags and the referrers lists: one round of requests side by side
          if (found) [image, attested] = await Promise.all([rec.time('push', () => reuseExisting(s, fp, found)), findAttestations(s, found, rec)]);
        });
      }
      if (!attested) {
        // loaded only when there is something to build: a fingerprint hit needs none of it
        const [{ buildStep }, { attestStep, prepareAttestations, pushWithAttestations }] = await Promise.all([import('./steps/build.js'), import('./steps/attest.js')]);
        const prepared = prepareAttestations(s, fp); // the SBOMs' package lists, read while the image builds
        const built = await core.group('Build', () => buildStep(s, fp, rec));
        await recordBuilt(rec, built);
        if (s.build.push) {
          // the SBOM and provenance are made and attached beside the image push, not after it
          const pushable = pushableImage(built); // read once the push starts; the documents are made after it
          [image, attested] = await core.group(wanted(s) ? 'Push, with SBOM and provenance' : 'Push', () =>
            pushWithAttestations(s, fp, built, rec, prepared, () => rec.time('push', () => pushStep(s, fp, built, pushable)), pushable),
          );
        } else {
          attested = await core.group('SBOM and provenance', () => attestStep(s, fp, built, rec, prepared));
          image = localImage(s, fp, built);
        }
      }
      await recordPublished(rec, image!);
      writeImageOutputs(image!);
      writeAttestationOutputs(attested);
    } else if (s.imageDigest && !s.deploy?.remove && !s.deploy?.renew) {
      image = { repository: repositoryName(s.build.image), digest: s.imageDigest, manifests: [], tags: [], cacheHit: false };
      writeImageOutputs(image, 'deploy');
    }

    // 4. deploy (or roll back)
    if (s.deploy?.renew) {
      const { renewStep } = await import('./steps/renew.js');
      await core.group('Renew certificates', () => renewStep(s, s.deploy!, rec));
    } else if (s.deploy?.remove) {
      const { removeStep } = await import('./steps/deploy.js');
      await core.group('Remove', () => removeStep(s, s.deploy!, rec));
    } else if (s.deploy) {
      const d = s.deploy;
      const target = d.rollback || !image ? undefined : `${image.repository}@${image.digest}`;
      // loaded only for a deploy: the deploy modules (ssh2 among them) are a large part of the bundle
      const { deployStep } = await import('./steps/deploy.js');
      const deployed = await core.group(d.rollback ? 'Roll back' : 'Deploy', () => deployStep(s, d, target, image?.manifests ?? [], rec));
      writeDeployOutputs(deployed);
    }
    await rec.finish('succeeded');
  } catch (error) {
    if (!settings) record = await recordForBadInputs().catch(() => undefined);
    await record?.finish('failed', error).catch(() => {});
    core.setFailed(scrubText(errorMessage(error), settings?.secrets ?? []));
  } finally {
    // 5. the record: uploaded and summarized whatever happened
    if (record) {
      await core.group('Build record', () => publishRecord(record!, settings?.record.retentionDays));
      saveMainState({ recordPublished: true });
    }
  }
}

/**
 * A canceled job gets SIGINT, then SIGTERM. Mark the record canceled and leave the rest (a held deploy
 * lock, a candidate container, the cache) to the post step, which the runner still runs.
 */
function onCancel(record: RecordWriter): void {
  const handler = (signal: NodeJS.Signals) => {
    saveMainState({ canceled: true });
    core.error(`Canceled (${signal}); the post step cleans up.`);
    const code = signal === 'SIGINT' ? 130 : 143;
    // The record gets a few seconds; then the process ends whatever is still pending (a stuck read, a
    // peer that never answers). If even exit hangs (a blocked thread being joined), the kill ends it.
    setTimeout(() => process.exit(code), 5000);
    setTimeout(() => process.kill(process.pid, 'SIGKILL'), 10000);
    void record.finish('canceled', `canceled by ${signal}`).finally(() => process.exit(code));
  };
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
}

/**
 * The last line of defence: an error no code path caught (an event emitter's error without a listener) still
 * ends as one named ::error:: and a `failed` record written by main, not as a raw stack left to the post step.
 */
function onCrash(record: RecordWriter, secrets: string[]): void {
  const handler = (error: unknown) => {
    core.setFailed(scrubText(`unexpected failure: ${errorMessage(error)}`, secrets));
    setTimeout(() => process.exit(1), 5000);
    void record.finish('failed', error).finally(() => process.exit(1));
  };
  process.once('uncaughtException', handler);
  process.once('unhandledRejection', handler);
}
