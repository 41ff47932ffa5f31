package org.jenkinsci.plugins.workflow.actions;

import hudson.model.Action;
import org.jenkinsci.plugins.workflow.graph.FlowNode;

public class TimingAction implements Action {
  public TimingAction() {
  }

  public long getStartTime() {
    throw new UnsupportedOperationException("signature mirror");
  }

  public static long getStartTime(FlowNode flowNode) {
    throw new UnsupportedOperationException("signature mirror");
  }

  @Override
  public String getIconFileName() {
    throw new UnsupportedOperationException("signature mirror");
  }

  @Override
  public String getDisplayName() {
    throw new UnsupportedOperationException("signature mirror");
  }

  @Override
  public String getUrlName() {
    throw new UnsupportedOperationException("signature mirror");
  }
}
