// A parsed JSONC document: the syntax tree (jsonc-parser), the plain value built from it, and the
// mapping from JSON paths to text positions that every located error needs.
import { parseTree, type Node, type ParseError } from './jsonc';

export { formatPath, LineIndex, type JsonPath } from './jsonText';
import type { JsonPath } from './jsonText';
import { JSONC_OPTIONS, syntaxProblems, type SyntaxProblem } from './syntaxProblems';

export type { SyntaxProblem } from './syntaxProblems';

/** Files beyond this size are refused before parsing: a legitimate experiment is far smaller. */
export const MAX_FILE_CHARS = 8 * 1024 * 1024;
/** Deeper nesting is refused before parsing (the parsers recurse; an experiment is 5 levels deep). */
export const MAX_DEPTH = 64;

export interface TextSpan {
  offset: number;
  length: number;
}

export interface JsonDocument {
  text: string;
  root: Node | undefined;
  value: unknown;
  syntaxErrors: SyntaxProblem[];
}

/** Parses JSONC (comments and trailing commas allowed). Never throws. */
export function parseJsonDocument(input: string): JsonDocument {
  // A byte-order mark is replaced by a space so that offsets stay those of the original text.
  const text = input.charCodeAt(0) === 0xfeff ? ' ' + input.slice(1) : input;
  if (text.length > MAX_FILE_CHARS) {
    const mb = (text.length / (1024 * 1024)).toFixed(1);
    return {
      text,
      root: undefined,
      value: undefined,
      syntaxErrors: [{ path: [], offset: 0, length: 1, message: `the file is too large (${mb} MB); at most ${MAX_FILE_CHARS / (1024 * 1024)} MB` }],
    };
  }
  const tooDeep = firstTooDeep(text, MAX_DEPTH);
  if (tooDeep >= 0) {
    return {
      text,
      root: undefined,
      value: undefined,
      syntaxErrors: [{ path: [], offset: tooDeep, length: 1, message: `nested too deeply (more than ${MAX_DEPTH} levels of objects and arrays)` }],
    };
  }
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, JSONC_OPTIONS);
  // The tree's own errors only say whether there are any; the visitor explains and locates them.
  const syntaxErrors = errors.length > 0 ? syntaxProblems(text) : [];
  return { text, root, value: root ? nodeValue(root) : undefined, syntaxErrors };
}

/** Offset of the first bracket opening a level deeper than `max` (strings and comments skipped), or -1. */
function firstTooDeep(text: string, max: number): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 34 /* " */) {
      for (i++; i < text.length && text.charCodeAt(i) !== 34 && text.charCodeAt(i) !== 10; i++) if (text.charCodeAt(i) === 92 /* \\ */) i++;
    } else if (ch === 47 /* / */ && text.charCodeAt(i + 1) === 47) {
      while (i < text.length && text.charCodeAt(i) !== 10) i++;
    } else if (ch === 47 && text.charCodeAt(i + 1) === 42 /* * */) {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
    } else if (ch === 123 /* { */ || ch === 91 /* [ */) {
      if (++depth > max) return i;
    } else if (ch === 125 /* } */ || ch === 93 /* ] */) {
      depth = Math.max(0, depth - 1);
    }
  }
  return -1;
}

/**
 * The plain value of a node. Keys become own properties even when named like "__proto__", so no key
 * can reach an object's prototype; with duplicate keys the last one wins (as in JSON.parse).
 */
export function nodeValue(node: Node): unknown {
  switch (node.type) {
    case 'object': {
      const result: Record<string, unknown> = {};
      for (const property of node.children ?? []) {
        const [key, value] = property.children ?? [];
        if (!key || typeof key.value !== 'string') continue;
        Object.defineProperty(result, key.value, {
          value: value ? nodeValue(value) : undefined,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return result;
    }
    case 'array':
      return (node.children ?? []).map(nodeValue);
    default:
      return node.value;
  }
}

/**
 * The node at `path`, or its nearest existing ancestor (the root for an empty document). With
 * duplicate keys the last one is taken: that is the value that was validated.
 */
export function nodeAtPath(root: Node | undefined, path: JsonPath): Node | undefined {
  let node = root;
  for (const segment of path) {
    if (!node) break;
    let next: Node | undefined;
    if (node.type === 'object' && typeof segment === 'string') {
      for (const property of node.children ?? []) {
        if (property.children?.[0]?.value === segment && property.children[1]) next = property.children[1];
      }
    } else if (node.type === 'array' && typeof segment === 'number') {
      next = node.children?.[segment];
    }
    if (!next) break;
    node = next;
  }
  return node;
}

/** The key node of the property whose value is `node`, if `node` is a property value. */
export function keyNodeOf(node: Node): Node | undefined {
  const parent = node.parent;
  if (parent?.type === 'property' && parent.children?.[1] === node) return parent.children[0];
  return undefined;
}
