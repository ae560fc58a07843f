package org.openhealthexchange.client;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.openhealthexchange.client.api.CallDocTasksApi;
import org.openhealthexchange.client.api.LinkingApi;
import org.openhealthexchange.client.api.SyncApi;
import org.openhealthexchange.client.model.BackfillRequest;
import org.openhealthexchange.client.model.BackfillResult;
import org.openhealthexchange.client.model.CallDocActiveTasks;
import org.openhealthexchange.client.model.CallDocDaySyncAccepted;
import org.openhealthexchange.client.model.CallDocDaySyncRequest;
import org.openhealthexchange.client.model.CallDocTaskError;
import org.openhealthexchange.client.model.DeviceSyncRequest;
import org.openhealthexchange.client.model.DeviceSyncResult;
import org.openhealthexchange.client.model.ErrorEnvelope;
import org.openhealthexchange.client.model.LinkStatus;
import org.openhealthexchange.client.model.SyncStatus;

/**
 * Calls OHE through the client that openapi-generator made from /q/openapi (compiled with it by
 * ApiClientContractIT; not part of the Maven build). Input: base_url, token, ehr_user_id, provider, calldoc_date. Output: what the
 * typed answers said, for the test to assert.
 */
public final class ContractCalls implements Function<Map<String, String>, Map<String, Object>> {

    @Override
    public Map<String, Object> apply(Map<String, String> in) {
        ApiClient client = new ApiClient();
        client.updateBaseUri(in.get("base_url"));
        client.setRequestInterceptor(r -> r.header("Authorization", "Bearer " + in.get("token")));
        String user = in.get("ehr_user_id");
        String provider = in.get("provider");
        Map<String, Object> out = new LinkedHashMap<>();
        try {
            LinkStatus link = new LinkingApi(client).getLinkStatus(provider, user);
            out.put("link.ehr_user_id", link.getEhrUserId());
            out.put("link.linked", link.getLinked());
            out.put("link.total_links", link.getTotalLinks());
            out.put("link.external_user_id", link.getLinks().get(0).getExternalUserId());
            out.put("link.linked_at", link.getLinks().get(0).getLinkedAt());

            SyncApi sync = new SyncApi(client);
            SyncStatus one = sync.getSyncStatus(user, provider);
            out.put("status.provider", one.getProvider());
            out.put("status.status", one.getStatus().getValue());
            out.put("status.errors", one.getErrors());
            SyncStatus all = sync.getSyncStatus(user, null);
            out.put("status.all.providers", all.getProviders().keySet());
            out.put("status.all.acme", all.getProviders().get(provider).getStatus().getValue());

            DeviceSyncResult devices =
                    sync.triggerDeviceSync(new DeviceSyncRequest().ehrUserId(user).provider(provider));
            out.put("trigger.success", devices.getSuccess());
            out.put("trigger.provider", devices.getProvider());
            out.put("trigger.devices_processed", devices.getDevicesProcessed());
            out.put("trigger.sync_id", devices.getSyncId());
            try {
                sync.triggerDeviceSync(new DeviceSyncRequest().ehrUserId(user));
                out.put("trigger.bad", "no error");
            } catch (ApiException e) {
                out.put("trigger.bad.status", e.getCode());
                ErrorEnvelope error = client.getObjectMapper().readValue(e.getResponseBody(), ErrorEnvelope.class);
                out.put("trigger.bad.error", error.getError());
                out.put("trigger.bad.details", error.getDetails().keySet());
            }
            BackfillResult backfill = sync.requestBackfill(new BackfillRequest()
                    .ehrUserId(user)
                    .provider(provider)
                    .start("2025-01-01")
                    .end("2025-01-02"));
            out.put("backfill.job_ids", backfill.getJobIds());
            out.put("backfill.queued_job_ids", backfill.getQueuedJobIds());
            out.put("backfill.start", backfill.getStart());

            // The CallDoc task API (modules/provider-calldoc): submit a day, see it among the tasks and by its id,
            // and get the seed's error body for a request without a date.
            CallDocTasksApi tasks = new CallDocTasksApi(client);
            CallDocDaySyncAccepted accepted = tasks.submitDaySync(
                    new CallDocDaySyncRequest().date(java.time.LocalDate.parse(in.get("calldoc_date"))));
            out.put("calldoc.task_id", accepted.getTaskId());
            out.put("calldoc.status_url", accepted.getStatusUrl());
            CallDocActiveTasks active = tasks.listActiveSyncTasks();
            out.put("calldoc.active.count", active.getCount());
            out.put(
                    "calldoc.active.ids",
                    active.getTasks().stream().map(t -> t.getTaskId()).toList());
            // The status is a oneOf of the single-patient and the full-day status, with no discriminator on the
            // seed's wire: a client that refuses undocumented properties (the document's schemas are closed) finds
            // exactly one alternative matching; a lenient one finds both (docs/API.md, "Machine-readable contract").
            ApiClient strict = new ApiClient();
            strict.updateBaseUri(in.get("base_url"));
            strict.setObjectMapper(ApiClient.createDefaultObjectMapper()
                    .configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true));
            Object status = new CallDocTasksApi(strict)
                    .getSyncTaskStatus(accepted.getTaskId())
                    .getActualInstance();
            out.put("calldoc.status.type", status.getClass().getSimpleName());
            out.put(
                    "calldoc.status.task_id",
                    ((org.openhealthexchange.client.model.CallDocDayTaskStatus) status).getTaskId());
            org.openhealthexchange.client.model.CallDocPatientSyncAccepted patient =
                    tasks.submitPatientSync(new org.openhealthexchange.client.model.CallDocPatientSyncRequest()
                            .piz(in.get("calldoc_piz"))
                            .date(java.time.LocalDate.parse(in.get("calldoc_date"))));
            out.put("calldoc.patient.task_id", patient.getTaskId());
            out.put("calldoc.patient.piz", patient.getPiz());
            Object patientStatus = new CallDocTasksApi(strict)
                    .getSyncTaskStatus(patient.getTaskId())
                    .getActualInstance();
            out.put("calldoc.patient.status.type", patientStatus.getClass().getSimpleName());
            try {
                tasks.submitDaySync(new CallDocDaySyncRequest());
                out.put("calldoc.bad", "no error");
            } catch (ApiException e) {
                out.put("calldoc.bad.status", e.getCode());
                CallDocTaskError error =
                        client.getObjectMapper().readValue(e.getResponseBody(), CallDocTaskError.class);
                out.put("calldoc.bad.error", error.getError());
            }
        } catch (ApiException e) {
            throw new IllegalStateException("HTTP " + e.getCode() + ": " + e.getResponseBody(), e);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out;
    }
}
