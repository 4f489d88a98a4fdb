package dev.hone.server;

import dev.hone.server.chat.ChatRoutes;
import dev.hone.server.chat.InferenceService;
import dev.hone.server.completions.CompletionsRoutes;
import dev.hone.server.files.FileCatalog;
import dev.hone.server.files.FilesRoutes;
import dev.hone.server.http.Auth;
import dev.hone.server.http.ErrorMapper;
import dev.hone.server.integrations.wandb.WandbConfig;
import dev.hone.server.jobs.JobStateMachine;
import dev.hone.server.jobs.JobsRoutes;
import dev.hone.server.jobs.ValidationStage;
import dev.hone.server.models.ModelRegistry;
import dev.hone.server.models.ModelsRoutes;
import dev.hone.server.runner.JobRunner;
import dev.hone.server.runner.RunnerConfig;
import dev.hone.server.runner.TrainingRun;
import dev.hone.server.store.BlobStore;
import dev.hone.server.store.Database;
import dev.hone.server.store.Housekeeping;
import dev.hone.server.store.SqliteDatabase;
import dev.hone.server.uploads.UploadsRoutes;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;

import java.io.IOException;
import java.nio.file.Files;

/**
 * A running Hone server: storage opened under {@code HONE_HOME}, the {@code /v1} routes mounted on a
 * Helidon SE web server (virtual thread per request), and the background stages started. Closing it stops
 * the listener, then the stages, then the database.
 */
public final class HoneServer implements AutoCloseable {
    private final HoneConfig config;
    private final Services services;
    private final WebServer web;

    private HoneServer(HoneConfig config, Services services, WebServer web) {
        this.config = config;
        this.services = services;
        this.web = web;
    }

    /** Opens storage and starts listening, with the runner configured from the environment. */
    public static HoneServer start(HoneConfig config) {
        return start(config, RunnerConfig.fromEnv(System.getenv()));
    }

    /** Opens storage, starts listening and starts {@code runner.workers()} training workers. */
    public static HoneServer start(HoneConfig config, RunnerConfig runner) {
        try {
            Files.createDirectories(config.home());
        } catch (IOException e) {
            throw new IllegalStateException("Cannot create HONE_HOME " + config.home() + ": " + e.getMessage()
                    + ". Point HONE_HOME or --home at a writable directory.", e);
        }
        Database db = SqliteDatabase.open(config.home().resolve("hone.db"));
        Services s = null;
        try {
            s = Services.create(config, runner, db, BlobStore.open(config.home()));
            Services services = s;
            WebServer web = WebServer.builder()
                    .host(config.host())
                    .port(config.port())
                    .routing(r -> routing(r, services))
                    .build()
                    .start();
            s.validation().start();
            s.housekeeping().start();
            s.runner().start();
            return new HoneServer(config, s, web);
        } catch (RuntimeException e) {
            if (s != null) {
                s.runner().close();
                s.validation().close();
                s.housekeeping().close();
            }
            db.close();
            throw e;
        }
    }

    /** Everything the routes need, built once per server. */
    record Services(Database db, BlobStore blobs, Auth auth, FileCatalog files, ModelRegistry models,
                    JobStateMachine jobs, ValidationStage validation, Housekeeping housekeeping, JobRunner runner,
                    InferenceService inference, WandbConfig wandb) {
        static Services create(HoneConfig config, RunnerConfig runnerConfig, Database db, BlobStore blobs) {
            JobStateMachine jobs = new JobStateMachine(db);
            FileCatalog files = new FileCatalog(db, blobs);
            ModelRegistry models = new ModelRegistry(db, config.modelDirs());
            JobRunner runner = new JobRunner(runnerConfig, new TrainingRun.Services(db, blobs, files, models, jobs,
                    runnerConfig, config.home().resolve("jobs"), config.wandb()));
            return new Services(db, blobs, new Auth(config.apiKeys(), HoneConfig.DEFAULT_ORG), files, models, jobs,
                    new ValidationStage(db, blobs, jobs), new Housekeeping(db, blobs), runner,
                    new InferenceService(models, config.modelCache()), config.wandb());
        }
    }

    /** The production routing: authentication, the error mapper and every {@code /v1} resource. */
    static void routing(HttpRouting.Builder r, Services s) {
        ErrorMapper.install(r);
        r.addFilter(s.auth());
        r.register("/v1/files", new FilesRoutes(s.files()));
        r.register("/v1/uploads", new UploadsRoutes(s.db(), s.blobs(), s.files()));
        r.register("/v1/models", new ModelsRoutes(s.models()));
        r.register("/v1/fine_tuning/jobs", new JobsRoutes(s.db(), s.jobs(), s.models(), s.files(),
                s.validation()::wake, s.wandb()));
        r.register("/v1/chat/completions", new ChatRoutes(s.inference()));
        r.register("/v1/completions", new CompletionsRoutes(s.inference()));
        r.any(ErrorMapper::unknownRoute);
    }

    /** The inference service (its generated-token count shows that a disconnect stopped work). */
    public InferenceService inference() {
        return services.inference();
    }

    /** The port actually listened on (useful with port 0). */
    public int port() {
        return web.port();
    }

    /** The base URL clients use, ending in {@code /v1}. */
    public String url() {
        String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        return "http://" + host + ":" + port() + "/v1";
    }

    @Override
    public void close() {
        web.stop();
        services.runner().close();
        services.validation().close();
        services.housekeeping().close();
        services.db().close();
    }
}
