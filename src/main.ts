import * as core from '@actions/core';
import * as os from 'node:os';
import * as path from 'node:path';
import { errorMessage } from './actions-log.js';
import { maskSecret } from './secrets.js';
import { readSettings, type Settings } from './inputs.js';
import { repositoryName } from './oci/reference.js';
import { RecordWriter, type RecordKind } from './record/record.js';
import { saveMainState } from './state.js';
import { buildStep } from './steps/build.js';
import { fingerprintStep } from './steps/fingerprint.js';
import { findExisting, pushStep, type Published } from './steps/push.js';
import { publishRecord } from './steps/record.js';

/** Where records are written: under RUNNER_TEMP, so the post step and later steps of the job find them. */
const recordsDir = (env: NodeJS.ProcessEnv = process.env) => path.join(env.RUNNER_TEMP || os.tmpdir(), 'shipshape', 'records');

function recordKind(settings: Settings): RecordKind {
  if (settings.deploy?.rollback) return 'rollback';
  return settings.deploy ? 'deploy' : 'build';
}

export async function run(): Promise<void> {
  let record: RecordWriter | undefined;
  let settings: Settings | undefined;
  try {
    settings = readSettings();
    for (const secret of settings.secrets) maskSecret(secret);
    const s = settings;
    record = await RecordWriter.start(recordsDir(), recordKind(s), process.env, s.secrets);
    const rec = record;
    saveMainState({ recordPath: rec.path });
    onCancel(rec);
    core.setOutput('record-id', rec.id);
    core.setOutput('record-path', rec.path);

    const repo = repositoryName(s.build.image);
    let published: Published | undefined;
    if (s.entry === 'build' && !s.deploy?.rollback) {
      const fp = await core.group('Fingerprint', () => fingerprintStep(s, rec));
      core.setOutput('fingerprint', fp.fingerprint);
      published = s.build.push ? await core.group('Look for this fingerprint in the registry', () => findExisting(s, fp, rec)) : undefined;
      if (!published) {
        const built = await core.group('Build', () => buildStep(s, fp, rec));
        published = s.build.push
          ? await core.group('Push', () => pushStep(s, fp, built.layoutPath, rec))
          : { digest: built.indexDigest, manifests: built.manifests, tags: [], cacheHit: false };
      }
      setImageOutputs(s, fp.fingerprint, published);
      await rec.update((r) => {
        r.build = { ...r.build, cache_hit: published!.cacheHit, index_digest: published!.digest, tags: published!.tags.map((t) => `${repo}:${t}`) };
      });
    } else if (s.imageDigest) {
      published = { digest: s.imageDigest, manifests: [], tags: [], cacheHit: false };
      core.setOutput('digest', s.imageDigest);
      core.setOutput('image', `${repo}@${s.imageDigest}`);
    }

    if (s.deploy) {
      const deploySettings = s.deploy;
      const image = published && `${repo}@${published.digest}`;
      // loaded only for a deploy: the deploy modules (ssh2 among them) are a large part of the bundle
      const { deployStep } = await import('./steps/deploy.js');
      await core.group(deploySettings.rollback ? 'Roll back' : 'Deploy', () =>
        deployStep(s, deploySettings, deploySettings.rollback ? undefined : image, published?.manifests ?? [], rec),
      );
    }
    await rec.finish('succeeded');
  } catch (error) {
    await record?.finish('failed', error).catch(() => {});
    core.setFailed(errorMessage(error));
  } finally {
    if (record) {
      await core.group('Build record', () => publishRecord(record!, settings?.record.retentionDays));
      saveMainState({ recordPublished: true });
    }
  }
}

function setImageOutputs(s: Settings, fingerprint: string, published: Published): void {
  const repo = repositoryName(s.build.image);
  core.setOutput('digest', published.digest);
  core.setOutput('image', `${repo}@${published.digest}`);
  core.setOutput('tags', published.tags.map((t) => `${repo}:${t}`).join(','));
  core.setOutput('cache-hit', String(published.cacheHit));
  core.setOutput(
    'metadata',
    JSON.stringify({
      image: repo,
      digest: published.digest,
      manifests: Object.fromEntries(published.manifests.map((m) => [m.platform, m.digest])),
      tags: published.tags,
      fingerprint,
      pushed: s.build.push,
      'oci-layout': published.cacheHit ? undefined : s.build.ociLayout,
    }),
  );
}

/**
 * A canceled job gets SIGINT, then SIGTERM. Mark the record canceled and leave the rest (a held deploy
 * lock, a candidate container, the cache) to the post step, which the runner still runs.
 */
function onCancel(record: RecordWriter): void {
  const handler = (signal: NodeJS.Signals) => {
    saveMainState({ canceled: true });
    core.error(`Canceled (${signal}); the post step cleans up.`);
    void record.finish('canceled', `canceled by ${signal}`).finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
}
