import { provideBrowserGlobalErrorListeners, provideZonelessChangeDetection, type ApplicationConfig } from '@angular/core';
import { provideRouter, withComponentInputBinding } from '@angular/router';
import { provideKubeClient } from '@rxkube/angular';
import { browserEnvironment } from '@rxkube/core/browser';
import { routes } from './app.routes.js';

export const appConfig: ApplicationConfig = {
  providers: [
    provideZonelessChangeDetection(),
    provideBrowserGlobalErrorListeners(),
    // Route params (:namespace, :name) and query params (?cluster=) become component inputs.
    provideRouter(routes, withComponentInputBinding()),
    // Same origin: the dev server or the static server proxies /api, /apis and /kubernetes.
    // The browser add-ons: hidden tabs sleep, the stream budget follows the protocol, a buffering proxy means polling.
    provideKubeClient({ baseUrl: '', environment: browserEnvironment() }),
  ],
};
