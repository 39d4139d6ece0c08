export { resourcePath, clusterPath, defaultClusterPrefix, type ClusterPrefix, type ResourceAddress } from './resourcePath.js';
export { queryString, type QueryValue } from './query.js';
export { labelSelector, fieldSelector, type SelectorInput, type LabelSelectorObject } from './selectors.js';
export { validateName, validateNamespace, validateCluster } from './validate.js';
