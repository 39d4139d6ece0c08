// Owns the console's one client and its downgrade switch. Flipping the switch
// calls `client.setDowngradeWatch(on)`: every query of the console asked for
// `downgradePolling`, so each moves between streaming and polling in place,
// keeping what it shows (no reload, no blank page). The switch survives a
// reload through localStorage.
import { useState } from 'react';
import type { KubeClient } from '@rxkube/core';
import { createConsoleClient } from './client.ts';

const STORAGE_KEY = 'rxkube.console.downgradeWatch';

function readSwitch(): boolean {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'true';
  } catch {
    return false;
  }
}

export function useConsoleClient(): { client: KubeClient; downgrade: boolean; setDowngrade(on: boolean): void } {
  const [downgrade, setDowngradeState] = useState(readSwitch);
  // Created once, with the switch as it was saved; it lives as long as the page.
  const [client] = useState(() => createConsoleClient(downgrade));

  const setDowngrade = (on: boolean) => {
    if (on === downgrade) return;
    try {
      localStorage.setItem(STORAGE_KEY, String(on));
    } catch {
      // Private mode: the switch just does not survive a reload.
    }
    client.setDowngradeWatch(on);
    setDowngradeState(on);
  };

  return { client, downgrade, setDowngrade };
}
