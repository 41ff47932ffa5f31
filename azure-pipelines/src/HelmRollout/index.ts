import { addKubeconfig, readKubeconfig } from '../common/kube';
import { childEnvironment, CliArgs, locateCli, runStamp } from '../common/stamp';
import { conclude, output, runTask } from '../common/task';

/**
 * HelmRollout@1: `stamp rollout` — helm upgrade --install with watch-based fail-fast, rollback to the last good
 * revision and an optional smoke probe (core's helmRollout). The cluster comes from a Kubernetes service
 * connection or a kubeconfig file (e.g. a secure file downloaded by DownloadSecureFile@1).
 */
runTask('helmRollout', __dirname, async (run) => {
  const i = run.inputs;
  const stamp = i.string('stamp');
  const release = i.string('release', true);
  const namespace = i.string('namespace', true);
  const chart = i.string('chart', true);
  const kubeconfig = readKubeconfig(run);
  const createNamespace = i.bool('createNamespace');
  const chartVersion = i.string('chartVersion');
  const repo = i.string('repo');
  const values = i.lines('values');
  const set = i.lines('set');
  const timeout = i.string('timeout');
  const historyMax = i.integer('historyMax');
  const maxRestarts = i.integer('maxRestarts');
  const rollback = i.bool('rollback');
  const onFirstInstallFailure = i.pick('onFirstInstallFailure');
  const dryRun = i.bool('dryRun');
  const probeUrl = i.string('probeUrl');
  const probeHost = i.string('probeHost');
  const probeStatus = i.integer('probeStatus');
  const probeBody = i.string('probeBody');
  const probeAttempts = i.integer('probeAttempts');
  const probeInterval = i.string('probeInterval');
  const cli = locateCli(i);
  i.throwIfAny();

  const args = new CliArgs('rollout');
  addKubeconfig(run, args, kubeconfig);
  args.option('--release', 'release', release)
    .option('--namespace', 'namespace', namespace)
    .flag('--create-namespace', 'createNamespace', createNamespace)
    .option('--chart', 'chart', chart)
    .option('--chart-version', 'chartVersion', chartVersion)
    .option('--repo', 'repo', repo)
    .repeated('--values', 'values', values)
    .repeated('--set', 'set', set)
    .option('--timeout', 'timeout', timeout)
    .option('--history-max', 'historyMax', historyMax)
    .option('--max-restarts', 'maxRestarts', maxRestarts)
    .flag('--no-rollback', 'rollback', !rollback)
    .option('--on-first-install-failure', 'onFirstInstallFailure', onFirstInstallFailure)
    .flag('--dry-run', 'dryRun', dryRun);
  if (probeUrl !== undefined) {
    args.option('--probe-url', 'probeUrl', probeUrl)
      .option('--probe-host', 'probeHost', probeHost)
      .option('--probe-status', 'probeStatus', probeStatus)
      .option('--probe-body', 'probeBody', probeBody)
      .option('--probe-attempts', 'probeAttempts', probeAttempts)
      .option('--probe-interval', 'probeInterval', probeInterval);
  }
  if (stamp !== undefined) {
    console.log(`helmRollout of ${release} on stamp ${stamp}`);
  }

  const result = await runStamp(cli!, args, childEnvironment());
  const j = result.json ?? {};
  if (dryRun) {
    output('revision', j.wouldBeRevision);
    conclude('helmRollout', result, args, 'the cluster', `dry run: would create revision ${j.wouldBeRevision}; nothing was written`);
    return;
  }
  output('revision', j.revision);
  output('previousGoodRevision', j.previousGoodRevision);
  output('rolledBackToRevision', j.rolledBackToRevision);
  output('rollbackRevision', j.rollbackRevision);
  output('phase', j.phase);
  output('chart', j.chart);
  output('chartVersion', j.chartVersion);
  output('images', j.images);
  conclude('helmRollout', result, args, 'the cluster', String(j.message ?? `${release} revision ${j.revision} rolled out`));
});
