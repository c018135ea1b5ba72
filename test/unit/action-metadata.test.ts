import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_IGNORE_FILE } from '../../src/fingerprint/index.js';
import { DEFAULT_JSON_LOG_OPTS } from '../../src/settings/app.js';
import { DEFAULTS } from '../../src/settings/defaults.js';
import { CONTAINER_ONLY, DEFAULT_REPLICAS } from '../../src/settings/deploy-mode.js';
import { readSettings } from '../../src/settings/index.js';
import { LETS_ENCRYPT } from '../../src/settings/route.js';
import {
  ACTION_FILES,
  checkActionMetadata,
  checkWorkflow,
  entryFile,
  parseYaml,
  workflowFiles,
  type ActionMetadata,
  type Entry,
} from '../support/action-metadata.js';
import { repoRoot } from '../support/repo-root.js';

const read = (file: string) => readFileSync(path.join(repoRoot, file), 'utf8');
const meta = (entry: Entry) => parseYaml(read(entryFile(entry)), entryFile(entry)) as ActionMetadata;
const declared = { build: Object.keys(meta('build').inputs ?? {}), deploy: Object.keys(meta('deploy').inputs ?? {}) };

describe('action metadata, checked as GitHub loads it', () => {
  it.each(ACTION_FILES)('%s parses and declares what GitHub requires', (file) => {
    expect(checkActionMetadata(read(file), file)).toEqual([]);
  });

  it.each(workflowFiles())('%s parses and passes only declared inputs to shipshape', (file) => {
    expect(checkWorkflow(read(file), file, declared)).toEqual([]);
  });

  it('refuses the deploy/action.yml that shipped with an unquoted "rollback: true" in a description', () => {
    const today = read('deploy/action.yml');
    const quoted = /^( {4}description: )"(The image to put live.*rollback: true`\.)"$/m;
    expect(today).toMatch(quoted);
    const old = today.replace(quoted, '$1$2');
    const problems = checkActionMetadata(old, 'deploy/action.yml');
    expect(problems.join('\n')).toMatch(/^deploy\/action\.yml: (Nested mappings|mapping values) are not allowed.* at line 10\b/i);
  });

  it('finds each fault GitHub would refuse', () => {
    const good = read('action.yml');
    const faults: [string, string, RegExp][] = [
      ['no description', good.replace(/^description: .*$/m, ''), /description is missing/],
      ['an undescribed input', good.replace(/^( {2}context:\n) {4}description: .*\n/m, '$1'), /input "context" has no description/],
      ['an undescribed output', good.replace(/^( {2}digest:\n) {4}description: .*\n/m, '$1    value: x\n'), /output "digest" has no description/],
      ['node20', good.replace('using: node24', 'using: node20'), /runs.using is "node20"/],
      ['a missing main file', good.replace('main: dist/index.js', 'main: dist/nothing.js'), /runs.main dist\/nothing.js does not exist/],
      ['post-if without post', good.replace(/^ {2}post: .*\n/m, ''), /post-if without runs.post/],
      ['a post-if that is no expression', good.replace(/^( {2}post-if: ).*$/m, '$1"always() &&"'), /post-if does not parse/],
      ['a post-if naming an unknown context', good.replace(/^( {2}post-if: ).*$/m, '$1"always() && state.x"'), /post-if does not parse/],
      ['a duplicate key', good.replace(/^( {2}context:\n)/m, '$1    description: again\n'), /unique|duplicate/i],
    ];
    for (const [what, text, expected] of faults) {
      expect(text, what).not.toBe(good);
      expect(checkActionMetadata(text, 'action.yml').join('\n'), what).toMatch(expected);
    }
  });

  it('finds a workflow passing an input the entry does not declare', () => {
    const file = '.github/workflows/ship.yml';
    const text = read(file).replace('context: ${{ inputs.context }}', 'contxt: ${{ inputs.context }}');
    expect(checkWorkflow(text, file, declared)).toEqual([expect.stringContaining('"contxt"')]);
  });

  it('declares every deploy input of the main action in deploy/action.yml too, with the same default', () => {
    const build = meta('build').inputs!;
    const deploy = meta('deploy').inputs!;
    for (const [name, input] of Object.entries(deploy)) {
      if (name === 'image' || name === 'shipshape-entry') continue;
      expect(build[name], name).toBeDefined();
      expect(input.default, name).toEqual(build[name].default);
    }
  });
});

