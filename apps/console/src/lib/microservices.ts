// The MicroService CRD of the calico3 cluster (asm.alauda.io/v1beta3).
import { defineResource, type KubeObject } from '@rxkube/core';

export interface MicroService extends KubeObject {
  metadata?: KubeObject['metadata'] & { creationTimestamp?: string; generation?: number };
  spec?: {
    version?: string;
    deployments?: { name: string }[];
    services?: { name: string; port?: number }[];
  };
  status?: { phase?: string; availableReplicas?: number; observedGeneration?: number };
}

export const MicroServices = defineResource<MicroService>({
  group: 'asm.alauda.io',
  version: 'v1beta3',
  plural: 'microservices',
  kind: 'MicroService',
  namespaced: true,
});
