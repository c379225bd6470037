import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { brokenReferences, documentReferences, sectionNumbers } from './documentReferences';

const root = resolve(import.meta.dirname, '../..');

/** Code and docs that may cite a document; the README is included because it links into docs/. */
const SCANNED = ['electron', 'renderer', 'server', 'shared', 'test', 'tools', 'docs', 'README.md'];
const TEXT = /\.(ts|tsx|js|mjs|cjs|md|json|css|html|rules|ya?ml)$/;

function trackedFiles(): string[] {
  const out = execFileSync('git', ['ls-files', '-z', '--', ...SCANNED], { cwd: root, encoding: 'utf8' });
  return out
    .split('\0')
    .filter((file) => TEXT.test(file))
    .filter((file) => existsSync(join(root, file))); // deleted but not yet committed
}

/** A cited path resolves from the citing file's folder or from the repository root, inside it. */
function resolveDocument(citingFile: string, cited: string): string | undefined {
  for (const base of [dirname(citingFile), '.']) {
    const candidate = normalize(join(base, cited));
    if (candidate.startsWith('..')) continue;
    if (existsSync(join(root, candidate))) return relative('.', candidate);
  }
  return undefined;
}

describe('document references in the repository', () => {
  it('every cited document exists and every cited § is a numbered heading in it', () => {
    const files = trackedFiles();
    expect(files.length).toBeGreaterThan(50);
    const broken = brokenReferences(
      files.map((file) => ({ file, text: readFileSync(join(root, file), 'utf8') })),
      resolveDocument,
      (document) => sectionNumbers(readFileSync(join(root, document), 'utf8')),
    );
    const report = broken.map((b) => `${b.file}:${b.line}: ${b.reference}${b.why ? ` (${b.why})` : ''}`);
    if (report.length > 0) console.error(`Broken document references:\n${report.join('\n')}`);
    expect(report).toEqual([]);
  });
});

// Example citations are spelled through `md()` so this file does not cite missing documents itself.
const md = (path: string) => `${path}.md`;

describe('reading references', () => {
  it('finds a path with its sections, and ignores web addresses', () => {
    const refs = documentReferences(
      [
        `// the rule (${md('docs/guide')} §5.1 and §5.3); see also`,
        ` * https://github.com/electron/electron/blob/main/docs/api/${md('web-contents')} and ${md('notes')}`,
        `/* ${md('docs/protocol')} §4.2–4.3, §7 */`,
        `see [\`${md('operations')}\`](${md('operations')}) §6.`,
      ].join('\n'),
    );
    expect(refs).toEqual([
      { line: 1, document: md('docs/guide'), sections: ['5.1', '5.3'] },
      { line: 2, document: md('notes'), sections: [] },
      { line: 3, document: md('docs/protocol'), sections: ['4.2', '4.3', '7'] },
      { line: 4, document: md('operations'), sections: [] },
      { line: 4, document: md('operations'), sections: ['6'] },
    ]);
  });

  it('numbers headings as written: "## 3. Push" is 3, "### 3.2 Results" is 3.2', () => {
    const text = '# Title\n## 3. Push\n### 3.2 Results\nnot ## 4. a heading\n#### 3.2.1 Detail\n';
    expect([...sectionNumbers(text)]).toEqual(['3', '3.2', '3.2.1']);
  });

  it('reports a missing document and a missing section with file and line', () => {
    const broken = brokenReferences(
      [{ file: 'a.ts', text: `x\n// ${md('sync')} §8.3\n// ${md('docs/b')} §2.1 and §9\n` }],
      (_from, cited) => (cited === md('docs/b') ? md('docs/b') : undefined),
      () => new Set(['2', '2.1']),
    );
    expect(broken).toEqual([
      { file: 'a.ts', line: 2, reference: `${md('sync')} §8.3`, why: 'no such file' },
      { file: 'a.ts', line: 3, reference: `${md('docs/b')} §9`, why: 'no such section' },
    ]);
  });
});
