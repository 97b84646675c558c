// Plain-language, located JSONC syntax errors. jsonc-parser reports an error at the token where it
// noticed it ("runs" for a missing comma after `"horizon": 10`); the user has to type the fix
// elsewhere (right after the 10), and the error belongs to the object or array being read, not to the
// next key. A visitor keeps the stack of open objects and arrays so each error can name its container,
// the item before it, and where that item ends.
import { getLocation, printParseErrorCode, visit, type ParseErrorCode, type ParseOptions } from './jsonc';
import { formatPath, LineIndex, type JsonPath } from './jsonText';

export interface SyntaxProblem {
  path: JsonPath;
  message: string;
  offset: number;
  length: number;
}

/** The options every parse of an experiment uses (comments and trailing commas allowed). */
export const JSONC_OPTIONS: ParseOptions = { allowTrailingComma: true, disallowComments: false, allowEmptyContent: false };

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

/** An object or array that the parser has entered and not yet left. */
interface Container {
  kind: 'object' | 'array';
  path: JsonPath;
  open: number;
  /** Object: the last key read, where it ends, and where its value ends (once read). */
  key?: string;
  keyEnd?: number;
  /** Array: the index of the last item begun. */
  index: number;
  /** End offset of the value of the last key / last item, once it is complete. */
  valueEnd?: number;
}

const CLOSER = { object: '}', array: ']' } as const;

