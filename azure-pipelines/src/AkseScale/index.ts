import { addHub, readHub } from '../common/hub';
import { addKubeconfig, readKubeconfig } from '../common/kube';
import { childEnvironment, CliArgs, locateCli, runStamp } from '../common/stamp';
import { conclude, output, runTask } from '../common/task';

/**
 * AkseScale@1: `stamp scale` — set an AKS Engine agent pool's node count (core's akseScale: scale-out by an
 * Incremental deployment, scale-in by cordon, Eviction-API drain and VM → NIC → disk → Node deletion).
 */
runTask('akseScale', __dirname, async (run) => {
  const i = run.inputs;
  const hub = readHub(run);
  const resourceGroup = i.string('resourceGroup', true);
  const pool = i.string('pool', true);
  const count = i.integer('count', true);
  const template = i.path('template');
  const parameters = i.path('parameters');
  const drainTimeout = i.string('drainTimeout');
  const maxParallelDrains = i.integer('maxParallelDrains');
  const force = i.bool('force');
  const timeout = i.string('timeout');
  const pollInterval = i.string('pollInterval');
  const kubeconfig = readKubeconfig(run);
  const cli = locateCli(i);
  i.throwIfAny();

  const args = new CliArgs('scale');
  addHub(run, args, hub);
  args.option('--resource-group', 'resourceGroup', resourceGroup)
    .option('--pool', 'pool', pool)
    .option('--count', 'count', count)
    .option('--template', 'template', template)
    .option('--parameters', 'parameters', parameters)
    .option('--drain-timeout', 'drainTimeout', drainTimeout)
    .option('--max-parallel-drains', 'maxParallelDrains', maxParallelDrains)
    .flag('--force', 'force', force)
    .option('--timeout', 'timeout', timeout)
    .option('--poll-interval', 'pollInterval', pollInterval);
  addKubeconfig(run, args, kubeconfig);

  const result = await runStamp(cli!, args, childEnvironment());
  const j = result.json ?? {};
  output('pool', j.pool);
  output('before', j.before);
  output('after', j.after);
  output('added', j.added);
  output('removed', j.removed);
  conclude('akseScale', result, args, `hub ${hub.hub}`, `${j.pool}: ${j.before} -> ${j.after} nodes`);
});
