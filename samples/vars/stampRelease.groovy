// Shared library step: stampRelease(plan: 'samples/stamps.yaml')
// Turns a stamps.yaml release plan into stages: per wave its stamps (in parallel batches of maxParallel),
// each on its hub's agent (agentLabel, default hub-<hub>): trafficShift drain -> helmRollout -> trafficShift
// restore stepwise; then the wave's stampGate before the next wave. When maxFailedStamps stamps have failed,
// later waves are not started (their stages are marked as skipped), and traffic stays on the healthy stamps.
//
// Use from a Jenkinsfile:
//   @Library('stamp-release') _
//   stampRelease plan: 'samples/stamps.yaml'

def call(Map args = [:]) {
  String planFile = args.plan ?: 'stamps.yaml'
  Map plan
  node(args.controllerLabel ?: 'built-in') {
    checkout scm
    plan = readYaml(file: planFile)
  }
  Map stampsByName = plan.stamps.collectEntries { s -> [(s.name): s] }
  Map traffic = plan.traffic ?: [:]
  int maxFailed = (plan.maxFailedStamps ?: 1) as int
  List failed = []

  for (Map wave : plan.waves) {
    if (failed.size() >= maxFailed) {
      stage("wave ${wave.name}") {
        echo "frozen: ${failed.size()} stamp(s) failed (${failed.join(', ')}), maxFailedStamps ${maxFailed}"
      }
      continue
    }
    int maxParallel = (wave.maxParallel ?: 1) as int
    List batches = wave.stamps.collate(maxParallel)
    for (List batch : batches) {
      Map branches = [failFast: false]
      for (String name : batch) {
        String stampName = name
        branches[stampName] = {
          try {
            releaseStamp(plan, stampsByName[stampName], traffic)
          } catch (err) {
            failed << stampName
            echo "${stampName} failed: ${err.message}"
          }
        }
      }
      parallel branches
    }
    if (wave.gate && failed.size() < maxFailed && wave != plan.waves.last()) {
      stage("gate: ${wave.name}") {
        stampGate stamp: wave.stamps.join(','), approvers: wave.gate.approvers,
            minApprovals: (wave.gate.minApprovals ?: 1) as int, timeout: wave.gate.timeout ?: '24h',
            allowRequester: wave.gate.allowRequester ?: false
      }
    }
  }
  if (failed) {
    error "stamps failed: ${failed.join(', ')}"
  }
}

private void releaseStamp(Map plan, Map stamp, Map traffic) {
  String hub = stamp.hub ?: stamp.name
  String endpoint = stamp.trafficEndpoint ?: stamp.name
  String provider = traffic.provider ?: 'azure-traffic-manager'
  Map app = plan.app
  Map values = (app.stampValues ?: [:])[stamp.name] ?: [:]
  node(stamp.agentLabel ?: "hub-${hub}") {
    stage("${stamp.name}: drain") {
      trafficShift provider: provider, profile: traffic.profile, operation: 'drain', stamp: endpoint,
          reason: "${plan.name}: drain ${stamp.name}"
    }
    stage("${stamp.name}: rollout") {
      checkout scm
      helmRollout hub: hub, release: app.release, namespace: app.namespace ?: 'default', createNamespace: true,
          chart: app.chart, chartVersion: app.version, values: app.valuesFiles ?: [],
          set: values.collect { k, v -> "${k}=${v}".toString() }, smokePath: app.smokePath ?: '/healthz'
    }
    stage("${stamp.name}: restore") {
      trafficShift provider: provider, profile: traffic.profile, operation: 'restore', stamp: endpoint,
          steps: (traffic.restoreSteps ?: [10, 50, 100]).join(','), bake: traffic.bake ?: '1m',
          reason: "${plan.name}: restore ${stamp.name}"
    }
  }
}