/** The syntax problems of `text`, in document order, one per parser offset. Never throws. */
export function syntaxProblems(text: string): SyntaxProblem[] {
  if (text.trim().length === 0) return [{ path: [], offset: 0, length: 1, message: 'the file is empty: expected a JSON object { ... }' }];
  const lines = new LineIndex(text);
  const contentEnd = text.trimEnd().length;
  const at = (offset: number) => {
    const { line, column } = lines.position(offset);
    return `line ${line}, column ${column}`;
  };
  const describe = (c: Container) => `the ${c.path.length ? '' : 'top-level '}${c.kind}${c.path.length ? ` ${formatPath(c.path)}` : ''}`;

  const stack: Container[] = [];
  let justClosed: Container | undefined;
  let rootEnd: number | undefined;
  let rootKind = 'value';
  let mismatchReported = false;
  // After an unexpected symbol or a wrong bracket the parser skips ahead and reports the same mistake
  // again ("expected a value" at the next "}"): those echoes are dropped until it reads something.
  let recovering = false;
  const progress = () => { recovering = false; };
  const seenOffsets = new Set<number>();
  const problems: SyntaxProblem[] = [];

  const valueBegins = () => {
    progress();
    const top = stack[stack.length - 1];
    if (!top) return;
    if (top.kind === 'array') top.index++;
    top.valueEnd = undefined;
  };
  const valueEnds = (end: number) => {
    const top = stack[stack.length - 1];
    if (top) top.valueEnd = end;
    else rootEnd = end;
  };
  const enter = (kind: Container['kind'], offset: number, path: JsonPath) => {
    valueBegins();
    if (stack.length === 0) rootKind = kind;
    stack.push({ kind, path, open: offset, index: -1 });
  };
  const leave = (offset: number, length: number) => {
    const closed = stack.pop();
    justClosed = closed;
    if (!closed) return;
    const closedHere = text.slice(offset, offset + length) === CLOSER[closed.kind];
    valueEnds(closedHere ? offset + length : Math.max(closed.valueEnd ?? closed.keyEnd ?? closed.open + 1, closed.open + 1));
  };

  /** A "}" where an array needs "]" (or the reverse): the real mistake, whatever the parser expected. */
  const wrongCloser = (container: Container | undefined, offset: number): SyntaxProblem | undefined => {
    const token = text[offset];
    if (!container || (token !== '}' && token !== ']') || token === CLOSER[container.kind]) return undefined;
    mismatchReported = true;
    recovering = true;
    return {
      path: container.path,
      offset,
      length: 1,
      message: `expected "${CLOSER[container.kind]}" to close ${describe(container)} opened at ${at(container.open)}, found "${token}"`,
    };
  };

  /** The end of the file inside `container` (and the ones `outer` that enclose it). */
  const unclosed = (container: Container, outer: Container[], offset: number): SyntaxProblem => {
    const closers = [container, ...outer.slice().reverse()].map((c) => CLOSER[c.kind]).join('');
    const all = closers.length > 1 ? ` (the file needs "${closers}" at its end)` : '';
    return {
      path: container.path,
      offset: Math.min(offset, text.length),
      length: 1,
      message: `unexpected end of file: expected "${CLOSER[container.kind]}" to close ${describe(container)} opened at ${at(container.open)}${all}`,
    };
  };

  const explain = (code: ParseErrorCode, offset: number, length: number): SyntaxProblem | undefined => {
    const name = printParseErrorCode(code);
    const top = stack[stack.length - 1];
    const atEnd = offset >= contentEnd;
    const endPrefix = atEnd ? 'unexpected end of file: ' : '';
    switch (name) {
      case 'CommaExpected': {
        const mismatch = wrongCloser(top, offset);
        if (mismatch) return mismatch;
        if (top?.valueEnd === undefined) break;
        const previous = top.kind === 'object' ? `the value of ${JSON.stringify(top.key)}` : `the item ${formatPath([...top.path, top.index])}`;
        return { path: top.path, offset: top.valueEnd, length: 1, message: `expected "," after ${previous}` };
      }
      case 'ValueExpected': {
        if (top?.kind !== 'array') break;
        // `[1, 2,` then the end: a trailing comma is allowed, what is missing is the "]".
        if (offset >= text.length) return unclosed(top, stack.slice(0, -1), offset);
        // `[1, }`: the array is closed with the wrong bracket.
        return wrongCloser(top, offset);
      }
      case 'InvalidSymbol': {
        // `{ name: 1 }`: an unquoted key.
        const word = text.slice(offset, offset + Math.max(1, length));
        if (top?.kind === 'object' && /^\s*:/.test(text.slice(offset + length)) && word.length <= 30) {
          return { path: top.path, offset, length: Math.max(1, length), message: `expected a key in double quotes, found ${word} (write "${word}")` };
        }
        break;
      }
      case 'ColonExpected':
        if (top?.kind !== 'object' || top.keyEnd === undefined) break;
        return { path: top.path, offset: top.keyEnd, length: 1, message: `${endPrefix}expected ":" after the key ${JSON.stringify(top.key)}` };
      case 'PropertyNameExpected': {
        const mismatch = wrongCloser(top, offset);
        if (mismatch) return mismatch;
        if (top) return { path: top.path, offset, length: Math.max(1, length), message: `${endPrefix}expected a key in double quotes` };
        break;
      }
      case 'CloseBraceExpected':
      case 'CloseBracketExpected':
        // The parser has already left the container it reports: it is `justClosed`.
        if (mismatchReported) return undefined; // a consequence of the wrong bracket already reported
        return justClosed && unclosed(justClosed, stack, offset);
      case 'EndOfFileExpected': {
        const ended = rootEnd === undefined ? '' : ` (the top-level ${rootKind} ends at ${at(Math.max(0, rootEnd - 1))})`;
        return { path: [], offset, length: Math.max(1, length), message: `unexpected text after the end of the JSON document${ended}` };
      }
    }
    return undefined;
  };

  try {
    visit(text, {
      onObjectBegin: (offset, _length, _line, _character, pathSupplier) => enter('object', offset, pathSupplier()),
      onArrayBegin: (offset, _length, _line, _character, pathSupplier) => enter('array', offset, pathSupplier()),
      onObjectEnd: (offset, length) => leave(offset, length),
      onArrayEnd: (offset, length) => leave(offset, length),
      onObjectProperty: (key, offset, length) => {
        const top = stack[stack.length - 1];
        if (!top) return;
        progress();
        top.key = key;
        top.keyEnd = offset + length;
        top.valueEnd = undefined;
      },
      onLiteralValue: (_value, offset, length) => {
        valueBegins();
        valueEnds(offset + length);
      },
      onSeparator: progress,
      onError: (code, offset, length) => {
        // Several errors at one spot (typically the end of a cut-off file) are one problem: keep the first.
        if (seenOffsets.has(offset)) return;
        seenOffsets.add(offset);
        const name = printParseErrorCode(code);
        if (recovering && (name === 'ValueExpected' || name === 'PropertyNameExpected' || name === 'CommaExpected')) return;
        if (name === 'InvalidSymbol') recovering = true;
        const explained = explain(code, offset, length);
        if (explained) problems.push(explained);
        else if (!(mismatchReported && offset >= text.length)) problems.push(genericProblem(text, code, offset, length, contentEnd));
      },
    }, JSONC_OPTIONS);
  } catch {
    // A visitor bug must not hide the error: fall back to the bare parser report below.
  }
  if (problems.length === 0) problems.push({ path: [], offset: 0, length: 1, message: 'invalid JSON' });
  return problems.sort((a, b) => a.offset - b.offset);
}

/** Errors inside one value (bad symbol, number, string, comment): at the parser's offset, the value's path. */
function genericProblem(text: string, code: ParseErrorCode, offset: number, length: number, contentEnd: number): SyntaxProblem {
  const name = printParseErrorCode(code);
  const base = SYNTAX_MESSAGES[name] ?? 'invalid JSON';
  let message = base;
  if (offset >= contentEnd && name.endsWith('Expected')) message = `unexpected end of file: ${base}`;
  else if (name === 'InvalidSymbol') {
    const token = text.slice(offset, offset + Math.max(1, length));
    if (token.length > 1 && token.length <= 30) message = `unexpected ${JSON.stringify(token)}`;
    else if (token) message = `${base} ${JSON.stringify(token.slice(0, 1))}`;
  }
  return { path: safeLocationPath(text, offset), offset: Math.min(offset, text.length), length: Math.max(1, length), message };
}

function safeLocationPath(text: string, offset: number): JsonPath {
  try {
    return getLocation(text, offset).path.filter((segment) => segment !== '');
  } catch {
    return [];
  }
}
