import type { Freshness, Phase, StatusNotice, Transport } from '../status/queryStatus.js';

/** What a console's connection panel shows for each open query. */
export interface ConnectionInfo {
  key: string;
  cluster: string | undefined;
  resource: string;
  namespace: string | undefined;
  labelSelector: string | undefined;
  fieldSelector: string | undefined;
  transport: Transport;
  phase: Phase;
  /** How current the data is, and since when (see QueryStatus). */
  freshness: Freshness;
  since: number;
  /** When the query last heard from the server: an event, a bookmark or a poll's answer (the client's clock). */
  lastEventAt: number | undefined;
  /** Why the query is not doing the obvious thing (see QueryStatus.notice). */
  notice: StatusNotice | undefined;
  /** The list query whose connection serves this single-object query; undefined when it has its own. */
  coveredBy: string | undefined;
  resourceVersion: string | undefined;
  reconnects: number;
  events: number;
  subscribers: number;
  startedAt: number;
}
