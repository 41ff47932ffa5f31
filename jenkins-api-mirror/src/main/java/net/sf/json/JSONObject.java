package net.sf.json;

import java.util.Collection;

/** json-lib's JSONObject as Jenkins ships it (org.kohsuke.stapler:json-lib). */
public final class JSONObject {
  public boolean has(String key) {
    throw new UnsupportedOperationException("signature mirror");
  }

  public Object opt(String key) {
    throw new UnsupportedOperationException("signature mirror");
  }

  public JSONObject element(String key, Collection value) {
    throw new UnsupportedOperationException("signature mirror");
  }
}
