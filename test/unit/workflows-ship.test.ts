import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  callInputs,
  checkCallPermissions,
  checkEnvironmentSecrets,
  checkSecretNames,
  DOCUMENTED_ENVIRONMENT_SECRETS,
  environmentName,
  isStorableSecretName,
  resolverFor,
  type Workflow,
} from '../../scripts/workflow-rules.js';
import { repoRoot } from '../support/repo-root.js';

const SHIP = '.github/workflows/ship.yml';
const CALLER = 'test/fixtures/workflows/call-ship.yml';
const read = (file: string) => readFileSync(path.join(repoRoot, file), 'utf8');
const yaml = (file: string) => parse(read(file)) as Workflow;
const resolve = resolverFor(repoRoot);
const HTTPS_INPUTS = ['hosts', 'tls', 'acme-email'];

/** Everything GitHub checks across the caller and ship.yml, with the credentials stored as the docs say. */
function problems(caller: Workflow, ship: Workflow = yaml(SHIP)): string[] {
  const resolveShip = (uses: string) => (uses === './.github/workflows/ship.yml' ? ship : resolve(uses));
  return [
    ...checkCallPermissions(caller, CALLER, resolveShip),
    ...checkSecretNames(caller, CALLER),
    ...checkSecretNames(ship, SHIP),
    ...checkEnvironmentSecrets(caller, CALLER, DOCUMENTED_ENVIRONMENT_SECRETS, resolveShip),
  ];
}

/** The `with:` of ship.yml's step that uses `action` (`shipshape/shipshape@…` or `…/deploy@…`). */
function stepWith(ship: Workflow, action: RegExp): Record<string, string> {
  const steps = Object.values<Workflow>(ship.jobs).flatMap((job) => job.steps ?? []);
  const step = steps.find((s: Workflow) => action.test(s.uses ?? ''));
  if (!step) throw new Error(`no step uses ${action}`);
  return step.with ?? {};
}
const BUILD = /^shipshape\/shipshape@v1$/;
const DEPLOY = /^shipshape\/shipshape\/deploy@v1$/;

