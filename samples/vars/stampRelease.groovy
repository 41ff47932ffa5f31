// Shared library step: stampRelease(plan: 'samples/stamps.yaml')
// Turns a stamps.yaml release plan into stages: per wave its stamps (in parallel batches of maxParallel),
// each on its hub's agent (agentLabel, default hub-<hub>): for a stamp with a cluster:, akseDeploy converges its AKS
// Engine cluster and akseScale sets each pool of cluster.nodes to its count (a failure there leaves the stamp serving) ->
// trafficShift drain -> helmRollout -> trafficShift restore (probed, then baked); then the wave's stampGate before the
// next wave. When maxFailedStamps stamps have failed, later waves are not started (their stages are marked as skipped),
// and traffic stays on the healthy stamps. Files the plan names (cluster files, a local chart) are relative to the plan.
//
// Use from a Jenkinsfile:
//   @Library('stamp-release') _
//   stampRelease plan: 'samples/stamps.yaml',
//       trafficHub: 'public-azure',   // the hub entry of Manage Jenkins -> Stamp Release hubs for public Azure
//       trafficProfile: '/subscriptions/<id>/resourceGroups/global-traffic/providers/Microsoft.Network/trafficManagerProfiles/stamp-release-app',
//       probeUrls: [seattle: 'https://seattle.apps.example.com/healthz']   // optional smoke probe per stamp
// with the provider f5-gtm, give gslb: '<a GSLB entry>' instead (its pool is the default profile).
// Each stamp's kubeconfig is the secret file credential kube-<stamp> (or the stamp's kubeconfigCredentialsId).

def call(Map args = [:]) {
  String planFile = args.plan ?: 'stamps.yaml'
  Map plan
  node(args.controllerLabel ?: 'built-in') {
    checkout scm
    plan = readYaml(file: planFile)
  }
  String planDir = planFile.contains('/') ? planFile.substring(0, planFile.lastIndexOf('/') + 1) : ''
  args = args + [planDir: planDir]
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
            releaseStamp(plan, stampsByName[stampName], traffic, args)
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
        stampGate stamp: wave.stamps.join(','), approvers: wave.gate.approvers.join(','),
            minApprovals: (wave.gate.minApprovals ?: 1) as int, timeout: wave.gate.timeout ?: '24h',
            allowRequester: wave.gate.allowRequester ?: false
      }
    }
  }
  if (failed) {
    error "stamps failed: ${failed.join(', ')}"
  }
}

private void releaseStamp(Map plan, Map stamp, Map traffic, Map args) {
  String hub = stamp.hub ?: stamp.name
  String endpoint = stamp.trafficEndpoint ?: stamp.name
  String provider = traffic.provider ?: 'azure-traffic-manager'
  Map where = provider == 'f5-gtm' ? [provider: provider, gslb: args.gslb] + (args.trafficProfile ? [profile: args.trafficProfile] : [:])
      : [provider: provider, hub: args.trafficHub, profile: args.trafficProfile]
  Map app = plan.app
  Map values = (app.stampValues ?: [:])[stamp.name] ?: [:]
  String probeUrl = (args.probeUrls ?: [:])[stamp.name]
  node(stamp.agentLabel ?: "hub-${hub}") {
    if (stamp.cluster) {
      stage("${stamp.name}: cluster") {
        checkout scm
        convergeCluster(stamp, hub, args.planDir)
      }
    }
    stage("${stamp.name}: drain") {
      trafficShift(where + [drain: endpoint, reason: "${plan.name}: drain ${stamp.name}".toString()])
    }
    stage("${stamp.name}: rollout") {
      checkout scm
      String chart = fileExists("${args.planDir}${app.chart}") ? "${args.planDir}${app.chart}".toString() : app.chart
      Map rollout = [stamp: stamp.name, kubeconfigCredentialsId: stamp.kubeconfigCredentialsId ?: "kube-${stamp.name}".toString(),
          release: app.release, namespace: app.namespace ?: 'default', createNamespace: true, chart: chart,
          values: (app.valuesFiles ?: []).collect { f -> fileExists("${args.planDir}${f}") ? "${args.planDir}${f}".toString() : f },
          set: values.collect { k, v -> "${k}=${v}".toString() }]
      if (probeUrl) {
        rollout.probeUrl = probeUrl
      }
      def r = helmRollout(rollout)
      echo "${stamp.name}: revision ${r.revision} (${r.chart}-${r.chartVersion})"
    }
    stage("${stamp.name}: restore") {
      // probed at weight 1 first when it was disabled, then its weight before the drain; bake before it counts as done
      trafficShift(where + [restore: endpoint, bake: traffic.bake ?: '1m', reason: "${plan.name}: restore ${stamp.name}".toString()])
    }
  }
}

/** akseDeploy of the stamp's generate files, then akseScale of each pool of cluster.nodes, with its kubeconfig credential. */
private void convergeCluster(Map stamp, String hub, String planDir) {
  Map c = stamp.cluster
  if (!c.resourceGroup) {
    error "${stamp.name}: cluster.resourceGroup is required here (the CLI takes the hubs file's stamp.resourceGroup)"
  }
  Map files = [template: "${planDir}${c.template}".toString(), parameters: "${planDir}${c.parameters}".toString()]
  withCredentials([file(credentialsId: stamp.kubeconfigCredentialsId ?: "kube-${stamp.name}".toString(), variable: 'KUBECONFIG_FILE')]) {
    Map deploy = [hub: hub, resourceGroup: c.resourceGroup, kubeconfig: env.KUBECONFIG_FILE] + files
    if (c.apimodel) {
      deploy.apimodel = "${planDir}${c.apimodel}".toString()
    }
    def deployed = akseDeploy(deploy)
    echo "${stamp.name}: deployment ${deployed.deploymentName} ${deployed.result}, ${deployed.readyNodes}/${deployed.expectedNodes} nodes Ready"
    (c.nodes ?: [:]).each { pool, count ->
      def scaled = akseScale([hub: hub, resourceGroup: c.resourceGroup, pool: pool, count: count as int, kubeconfig: env.KUBECONFIG_FILE] + files)
      echo "${stamp.name}: ${scaled.summary}"
    }
  }
}
