import { actionsLogger, errorMessage } from '../github/logger.js';
import { deploy, DeployError, remove, rollback, type DeployRequest, type DeployResult, type RemoveResult } from '../deploy/index.js';
import type { DeploySettings, Settings } from '../settings/index.js';
import { runUrl } from '../record/context.js';
import type { RecordWriter } from '../record/record.js';
import { credentialsFromDockerConfig, defaultDockerConfigPath, type Credentials } from '../registry/index.js';
import { keepSecret } from '../github/masking.js';
import { saveMainState } from '../github/main-state.js';
import { recordDeploy } from './record-sections.js';

/**
 * Step 4: put `image` (repo@digest) live on the deploy host — or, with `rollback`, switch back to the
 * previous color. The host-side state (live color, history) is the deploy module's; the record gets
 * everything that happened, success or not.
 */
export async function deployStep(
  settings: Settings,
  deploySettings: DeploySettings,
  image: string | undefined,
  platformManifests: { platform: string; digest: string }[],
  record: RecordWriter,
): Promise<DeployResult> {
  const pull = await pullCredentials(settings);
  const request: Omit<DeployRequest, 'image'> = {
    ...(pull && { registryAuth: { ...pull, serveraddress: settings.build.image.registry } }),
    owner: { id: record.id, runUrl: runUrl(process.env), actor: process.env.GITHUB_ACTOR },
    logger: actionsLogger,
    mask: (s) => keepSecret(settings.secrets, s),
    saveState: (progress) => saveMainState({ deploy: progress }),
    platformManifests,
  };
  let result: DeployResult;
  try {
    result = deploySettings.rollback || !image ? await rollback(deploySettings, request) : await deploy(deploySettings, { ...request, image });
  } catch (error) {
    if (error instanceof DeployError && error.result) await recordDeploy(record, deploySettings, error.result);
    throw error;
  }
  await recordDeploy(record, deploySettings, result);
  return result;
}

/** `remove: true`: the app's containers, route, certificate and state leave the host; the record lists them. */
export async function removeStep(settings: Settings, deploySettings: DeploySettings, record: RecordWriter): Promise<RemoveResult> {
  const result = await remove(deploySettings, {
    owner: { id: record.id, runUrl: runUrl(process.env), actor: process.env.GITHUB_ACTOR },
    logger: actionsLogger,
    mask: (s) => keepSecret(settings.secrets, s),
    saveState: (progress) => saveMainState({ deploy: progress }),
  });
  await record.update((r) => {
    r.deploy = { host: result.host, engine_version: '', app: result.app, removed: result.removed };
  });
  return result;
}

/**
 * What the Docker host pulls with (X-Registry-Auth): the registry inputs, else the runner's Docker config
 * (docker/login-action), since the host's engine has none of the runner's logins.
 */
async function pullCredentials(settings: Settings): Promise<Credentials | undefined> {
  const { username, password } = settings.registry;
  if (username && password) return { username, password };
  // A broken config is an error, not an anonymous pull that then fails with a misleading "unauthorized".
  const found = await credentialsFromDockerConfig(settings.build.image.registry, defaultDockerConfigPath()).catch((e: unknown) => {
    throw new Error(`the deploy host pulls with the runner's Docker credentials for ${settings.build.image.registry}, but they could not be read: ${errorMessage(e)}`, { cause: e });
  });
  if (found) {
    keepSecret(settings.secrets, found.credentials.password);
    keepSecret(settings.secrets, `${found.credentials.username}:${found.credentials.password}`);
  }
  return found?.credentials;
}