/** Settings read the way the runner passes inputs (each declared input, its default when not given). */
function settingsFrom(inputs: Record<string, string>) {
  const get = (name: string) => (inputs[name] ?? '').trim();
  return readSettings(get, { GITHUB_WORKSPACE: '/ws', RUNNER_TEMP: '/rt', RUNNER_TOOL_CACHE: '/tc' });
}

/** Where the declared defaults and the code's own (an input left empty) give different settings. */
function defaultsDisagreement(metadata: ActionMetadata, given: Record<string, string>): unknown {
  const declaredDefaults = Object.fromEntries(
    Object.entries(metadata.inputs ?? {}).flatMap(([name, input]) => (input.default === undefined ? [] : [[name, String(input.default)]])),
  );
  const fromDeclared = settingsFrom({ ...declaredDefaults, ...given });
  const fromCode = settingsFrom(given);
  return JSON.stringify(fromDeclared) === JSON.stringify(fromCode) ? undefined : { fromDeclared, fromCode };
}

describe('input defaults live in one place', () => {
  it('src/settings/defaults.ts holds exactly the declared defaults of each entry, each as declared', () => {
    for (const entry of ['build', 'deploy'] as const) {
      const inputs = meta(entry).inputs!;
      const declaredDefaults = Object.fromEntries(
        Object.entries(inputs).flatMap(([name, input]) => (name === 'shipshape-entry' || input.default === undefined || input.default === '' ? [] : [[name, String(input.default)]])),
      );
      const inCode = Object.fromEntries(Object.entries(DEFAULTS).filter(([name]) => name in inputs));
      expect(inCode, entryFile(entry)).toEqual(declaredDefaults);
    }
    for (const name of Object.keys(DEFAULTS)) expect(meta('build').inputs![name], `${name} is no input of action.yml`).toBeDefined();
  });

  it('every other copy of a default is derived from defaults.ts or checked here', () => {
    // derived: the swarm path's single-host inputs compare with the declared defaults, LETS_ENCRYPT is acme-directory's
    for (const name of CONTAINER_ONLY) for (const entry of ['build', 'deploy'] as const) expect(meta(entry).inputs![name], `${entryFile(entry)}: ${name}`).toBeDefined();
    expect(LETS_ENCRYPT).toBe(meta('build').inputs!['acme-directory'].default);
    // checked: the fingerprint's "a missing ignore file is fine when it is the default"
    expect(DEFAULT_IGNORE_FILE).toBe(meta('build').inputs!['ignore-file'].default);
    // defaults stated in words (the input is declared empty): the descriptions say what the code does
    const logOpts = Object.entries(DEFAULT_JSON_LOG_OPTS).map(([k, v]) => `${k}=${v}`).join(', ');
    for (const entry of ['build', 'deploy'] as const) {
      const inputs = meta(entry).inputs!;
      expect(inputs.replicas.description, `${entryFile(entry)}: replicas`).toContain(`Empty means ${DEFAULT_REPLICAS}.`);
      expect(inputs['log-opts'].description, `${entryFile(entry)}: log-opts`).toContain(`(${logOpts})`);
    }
  });

  const deployInputs = { 'deploy-host': 'unix:///var/run/docker.sock' };
  const digest = `sha256:${'a'.repeat(64)}`;

  it("action.yml's declared defaults give the settings an empty input gives", () => {
    expect(defaultsDisagreement(meta('build'), { image: 'ghcr.io/acme/web' })).toBeUndefined();
    expect(defaultsDisagreement(meta('build'), { image: 'ghcr.io/acme/web', ...deployInputs })).toBeUndefined();
  });

  it("deploy/action.yml's declared defaults give the settings an empty input gives", () => {
    const given = { image: `ghcr.io/acme/web@${digest}`, 'shipshape-entry': 'deploy', ...deployInputs };
    expect(defaultsDisagreement(meta('deploy'), given)).toBeUndefined();
  });

  it('fails when a declared default and the code default differ', () => {
    for (const [name, value] of [['soak-seconds', '11'], ['platforms', 'linux/amd64'], ['workdir', '/srv'], ['proxy-image', 'haproxy:3']]) {
      const changed = structuredClone(meta('build'));
      changed.inputs![name].default = value;
      expect(defaultsDisagreement(changed, { image: 'ghcr.io/acme/web', ...deployInputs }), name).toBeDefined();
    }
  });
});
