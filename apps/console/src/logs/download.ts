// Saves the kept lines as a file, as `kubectl logs --timestamps` prints them.
import type { LogWindow } from '@rxkube/core';

export function logText(lines: LogWindow): string {
  return lines
    .slice()
    .map((line) => `${line.time} ${line.text}\n`)
    .join('');
}

export function downloadLog(lines: LogWindow, fileName: string): void {
  const url = URL.createObjectURL(new Blob([logText(lines)], { type: 'text/plain' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
