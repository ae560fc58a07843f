package org.openhealthexchange.server.coordination;

import io.quarkus.redis.datasource.RedisDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;
import org.jboss.logging.Logger;
import org.openhealthexchange.server.config.OheConfig;

/** Chooses the coordination backend: Redis when configured (or forced), this process otherwise. */
@ApplicationScoped
public class CoordinationProducer {

    private static final Logger LOG = Logger.getLogger(CoordinationProducer.class);

    @Produces
    @ApplicationScoped
    Coordination coordination(OheConfig config, Instance<RedisDataSource> redis) {
        String backend = config.coordination().backend();
        boolean useRedis =
                switch (backend) {
                    case "redis" -> true;
                    case "in-process" -> false;
                    case "auto" -> config.coordination()
                            .redisUrl()
                            .filter(u -> !u.isBlank())
                            .isPresent();
                    default -> throw new IllegalArgumentException(
                            "ohe.coordination.backend must be redis, in-process or auto, not " + backend);
                };
        LOG.infof("Coordination backend: %s", useRedis ? "redis" : "in-process");
        return useRedis
                ? new RedisCoordination(redis.get(), config.coordination().keyPrefix())
                : new InProcessCoordination(Clock.systemUTC());
    }
}
