export type { Phase, Transport, QueryStatus, StatusNotice, StatusNoticeReason } from './queryStatus.js';
export { nextStatus, initialStatus, type StatusEvent } from './nextStatus.js';
