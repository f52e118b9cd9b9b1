/** The simulated OpenStack cloud: a seeded world generator and a Keystone/Nova/Neutron/Cinder/Glance/Octavia server. */

export {
  DEMO_OPENSTACK_ACCOUNT,
  OPENSTACK_AVAILABILITY_ZONES,
  generateOpenStackWorld,
  resolveOpenStackRegionSizes,
} from './world/generateOpenStackWorld';
export { OpenStackWorld, type OpenStackAccount } from './world/OpenStackWorld';
export { CLOUD_ADMIN_PROJECT_ID } from './world/context';
export type {
  OpenStackAccountSpec,
  OpenStackAttachedVolume,
  OpenStackFixedIp,
  OpenStackFlavor,
  OpenStackFloatingIp,
  OpenStackIdRef,
  OpenStackImage,
  OpenStackLink,
  OpenStackListener,
  OpenStackLoadBalancer,
  OpenStackMember,
  OpenStackNetwork,
  OpenStackPool,
  OpenStackPort,
  OpenStackRegion,
  OpenStackRegionSizes,
  OpenStackRouter,
  OpenStackSecurityGroup,
  OpenStackSecurityGroupRule,
  OpenStackServer,
  OpenStackServerAddress,
  OpenStackServerFlavor,
  OpenStackSnapshot,
  OpenStackSubnet,
  OpenStackVolume,
  OpenStackVolumeAttachment,
  OpenStackWorldOptions,
} from './world/types';
export { startOpenStackSimulator } from './server/OpenStackSimulator';
export type {
  OpenStackSimulator,
  OpenStackSimulatorOptions,
  OpenStackSimulatorStats,
} from './server/OpenStackSimulator';
export type { OpenStackFaults } from './server/faults';
export type { OpenStackServiceType } from './server/types';
