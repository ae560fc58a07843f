package org.openhealthexchange.server.sync;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One sync attempt of a link: the ledger behind {@code /api/base/sync/status/}. */
@Entity
@Table(name = "sync_run")
public class SyncRun extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "job_id")
    public Long jobId;

    @Column(nullable = false)
    public String provider;

    @Column(name = "ehr_user_id", nullable = false)
    public String ehrUserId;

    @Column(name = "link_id", nullable = false)
    public Long linkId;

    @Column(nullable = false)
    public String trigger;

    @Column(name = "window_start", nullable = false)
    public Instant windowStart;

    @Column(name = "window_end", nullable = false)
    public Instant windowEnd;

    @Column(nullable = false)
    public String status;

    @Column(name = "records_fetched", nullable = false)
    public int recordsFetched;

    @Column(name = "records_synced", nullable = false)
    public int recordsSynced;

    @Column(name = "records_failed", nullable = false)
    public int recordsFailed;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, columnDefinition = "jsonb")
    public java.util.List<String> errors = new java.util.ArrayList<>();

    /** Records no sink could represent (a vendor value without a code), counted apart from failures. */
    @Column(name = "records_skipped", nullable = false)
    public int recordsSkipped;

    /** What was skipped and why ({@code <source id>: <reason>}, the first ones). */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, columnDefinition = "jsonb")
    public java.util.List<String> skipped = new java.util.ArrayList<>();

    @Column(name = "started_at", nullable = false)
    public Instant startedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    public static Optional<SyncRun> latest(String ehrUserId, String provider) {
        return find("ehrUserId = ?1 and provider = ?2 order by id desc", ehrUserId, provider)
                .firstResultOptional();
    }
}
