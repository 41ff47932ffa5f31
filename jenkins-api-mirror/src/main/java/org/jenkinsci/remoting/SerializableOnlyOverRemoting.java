package org.jenkinsci.remoting;

import java.io.Serializable;

/**
 * What {@link hudson.model.TaskListener} and {@link hudson.FilePath} really extend: serializable only inside a Remoting
 * channel (the real default method {@code getChannelForSerialization()} fails outside one; it is not mirrored).
 */
public interface SerializableOnlyOverRemoting extends Serializable {
}