describe('ship.yml called from a workflow with an environment-gated deploy job', () => {
  it('the test caller passes GitHub\'s permission, secret-name and environment-secret rules', () => {
    expect(problems(yaml(CALLER))).toEqual([]);
    const ship = yaml(SHIP);
    const deploy = ship.jobs.deploy;
    expect(environmentName(deploy, callInputs(ship, yaml(CALLER).jobs.ship))).toBe('production');
    // Every secret ship.yml declares is one a repository or environment can store.
    for (const name of Object.keys(ship.on.workflow_call.secrets)) expect(isStorableSecretName(name), name).toBe(true);
  });

  it('fails a caller that grants less than the called jobs ask for', () => {
    const none = yaml(CALLER);
    delete none.jobs.ship.permissions;
    expect(problems(none)).toEqual([expect.stringMatching(/job build requests 'packages: write' but is only allowed 'packages: read' \(no permissions: given/)]);
    const readOnly = yaml(CALLER);
    readOnly.jobs.ship.permissions = { contents: 'read' };
    expect(problems(readOnly).join('\n')).toMatch(/job deploy requests 'packages: read' but is only allowed 'packages: none'/);
    const workflowLevel = yaml(CALLER);
    delete workflowLevel.jobs.ship.permissions;
    workflowLevel.permissions = 'write-all';
    expect(problems(workflowLevel)).toEqual([]);
  });

  it('fails a caller that passes environment secrets by name instead of letting the deploy job read them', () => {
    const explicit = yaml(CALLER);
    explicit.jobs.ship.secrets = { DEPLOY_SSH_KEY: '${{ secrets.DEPLOY_SSH_KEY }}', DEPLOY_KNOWN_HOSTS: '${{ secrets.DEPLOY_KNOWN_HOSTS }}' };
    const found = problems(explicit).join('\n');
    expect(found).toMatch(/job ship reads secrets\.DEPLOY_SSH_KEY, a secret of environment production.* but runs in no environment/);
    expect(found).toMatch(/without secrets: inherit, so its job deploy cannot read the environment secrets DEPLOY_SSH_KEY/);
  });

  it('fails when the deploy job runs outside the environment that holds its secrets', () => {
    const staging = yaml(CALLER);
    staging.jobs.ship.with.environment = 'staging';
    expect(problems(staging).join('\n')).toMatch(/job deploy reads secrets\.DEPLOY_SSH_KEY, a secret of environment production.* but runs in staging/);
    const ungated = yaml(SHIP);
    delete ungated.jobs.deploy.environment;
    expect(problems(yaml(CALLER), ungated).join('\n')).toMatch(/job deploy reads secrets\.DEPLOY_SSH_KEY.* but runs in no environment/);
  });

  it('fails the ship.yml that shipped: hyphen-named secrets in the environment-gated job', () => {
    const old = yaml(SHIP);
    old.on.workflow_call.secrets = { 'ssh-private-key': { required: true } };
    old.jobs.deploy.steps[0].with['ssh-private-key'] = '${{ secrets.ssh-private-key }}';
    expect(checkSecretNames(old, SHIP)).toEqual([expect.stringMatching(/reads secrets\.ssh-private-key, a name no environment secret can have/)]);
  });

  it('passes the HTTPS inputs through to the deploy action', () => {
    const ship = yaml(SHIP);
    const caller = yaml(CALLER).jobs.ship.with;
    const deployWith = stepWith(ship, DEPLOY);
    for (const name of HTTPS_INPUTS) {
      expect(ship.on.workflow_call.inputs[name], `ship.yml declares ${name}`).toBeDefined();
      expect(deployWith[name], `ship.yml passes ${name} to the deploy action`).toBe(`\${{ inputs.${name} }}`);
      expect(caller[name], `the test caller sets ${name}`).toBeTruthy();
    }
    expect(callInputs(ship, yaml(CALLER).jobs.ship)).toMatchObject({ hosts: 'www.example.com', tls: 'acme', 'acme-email': 'ops@example.com' });
  });

  it('passes every input it declares to the step that needs it, and copies no action default', () => {
    const ship = yaml(SHIP);
    const build = { with: stepWith(ship, BUILD), inputs: parse(read('action.yml')).inputs };
    const deploy = { with: stepWith(ship, DEPLOY), inputs: parse(read('deploy/action.yml')).inputs };
    const ownOnly = ['environment', 'registry-username']; // ship.yml's own: the gate, and the user both steps get
    for (const [name, def] of Object.entries<Workflow>(ship.on.workflow_call.inputs)) {
      if (ownOnly.includes(name)) continue;
      // The deploy step takes every deploy input but the image, which it gets by digest from the build job.
      const step = name in deploy.inputs && name !== 'image' ? deploy : build;
      expect(name in step.inputs, `${name} is an input of the action`).toBe(true);
      expect(step.with[name], `${name} reaches its step`).toBe(`\${{ inputs.${name} }}`);
      // Empty means the action's own default (action-metadata.test.ts checks that an empty input gives it).
      if (!def.required) expect(def.default, `${name} default`).toBe('');
    }
    expect(deploy.with.image).toBe('${{ needs.build.outputs.image }}');
  });

  it('exposes each deploy input, but those of other operations or of tcp:// hosts', () => {
    const ship = yaml(SHIP);
    const declared = new Set([...Object.keys(ship.on.workflow_call.inputs), ...Object.keys(stepWith(ship, DEPLOY))]);
    const elsewhere = [
      'command', 'rollback', 'remove', 'renew', // their own operations: deploy/action.yml in a job of their own
      'docker-tls-ca', 'docker-tls-cert', 'docker-tls-key', 'tls-ca', 'tls-cert', 'tls-key', // tcp:// deploy hosts; ship.yml deploys over ssh://
      'insecure-registries', // plain-HTTP registries a hosted runner does not reach
      'shipshape-entry', // deploy/action.yml's own
    ];
    const missing = Object.keys(parse(read('deploy/action.yml')).inputs).filter((n) => !declared.has(n) && !elsewhere.includes(n));
    expect(missing).toEqual([]);
  });
});
