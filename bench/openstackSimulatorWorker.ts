/*
 * The simulated OpenStack in a worker thread, so that serving it does not take CPU from the crawler being measured.
 * Messages: { type: 'change', round } sets metadata on 1 % of the servers; 'stats'; 'close'.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { generateOpenStackWorld, startOpenStackSimulator } from '@maestro/cloud-simulator';

async function main() {
  const { options, region } = workerData as { options: any; region: string };
  const world = generateOpenStackWorld(options);
  const sim = await startOpenStackSimulator({ world });
  parentPort!.on('message', async (message: { type: string; round?: number }) => {
    if (message.type === 'change') {
      const servers = world.region(region).servers;
      const changed = Math.ceil(servers.length / 100);
      for (let i = 0; i < changed; i++) {
        const server = servers[i * 100];
        server.metadata = { ...server.metadata, bench: `changed-${message.round}` };
      }
      parentPort!.postMessage({ type: 'changed', changed });
    } else if (message.type === 'stats') {
      parentPort!.postMessage({ type: 'stats', requests: sim.stats.serviceRequests, auth: sim.stats.authRequests });
    } else if (message.type === 'close') {
      await sim.close();
      parentPort!.postMessage({ type: 'closed' });
    }
  });
  parentPort!.postMessage({ type: 'ready', authUrl: sim.authUrl });
}

main().catch(error => {
  parentPort!.postMessage({ type: 'error', message: String(error?.stack ?? error) });
});
