export { readJsonLines, readJsonLineBatches, DEFAULT_MAX_LINE_LENGTH, type ReadJsonLinesOptions } from './readJsonLines.js';
export { unwrapGatewayEnvelope, gatewayError, type GatewayStatus } from './grpcGateway.js';
