/**
 * The layers a build gets when the `layers` input is empty: well-known dependency trees first, then
 * large rarely-changing assets, then dependency manifests and lock files, then the source — so the
 * usual edit (a source file) rebuilds and uploads only the last, small layer. A group that matches
 * no file adds no layer. The rules look at the context-relative path only, so the split is the same
 * for the same files (deterministic). Changing them changes FORMAT_VERSION.
 */
export interface DefaultGroup {
  name: string;
  matches: (path: string) => boolean;
}

const firstComponent = (p: string) => {
  const slash = p.indexOf('/');
  return slash < 0 ? p : p.slice(0, slash);
};

const MANIFESTS = new Set([
  'package.json', 'package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'pnpm-workspace.yaml', 'bun.lockb', 'bun.lock', '.npmrc', '.yarnrc.yml',
  'Pipfile', 'Pipfile.lock', 'poetry.lock', 'pyproject.toml', 'uv.lock', 'setup.cfg',
  'go.mod', 'go.sum', 'composer.json', 'composer.lock', 'Gemfile', 'Gemfile.lock', 'Cargo.toml', 'Cargo.lock',
]);

const ASSET_EXTENSIONS = new Set([
  'png', 'jpg', 'jpeg', 'gif', 'webp', 'avif', 'ico', 'bmp', 'tif', 'tiff', 'psd',
  'woff', 'woff2', 'ttf', 'otf', 'eot',
  'mp3', 'mp4', 'm4a', 'webm', 'ogg', 'oga', 'wav', 'flac', 'mov', 'avi', 'mkv',
  'pdf', 'wasm', 'onnx', 'safetensors',
]);

export const DEFAULT_GROUPS: DefaultGroup[] = [
  { name: 'default: node_modules', matches: (p) => p === 'node_modules' || p.startsWith('node_modules/') || p.includes('/node_modules/') || p.endsWith('/node_modules') },
  { name: 'default: python virtualenv', matches: (p) => ['.venv', 'venv'].includes(firstComponent(p)) },
  { name: 'default: vendor', matches: (p) => firstComponent(p) === 'vendor' },
  {
    name: 'default: assets',
    matches: (p) => {
      const dot = p.lastIndexOf('.');
      return dot > p.lastIndexOf('/') + 1 && ASSET_EXTENSIONS.has(p.slice(dot + 1).toLowerCase());
    },
  },
  { name: 'default: dependency manifests', matches: (p) => !p.includes('/') && (MANIFESTS.has(p) || /^requirements.*\.txt$/.test(p)) },
];

export const DEFAULT_REST_GROUP = 'default: source';
