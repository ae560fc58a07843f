package org.openhealthexchange.server.jobs;

/** The id of the enqueued job and whether this call created it (false: a job with the same dedup key existed). */
public record EnqueueResult(long jobId, boolean created) {}
