/**
 * What a browser add-on sees of a client. The engine knows no browser: page
 * visibility and tab sleep, the protocol budget, proxy buffering and tab
 * sharing live in add-ons (`@rxkube/core/browser`) that a console passes as
 * `environment`, as TanStack Query's focusManager and onlineManager own one
 * browser signal each and the core only asks them. Each add-on turns its
 * signal into a change of the client's ConnectionEnvironment
 * (connectionPlan.ts); the client then reconciles every query's connection.
 * A Node script passes none, and its bundle holds none of their code.
 */

/**
 * A browser add-on from `@rxkube/core/browser`, for `createKubeClient({ environment })`.
 * Its `attach` takes the engine's AddOnHost (addOnHost.ts), which is not public: the type
 * says `never` so that the host can change without changing the public surface.
 */
export interface ClientAddOn {
  /** Starts the add-on for one client; the function returned stops it (the client's dispose calls it). */
  attach(host: never): () => void;
}
