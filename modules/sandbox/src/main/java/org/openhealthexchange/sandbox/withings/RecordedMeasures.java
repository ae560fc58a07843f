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
        MeasureGroup group =
                new MeasureGroup(grpid, device == null ? 2 : 0, date, now, now, device, List.copyOf(measures));
        byUser.computeIfAbsent(userid, u -> new CopyOnWriteArrayList<>()).add(group);
        return group;
    }

    /**
     * The user edits a recorded group, as in the Withings app: same grpid and date, new measures, {@code modified}
     * now (what getmeas' {@code lastupdate} filter picks up). Empty when the user recorded no such group.
     */
    java.util.Optional<MeasureGroup> correct(String userid, long grpid, long now, List<Measure> measures) {
        var groups = byUser.getOrDefault(userid, List.of());
        for (int i = 0; i < groups.size(); i++) {
            MeasureGroup old = groups.get(i);
            if (old.grpid() == grpid) {
                MeasureGroup edited = new MeasureGroup(
                        grpid, old.attrib(), old.date(), old.created(), now, old.device(), List.copyOf(measures));
                groups.set(i, edited);
                return java.util.Optional.of(edited);
            }
        }
        return java.util.Optional.empty();
    }

    List<MeasureGroup> of(String userid) {
        return List.copyOf(byUser.getOrDefault(userid, List.of()));
    }

    void clear() {
        byUser.clear();
    }
}
