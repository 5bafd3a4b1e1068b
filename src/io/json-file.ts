import { readFileSync } from 'node:fs';
import { CorruptFileError } from '../errors';

/**
 * Reading the JSON files the suite writes (ledger, audit.json, property stats, certificates): any
 * read or parse failure becomes CorruptFileError naming the file and the line, never a bare
 * SyntaxError. `shape` checks the parsed value and returns a description of what is wrong (or null).
 */
export function readJsonFile<T>(
  file: string,
  kind: string,
  shape: (value: unknown) => string | null,
  parse: (text: string) => unknown = JSON.parse,
): T {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new CorruptFileError(
      kind,
      file,
      1,
      `unreadable (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
    );
  }
  const value = parseText(text, file, kind, parse);
  const wrong = shape(value);
  if (wrong !== null) throw new CorruptFileError(kind, file, 1, wrong);
  return value as T;
}

/** Parses one JSON text; a syntax error names the line it is on (1-based, counted in `text`). */
export function parseText(
  text: string,
  file: string,
  kind: string,
  parse: (text: string) => unknown = JSON.parse,
  firstLine = 1,
): unknown {
  try {
    return parse(text);
  } catch (e) {
    // RangeError: nesting deeper than the parser's stack, also a file this suite never writes.
    if (!(e instanceof SyntaxError || e instanceof RangeError)) throw e;
    const at = syntaxErrorOffset(text);
    const line = firstLine + countNewlines(text, at);
    throw new CorruptFileError(kind, file, line, e.message.length > 200 ? `${e.message.slice(0, 200)}…` : e.message);
  }
}

function countNewlines(text: string, end: number): number {
  let n = 0;
  for (let i = 0; i < end && i < text.length; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

/**
 * Offset of the first JSON syntax error in text (text.length when the text ends too early). V8's
 * messages give a position only for some errors, so the line is found by this small scan instead.
 */
export function syntaxErrorOffset(text: string): number {
  let i = 0;
  const ws = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const fail = (at = i): never => {
    throw at;
  };
  const literal = (word: string): void => {
    for (const c of word) if (text[i++] !== c) fail(i - 1);
  };
  const string = (): void => {
    i++;
    while (i < text.length && text[i] !== '"') {
      const c = text.charCodeAt(i);
      if (c < 0x20) fail();
      if (text[i] === '\\') {
        i++;
        if (text[i] === 'u') {
          for (let k = 1; k <= 4; k++) if (!/[0-9a-fA-F]/.test(text[i + k] ?? '')) fail(i + k);
          i += 4;
        } else if (!'"\\/bfnrt'.includes(text[i] ?? 'x') || i >= text.length) fail();
      }
      i++;
    }
    if (i >= text.length) fail();
    i++;
  };
  const number = (): void => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m || m[0].length === 0) fail();
    i += m![0].length;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        string();
        ws();
        if (text[i] !== ':') fail();
        i++;
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return void i++;
        else fail();
      }
    } else if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (;;) {
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return void i++;
        else fail();
      }
    } else if (c === '"') string();
    else if (c === 't') literal('true');
    else if (c === 'f') literal('false');
    else if (c === 'n') literal('null');
    else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) number();
    else fail();
  };
  try {
    value();
    ws();
    if (i < text.length) fail();
    return text.length;
  } catch (at) {
    // A non-number is a stack overflow on absurd nesting: the error is no later than where the scan got.
    return Math.min(typeof at === 'number' ? at : i, text.length);
  }
}
