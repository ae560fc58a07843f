package org.openhealthexchange.sandbox.withings;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.openhealthexchange.sandbox.withings.MeasureGroup.Measure;

/** Measure groups recorded through the control endpoint, on top of the generated ones; kept in memory. */
final class RecordedMeasures {

    private final Map<String, List<MeasureGroup>> byUser = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();

    /** Records a group taken at {@code date} that reaches the cloud at {@code now}. */
    MeasureGroup record(String userid, long date, long now, SimulatedDevice device, List<Measure> measures) {
        long grpid = Seeds.id(userid, "recorded", sequence.incrementAndGet(), date);
        MeasureGroup group = new MeasureGroup(grpid, device == null ? 2 : 0, date, now, now, device, List.copyOf(measures));
        byUser.computeIfAbsent(userid, u -> new CopyOnWriteArrayList<>()).add(group);
        return group;
    }

    List<MeasureGroup> of(String userid) {
        return List.copyOf(byUser.getOrDefault(userid, List.of()));
    }

    void clear() {
        byUser.clear();
    }
}
