package io.stamprelease.testkit.kubelet;

/** What the reconcile queue holds: one object (or, for the scheduler, one global pass). */
record ResourceKey(Kind kind, String namespace, String name) {

  enum Kind { DEPLOYMENT, REPLICA_SET, STATEFUL_SET, DAEMON_SET, JOB, POD, SERVICE, PDB, NODE, SCHEDULER }

  static final ResourceKey SCHEDULER = new ResourceKey(Kind.SCHEDULER, "", "");

  @Override
  public String toString() {
    return kind + ":" + (namespace.isEmpty() ? "" : namespace + "/") + name;
  }
}
