/**
 * Finding document citations (`docs/sync-protocol.md §4.2`) in text, and checking them against
 * numbered headings. Kept apart from the test so the reading rules have tests of their own.
 */

export type DocumentReference = { line: number; document: string; sections: string[] };
export type BrokenReference = { file: string; line: number; reference: string; why: string };

// A path ending in .md, then optionally "§n.n" and more numbers joined by "and", ",", "/", "–". The
// path may close a code span or a Markdown link before the section sign.
const SECTION = String.raw`\d+(?:\.\d+)*[a-z]?`;
const REFERENCE = new RegExp(
  String.raw`([A-Za-z0-9_./-]*[A-Za-z0-9_-]\.md)\b` +
    String.raw`((?:[\`)\]]*\s*,?\s*§+\s*${SECTION})(?:\s*(?:,|and|or|/|–|-)\s*§?\s*${SECTION}(?![\d.]))*)?`,
  'g',
);
const URL = /\b[a-z][a-z0-9+.-]*:\/\/\S+/gi;

/** Every document reference in `text`, with its 1-based line and the section numbers it names. */
export function documentReferences(text: string): DocumentReference[] {
  const found: DocumentReference[] = [];
  text.split('\n').forEach((rawLine, index) => {
    // A document inside a web address is someone else's file, not one of ours.
    const line = rawLine.replace(URL, (url) => ' '.repeat(url.length));
    for (const match of line.matchAll(REFERENCE)) {
      const sections = [...(match[2] ?? '').matchAll(new RegExp(SECTION, 'g'))].map((m) => m[0]);
      found.push({ line: index + 1, document: match[1]!, sections });
    }
  });
  return found;
}

/** Section numbers of a Markdown file's numbered headings: `## 3. Push` → 3, `### 3.2 …` → 3.2. */
export function sectionNumbers(markdown: string): Set<string> {
  const numbers = new Set<string>();
  for (const line of markdown.split('\n')) {
    const match = /^#{1,6}\s+(\d+(?:\.\d+)*)\.?\s/.exec(line);
    if (match) numbers.add(match[1]!);
  }
  return numbers;
}

/**
 * References whose document does not resolve, or whose section is not a numbered heading there.
 * `resolve` maps a cited path to a repository path (or undefined); `sectionsOf` reads a document.
 */
export function brokenReferences(
  files: readonly { file: string; text: string }[],
  resolve: (citingFile: string, cited: string) => string | undefined,
  sectionsOf: (document: string) => Set<string>,
): BrokenReference[] {
  const broken: BrokenReference[] = [];
  const cache = new Map<string, Set<string>>();
  for (const { file, text } of files) {
    for (const ref of documentReferences(text)) {
      const document = resolve(file, ref.document);
      const cited = (section?: string) => `${ref.document}${section ? ` §${section}` : ''}`;
      if (document === undefined) {
        broken.push({
          file,
          line: ref.line,
          reference: cited(ref.sections.join(', §')),
          why: 'no such file',
        });
        continue;
      }
      let sections = cache.get(document);
      if (!sections) {
        sections = sectionsOf(document);
        cache.set(document, sections);
      }
      for (const section of ref.sections) {
        if (!sections.has(section)) {
          broken.push({ file, line: ref.line, reference: cited(section), why: 'no such section' });
        }
      }
    }
  }
  return broken;
}
