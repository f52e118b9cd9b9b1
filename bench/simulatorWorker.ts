/*
 * The simulated AWS in a worker thread, so that serving it does not take CPU from the crawler being measured
 * (AWS itself does not run inside the backend). Messages: { type: 'change', round } tags 1 % of the instances.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { generateAwsWorld, startAwsSimulator } from '@maestro/cloud-simulator';

async function main() {
  const { options, accountId, region } = workerData as { options: any; accountId: string; region: string };
  const world = generateAwsWorld(options);
  const sim = await startAwsSimulator({ world });
  parentPort!.on('message', async (message: { type: string; round?: number }) => {
    if (message.type === 'change') {
      const instances = world.region(accountId, region).instances;
      const changed = Math.ceil(instances.length / 100);
      for (let i = 0; i < changed; i++) {
        const inst = instances[i * 100];
        inst.Tags = [
          ...(inst.Tags ?? []).filter(t => t.Key !== 'bench'),
          { Key: 'bench', Value: `changed-${message.round}` },
        ];
      }
      parentPort!.postMessage({ type: 'changed', changed });
    } else if (message.type === 'stats') {
      parentPort!.postMessage({ type: 'stats', requests: sim.stats.requests });
    } else if (message.type === 'close') {
      await sim.close();
      parentPort!.postMessage({ type: 'closed' });
    }
  });
  parentPort!.postMessage({ type: 'ready', endpoint: sim.endpoint });
}

main().catch(error => {
  parentPort!.postMessage({ type: 'error', message: String(error?.stack ?? error) });
});
