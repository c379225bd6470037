import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Every bare import resolves to a package declared by the package.json that owns the code. A
 * package that is only there because something else depends on it (the packaging test once
 * imported @electron/asar, which came with electron-builder) breaks the day that other package
 * drops it, or on a production install that never had it.
 *
 * Owners: server/ is the `@omnitill/server` workspace (server/package.json). shared/ is compiled
 * into the server and into the store app, so both manifests declare what it imports. Everything
 * else (renderer, electron, tools, tests, configs) belongs to the root package.json; tests and
 * tools run from a full install, which includes the server workspace, so they may also use its
 * packages.
 */
const root = resolve(import.meta.dirname, '../..');
const SOURCE = /\.(ts|tsx|mts|js|mjs|cjs)$/;
const SKIP_DIRS = new Set(['node_modules', 'dist', 'release', '.tsbuild', 'data', 'fixtures']);

type Manifest = { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
const manifest = (path: string): Manifest => JSON.parse(readFileSync(join(root, path), 'utf8')) as Manifest;
const declared = (m: Manifest) =>
  new Set([...Object.keys(m.dependencies ?? {}), ...Object.keys(m.devDependencies ?? {})]);

const rootPackages = declared(manifest('package.json'));
const serverPackages = declared(manifest('server/package.json'));

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return SKIP_DIRS.has(entry.name) ? [] : sourceFiles(path);
    return SOURCE.test(entry.name) ? [path] : [];
  });
}

/** Bare specifiers of static imports, re-exports, dynamic imports and requires. */
export function bareImports(source: string): string[] {
  const found = new Set<string>();
  const patterns = [
    /^\s*(?:import|export)\s[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/gm,
    /^\s*import\s*['"]([^'"]+)['"]/gm,
    /\b(?:import|require)\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const pattern of patterns) {
    for (const match of source.matchAll(pattern)) {
      const specifier = match[1]!;
      if (specifier.startsWith('.') || specifier.startsWith('/')) continue;
      found.add(specifier);
    }
  }
  return [...found];
}

export function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

const isBuiltin = (specifier: string) =>
  specifier.startsWith('node:') || builtinModules.includes(packageName(specifier));

function undeclared(files: string[], allowed: (name: string) => boolean): string[] {
  return files.flatMap((file) =>
    bareImports(readFileSync(join(root, file), 'utf8'))
      .filter((specifier) => !isBuiltin(specifier) && !allowed(packageName(specifier)))
      .map((specifier) => `${relative(root, join(root, file))}: ${specifier}`),
  );
}

describe('no phantom dependencies', () => {
  it('finds the imports it must check', () => {
    const source = [
      "import { a } from 'x';",
      'import type {',
      '  B,',
      "} from '@s/y/sub';",
      "import 'z';",
      // \u0028 is "(": written out, this line of the test would itself count as an import of w.
      "const c = await import\u0028'w');",
      "spawn(node, ['--import', 'tsx']);",
    ].join('\n');
    expect(bareImports(source)).toEqual(['x', '@s/y/sub', 'z', 'w']);
    expect(packageName('@s/y/sub')).toBe('@s/y');
  });

  it('server code imports only what server/package.json declares', () => {
    expect(undeclared(sourceFiles('server'), (name) => serverPackages.has(name))).toEqual([]);
  });

  it('shared code imports only what both the server and the root declare', () => {
    expect(
      undeclared(sourceFiles('shared'), (name) => serverPackages.has(name) && rootPackages.has(name)),
    ).toEqual([]);
  });

  it('the store app, Electron, tools, tests and configs import only what the root declares', () => {
    const files = [
      ...['renderer', 'electron'].flatMap(sourceFiles),
      ...['vite.config.ts', 'vitest.config.ts', 'eslint.config.js'],
    ];
    expect(undeclared(files, (name) => rootPackages.has(name))).toEqual([]);
    expect(
      undeclared(
        ['tools', 'test'].flatMap(sourceFiles),
        (name) => rootPackages.has(name) || serverPackages.has(name),
      ),
    ).toEqual([]);
  });
});
