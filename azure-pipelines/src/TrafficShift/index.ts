import * as path from 'path';
import tl = require('azure-pipelines-task-lib/task');
import { azureRm, generic } from '../common/connections';
import { HubsFileWriter } from '../common/hubsfile';
import { childEnvironment, CliArgs, locateCli, runStamp } from '../common/stamp';
import { conclude, output, runTask } from '../common/task';

/** The CLI's operation flag for each value of the operation input (the Jenkins step's argument names). */
const OPERATIONS: Record<string, string> = { set: '--set', drain: '--drain', restore: '--restore', shiftTo: '--shift-to' };

/**
 * TrafficShift@1: `stamp shift` — change weights, drain, restore or shift traffic toward a stamp on Azure Traffic
 * Manager (public Azure, an AzureRM service connection) or an F5 BIG-IP DNS (a generic service connection), with
 * core's stepwise plans, DNS-aware waits and guardrails.
 */
runTask('trafficShift', __dirname, async (run) => {
  const i = run.inputs;
  const provider = i.pick('provider');
  const azure = provider === 'azure-traffic-manager' ? azureRm(i, 'azureSubscription', 'public') : undefined;
  const bigIp = provider === 'f5-gtm' ? generic(i, 'gslbServiceConnection') : undefined;
  const profile = i.string('profile', true);
  const operation = i.pick('operation');
  const target = OPERATIONS[operation] === undefined ? undefined : i.string(operation, true);
  const raw = i.bool('raw');
  const drainMode = i.pick('drainMode');
  const steps = i.string('steps');
  const partial = i.bool('partial');
  const bake = i.string('bake');
  const maxStep = i.integer('maxStep');
  const wait = i.string('wait');
  const poll = i.string('poll');
  const probeUrl = i.string('probeUrl');
  const dryRun = i.bool('dryRun');
  const reason = i.string('reason') ?? defaultReason(operation, target);
  const caFile = i.path('caFile');
  for (const other of Object.keys(OPERATIONS).filter((o) => o !== operation)) {
    if (i.string(other) !== undefined) {
      i.problem(other, `only used with operation ${other}; this run's operation is ${operation} (give ${operation}: instead)`);
    }
  }
  const cli = locateCli(i);
  i.throwIfAny();

  const connection = azure ? 'azureSubscription' : 'gslbServiceConnection';
  const writer = new HubsFileWriter(run.secretDir());
  const ca = { caFile: caFile && path.resolve(caFile) };
  if (azure) {
    writer.publicAzureRegion(azure, ca);
  } else {
    writer.bigIp(bigIp!, profile!, ca);
  }
  const args = new CliArgs('shift').internal('--config', writer.write(), connection)
    .option('--provider', 'provider', provider)
    .option('--profile', 'profile', profile)
    .option(OPERATIONS[operation], operation, target)
    .flag('--raw', 'raw', raw && operation === 'set')
    .option('--drain-mode', 'drainMode', operation === 'drain' ? drainMode : undefined)
    .option('--steps', 'steps', operation === 'shiftTo' ? steps : undefined)
    .flag('--partial', 'partial', partial && operation === 'shiftTo')
    .option('--bake', 'bake', bake)
    .option('--max-step', 'maxStep', maxStep)
    .option('--wait', 'wait', wait)
    .option('--poll', 'poll', poll)
    .option('--probe-url', 'probeUrl', probeUrl)
    .flag('--dry-run', 'dryRun', dryRun)
    .option('--reason', 'reason', reason);

  // the CLI records $USER as the actor of each change: here, who the run is for
  const actor = tl.getVariable('Build.RequestedForEmail') || tl.getVariable('Build.RequestedFor');
  const result = await runStamp(cli!, args, childEnvironment(actor ? { USER: actor } : {}));
  const j = result.json ?? {};
  const where = azure ? "Traffic Manager's ARM endpoint" : 'the BIG-IP';
  if (dryRun) {
    if (typeof j.table === 'string') {
      console.log(j.table);
    }
    conclude('trafficShift', result, args, where, 'dry run: nothing was written');
    return;
  }
  const r = j.result ?? {};
  output('weights', weights(r.after));
  output('weightsBefore', weights(r.before));
  output('reverted', r.reverted);
  output('stepsTaken', r.stepsTaken);
  output('operation', r.operation);
  conclude('trafficShift', result, args, where, `${r.operation ?? operation}: ${weights(r.after) ?? ''}`);
});

/** `seattle=0,denver=100`: each endpoint's share in percent (0 when disabled), as the set input takes them. */
function weights(endpoints: Record<string, { enabled?: boolean; percent?: number }> | undefined): string | undefined {
  if (!endpoints || typeof endpoints !== 'object') {
    return undefined;
  }
  return Object.entries(endpoints).map(([name, e]) => `${name}=${e.enabled ? e.percent ?? 0 : 0}`).join(',');
}

function defaultReason(operation: string, target: string | undefined): string {
  const project = tl.getVariable('System.TeamProject');
  const definition = tl.getVariable('Build.DefinitionName');
  const number = tl.getVariable('Build.BuildNumber');
  const run = [project && definition ? `${project}/${definition}` : definition, number].filter((p) => p).join(' ');
  return `Azure Pipelines${run ? ' ' + run : ''}: trafficShift ${operation}${target && operation !== 'set' ? ' ' + target : ''}`;
}
