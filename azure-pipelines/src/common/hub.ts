import * as path from 'path';
import { ArmCredentials, azureRm } from './connections';
import { HubsFileWriter } from './hubsfile';
import { CliArgs } from './stamp';
import { TaskRun } from './task';

/** The hub a task works on, as read from its inputs and AzureRM service connection (nothing written yet). */
export interface HubChoice {
  hub?: string;
  credentials?: ArmCredentials;
  caFile?: string;
  apiProfile: string;
}

export function readHub(run: TaskRun): HubChoice {
  const i = run.inputs;
  const hub = i.string('hub', true);
  const credentials = azureRm(i, 'azureSubscription', 'hub', i.pick('identitySystem'));
  const caFile = i.path('caFile');
  return { hub, credentials, caFile: caFile && path.resolve(caFile), apiProfile: i.pick('apiProfile') };
}

/** Writes the run's hubs.yaml (and the secret file it names) and adds `--config FILE --hub NAME`. */
export function addHub(run: TaskRun, args: CliArgs, choice: HubChoice): void {
  const config = new HubsFileWriter(run.secretDir()).hub(choice.hub!, choice.credentials!, choice).write();
  args.internal('--config', config, 'azureSubscription').option('--hub', 'hub', choice.hub);
}
