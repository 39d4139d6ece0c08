/**
 * Whether one cluster's queries start with a streaming list. It is the
 * cluster's fact, not a query's: what makes a streaming list untrustworthy (a
 * server that ignores sendInitialEvents, a 1.37 server compressing it for a
 * browser that decodes only the first gzip member) holds for every query
 * there, so the first query to find out turns it off for all of them.
 */
import type { StatusNotice } from '../status/queryStatus.js';

export class StreamingListSupport {
  private notice: StatusNotice | undefined;

  constructor(private readonly wanted: boolean) {}

  get enabled(): boolean {
    return this.wanted && this.notice === undefined;
  }

  /** Why streaming lists were turned off, for the status of the cluster's queries. */
  get fallback(): StatusNotice | undefined {
    return this.notice;
  }

  fallBack(notice: StatusNotice): void {
    this.notice ??= notice;
  }
}
