/**
 * The cache's immer: its own instance, so that freezing stays the hand-out
 * policy's decision (handOut.ts) and an app's own immer settings stay its own.
 * Patches are on: they are the cache's change feed and the body of writes.
 */
import { Immer, enablePatches } from 'immer';

enablePatches();

export const immer = new Immer({ autoFreeze: false });
