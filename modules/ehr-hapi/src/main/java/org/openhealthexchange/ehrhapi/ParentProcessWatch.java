package org.openhealthexchange.ehrhapi;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Ends the server when the process that launched it is gone ({@code --ohe.parent-pid=PID}).
 *
 * <p>The test launcher stops its server from a JVM shutdown hook, which does not run when the test JVM is killed
 * (a cancelled build, a surefire timeout). Without this watch such a server would keep its port and its database
 * forever; with it, it follows its parent within moments.
 */
@Component
class ParentProcessWatch {

    private static final Logger LOG = LoggerFactory.getLogger(ParentProcessWatch.class);

    private final long parentPid;

    ParentProcessWatch(@Value("${ohe.parent-pid:0}") long parentPid) {
        this.parentPid = parentPid;
    }

    @EventListener(ApplicationStartedEvent.class)
    void watch() {
        if (parentPid <= 0) {
            return; // started by hand: runs until stopped
        }
        ProcessHandle.of(parentPid).ifPresentOrElse(parent -> parent.onExit().thenRun(this::exit), this::exit);
    }

    private void exit() {
        LOG.info("Parent process {} is gone: stopping", parentPid);
        System.exit(0); // Spring Boot's shutdown hook closes the context and the connection pool
    }
}
