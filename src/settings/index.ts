import { credentialEnvWarnings, readBuildSettings, readRegistrySettings, parseImage, type BuildSettings, type RegistrySettings } from './build.js';
import { underGivenName, withAliases, type AliasSources } from './aliases.js';
import { readCommand, type Command } from './command.js';
import { inputVariable, refuseUndeclaredInputs } from './declared.js';
import { withDefaults } from './defaults.js';
import { readDeploySettings, refusePlacement, type DeploySettings } from './deploy.js';
import { InputError, parseBool, parseInteger, type InputReader } from './parsers.js';
import { envCredential } from '../secret-forms.js';

// The one reader of the action's inputs (issue 21): readSettings returns every setting typed, every
// default applied (action.yml's, defaults.ts) and every check the inputs alone decide done.

export type { BuildSettings, RegistrySettings } from './build.js';
export { COMMANDS, type Command } from './command.js';
export { parseDeployHost, type DeployHost, type DeploySettings, type EngineTls } from './deploy.js';
export { InputError, parseCommand, parseKeyValues, parseList, parsePublishedPort, type InputReader, type KeyValue } from './parsers.js';

export interface Settings {
  /** `build` for the root action; `deploy` for deploy/action.yml (deploy an already-pushed image). */
  entry: 'build' | 'deploy';
  /** Input `command` (or the older booleans rollback, remove, renew): what the run does. */
  command: Command;
  /** The digest given with `image` (repo@sha256:…): what the deploy entry puts live. */
  imageDigest?: string;
  build: BuildSettings;
  registry: RegistrySettings;
  deploy?: DeploySettings;
  record: { retentionDays?: number };
  /** Inputs `sbom` and `provenance`: the attestations attached to a built image as OCI referrers. */
  attest: { sbom: boolean; provenance: boolean };
  /** Every secret-bearing value, to be masked before anything is logged. */
  secrets: string[];
  /** Warnings about the inputs (an `env` value that looks like a credential), logged once the secrets are masked. */
  warnings: string[];
  /** What the inputs decided that the log should say (which container-port was used). */
  notes: string[];
}

/** Reads `INPUT_<NAME>` the way @actions/core does. */
export const envInputReader =
  (env: NodeJS.ProcessEnv = process.env): InputReader =>
  (name) =>
    (env[inputVariable(name)] ?? '').trim();

/** The secret inputs as given, unvalidated: what a record must be scrubbed of when the inputs were refused. */
export function rawSecrets(get: InputReader = envInputReader()): string[] {
  const env = get('deploy-env')
    .split('\n')
    .map((l) => l.slice(l.indexOf('=') + 1).trim());
  const imageEnv = [get('image-env'), get('env')]
    .join('\n')
    .split('\n')
    .filter((l) => l.includes('='))
    .flatMap((l) => envCredential(l.slice(0, l.indexOf('=')).trim(), l.slice(l.indexOf('=') + 1))?.secrets ?? []);
  return [get('registry-password'), get('ssh-private-key'), get('docker-tls-key'), get('tls-key'), ...env, ...imageEnv].filter((v) => v.length > 0);
}

/**
 * Reads and validates every input into one typed settings object. An `INPUT_*` variable in `env` that the
 * running entry does not declare (a typo in `with:`) is refused before anything else.
 */
export function readSettings(given: InputReader = envInputReader(), env: NodeJS.ProcessEnv = process.env): Settings {
  const warnings: string[] = [];
  const sources: AliasSources = new Map();
  try {
    return readAll(withDefaults(withAliases(given, warnings, sources)), env, warnings, sources);
  } catch (error) {
    throw underGivenName(error, sources);
  }
}

function readAll(get: InputReader, env: NodeJS.ProcessEnv, warnings: string[], sources: AliasSources): Settings {
  const entry = get('shipshape-entry') === 'deploy' ? 'deploy' : 'build';
  refuseUndeclaredInputs(env, entry);
  const command = readCommand(get);
  const given = get('command') === command ? `command ${command}` : `${command}: true`;
  if (command !== 'deploy' && !get('deploy-host')) throw new InputError('deploy-host', `is empty: ${given} needs the Docker host it acts on`);
  // renew names no image (it renews the host's certificates only), nor do remove and rollback with their
  // app: a placeholder (not a reserved app name) keeps the settings whole.
  if ((command === 'remove' || command === 'rollback') && !get('image') && !get('app')) {
    throw new InputError('app', `is empty: ${given} needs the app to ${command === 'remove' ? 'tear down' : 'roll back'} (or the image it is named after)`);
  }
  const image = parseImage(get('image') || (command === 'deploy' ? '' : 'renew'));
  const secrets: string[] = [];
  const build = readBuildSettings(get, image, env);
  warnings.push(...credentialEnvWarnings(build.env, secrets, sources.get('image-env') ?? 'image-env'));
  const registry = readRegistrySettings(get, secrets);
  const notes: string[] = [];
  const deploy = readDeploySettings(get, image, secrets, { expose: entry === 'build' ? build.expose : [], notes });
  if (deploy && !build.push && entry === 'build' && command === 'deploy') {
    throw new InputError('push', '"false" cannot go with deploy-host: the Docker host pulls the image from the registry');
  }
  if (entry === 'deploy' && !deploy) throw new InputError('deploy-host', 'is required by the deploy entry');
  if (entry === 'deploy' && !image.digest && command === 'deploy') {
    throw new InputError('image', `"${get('image')}" must name a digest (repo@sha256:…) for the deploy entry, e.g. the build step's \`image\` output`);
  }
  if (deploy) refusePlacement(deploy);
  const retention = get('record-retention-days');
  return {
    entry,
    command,
    ...(image.digest && { imageDigest: image.digest }),
    build,
    registry,
    ...(deploy && { deploy }),
    record: retention ? { retentionDays: parseInteger('record-retention-days', retention, 1, 90) } : {},
    attest: { sbom: parseBool('sbom', get('sbom')), provenance: parseBool('provenance', get('provenance')) },
    secrets,
    warnings,
    notes,
  };
}
