import { describe, expect, it } from 'vitest';
import { apiOrigin, HTTP1_WATCH_STREAMS, MULTIPLEXED_WATCH_STREAMS, watchStreamsFor } from './protocolBudget.js';

describe('the stream budget of a protocol', () => {
  it('allows 5 streams over HTTP/1.x and 90 over h2 or h3, and nothing is known from an empty protocol', () => {
    expect(watchStreamsFor('http/1.1')).toBe(HTTP1_WATCH_STREAMS);
    expect(watchStreamsFor('http/1.0')).toBe(HTTP1_WATCH_STREAMS);
    expect(watchStreamsFor('h2')).toBe(MULTIPLEXED_WATCH_STREAMS);
    expect(watchStreamsFor('h3')).toBe(MULTIPLEXED_WATCH_STREAMS);
    expect(watchStreamsFor('')).toBeUndefined();
  });

  it('finds the API origin of a relative or absolute baseUrl', () => {
    expect(apiOrigin('', 'https://console.example/app/#/pods')).toBe('https://console.example');
    expect(apiOrigin('/api-gateway', 'https://console.example/app/')).toBe('https://console.example');
    expect(apiOrigin('https://gw.example:8443/api-gateway', 'https://console.example/')).toBe('https://gw.example:8443');
  });
});
