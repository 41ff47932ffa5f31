/**
 * A kubelet + scheduler + controller-manager simulator for one simulated cluster: {@link
 * io.stamprelease.testkit.kubelet.ClusterSimulator}. It only talks to a {@code KubernetesClient}, so it runs against
 * fabric8's CRUD mock server or the front dispatcher in front of it.
 *
 * <h2>What it expects of the API server</h2>
 * <ul>
 *   <li>list, get, create, delete, watch (informers, all namespaces) for pods, events, nodes, services, replicasets,
 *   deployments, statefulsets, daemonsets, jobs, poddisruptionbudgets;</li>
 *   <li>JSON-Patch ({@code application/json-patch+json}) on the main resource (fabric8 {@code edit}) for spec and
 *   metadata changes: RS scale and annotations, {@code pod.spec.nodeName} (no Binding subresource), Node taints,
 *   Service clusterIP, the Deployment's revision annotation;</li>
 *   <li>JSON-Patch on {@code /status} (fabric8 {@code editStatus}) for every status; the simulator never writes
 *   status through the main resource;</li>
 *   <li>{@code metadata.uid}, and {@code metadata.generation} bumped on spec changes ({@code observedGeneration}
 *   copies it).</li>
 * </ul>
 *
 * <h2>Cut watches</h2>
 * fabric8 informers re-watch (and re-list on 410) by themselves. In addition, every {@code settings.tick()} a resync
 * lists everything from the API and re-queues it, garbage-collects orphans, and replaces any informer that stopped.
 * Controllers read fresh from the API before acting, so a missed or replayed event can delay a reaction by at most
 * one tick but never cause a wrong one.
 *
 * <h2>Simplifications</h2>
 * <ul>
 *   <li>pod-template-hash is SHA-256 of the template's canonical JSON rendered in the SafeEncodeString alphabet
 *   (10 chars), not FNV-32a of Go's struct dump; no collisionCount;</li>
 *   <li>available = Ready (minReadySeconds ignored); no revisionHistoryLimit clean-up; pause stops scaling only;</li>
 *   <li>StatefulSets: no ControllerRevision objects, no PVCs; a recreated pod always gets the update revision;</li>
 *   <li>Jobs: no back-off between retries; OnFailure counts a crashed pod as failed (no in-place restart);</li>
 *   <li>a NotReady node's pods get Ready=False at once (no 40 s grace), and are not evicted after 5 minutes;
 *   {@code removeNode} deletes the node's pods at once (pod GC);</li>
 *   <li>init containers, probes and resources are ignored; the behaviour annotation drives the timeline.</li>
 * </ul>
 */
package io.stamprelease.testkit.kubelet;
