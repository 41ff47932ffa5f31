import yaml = require('js-yaml');
import { kubernetes } from './connections';
import { CliArgs } from './stamp';
import { TaskRun } from './task';

/** Where the cluster's kubeconfig comes from, as read (nothing written yet). */
export interface KubeconfigChoice {
  file?: string;
  contents?: string;
}

/**
 * Reads the kubeconfig as the task's kubeconfigSource input chooses it: a Kubernetes service connection, a file in
 * the workspace, or — akseDeploy only — the one aks-engine generate wrote beside the template (the CLI finds it).
 */
export function readKubeconfig(run: TaskRun): KubeconfigChoice {
  const source = run.inputs.pick('kubeconfigSource');
  if (source === 'serviceConnection') {
    const connection = kubernetes(run.inputs, 'kubernetesServiceConnection', (t) => yaml.load(t), (d) => yaml.dump(d));
    return { contents: connection?.kubeconfig };
  }
  if (source === 'file') {
    return { file: run.inputs.path('kubeconfig', true) };
  }
  return {};
}

/** Adds `--kubeconfig`: a connection's kubeconfig goes to a 0600 file in the run's private directory first. */
export function addKubeconfig(run: TaskRun, args: CliArgs, choice: KubeconfigChoice): void {
  if (choice.contents !== undefined) {
    args.internal('--kubeconfig', run.secretDir().write('kubeconfig', choice.contents), 'kubernetesServiceConnection');
  } else {
    args.option('--kubeconfig', 'kubeconfig', choice.file);
  }
}
