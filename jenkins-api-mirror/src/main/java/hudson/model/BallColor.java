package hudson.model;

import java.awt.Color;
import org.jvnet.localizer.Localizable;

/** Named only by the (private) constructor of {@link Result}; its constants are not mirrored. */
public enum BallColor {
  ;

  BallColor(String image, Localizable description, Color baseColor) {
  }
}
