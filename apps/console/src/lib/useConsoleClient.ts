// Owns the client and the downgrade switch. Flipping the switch creates a new
// client and disposes the old one once React has moved every component to the
// new one (so no component reads from a disposed client). The switch
// survives a reload through localStorage.
import { useEffect, useState } from 'react';
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

interface ClientState {
  downgrade: boolean;
  client: KubeClient;
  retired?: KubeClient;
}

export function useConsoleClient(): { client: KubeClient; downgrade: boolean; setDowngrade(on: boolean): void } {
  const [state, setState] = useState<ClientState>(() => {
    const downgrade = readSwitch();
    return { downgrade, client: createConsoleClient(downgrade) };
  });

  useEffect(() => {
    // Runs after the commit that handed the new client to every component.
    state.retired?.dispose();
  }, [state.retired]);

  const setDowngrade = (on: boolean) => {
    if (on === state.downgrade) return;
    try {
      localStorage.setItem(STORAGE_KEY, String(on));
    } catch {
      // Private mode: the switch just does not survive a reload.
    }
    setState({ downgrade: on, client: createConsoleClient(on), retired: state.client });
  };

  return { client: state.client, downgrade: state.downgrade, setDowngrade };
}
