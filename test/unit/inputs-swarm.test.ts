import { describe, expect, it } from 'vitest';
import { readModeInputs, refuseForMode } from '../../src/settings/deploy-mode.js';

const reader = (inputs: Record<string, string>) => (name: string) => inputs[name] ?? '';

describe('deploy-mode and replicas', () => {
  it('defaults to auto with replicas unset', () => {
    expect(readModeInputs(reader({}))).toEqual({ mode: 'auto', containerOnly: [] });
  });

  it('reads swarm with replicas', () => {
    expect(readModeInputs(reader({ 'deploy-mode': 'swarm', replicas: '3' }))).toEqual({ mode: 'swarm', replicas: 3, containerOnly: [] });
  });

  it('refuses an unknown mode and bad replicas, naming the input', () => {
    expect(() => readModeInputs(reader({ 'deploy-mode': 'kubernetes' }))).toThrow(/Input 'deploy-mode': "kubernetes" must be auto, container or swarm/);
    expect(() => readModeInputs(reader({ 'deploy-mode': 'swarm', replicas: '0' }))).toThrow(/Input 'replicas'/);
  });

  it('refuses replicas in container mode', () => {
    expect(() => readModeInputs(reader({ 'deploy-mode': 'container', replicas: '3' }))).toThrow(/Input 'replicas': is 3, but it applies to deploy-mode swarm only/);
  });

  it('refuses single-host-only inputs in swarm mode, but not their declared defaults', () => {
    expect(() => readModeInputs(reader({ 'deploy-mode': 'swarm', hosts: 'shop.example.com' }))).toThrow(/Input 'hosts': applies to the single-host path only/);
    expect(() => readModeInputs(reader({ 'deploy-mode': 'swarm', 'soak-seconds': '30' }))).toThrow(/Input 'soak-seconds'/);
    for (const name of ['path-prefix', 'tls', 'renew', 'retain']) {
      const value = { 'path-prefix': '/api', tls: 'acme', renew: 'true', retain: '2' }[name]!;
      expect(() => readModeInputs(reader({ 'deploy-mode': 'swarm', [name]: value }))).toThrow(new RegExp(`Input '${name}': applies to the single-host path only`));
    }
    expect(readModeInputs(reader({ 'deploy-mode': 'swarm', 'soak-seconds': '10', role: 'web', overlap: 'true' })).containerOnly).toEqual([]);
  });

  it('the inputs Swarm has the concept of are accepted in swarm mode: release command, worker, health-cmd, ready-seconds, overlap', () => {
    const s = readModeInputs(reader({ 'deploy-mode': 'swarm', 'release-command': 'migrate', role: 'worker', 'health-cmd': 'true', 'ready-seconds': '2', overlap: 'false' }));
    expect(s.containerOnly).toEqual([]);
    expect(readModeInputs(reader({ 'deploy-mode': 'swarm', remove: 'true' })).containerOnly).toEqual([]);
  });

  it('with auto, refuses once the engine said which mode it is', () => {
    const s = readModeInputs(reader({ replicas: '3', retain: '2' }));
    expect(() => refuseForMode(s, 'container')).toThrow(/Input 'replicas': .*not an active swarm manager/);
    expect(() => refuseForMode(s, 'swarm')).toThrow(/Input 'retain': .*active swarm manager/);
  });
});
