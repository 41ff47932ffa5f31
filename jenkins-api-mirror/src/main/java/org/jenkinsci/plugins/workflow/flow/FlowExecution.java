package org.jenkinsci.plugins.workflow.flow;

/**
 * Named only by the real constructors of {@link org.jenkinsci.plugins.workflow.graph.FlowNode}. Its abstract methods
 * are not mirrored: neither the plugin nor its tests implement a flow execution (the real-API check lists them as
 * OMITTED rows of a type nobody here extends).
 */
public abstract class FlowExecution {
}
