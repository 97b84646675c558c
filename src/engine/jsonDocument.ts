// A parsed JSONC document: the syntax tree (jsonc-parser), the plain value built from it, and the
// mapping from JSON paths to text positions that every located error needs.
import { getLocation, parseTree, printParseErrorCode, type Node, type ParseError } from './jsonc';

export type JsonPath = (string | number)[];

/** Files beyond this size are refused before parsing: a legitimate experiment is far smaller. */
export const MAX_FILE_CHARS = 8 * 1024 * 1024;
/** Deeper nesting is refused before parsing (the parsers recurse; an experiment is 5 levels deep). */
export const MAX_DEPTH = 64;

export interface TextSpan {
  offset: number;
  length: number;
}

export interface SyntaxProblem extends TextSpan {
  path: JsonPath;
  message: string;
}

export interface JsonDocument {
  text: string;
  root: Node | undefined;
  value: unknown;
  syntaxErrors: SyntaxProblem[];
}

const SYNTAX_MESSAGES: Record<string, string> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'expected a key in double quotes',
  ValueExpected: 'expected a value',
  ColonExpected: 'expected ":" after the key',
  CommaExpected: 'expected "," between items',
  CloseBraceExpected: 'expected "}" to close the object',
  CloseBracketExpected: 'expected "]" to close the array',
  EndOfFileExpected: 'unexpected text after the end of the JSON document',
  InvalidCommentToken: 'invalid comment',
  UnexpectedEndOfComment: 'comment is not closed (missing "*/")',
  UnexpectedEndOfString: 'string is not closed (missing \'"\')',
  UnexpectedEndOfNumber: 'number is cut off',
  InvalidUnicode: 'invalid \\u escape in string',
  InvalidEscapeCharacter: 'invalid escape character in string',
  InvalidCharacter: 'invalid character in string (control characters must be escaped)',
};

function syntaxMessage(error: ParseError, text: string): string {
  const name = printParseErrorCode(error.error);
  const base = SYNTAX_MESSAGES[name] ?? 'invalid JSON';
  if (error.offset >= text.trimEnd().length && (name === 'ValueExpected' || name.endsWith('Expected'))) {
    return text.trim().length === 0 ? 'the file is empty: expected a JSON object { ... }' : `unexpected end of file: ${base}`;
  }
  if (name === 'InvalidSymbol') {
    const token = text.slice(error.offset, error.offset + Math.max(1, error.length));
    if (token.length > 1 && token.length <= 30) return `unexpected ${JSON.stringify(token)}`;
    if (token) return `${base} ${JSON.stringify(token.slice(0, 1))}`;
  }
  return base;
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
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: false });
  // Several errors at one spot (typically the end of a cut-off file) are one problem: keep the first.
  const seenOffsets = new Set<number>();
  const syntaxErrors: SyntaxProblem[] = [];
  for (const error of errors) {
    if (seenOffsets.has(error.offset)) continue;
    seenOffsets.add(error.offset);
    const empty = text.trim().length === 0;
    syntaxErrors.push({
      path: empty ? [] : safeLocationPath(text, error.offset),
      offset: empty ? 0 : Math.min(error.offset, text.length),
      length: Math.max(error.length, 1),
      message: syntaxMessage(error, text),
    });
  }
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

function safeLocationPath(text: string, offset: number): JsonPath {
  try {
    return getLocation(text, offset).path.filter((segment) => segment !== '');
  } catch {
    return [];
  }
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

/** 1-based line and column (UTF-16 units) of offsets in a text. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (ch === 10) this.starts.push(i + 1);
      else if (ch === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        this.starts.push(i + 1);
      }
    }
  }

  position(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo] + 1 };
  }
}

/** "problem.noise.dof", "runs[2].clip.threshold"; "" for the root. */
export function formatPath(path: JsonPath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(segment)) out += out ? `.${segment}` : segment;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}
