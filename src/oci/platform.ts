/** An OCI platform (image-index.md "platform"). */
export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

const KNOWN_OS = new Set(['linux', 'windows', 'darwin', 'freebsd']);
const KNOWN_ARCH = new Set(['amd64', 'arm64', 'arm', '386', 'ppc64le', 's390x', 'riscv64', 'mips64le', 'loong64']);

/** Parses `os/arch[/variant]`; throws a plain Error naming the value when it is not one. */
export function parsePlatform(text: string): Platform {
  const parts = text.trim().split('/');
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => p === '')) {
    throw new Error(`"${text}" is not a platform (expected os/arch[/variant], e.g. linux/arm64)`);
  }
  const [os, architecture, variant] = parts.map((p) => p.toLowerCase());
  if (!KNOWN_OS.has(os)) throw new Error(`"${text}" has unknown os "${os}" (known: ${[...KNOWN_OS].join(', ')})`);
  if (!KNOWN_ARCH.has(architecture)) {
    throw new Error(`"${text}" has unknown architecture "${architecture}" (known: ${[...KNOWN_ARCH].join(', ')})`);
  }
  return variant ? { os, architecture, variant } : { os, architecture };
}

/** `os/arch[/variant]`, the key a platform is known by everywhere in shipshape. */
export function platformKey(p: Platform): string {
  return p.variant ? `${p.os}/${p.architecture}/${p.variant}` : `${p.os}/${p.architecture}`;
}

/**
 * Whether a manifest's platform satisfies a wanted one. arm64's variant defaults to v8 (as
 * containerd normalizes it), so `linux/arm64` matches a manifest that says `linux/arm64/v8`.
 */
export function platformMatches(wanted: Platform, have: Platform): boolean {
  if (wanted.os !== have.os || wanted.architecture !== have.architecture) return false;
  const norm = (p: Platform) => p.variant ?? (p.architecture === 'arm64' ? 'v8' : '');
  return wanted.variant === undefined || norm(wanted) === norm(have);
}
