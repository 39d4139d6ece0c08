import { DestroyRef, inject, signal, type Signal } from '@angular/core';

/** The current time as a signal, ticking every `intervalMs` until the injection context is destroyed (for ages). */
export function injectNow(intervalMs = 5_000): Signal<number> {
  const now = signal(Date.now());
  const timer = setInterval(() => now.set(Date.now()), intervalMs);
  inject(DestroyRef).onDestroy(() => clearInterval(timer));
  return now.asReadonly();
}
