import { InputError } from './parsers.js';
import { didYouMean } from './suggest.js';

// The inputs each entry declares (test/unit/inputs-declared.test.ts checks these lists against action.yml
// and deploy/action.yml both ways). A runner only warns about an input given in `with:` that the action
// does not declare, and passes it on as INPUT_<NAME>: a typo (`plaforms`) would silently be ignored.

/** Declared by both entries. */
const SHARED = [
  'image', 'command', 'deploy-host', 'ssh-private-key', 'ssh-known-hosts', 'docker-socket',
  'docker-tls-ca', 'tls-ca', 'docker-tls-cert', 'tls-cert', 'docker-tls-key', 'tls-key',
  'app', 'container-port', 'public-port', 'health-path', 'health-timeout-seconds', 'health-timeout', 'proxy-image',
  'deploy-env', 'soak-seconds', 'rollback', 'history-limit', 'deploy-mode', 'replicas', 'volumes', 'networks',
  'memory', 'cpus', 'stop-timeout-seconds', 'stop-timeout', 'log-driver', 'log-opts', 'release-command', 'role',
  'health-cmd', 'ready-seconds', 'overlap', 'retain', 'hosts', 'path-prefix', 'tls', 'tls-certificate',
  'tls-certificate-key', 'acme-email', 'acme-directory', 'http-port', 'https-port', 'remove', 'renew',
  'registry-username', 'registry-password', 'insecure-registries', 'record-retention-days',
] as const;

/** The build inputs: action.yml only. */
const BUILD_ONLY = [
  'context', 'tags', 'base', 'platforms', 'workdir', 'entrypoint', 'cmd', 'image-env', 'env', 'labels',
  'annotations', 'expose', 'user', 'layers', 'platform-files', 'ignore-file', 'push', 'oci-layout', 'cache',
  'cache-dir', 'sbom', 'provenance',
] as const;

export const DECLARED_INPUTS: Record<'build' | 'deploy', readonly string[]> = {
  build: [...SHARED, ...BUILD_ONLY],
  deploy: [...SHARED, 'shipshape-entry'],
};

const ENTRY_FILE = { build: 'action.yml', deploy: 'deploy/action.yml' } as const;

/** The runner's variable name of an input, as @actions/core reads it (spaces become _, hyphens stay). */
export const inputVariable = (name: string) => `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;

/**
 * Refuses an `INPUT_*` variable the running entry does not declare: a `with:` key the runner passed on
 * with only a warning. Names the input as written (lower-cased: the runner upper-cases it) and the
 * closest declared one.
 */
export function refuseUndeclaredInputs(env: NodeJS.ProcessEnv, entry: 'build' | 'deploy'): void {
  const declared = DECLARED_INPUTS[entry];
  const known = new Set(declared.map(inputVariable));
  const unknown = Object.keys(env).filter((k) => k.startsWith('INPUT_') && !known.has(k)).sort();
  if (unknown.length === 0) return;
  const name = unknown[0]!.slice('INPUT_'.length).toLowerCase();
  const file = ENTRY_FILE[entry];
  const elsewhere = entry === 'deploy' && DECLARED_INPUTS.build.includes(name) ? `; it is an input of the build entry (action.yml), not of ${file}` : '';
  const suggestion = elsewhere ? '' : didYouMean(name, declared.filter((n) => n !== 'shipshape-entry'));
  const more = unknown.length > 1 ? ` (also undeclared: ${unknown.slice(1).map((k) => k.slice('INPUT_'.length).toLowerCase()).join(', ')})` : '';
  throw new InputError(name, `is not an input of ${file}${suggestion}${elsewhere}${more}: fix or remove it in the step's with: (docs/reference.md lists the inputs)`);
}
