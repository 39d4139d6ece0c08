// ANSI colour escapes (SGR, `ESC [ n ; n m`) in a log line, turned into
// styled segments that both consoles render as spans. Only SGR is read:
// colours 30-37 / 90-97 and backgrounds 40-47 / 100-107 (as eight names plus
// bright), bold, and resets; every other escape sequence is dropped, so no
// control character reaches the page.

export const ANSI_COLOURS = ['black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white'] as const;
export type AnsiColour = (typeof ANSI_COLOURS)[number] | `bright-${(typeof ANSI_COLOURS)[number]}`;

export interface AnsiSegment {
  readonly text: string;
  readonly fg?: AnsiColour | undefined;
  readonly bg?: AnsiColour | undefined;
  readonly bold?: boolean | undefined;
}

// CSI sequences (ESC [ params final), OSC (ESC ] ... BEL or ESC \), lone escapes, other C0 controls but tab.
// eslint-disable-next-line no-control-regex
const ESCAPES = /\u001b\[([0-9;?]*)([@-~])|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b.?|[\u0000-\u0008\u000b-\u001f\u007f]/g;

interface Style {
  fg?: AnsiColour | undefined;
  bg?: AnsiColour | undefined;
  bold?: boolean | undefined;
}

export function ansiSegments(line: string): AnsiSegment[] {
  const segments: AnsiSegment[] = [];
  let style: Style = {};
  let last = 0;
  const push = (text: string) => {
    if (!text) return;
    const previous = segments[segments.length - 1];
    // Escapes that change nothing (or are dropped) do not split the text.
    if (previous && previous.fg === style.fg && previous.bg === style.bg && previous.bold === style.bold) segments[segments.length - 1] = { ...previous, text: previous.text + text };
    else segments.push({ text, ...style });
  };
  for (const match of line.matchAll(ESCAPES)) {
    push(line.slice(last, match.index));
    last = match.index + match[0].length;
    if (match[2] === 'm') style = applySgr(style, match[1] ?? '');
  }
  push(line.slice(last));
  return segments;
}

/** The text of a line without any escape: what search and download-as-text read. */
export function stripAnsi(line: string): string {
  return line.replace(ESCAPES, '');
}

function applySgr(style: Style, params: string): Style {
  let next = { ...style };
  const codes = params === '' ? [0] : params.split(';').map(Number);
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i]!;
    if (code === 0) next = {};
    else if (code === 1) next.bold = true;
    else if (code === 22) next.bold = undefined;
    else if (code >= 30 && code <= 37) next.fg = ANSI_COLOURS[code - 30];
    else if (code >= 90 && code <= 97) next.fg = `bright-${ANSI_COLOURS[code - 90]!}`;
    else if (code === 39) next.fg = undefined;
    else if (code >= 40 && code <= 47) next.bg = ANSI_COLOURS[code - 40];
    else if (code >= 100 && code <= 107) next.bg = `bright-${ANSI_COLOURS[code - 100]!}`;
    else if (code === 49) next.bg = undefined;
    // 256-colour and true-colour forms carry their arguments: skip them.
    else if (code === 38 || code === 48) i += codes[i + 1] === 5 ? 2 : 4;
  }
  return next;
}
