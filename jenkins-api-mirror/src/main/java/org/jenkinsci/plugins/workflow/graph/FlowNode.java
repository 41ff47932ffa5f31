package org.jenkinsci.plugins.workflow.graph;

import hudson.model.Actionable;
import java.io.IOException;
import java.util.List;
import org.jenkinsci.plugins.workflow.flow.FlowExecution;

public abstract class FlowNode extends Actionable {
  protected FlowNode(FlowExecution exec, String id, List<FlowNode> parents) {
  }

  protected FlowNode(FlowExecution exec, String id, FlowNode... parents) {
  }

  public String getId() {
    throw new UnsupportedOperationException("signature mirror");
  }

  public void save() throws IOException {
    throw new UnsupportedOperationException("signature mirror");
  }

  @Override
  public final String getSearchUrl() {
    throw new UnsupportedOperationException("signature mirror");
  }

  @Override
  public String getDisplayName() {
    throw new UnsupportedOperationException("signature mirror");
  }

  protected abstract String getTypeDisplayName();
}
