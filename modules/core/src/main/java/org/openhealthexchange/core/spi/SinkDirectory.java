package org.openhealthexchange.core.spi;

import java.util.List;
import java.util.Optional;

/** The sinks deployed in this server and which of them a provider's records go to ({@code ohe.pipeline.sinks.*}). */
public interface SinkDirectory {

    /** The ids of the sinks configured for {@code provider}, in configuration order. */
    List<String> sinkIds(String provider);

    Optional<Sink> sink(String id);
}
