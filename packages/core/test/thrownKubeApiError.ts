import { expect } from 'vitest';
import { KubeApiError } from '../src/errors/KubeApiError.js';

/** Runs `run`, which must throw a KubeApiError, and returns it so that its Status can be asserted. */
export function thrownKubeApiError(run: () => unknown): KubeApiError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(KubeApiError);
    return error as KubeApiError;
  }
  throw new Error('expected a KubeApiError, but nothing was thrown');
}
