package dev.hone.server.jobs;

import dev.hone.server.files.FileCatalog;
import dev.hone.server.http.ApiException;
import dev.hone.server.http.Auth;
import dev.hone.server.http.Json;
import dev.hone.server.http.Paging;
import dev.hone.server.http.Paging.ListBody;
import dev.hone.server.http.Paging.Page;
import dev.hone.server.integrations.wandb.WandbConfig;
import dev.hone.server.jobs.JobObject.CheckpointObject;
import dev.hone.server.jobs.JobObject.EventObject;
import dev.hone.server.jobs.JobStateMachine.Event;
import dev.hone.server.models.ModelRegistry;
import dev.hone.server.store.CheckpointDao;
import dev.hone.server.store.Database;
import dev.hone.server.store.EventDao;
import dev.hone.server.store.Ids;
import dev.hone.server.store.JobDao;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /v1/fine_tuning/jobs}: create, list (with the metadata filter), retrieve, cancel, pause,
 * resume, events and checkpoints (reference §2). GETs only read rows; every status change goes through
 * {@link JobStateMachine}.
 */
public final class JobsRoutes implements HttpService {
    private final Database db;
    private final JobStateMachine machine;
    private final ModelRegistry models;
    private final FileCatalog files;
    private final Runnable jobCreated;
    private final WandbConfig wandb;

    /**
     * @param jobCreated called after a job is created (wakes the validation stage)
     * @param wandb      which organizations have a W&amp;B key (jobs with a {@code wandb} integration need one)
     */
    public JobsRoutes(Database db, JobStateMachine machine, ModelRegistry models, FileCatalog files,
                      Runnable jobCreated, WandbConfig wandb) {
        this.db = db;
        this.machine = machine;
        this.models = models;
        this.files = files;
        this.jobCreated = jobCreated;
        this.wandb = wandb;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/", this::create)
                .get("/", this::list)
                .get("/{id}", (req, res) -> Json.send(res, JobObject.of(job(req))))
                .post("/{id}/cancel", (req, res) -> move(req, res, JobStatus.CANCELLED, "Fine-tuning job cancelled"))
                .post("/{id}/pause", (req, res) -> move(req, res, JobStatus.PAUSED, "Fine-tuning job paused"))
                .post("/{id}/resume", (req, res) -> move(req, res, JobStatus.QUEUED,
                        "Fine-tuning job resumed, moving job to queued state"))
                .get("/{id}/events", this::events)
                .get("/{id}/checkpoints", this::checkpoints);
    }

    private void create(ServerRequest req, ServerResponse res) {
        String org = Auth.org(req);
        Job job = JobRequest.parse(Json.readObject(req), org, Ids.next(Ids.JOB), models, files, wandb);
        String validating = "Validating training file: " + job.trainingFile()
                + (job.validationFile() != null ? " and validation file: " + job.validationFile() : "");
        machine.create(job, List.of(Event.info("Created fine-tuning job: " + job.id()), Event.info(validating)));
        jobCreated.run();
        Json.send(res, JobObject.of(job));
    }

    private void list(ServerRequest req, ServerResponse res) {
        String org = Auth.org(req);
        Map<String, String> metadata = metadataFilter(req);
        int limit = Paging.limit(req, 20, 1000);
        String after = Paging.after(req);
        Page<Job> page = Page.of(db.read("list jobs", c -> JobDao.list(c, org, after, limit + 1, metadata)), limit);
        Json.send(res, ListBody.of(page.items().stream().map(JobObject::of).toList(), page.hasMore(),
                JobObject::id));
    }

    /** {@code metadata[k]=v} pairs; {@code metadata=null} means "jobs without metadata" (returned as null). */
    private static Map<String, String> metadataFilter(ServerRequest req) {
        Map<String, String> filter = new LinkedHashMap<>();
        for (String name : req.query().names()) {
            if (name.equals("metadata")) {
                if (req.query().first(name).orElse("").equals("null")) {
                    return null;
                }
                throw ApiException.badRequest("metadata", "invalid_value", "Invalid 'metadata' filter: use"
                        + " metadata[key]=value, or metadata=null for jobs without metadata.");
            }
            if (name.startsWith("metadata[") && name.endsWith("]")) {
                String key = name.substring(9, name.length() - 1);
                if (key.isEmpty() || key.contains("\"") || key.contains("\\")) {
                    throw ApiException.badRequest("metadata", "invalid_value", "Invalid metadata filter key '" + key
                            + "': expected a non-empty key without quotes or backslashes.");
                }
                filter.put(key, req.query().first(name).orElse(""));
            }
        }
        return filter;
    }

    private Job job(ServerRequest req) {
        String id = req.path().pathParameters().get("id");
        return db.read("read job " + id, c -> JobDao.find(c, Auth.org(req), id))
                .orElseThrow(() -> ApiException.notFound("fine_tune_id", "fine_tune_not_found",
                        "Could not find fine tune: " + id));
    }

    private void move(ServerRequest req, ServerResponse res, JobStatus to, String message) {
        Job job = job(req);
        Json.send(res, JobObject.of(machine.transition(job.id(), to, null, Event.info(message))));
    }

    private void events(ServerRequest req, ServerResponse res) {
        Job job = job(req);
        int limit = Paging.limit(req, 20, 1000);
        String after = Paging.after(req);
        Page<JobEvent> page = Page.of(db.read("list events", c -> EventDao.list(c, job.id(), after, limit + 1)),
                limit);
        Json.send(res, ListBody.of(page.items().stream().map(EventObject::of).toList(), page.hasMore(),
                EventObject::id));
    }

    private void checkpoints(ServerRequest req, ServerResponse res) {
        Job job = job(req);
        int limit = Paging.limit(req, 10, 1000);
        String after = Paging.after(req);
        Page<CheckpointDao.Checkpoint> page = Page.of(db.read("list checkpoints",
                c -> CheckpointDao.list(c, job.id(), after, limit + 1)), limit);
        List<CheckpointObject> data = new ArrayList<>(page.items().stream().map(CheckpointObject::of).toList());
        Json.send(res, ListBody.of(data, page.hasMore(), CheckpointObject::id));
    }
}
