package org.jenkinsci.plugins.workflow.graph;

import hudson.model.Actionable;
import java.io.IOException;

public abstract class FlowNode extends Actionable {
  protected FlowNode() {
  }

  public String getId() {
    throw new UnsupportedOperationException("signature mirror");
  }

  public void save() throws IOException {
    throw new UnsupportedOperationException("signature mirror");
  }
}
