package org.openhealthexchange.sink.archfixture;

import org.openhealthexchange.server.config.OheConfig;

/** A deliberate violation for ArchitectureTest: a "sink" class that uses the server. Test sources only. */
public class SinkReachingIntoTheServer {

    public String describe(OheConfig config) {
        return String.valueOf(config);
    }
}
