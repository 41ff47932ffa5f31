package hudson.model;

import java.util.SortedMap;

public abstract class Job<JobT extends Job<JobT, RunT>, RunT extends Run<JobT, RunT>> extends Actionable implements Item {
  protected Job(ItemGroup parent, String name) {
  }

  public abstract boolean isBuildable();

  protected abstract SortedMap<Integer, ? extends RunT> _getRuns();

  protected abstract void removeRun(RunT run);
}
