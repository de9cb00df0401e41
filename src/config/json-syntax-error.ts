/** V8 quotes this many characters on either side of an unexpected token in a JSON.parse message. */
const EXCERPT_RADIUS = 10;

/**
 * The offset in `text` where JSON.parse failed, read from Node's message: V8 names a position
 * (`… in JSON at position 7`), or for an unexpected token quotes the text around it
 * (`Unexpected token ']', ..."excerpt"... is not valid JSON`).
 */
export function jsonErrorOffset(text: string, message: string): number | undefined {
  const position = / at position (\d+)/.exec(message);
  if (position) return Number(position[1]);
  if (message.startsWith('Unexpected end of JSON input')) return text.length;
  const unexpected = /^Unexpected token '(.)', (\.\.\.)?"([\s\S]*)"(\.\.\.)? is not valid JSON$/.exec(message);
  if (!unexpected) return undefined;
  const [, token, cutBefore, excerpt, cutAfter] = unexpected;
  if (!cutBefore && cutAfter) return excerpt.length - EXCERPT_RADIUS;
  if (cutBefore && !cutAfter) return text.length - excerpt.length + EXCERPT_RADIUS;
  const offsetInExcerpt = cutBefore ? EXCERPT_RADIUS : excerpt.indexOf(token);
  for (let at = text.indexOf(excerpt); at >= 0; at = text.indexOf(excerpt, at + 1)) {
    if (text[at + offsetInExcerpt] === token) return at + offsetInExcerpt;
  }
  return undefined;
}

/** The reason alone, without V8's position or excerpt (those become line, column and a frame). */
export function jsonErrorReason(message: string): string {
  return message.replace(/ in JSON at position \d+.*$/s, '').replace(/, (\.\.\.)?"[\s\S]*"(\.\.\.)? is not valid JSON$/, '');
}

/** 1-based line and column of an offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

/** The line before, the line itself and a caret under the column, as the yaml package prints its errors. */
export function codeFrame(text: string, line: number, column: number): string {
  const lines = text.split(/\r?\n/);
  return [...lines.slice(Math.max(0, line - 2), line), `${' '.repeat(column - 1)}^`].join('\n');
}
