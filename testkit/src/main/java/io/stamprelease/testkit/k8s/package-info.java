/**
 * A simulated Kubernetes API server per stamp: {@link io.stamprelease.testkit.k8s.SimulatedCluster} runs fabric8's
 * CRUD mock behind a front dispatcher so that real Helm (client-go) and kubectl work against it, records every
 * request in a {@link io.stamprelease.testkit.k8s.KubeJournal} and injects faults through
 * {@link io.stamprelease.testkit.k8s.KubeFaults}. There are no controllers here: statuses are written by the
 * kubelet/controller simulator.
 */
package io.stamprelease.testkit.k8s;
