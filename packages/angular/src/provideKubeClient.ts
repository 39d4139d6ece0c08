/**
 * The client an Angular application reads its queries from, as an injectable.
 * A client passed in belongs to the caller; a client built here from options
 * belongs to the environment injector that provides it and is disposed with it
 * (every watch aborted).
 */
import { DestroyRef, inject, InjectionToken, makeEnvironmentProviders, type EnvironmentProviders } from '@angular/core';
import { createKubeClient, type KubeClient, type KubeClientOptions } from '@rxkube/core';

export const KUBE_CLIENT = new InjectionToken<KubeClient>('KubeClient', {
  providedIn: 'root',
  factory: () => {
    throw new Error('injectKubeClient: no KubeClient here. Add provideKubeClient(...) to the providers of bootstrapApplication (or of the environment injector).');
  },
});

/** `provideKubeClient({ baseUrl: '/api-gateway' })` or `provideKubeClient(existingClient)`. */
export function provideKubeClient(clientOrOptions: KubeClient | KubeClientOptions = {}): EnvironmentProviders {
  if (isKubeClient(clientOrOptions)) return makeEnvironmentProviders([{ provide: KUBE_CLIENT, useValue: clientOrOptions }]);
  return makeEnvironmentProviders([
    {
      provide: KUBE_CLIENT,
      useFactory: () => {
        const client = createKubeClient(clientOrOptions);
        inject(DestroyRef).onDestroy(() => client.dispose());
        return client;
      },
    },
  ]);
}

/** The provided client; call it in an injection context. */
export function injectKubeClient(): KubeClient {
  return inject(KUBE_CLIENT);
}

function isKubeClient(value: KubeClient | KubeClientOptions): value is KubeClient {
  return typeof (value as Partial<KubeClient>).observeResource === 'function';
}
