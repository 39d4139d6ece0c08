import { describe, expect, it } from 'vitest';
import { ansiSegments, stripAnsi } from './ansi.ts';
import { highlight } from './highlight.ts';

describe('ANSI colours in log lines', () => {
  it('turns SGR colours, bold and resets into styled segments', () => {
    expect(ansiSegments('\u001b[32mINFO\u001b[0m GET /x \u001b[1;91mbad\u001b[22m!')).toEqual([
      { text: 'INFO', fg: 'green' },
      { text: ' GET /x ' },
      { text: 'bad', fg: 'bright-red', bold: true },
      { text: '!', fg: 'bright-red', bold: undefined },
    ]);
  });

  it('drops other escapes and control characters, and skips 256-colour arguments', () => {
    expect(ansiSegments('a\u001b[2Kb\u0007c\u001b[38;5;200md')).toEqual([{ text: 'abcd' }]);
    expect(stripAnsi('\u001b[31mred\u001b[0m \u001b]0;title\u0007x')).toBe('red x');
  });

  it('marks every match of a search, across colour boundaries', () => {
    const marked = highlight(ansiSegments('\u001b[32mERR\u001b[0mOR error'), 'error');
    expect(marked.filter((s) => s.mark).map((s) => s.text)).toEqual(['ERR', 'OR', 'error']);
    expect(marked.map((s) => s.text).join('')).toBe('ERROR error');
  });
});
