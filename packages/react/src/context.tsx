/**
 * The client a React tree reads its queries from. The application creates it
 * (and disposes it); the provider only hands it down.
 */
import { createContext, useContext, type ReactNode } from 'react';
import type { KubeClient } from '@rxkube/core';

const KubeClientContext = createContext<KubeClient | null>(null);
KubeClientContext.displayName = 'KubeClientContext';

export interface KubeClientProviderProps {
  client: KubeClient;
  children?: ReactNode;
}

export function KubeClientProvider({ client, children }: KubeClientProviderProps): ReactNode {
  return <KubeClientContext value={client}>{children}</KubeClientContext>;
}

/** The nearest provider's client; throws outside a `<KubeClientProvider>`. */
export function useKubeClient(): KubeClient {
  const client = useContext(KubeClientContext);
  if (!client) throw new Error('useKubeClient: no KubeClient here. Wrap the tree in <KubeClientProvider client={createKubeClient(...)}>.');
  return client;
}
