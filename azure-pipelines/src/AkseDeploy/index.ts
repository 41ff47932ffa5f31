import { addHub, readHub } from '../common/hub';
import { addKubeconfig, readKubeconfig } from '../common/kube';
import { childEnvironment, CliArgs, locateCli, runStamp } from '../common/stamp';
import { conclude, output, runTask } from '../common/task';

/**
 * AkseDeploy@1: `stamp deploy` — deploy or converge an AKS Engine cluster on a hub (core's akseDeploy). The inputs
 * are the Jenkins step's; the hub and its service principal come from an AzureRM service connection.
 */
runTask('akseDeploy', __dirname, async (run) => {
  const i = run.inputs;
  const hub = readHub(run);
  const resourceGroup = i.string('resourceGroup', true);
  const template = i.path('template', true);
  const parameters = i.path('parameters', true);
  const location = i.string('location');
  const apimodel = i.path('apimodel');
  const deploymentName = i.string('deploymentName');
  const mode = i.pick('mode');
  const timeout = i.string('timeout');
  const whatIf = i.bool('whatIf');
  const pollInterval = i.string('pollInterval');
  const kubeconfig = readKubeconfig(run);
  const cli = locateCli(i);
  i.throwIfAny();

  const args = new CliArgs('deploy');
  addHub(run, args, hub);
  args.option('--resource-group', 'resourceGroup', resourceGroup)
    .option('--template', 'template', template)
    .option('--parameters', 'parameters', parameters)
    .option('--location', 'location', location)
    .option('--apimodel', 'apimodel', apimodel)
    .option('--deployment-name', 'deploymentName', deploymentName)
    .option('--mode', 'mode', mode)
    .option('--timeout', 'timeout', timeout)
    .flag('--what-if', 'whatIf', whatIf)
    .option('--poll-interval', 'pollInterval', pollInterval);
  addKubeconfig(run, args, kubeconfig);

  const result = await runStamp(cli!, args, childEnvironment());
  const j = result.json ?? {};
  output('deploymentName', j.deploymentName);
  output('result', j.result);
  output('readyNodes', j.readyNodes);
  output('expectedNodes', j.expectedNodes);
  output('masterFQDN', j.masterFQDN);
  output('kubernetesVersion', j.kubernetesVersion);
  output('correlationId', j.correlationId);
  const summary = whatIf ? `what-if of ${j.deploymentName}: ${j.preview ?? 'nothing was deployed'}`
    : `deployment ${j.deploymentName} ${j.result}: ${j.readyNodes}/${j.expectedNodes} nodes Ready`;
  conclude('akseDeploy', result, args, `hub ${hub.hub}`, summary);
});
