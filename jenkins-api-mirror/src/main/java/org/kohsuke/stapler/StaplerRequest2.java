package org.kohsuke.stapler;

import net.sf.json.JSONObject;

/** Stapler 2050's Jakarta request (not in stapler 1.263, which this build compiles against). */
public interface StaplerRequest2 {
  void bindJSON(Object bean, JSONObject src);
}
